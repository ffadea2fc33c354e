"""Local, faithful fakes of the time-tracking APIs punchclock talks to, built the moto way.

:mod:`punchclock.sandbox.core` is provider-neutral: the ASGI app with admin endpoints, faults,
limits and statistics, routing, request parsing and the socket server. Each provider has a package
beside it (``clockify``, ``clockeye``) with its backend (state and rules), routes (HTTP only), error
dialect and seed data. :func:`create_app` is the registry: it builds a provider's app by name.
"""

from __future__ import annotations

import importlib

from punchclock.sandbox.core.app import SandboxApp
from punchclock.sandbox.core.faults import Faults
from punchclock.sandbox.core.limits import Limits

PROVIDERS = ("clockify", "clockeye")


def _package(provider: str, module: str):
    if provider not in PROVIDERS:
        raise ValueError(f"unknown sandbox provider {provider!r}; choose one of {', '.join(PROVIDERS)}")
    return importlib.import_module(f"punchclock.sandbox.{provider}.{module}")


def create_app(backend=None, *, provider: str = "clockify", **options) -> SandboxApp:
    """A sandbox app for ``provider`` over ``backend`` (a freshly seeded one when None)."""
    return _package(provider, "app").create_app(backend, **options)


def seeded_backend(provider: str = "clockify", **config):
    """A backend of ``provider`` seeded by its generator with ``SeedConfig(**config)``."""
    seed = _package(provider, "seed")
    return seed.seeded_backend(seed.SeedConfig(**config))


__all__ = ["PROVIDERS", "SandboxApp", "create_app", "seeded_backend", "Limits", "Faults"]
