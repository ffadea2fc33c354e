"""A seeded ClockEye sandbox reached over HTTP in process, on a simulated clock (no conftest: a second
``conftest`` module would shadow the one other test packages import)."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from punchclock.sandbox import create_app
from punchclock.sandbox.clockeye.app import ClockEyeApp
from punchclock.sandbox.clockeye.backend import ClockEyeBackend
from punchclock.sandbox.clockeye.seed import SeedConfig, SeedInfo, seeded_backend
from punchclock.sandbox.core.clock import SimulatedClock
from punchclock.sandbox.core.transport import SyncASGITransport

ANCHOR = 1795180800  # 2026-11-20T13:20:00Z: seeded data does not move with the real clock


@dataclass
class Sandbox:
    """A seeded ClockEye app, its backend and clock, and clients as any of its users."""

    backend: ClockEyeBackend
    app: ClockEyeApp
    info: SeedInfo
    clock: SimulatedClock

    def key(self, role: str = "owner") -> str:
        """The API key of the first user with that role."""
        return self.info.key_for(role)

    def user_id(self, role: str = "owner") -> str:
        """The id of the first user with that role."""
        return self.info.user_for(role)

    def client(self, role: str | None = "owner", *, prefix: str = "/v1", auth: str = "bearer",
               headers: dict | None = None) -> httpx.Client:
        """A sync client bound to the app in process, sending ``role``'s key the ``auth`` way."""
        sent = {}
        if role:
            sent = {"Authorization": f"Bearer {self.key(role)}"} if auth == "bearer" else {"X-API-Key": self.key(role)}
        return httpx.Client(transport=SyncASGITransport(self.app), base_url=f"http://sandbox{prefix}",
                            headers={**sent, **(headers or {})})

    def admin(self) -> httpx.Client:
        """A client for the ``/__sandbox__`` admin endpoints."""
        return httpx.Client(transport=SyncASGITransport(self.app), base_url="http://sandbox/__sandbox__")


def make_sandbox(*, options: dict | None = None, **seed) -> Sandbox:
    """A fresh, small, anchored sandbox; ``options`` go to the app (limits, error_style...)."""
    clock = SimulatedClock(ANCHOR + 3600)
    backend = seeded_backend(SeedConfig(**{"entries": 300, "users": 4, "anchor": ANCHOR, **seed}), clock=clock)
    app = create_app(backend, provider="clockeye", clock=clock, **(options or {}))
    return Sandbox(backend, app, backend.seed_info, clock)


def error_of(resp: httpx.Response) -> dict:
    """The nested error object of an answer."""
    return resp.json()["error"]
