"""A seeded ClockEye sandbox in simulated time, and typed clients that reach it over HTTP in process.

The sandbox's limit windows, its timers and the clients' limiter all read one :class:`SimulatedClock`;
sleeping moves it, so a run that must wait a minute for the minute window takes no real time.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from punchclock.providers.clockeye import AsyncClockEye, ClockEye, window_limiter
from punchclock.sandbox.clockeye.app import ClockEyeApp, create_app
from punchclock.sandbox.clockeye.backend import ClockEyeBackend
from punchclock.sandbox.clockeye.seed import SeedConfig, SeedInfo, seeded_backend
from punchclock.sandbox.core.clock import SimulatedClock
from punchclock.sandbox.core.transport import SyncASGITransport

ANCHOR = 1795180800  # 2026-11-20T13:20:00Z
BASE = "http://sandbox/v1"


@dataclass
class Harness:
    """A seeded ClockEye sandbox plus typed clients for any of its users."""

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

    def limiter(self):
        """A limiter with ClockEye's windows, in the harness's simulated time."""
        return window_limiter(clock=self.clock, sleep=self.clock.sleep, async_sleep=self.clock.async_sleep)

    def client(self, role: str = "owner", **settings) -> ClockEye:
        """A sync client as ``role``, in process, pacing in simulated time."""
        settings.setdefault("limiter", self.limiter())
        return ClockEye(self.key(role), base_url=BASE, auth_scheme=settings.pop("auth_scheme", "bearer"),
                        transport=SyncASGITransport(self.app), **settings)

    def aclient(self, role: str = "owner", **settings) -> AsyncClockEye:
        """An async client as ``role``, in process, pacing in simulated time."""
        settings.setdefault("limiter", self.limiter())
        return AsyncClockEye(self.key(role), base_url=BASE, auth_scheme=settings.pop("auth_scheme", "bearer"),
                             transport=httpx.ASGITransport(self.app), **settings)

    def raw(self, role: str = "owner") -> httpx.Client:
        """A plain httpx client as ``role`` (to act as another program sharing the key)."""
        return httpx.Client(transport=SyncASGITransport(self.app), base_url=BASE,
                            headers={"Authorization": f"Bearer {self.key(role)}"})

    def entries_of(self, user_id: str) -> list:
        """The sandbox's own entries of a user, newest first (the evidence listings are checked against)."""
        return sorted((e for e in self.backend.state.entries.values() if e.user_id == user_id),
                      key=lambda e: e.sort_key())


def make_harness(*, error_style: str = "nested", **seed) -> Harness:
    """A fresh sandbox seeded with ``SeedConfig(**seed)`` (anchored, 300 entries by default)."""
    clock = SimulatedClock(ANCHOR)
    backend = seeded_backend(SeedConfig(**{"entries": 300, "anchor": ANCHOR, **seed}), clock=clock)
    return Harness(backend, create_app(backend, error_style=error_style, clock=clock), backend.seed_info, clock)
