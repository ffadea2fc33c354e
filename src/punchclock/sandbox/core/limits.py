"""Request limits a sandbox enforces: per-second rates per key and per workspace, an hourly budget
per workspace, and rolling windows per key.

Rates are token buckets (capacity ``burst``, default one second's worth, refilled continuously),
so a client that keeps at or below the rate is never refused and one above it is refused for the
excess. The hourly budget mimics a new free Clockify workspace (30 requests per hour for the
whole workspace): a fixed count per rolling hour window. The per-key windows (``per_minute``,
``per_hour``, ``per_day``) are the same rolling windows kept per API key, as ClockEye publishes
them (100, 5,000 and 50,000); a request counts against all of them or, when any is full, none.
:meth:`Limiter.windows` tells how full each is, for the ``X-RateLimit-*`` headers a provider sends.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field

from punchclock.sandbox.core._settings import settings_from_dict


@dataclass
class Limits:
    """What the sandbox allows. ``None`` switches a limit off."""

    per_key_rate: float | None = None
    per_workspace_rate: float | None = None
    burst: float | None = None
    hourly_budget: int | None = None
    retry_after: float | None = None
    per_minute: int | None = None
    per_hour: int | None = None
    per_day: int | None = None

    @classmethod
    def from_dict(cls, data: dict) -> "Limits":
        """Build limits from the JSON the admin endpoint accepts (snake_case keys)."""
        limits = settings_from_dict(cls, data, "limit")
        for name in ("per_key_rate", "per_workspace_rate", "burst", "retry_after", "hourly_budget",
                     "per_minute", "per_hour", "per_day"):
            value = getattr(limits, name)
            if value is not None and value < 0:
                raise ValueError(f"{name} must not be negative")
        for name in ("per_key_rate", "per_workspace_rate", "hourly_budget", "per_minute", "per_hour", "per_day"):
            if getattr(limits, name) == 0:
                raise ValueError(f"{name} must be positive (null switches it off)")
        return limits

    @property
    def key_windows(self) -> tuple[tuple[int, float], ...]:
        """The per-key rolling windows that are on, as ``(limit, seconds)``, shortest first."""
        spans = ((self.per_minute, 60.0), (self.per_hour, 3600.0), (self.per_day, 86400.0))
        return tuple((limit, seconds) for limit, seconds in spans if limit is not None)


class TokenBucket:
    """A continuously refilled token bucket; ``take()`` answers 0 when allowed, else seconds to wait."""

    def __init__(self, rate: float, capacity: float | None = None, clock=time.monotonic):
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = rate
        self.capacity = capacity if capacity is not None else max(1.0, rate)
        self.tokens = self.capacity
        self.clock = clock
        self.stamp = clock()

    def take(self) -> float:
        """Spend one token if there is one; otherwise return how long until there will be."""
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return 0.0
        return (1.0 - self.tokens) / self.rate


@dataclass(frozen=True)
class WindowState:
    """How full one rolling window is: its limit, requests left, when it next frees one, and the
    seconds until a request fits (0 when one fits now). ``reset`` is on the limiter's clock."""

    limit: int
    seconds: float
    remaining: int
    reset: float
    wait: float


class RollingWindow:
    """At most ``limit`` requests in any rolling ``window`` seconds; ``take()`` answers 0 or seconds to wait."""

    def __init__(self, limit: int, window: float = 3600.0, clock=time.monotonic):
        self.limit = limit
        self.window = window
        self.clock = clock
        self.stamps: deque[float] = deque()

    def _expire(self, now: float) -> None:
        while self.stamps and now - self.stamps[0] >= self.window:
            self.stamps.popleft()

    def wait(self) -> float:
        """Seconds until one more request fits (0 when it fits now); counts nothing."""
        now = self.clock()
        self._expire(now)
        if len(self.stamps) < self.limit:
            return 0.0
        if not self.stamps:  # a limit of 0 never frees a request
            return self.window
        return self.window - (now - self.stamps[0])

    def take(self) -> float:
        """Count one request if the window has room; otherwise return when the oldest one expires."""
        wait = self.wait()
        if not wait:
            self.stamps.append(self.clock())
        return wait

    def state(self) -> WindowState:
        """The window's fill; ``reset`` is when its oldest counted request leaves it (now when empty)."""
        wait = self.wait()
        now = self.clock()
        reset = self.stamps[0] + self.window if self.stamps else now
        return WindowState(self.limit, self.window, max(0, self.limit - len(self.stamps)), reset, wait)


@dataclass
class Limiter:
    """Applies :class:`Limits` to requests, keyed by API key and by workspace."""

    limits: Limits = field(default_factory=Limits)
    clock: object = time.monotonic
    _buckets: dict = field(default_factory=dict)

    def configure(self, limits: Limits) -> None:
        """Replace the limits and forget every bucket."""
        self.limits = limits
        self._buckets.clear()

    def reset(self) -> None:
        """Forget what has been counted, keeping the limits."""
        self._buckets.clear()

    def check(self, key: str, workspace: str | None) -> float:
        """Return 0 if the request may go ahead, else the seconds after which it would.

        The per-key rolling windows count a request in all of them or, if any is full, in none."""
        lim = self.limits
        checks = []
        if lim.per_key_rate:
            checks.append(("key", key, lambda: TokenBucket(lim.per_key_rate, lim.burst, self.clock)))
        if lim.per_workspace_rate and workspace:
            checks.append(("ws", workspace, lambda: TokenBucket(lim.per_workspace_rate, lim.burst, self.clock)))
        if lim.hourly_budget is not None and workspace:
            checks.append(("hour", workspace, lambda: RollingWindow(lim.hourly_budget, clock=self.clock)))
        for kind, ident, make in checks:
            bucket = self._buckets.get((kind, ident))
            if bucket is None:
                bucket = self._buckets[(kind, ident)] = make()
            wait = bucket.take()
            if wait:
                return wait
        windows = self._key_windows(key)
        wait = max((w.wait() for w in windows), default=0.0)
        if not wait:
            for window in windows:
                window.take()
        return wait

    def _key_windows(self, key: str) -> list[RollingWindow]:
        found = self._buckets.get(("windows", key))
        if found is None:
            found = self._buckets[("windows", key)] = [
                RollingWindow(limit, seconds, self.clock) for limit, seconds in self.limits.key_windows]
        return found

    def windows(self, key: str | None) -> list[WindowState]:
        """The state of each per-key rolling window for ``key``, shortest first; for ``None`` (a
        caller not yet known) the windows as a fresh key sees them. Empty when none is on."""
        if key is None:
            now = self.clock()
            return [WindowState(limit, seconds, limit, now, 0.0) for limit, seconds in self.limits.key_windows]
        return [w.state() for w in self._key_windows(key)]
