"""Request limits a sandbox enforces: per-second rates per key and per workspace, and an hourly budget.

Rates are token buckets (capacity ``burst``, default one second's worth, refilled continuously),
so a client that keeps at or below the rate is never refused and one above it is refused for the
excess. The hourly budget mimics a new free Clockify workspace (30 requests per hour for the
whole workspace): a fixed count per rolling hour window.
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

    @classmethod
    def from_dict(cls, data: dict) -> "Limits":
        """Build limits from the JSON the admin endpoint accepts (snake_case keys)."""
        limits = settings_from_dict(cls, data, "limit")
        for name in ("per_key_rate", "per_workspace_rate", "burst", "retry_after", "hourly_budget"):
            value = getattr(limits, name)
            if value is not None and value < 0:
                raise ValueError(f"{name} must not be negative")
        return limits


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


class HourlyBudget:
    """At most ``limit`` requests in any rolling hour; ``take()`` answers 0 or seconds to wait."""

    def __init__(self, limit: int, window: float = 3600.0, clock=time.monotonic):
        self.limit = limit
        self.window = window
        self.clock = clock
        self.stamps: deque[float] = deque()

    def take(self) -> float:
        """Count one request if the window has room; otherwise return when the oldest one expires."""
        now = self.clock()
        while self.stamps and now - self.stamps[0] >= self.window:
            self.stamps.popleft()
        if len(self.stamps) < self.limit:
            self.stamps.append(now)
            return 0.0
        return self.window - (now - self.stamps[0])


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
        """Return 0 if the request may go ahead, else the seconds after which it would."""
        lim = self.limits
        checks = []
        if lim.per_key_rate:
            checks.append(("key", key, lambda: TokenBucket(lim.per_key_rate, lim.burst, self.clock)))
        if lim.per_workspace_rate and workspace:
            checks.append(("ws", workspace, lambda: TokenBucket(lim.per_workspace_rate, lim.burst, self.clock)))
        if lim.hourly_budget is not None and workspace:
            checks.append(("hour", workspace, lambda: HourlyBudget(lim.hourly_budget, clock=self.clock)))
        for kind, ident, make in checks:
            bucket = self._buckets.get((kind, ident))
            if bucket is None:
                bucket = self._buckets[(kind, ident)] = make()
            wait = bucket.take()
            if wait:
                return wait
        return 0.0
