"""The registry of providers: the one place above the provider packages that knows their names.

Built-in providers are listed here; others plug in as installed packages that declare an entry point
in the ``punchclock.providers`` group (``name = "package.module:ProviderClass"``), the way llm finds
its model plugins. Everything else asks :func:`open_provider` for a
:class:`~punchclock.providers.base.Provider` and never imports a provider's package.
"""

from __future__ import annotations

import importlib
from functools import cache
from importlib.metadata import entry_points

from punchclock.errors import ConfigError
from punchclock.providers.base import Provider

BUILTIN = {
    "clockify": "punchclock.providers.clockify.provider:ClockifyProvider",
    "clockeye": "punchclock.providers.clockeye.provider:ClockEyeProvider",
}


@cache
def _targets() -> dict[str, str]:
    found = {ep.name: ep.value for ep in entry_points(group="punchclock.providers")}
    return {**found, **BUILTIN}


def names() -> list[str]:
    """Every provider name that can be used, built-in ones first."""
    return list(BUILTIN) + sorted(set(_targets()) - set(BUILTIN))


def provider_class(name: str) -> type[Provider]:
    """The provider class registered under ``name``; an unknown name is a :class:`ConfigError`."""
    target = _targets().get((name or "").strip().lower())
    if target is None:
        raise ConfigError(f"unknown provider {name!r}; use one of {', '.join(names())}")
    module, _, attr = target.partition(":")
    return getattr(importlib.import_module(module), attr)


def open_provider(profile: str | None = None, *, provider: str | None = None, transport=None,
                  **settings) -> Provider:
    """A ready provider for a profile (and the environment), with ``settings`` on top.

    ``transport`` is an httpx transport (tests pass the sandbox's); a provider that needs a workspace
    and was given none uses the user's active one.
    """
    from punchclock.config import load_profile

    chosen = load_profile(profile, provider=provider, **settings)
    return provider_class(chosen.provider).from_profile(chosen, transport=transport)


def client(name: str, *args, asynchronous: bool = False, **kwargs):
    """A provider's own typed client (``Clockify``, ``AsyncClockEye``...) for code that wants its whole API."""
    return provider_class(name).client_class(asynchronous)(*args, **kwargs)
