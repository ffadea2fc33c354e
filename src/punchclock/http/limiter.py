"""One adaptive limiter per API key and workspace, shared by every client in the process.

Requests are paced (evenly spaced at the current rate, with a small burst allowance). On a 429
the rate is cut multiplicatively (once per cool-down) and ``Retry-After`` pauses everybody; after
a stretch of clean answers the rate grows additively up to ``max_rate`` (AIMD, as TCP does). A
:class:`RequestBudget` adds a hard cap per rolling window, for free workspaces that get 30
requests per hour: work that would exceed it is refused up front, never sent and refused; and
:class:`~punchclock.http.refusals.Refusals` keeps requests a plan refused from being sent again.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import deque
from typing import Awaitable, Callable

from punchclock.errors import BudgetExceeded
from punchclock.http.refusals import Refusals


class RequestBudget:
    """At most ``limit`` requests in any rolling ``window`` seconds."""

    def __init__(self, limit: int, window: float = 3600.0, clock: Callable[[], float] = time.monotonic):
        if limit < 1:
            raise ValueError("a request budget needs a limit of at least 1")
        self.limit = limit
        self.window = window
        self.clock = clock
        self._sent: deque[float] = deque()

    def _trim(self, now: float) -> None:
        while self._sent and now - self._sent[0] >= self.window:
            self._sent.popleft()

    def remaining(self) -> int:
        """Requests still allowed in the current window."""
        self._trim(self.clock())
        return self.limit - len(self._sent)

    def check(self, needed: int) -> None:
        """Refuse planned work of ``needed`` requests that the budget cannot cover."""
        left = self.remaining()
        if needed > left:
            raise BudgetExceeded(
                f"this needs {needed} requests but the budget allows {left} more of {self.limit} per "
                f"{self.window / 3600:g} h; wait {self.seconds_until_free(needed):.0f} s or narrow the request")

    def seconds_until_free(self, needed: int = 1) -> float:
        """How long until ``needed`` more requests fit."""
        now = self.clock()
        self._trim(now)
        over = len(self._sent) + needed - self.limit
        if over <= 0:
            return 0.0
        if over > len(self._sent):
            return float("inf")
        return self.window - (now - self._sent[over - 1])

    def spend(self) -> None:
        """Count one request, or raise :class:`BudgetExceeded` if none is left."""
        now = self.clock()
        self._trim(now)
        if len(self._sent) >= self.limit:
            raise BudgetExceeded(
                f"the request budget of {self.limit} per {self.window / 3600:g} h is used up; "
                f"the next request fits in {self.seconds_until_free():.0f} s")
        self._sent.append(now)


class AdaptiveLimiter:
    """Paces requests at an adaptive rate (AIMD on 429) with an optional request budget.

    ``clock`` tells the time and ``sleep``/``async_sleep`` wait; pass a simulated clock and sleeps
    that advance it to run the limiter (and every client pacing through it) in simulated time.
    """

    def __init__(self, rate: float = 10.0, *, max_rate: float | None = None, min_rate: float = 0.2,
                 increase: float = 0.5, increase_every: float = 2.0, decrease: float = 0.5,
                 cooldown: float = 1.0, burst: float = 1.0, adaptive: bool = True,
                 budget: RequestBudget | None = None, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep,
                 async_sleep: Callable[[float], Awaitable[None]] = asyncio.sleep):
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = rate
        self.max_rate = max_rate if max_rate is not None else rate * 5
        self.min_rate = min_rate
        self.increase = increase
        self.increase_every = increase_every
        self.decrease = decrease
        self.cooldown = cooldown
        self.burst = burst
        self.adaptive = adaptive
        self.budget = budget
        self.refusals = Refusals(clock=clock)
        self.clock = clock
        self.sleep = sleep
        self.async_sleep = async_sleep
        self._lock = threading.Lock()
        self._next = 0.0
        self._calm_since = clock()
        self._cool_until = 0.0
        self._saturated = False
        self.sent = 0
        self.limited = 0

    def reserve(self) -> float:
        """Claim the next send slot; returns the seconds to wait before sending."""
        with self._lock:
            if self.budget is not None:
                self.budget.spend()
            now = self.clock()
            interval = 1.0 / self.rate
            earliest = now - (self.burst - 1) * interval
            slot = max(self._next, earliest)
            self._saturated = slot > now
            self._next = slot + interval
            self.sent += 1
            return max(0.0, slot - now)

    def wait(self) -> None:
        """Block until this thread may send a request."""
        delay = self.reserve()
        if delay:
            self.sleep(delay)

    async def wait_async(self) -> None:
        """Wait, without blocking the event loop, until this task may send a request."""
        delay = self.reserve()
        if delay:
            await self.async_sleep(delay)

    def on_success(self) -> None:
        """A clean answer: grow the rate additively after a calm stretch spent waiting for slots.

        Only a limiter that holds requests back learns anything from a clean answer: when callers
        send slower than the rate, the rate stays put, so it cannot creep up to ``max_rate``
        unproven and let the next burst run into 429s.
        """
        if not self.adaptive:
            return
        with self._lock:
            now = self.clock()
            if not self._saturated:
                self._calm_since = now
            elif now >= self._cool_until and now - self._calm_since >= self.increase_every:
                self.rate = min(self.max_rate, self.rate + self.increase)
                self._calm_since = now

    def on_rate_limited(self, retry_after: float | None = None) -> None:
        """A 429: cut the rate (once per cool-down) and pause everyone for ``Retry-After``."""
        with self._lock:
            now = self.clock()
            self.limited += 1
            if self.adaptive and now >= self._cool_until:
                self.rate = max(self.min_rate, self.rate * self.decrease)
                self._cool_until = now + self.cooldown
            self._calm_since = now
            pause = retry_after if retry_after is not None else 1.0 / self.rate
            self._next = max(self._next, now + pause)


_registry: dict[tuple[str, str], AdaptiveLimiter] = {}
_registry_lock = threading.Lock()


def shared_limiter(fingerprint: str, workspace: str | None, factory: Callable[[], AdaptiveLimiter]) -> AdaptiveLimiter:
    """The process-wide limiter for one key and workspace, made by ``factory`` on first use."""
    with _registry_lock:
        key = (fingerprint, workspace or "")
        limiter = _registry.get(key)
        if limiter is None:
            limiter = _registry[key] = factory()
        return limiter


def forget_limiters() -> None:
    """Drop every shared limiter (tests and long-running processes switching configuration)."""
    with _registry_lock:
        _registry.clear()
