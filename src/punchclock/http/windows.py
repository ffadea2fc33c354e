"""Pacing under published rolling-window limits (say 100 a minute, 5,000 an hour, 50,000 a day) and
the ``X-RateLimit-*`` headers that report them.

:class:`WindowLimiter` keeps every window proactively: a request waits until each window has room,
counted from the moments requests were actually let through. It also reads each answer's headers:
when ``X-RateLimit-Remaining`` reaches 0 (another process may share the key), everyone waits until
``X-RateLimit-Reset`` (epoch seconds); after a 429 it waits until that Reset, or for ``Retry-After``
when the answer had no Reset. It offers the same pacing surface as
:class:`~punchclock.http.limiter.AdaptiveLimiter`, so :class:`~punchclock.http.client.HttpClient`
takes either.

``clock`` tells the time in epoch seconds (Reset is an epoch) and ``sleep``/``async_sleep`` wait;
pass a simulated clock and sleeps that advance it to run everything in simulated time.
"""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Awaitable, Callable, Iterable, Mapping

from punchclock.http.limiter import RequestBudget
from punchclock.http.refusals import Refusals
from punchclock.http.tally import count_request

MAX_PAUSE = 86400.0  # a Reset further ahead than the longest usual window is a skewed clock: cap the wait


def _number(value: str | None) -> float | None:
    try:
        return None if value is None else float(value)
    except ValueError:
        return None


class WindowLimiter:
    """At most ``limit`` requests in every rolling ``seconds`` of each of ``windows``, plus the server's word."""

    def __init__(self, windows: Iterable[tuple[int, float]], *, clock: Callable[[], float] = time.time,
                 sleep: Callable[[float], None] = time.sleep,
                 async_sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
                 remaining_header: str = "x-ratelimit-remaining", reset_header: str = "x-ratelimit-reset",
                 default_pause: float = 1.0, max_pause: float = MAX_PAUSE):
        self.windows = [RequestBudget(limit, seconds, clock=clock) for limit, seconds in windows]
        if not self.windows:
            raise ValueError("a window limiter needs at least one (limit, seconds) window")
        self.clock = clock
        self.sleep = sleep
        self.async_sleep = async_sleep
        self.remaining_header = remaining_header
        self.reset_header = reset_header
        self.default_pause = default_pause
        self.max_pause = max_pause
        self.refusals = Refusals(clock=clock)
        self._lock = threading.Lock()
        self._paused_until = 0.0
        self._last_reset: float | None = None
        self.sent = 0
        self.limited = 0

    def delay(self) -> float:
        """Seconds until one more request fits every window and any pause the server asked for."""
        with self._lock:
            return self._delay(self.clock())

    def _delay(self, now: float) -> float:
        return max(self._paused_until - now, *(w.seconds_until_free(1) for w in self.windows), 0.0)

    def _claim(self) -> float:
        """Count a request and return 0 if it may go now; otherwise return how long to wait first."""
        with self._lock:
            wait = self._delay(self.clock())
            if wait > 0:
                return wait
            for window in self.windows:
                window.spend()
            self.sent += 1
            count_request()
            return 0.0

    def wait(self) -> None:
        """Block until this thread may send a request (and count it)."""
        while (wait := self._claim()) > 0:
            self.sleep(wait)

    async def wait_async(self) -> None:
        """Wait, without blocking the event loop, until this task may send a request (and count it)."""
        while (wait := self._claim()) > 0:
            await self.async_sleep(wait)

    def observe(self, headers: Mapping[str, str]) -> None:
        """Read an answer's rate-limit headers: with none remaining, pause everyone until Reset."""
        remaining = _number(headers.get(self.remaining_header))
        reset = _number(headers.get(self.reset_header))
        with self._lock:
            self._last_reset = reset
            if remaining is not None and remaining <= 0 and reset is not None:
                self._pause_until(reset)

    def on_success(self) -> None:
        """A clean answer changes nothing: the windows are fixed and the headers were observed."""

    def on_rate_limited(self, retry_after: float | None = None) -> None:
        """A 429: pause everyone until the answer's Reset, else for ``Retry-After``, else a second."""
        with self._lock:
            self.limited += 1
            if self._last_reset is not None and self._last_reset > self.clock():
                self._pause_until(self._last_reset)
            else:
                self._pause_until(self.clock() + (retry_after if retry_after is not None else self.default_pause))

    def _pause_until(self, moment: float) -> None:
        self._paused_until = max(self._paused_until, min(moment, self.clock() + self.max_pause))
