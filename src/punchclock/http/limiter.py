"""One adaptive limiter per API key and workspace, shared by every client in the process.

Requests are paced (evenly spaced at the current rate, with a small burst allowance). The rate
finds an unknown server limit the way TCP finds a link's capacity:

- slow start: while no 429 has come, the rate doubles after every few clean answers the limiter
  held back (a caller slower than the rate proves nothing about a higher one);
- on a 429 the rate is cut once per round trip (only a 429 to a request sent after the last cut
  cuts again): halved on the first, later to the lower of ``decrease`` times the rate and the
  rate the server actually let through since that run of 429s began (just under the limit);
- after that it grows by ``growth`` after every ``grow_every`` clean, held-back answers (AIMD).

``Retry-After`` pauses everybody, apart from the pacing; a pause longer than a caller's
``max_wait`` is refused at once (:meth:`AdaptiveLimiter.delay` tells it) instead of blocking. A
:class:`RequestBudget` adds a hard cap per rolling window, for free workspaces that get 30
requests per hour: work that would exceed it is refused up front, never sent and refused; and
:class:`~punchclock.http.refusals.Refusals` keeps requests a plan refused from being sent again.
"""

from __future__ import annotations

import asyncio
import contextvars
import math
import threading
import time
from collections import deque
from typing import Awaitable, Callable

from punchclock.errors import BudgetExceeded
from punchclock.http.errors import format_wait
from punchclock.http.refusals import Refusals
from punchclock.http.tally import count_request

# When the current thread's (or task's) last request was let through: a 429 tells the limiter
# whether it answers a request sent before or after the last cut.
_sent_at: contextvars.ContextVar[float | None] = contextvars.ContextVar("punchclock_sent_at", default=None)


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

    def describe(self) -> str:
        """The budget in words: ``30 per 1 h``."""
        return f"{self.limit} per {format_wait(self.window)}"

    def remaining(self) -> int:
        """Requests still allowed in the current window."""
        self._trim(self.clock())
        return self.limit - len(self._sent)

    def check(self, needed: int, what: str = "this") -> None:
        """Refuse, before anything is sent, planned work of ``needed`` requests the budget cannot cover
        now; the error says how long the work would take within the budget."""
        left = self.remaining()
        if needed > left:
            raise BudgetExceeded(
                f"{what} needs {needed} requests but the budget allows {left} more of {self.describe()}; "
                f"within the budget it would take {format_wait(self.seconds_to_send(needed))}: "
                f"narrow the request or raise the budget")

    def seconds_until_free(self, needed: int = 1) -> float:
        """How long until ``needed`` more requests fit at once (infinite beyond the limit)."""
        now = self.clock()
        self._trim(now)
        over = len(self._sent) + needed - self.limit
        if over <= 0:
            return 0.0
        if over > len(self._sent):
            return float("inf")
        return self.window - (now - self._sent[over - 1])

    def seconds_to_send(self, needed: int) -> float:
        """How long sending ``needed`` requests takes if each goes as soon as the budget allows."""
        now = self.clock()
        self._trim(now)
        times = list(self._sent)
        for _ in range(needed):
            earliest = now if len(times) < self.limit else times[len(times) - self.limit] + self.window
            times.append(max(now, earliest))
        return (times[-1] - now) if needed else 0.0

    def history(self) -> list[float]:
        """When the requests still in the window were sent (on the budget's clock), oldest first."""
        self._trim(self.clock())
        return list(self._sent)

    def restore(self, sent: list[float]) -> None:
        """Count requests sent earlier (by another run, say) at these moments of the budget's clock."""
        self._sent = deque(sorted([*self._sent, *sent]))
        self._trim(self.clock())

    def spend(self) -> None:
        """Count one request, or raise :class:`BudgetExceeded` if none is left."""
        now = self.clock()
        self._trim(now)
        if len(self._sent) >= self.limit:
            raise BudgetExceeded(
                f"the request budget of {self.describe()} is used up; "
                f"the next request fits in {format_wait(self.seconds_until_free())}")
        self._sent.append(now)


