"""The ClockEye sandbox's ASGI app: ClockEye's prefixes, auth, error style and rate-limit headers on
the provider-neutral :class:`~punchclock.sandbox.core.app.SandboxApp`.

Paths served: ``/v1/...`` (the documented base), ``/api/v1/...`` and ``/api/...`` (the other
documented prefixes), and the core's ``/__sandbox__/...`` admin endpoints plus
``GET|POST /__sandbox__/options`` (``{"error_style": "nested"|"flat"}``).
"""

from __future__ import annotations

import math
import time
from typing import Callable

import httpx

from punchclock.sandbox.clockeye import errors, routes
from punchclock.sandbox.clockeye.backend import Caller, ClockEyeBackend
from punchclock.sandbox.clockeye.routing import Ctx
from punchclock.sandbox.core.app import SandboxApp
from punchclock.sandbox.core.faults import Faults
from punchclock.sandbox.core.http import Body, Query, Reply
from punchclock.sandbox.core.limits import Limits

#: ClockEye's published limits per API key.
DEFAULT_LIMITS = Limits(per_minute=100, per_hour=5000, per_day=50000)


class ClockEyeApp(SandboxApp):
    """A ClockEye-compatible ASGI application over a :class:`ClockEyeBackend`.

    ``limits`` default to ClockEye's (100 a minute, 5,000 an hour, 50,000 a day per key);
    ``clock`` (epoch seconds) drives the limit windows and the ``X-RateLimit-Reset`` they report.
    """

    prefixes = (("/api/v1", "api", "key"), ("/api", "api", "key"), ("/v1", "api", "key"))

    def __init__(self, backend: ClockEyeBackend, *, limits: Limits | None = None, faults: Faults | None = None,
                 error_style: str = "nested", clock: Callable[[], float] = time.time,
                 webhook_transport: httpx.AsyncBaseTransport | None = None):
        self.dialect = errors.ClockEyeDialect(error_style)
        super().__init__(backend, routes.ALL, limits=limits or DEFAULT_LIMITS, faults=faults)
        self.limiter.clock = clock
        self.webhook_transport = webhook_transport

    def take_outbox(self) -> list:
        """Webhook deliveries the last request caused (see :mod:`.webhooks`)."""
        return self.backend.webhooks.take()

    async def deliver(self, pending) -> None:
        """POST each event, signed with its receiver's secret."""
        await self.backend.webhooks.deliver(pending, self.webhook_transport)

    def authenticate(self, headers: dict[str, str], style: str) -> Caller:
        """``Authorization: Bearer <key>`` or, when there is no Authorization header, ``X-API-Key``."""
        authorization = headers.get("authorization")
        if authorization is not None:
            scheme, _, token = authorization.strip().partition(" ")
            if scheme.lower() != "bearer":
                raise errors.wrong_scheme(scheme)
            key = token.strip()
        else:
            key = headers.get("x-api-key", "").strip()
        if not key:
            raise errors.missing_key()
        return self.backend.authenticate(key)

    def context(self, caller: Caller, headers: dict[str, str], style: str, params: dict, query: Query,
                body: Body) -> Ctx:
        """The handler's :class:`Ctx`."""
        return Ctx(self.backend, caller, params, query, body)

    def finish(self, reply: Reply, caller: Caller | None) -> Reply:
        """``X-RateLimit-Limit/Remaining/Reset`` for the window with the fewest requests left (a
        caller not known yet sees a fresh key's windows); ``Retry-After`` on a 429."""
        windows = self.limiter.windows(caller.key if caller else None)
        if not windows:
            return reply
        tightest = min(windows, key=lambda w: (w.remaining, w.seconds))
        reply.headers.update({"X-RateLimit-Limit": str(tightest.limit),
                              "X-RateLimit-Remaining": str(tightest.remaining),
                              "X-RateLimit-Reset": str(math.ceil(tightest.reset))})
        if reply.status == 429 and "Retry-After" not in reply.headers:
            reply.headers["Retry-After"] = str(max(1, math.ceil(max(w.wait for w in windows))))
        return reply

    def admin(self, method: str, name: str, body: Body) -> Reply | None:
        """``GET|POST /__sandbox__/options``: read or set ``error_style``; ``GET|POST /__sandbox__/webhooks``:
        list or register a webhook receiver ``{"url", "secret"}`` (a sandbox choice: ClockEye documents none)."""
        if name == "webhooks" and method in ("GET", "POST"):
            hooks = self.backend.webhooks
            if method == "POST":
                data = body.object(required=False)
                return Reply(hooks.add(data.get("url"), data.get("secret")), 201)
            return Reply({"webhooks": [hooks.public(i) for i in range(len(hooks.receivers))]})
        if name != "options" or method not in ("GET", "POST"):
            return None
        if method == "POST":
            data = body.object(required=False)
            unknown = set(data) - {"error_style"}
            if unknown:
                raise ValueError(f"unknown options: {', '.join(sorted(unknown))}")
            if "error_style" in data:
                self.dialect.style = errors.check_style(data["error_style"])
        return Reply({"error_style": self.dialect.style})

    def info(self) -> dict:
        """Users (ids, names, roles) and how much data the sandbox holds; keys are not included."""
        state = self.backend.state
        return {"users": [{"id": u["id"], "name": u["name"], "role": u["role"]} for u in state.users.values()],
                "projects": len(state.projects), "entries": len(state.entries),
                "screenshots": len(state.screenshots)}


def create_app(backend: ClockEyeBackend | None = None, **options) -> ClockEyeApp:
    """A ClockEye sandbox app; without a backend, one seeded with the default generator."""
    if backend is None:
        from punchclock.sandbox.clockeye.seed import SeedConfig, seeded_backend

        backend = seeded_backend(SeedConfig())
    return ClockEyeApp(backend, **options)