class AdaptiveLimiter:
    """Paces requests at a rate that finds the server's limit (slow start, then AIMD), with an
    optional request budget.

    ``clock`` tells the time and ``sleep``/``async_sleep`` wait; pass a simulated clock and sleeps
    that advance it to run the limiter (and every client pacing through it) in simulated time.
    """

    def __init__(self, rate: float = 10.0, *, max_rate: float | None = None, min_rate: float = 0.2,
                 slow_start: bool = True, slow_start_every: int = 4, growth: float = 0.01, grow_every: int = 10,
                 decrease: float = 0.9, margin: float = 0.97, burst: float = 1.0, adaptive: bool = True,
                 budget: RequestBudget | None = None, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep,
                 async_sleep: Callable[[float], Awaitable[None]] = asyncio.sleep):
        if not (rate > 0 and math.isfinite(rate)):
            raise ValueError("rate must be a positive number")
        self.rate = rate
        self.max_rate = max_rate if max_rate is not None else rate * 5
        self.min_rate = min_rate
        self.slow_start = slow_start
        self.slow_start_every = slow_start_every
        self.growth = growth
        self.grow_every = grow_every
        self.decrease = decrease
        self.margin = margin
        self.burst = burst
        self.adaptive = adaptive
        self.budget = budget
        self.refusals = Refusals(clock=clock)
        self.clock = clock
        self.sleep = sleep
        self.async_sleep = async_sleep
        self._lock = threading.Lock()
        self._next = 0.0
        self._paused_until = 0.0
        self._saturated = False
        self._clean = 0                   # clean held-back answers since the rate last changed
        self._last_cut = float("-inf")
        self._run_start: float | None = None  # when the current run of 429s began
        self._run_ok = 0                  # clean answers since then
        self.sent = 0
        self.limited = 0

    def delay(self) -> float:
        """Seconds until one more request could be sent (a server's pause included); claims nothing."""
        with self._lock:
            now = self.clock()
            interval = 1.0 / self.rate
            return max(0.0, self._paused_until - now, self._next - (self.burst - 1) * interval - now)

    def reserve(self) -> float:
        """Claim the next send slot (and a unit of budget); returns the seconds to wait before sending."""
        with self._lock:
            if self.budget is not None:
                self.budget.spend()
            now = self.clock()
            interval = 1.0 / self.rate
            earliest = now - (self.burst - 1) * interval
            slot = max(self._next, earliest, self._paused_until)
            self._saturated = slot > now
            self._next = slot + interval
            self.sent += 1
            count_request()
            _sent_at.set(slot)
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
        """A clean answer: grow the rate after enough clean answers the limiter held back.

        Only a limiter that holds requests back learns anything from a clean answer: when callers
        send slower than the rate, the rate stays put, so it cannot creep up to ``max_rate``
        unproven and let the next burst run into 429s.
        """
        if not self.adaptive:
            return
        with self._lock:
            self._run_ok += 1
            if not self._saturated:
                self._clean = 0
                return
            self._clean += 1
            if self.slow_start and self._clean >= self.slow_start_every:
                self._set_rate(self.rate * 2)
            elif not self.slow_start and self._clean >= self.grow_every:
                self._set_rate(self.rate * (1 + self.growth))

    def _set_rate(self, rate: float) -> None:
        """A growth step: the new rate starts a new stretch (a later 429 starts a new run)."""
        self.rate = min(self.max_rate, max(self.min_rate, rate))
        self._clean = 0
        self._run_start = None

    def on_rate_limited(self, retry_after: float | None = None) -> None:
        """A 429: cut the rate (once per round trip) and pause everyone for ``Retry-After``."""
        with self._lock:
            now = self.clock()
            self.limited += 1
            self._clean = 0
            sent = _sent_at.get()
            if self.adaptive and (sent is None or sent >= self._last_cut):
                self._cut(now)
            self.burst = 1.0  # the server has shown a limit: no more requests at once beyond the pace
            pause = retry_after if retry_after is not None else 1.0 / self.rate
            self._paused_until = max(self._paused_until, now + pause)

    def _cut(self, now: float) -> None:
        if self.slow_start:
            target = self.rate / 2
            self.slow_start = False
        else:
            target = self.rate * self.decrease
            if self._run_start is not None and self._run_ok and now > self._run_start:
                target = min(target, self._run_ok / (now - self._run_start) * self.margin)
        if self._run_start is None:
            self._run_start, self._run_ok = now, 0
        self.rate = min(self.max_rate, max(self.min_rate, target))
        self._clean = 0
        self._last_cut = now


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
