"""The window limiter on its own, in simulated time: every window holds, headers pause, 429s wait for Reset."""

from __future__ import annotations

import asyncio
from bisect import bisect_left

import pytest

from punchclock.http.windows import WindowLimiter
from punchclock.sandbox.core.clock import SimulatedClock


def most_in_any_window(stamps: list[float], seconds: float) -> int:
    """The largest number of stamps in any half-open window [t, t + seconds)."""
    return max(bisect_left(stamps, t + seconds) - i for i, t in enumerate(stamps))


WINDOWS = ((3, 1.0), (10, 10.0), (25, 100.0))  # the shape of 100/min, 5000/h, 50000/day, scaled down


def test_every_window_holds_and_each_one_makes_the_limiter_wait():
    clock = SimulatedClock(1_795_180_800.0)
    limiter = WindowLimiter(WINDOWS, clock=clock, sleep=clock.sleep)
    stamps = []
    for _ in range(60):
        limiter.wait()
        stamps.append(clock.now)
    for limit, seconds in WINDOWS:
        assert most_in_any_window(stamps, seconds) == limit  # full use of every window, never more
    assert limiter.sent == 60
    # the day-like window binds: 60 requests need two full 100 s windows plus a third's start
    assert stamps[-1] - stamps[0] >= 200.0


def test_the_async_twin_holds_the_windows_across_concurrent_tasks():
    clock = SimulatedClock(1_795_180_800.0)
    limiter = WindowLimiter(((3, 1.0), (10, 10.0)), clock=clock, async_sleep=clock.async_sleep)
    stamps = []

    async def worker():
        for _ in range(10):
            await limiter.wait_async()
            stamps.append(clock.now)
            await asyncio.sleep(0)

    async def main():
        await asyncio.gather(*(worker() for _ in range(4)))

    asyncio.run(main())
    stamps.sort()
    assert len(stamps) == 40
    assert most_in_any_window(stamps, 1.0) <= 3 and most_in_any_window(stamps, 10.0) <= 10


def test_no_requests_remaining_pauses_until_reset_and_a_429_waits_for_reset_else_retry_after():
    clock = SimulatedClock(1_795_180_800.0)
    limiter = WindowLimiter(((100, 60.0),), clock=clock, sleep=clock.sleep)
    limiter.observe({"X-RateLimit-Remaining": "5", "X-RateLimit-Reset": str(int(clock.now) + 40)})
    assert limiter.delay() == 0  # requests remain: no pause
    limiter.observe({"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(int(clock.now) + 40)})
    assert limiter.delay() == pytest.approx(40.0)
    limiter.wait()
    assert clock.now == pytest.approx(1_795_180_840.0)

    limiter.observe({"x-ratelimit-remaining": "3", "x-ratelimit-reset": str(int(clock.now) + 25)})
    limiter.on_rate_limited(retry_after=7.0)  # the answer's Reset wins over Retry-After
    assert limiter.delay() == pytest.approx(25.0)
    clock.sleep(25.0)
    limiter.observe({})
    limiter.on_rate_limited(retry_after=7.0)  # no Reset on the answer: Retry-After
    assert limiter.delay() == pytest.approx(7.0)
    assert limiter.limited == 2


def test_a_reset_far_in_the_future_is_capped_and_garbage_headers_are_ignored():
    clock = SimulatedClock(1_795_180_800.0)
    limiter = WindowLimiter(((100, 60.0),), clock=clock, max_pause=3600.0)
    limiter.observe({"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(int(clock.now) + 10**9)})
    assert limiter.delay() == pytest.approx(3600.0)
    other = WindowLimiter(((100, 60.0),), clock=clock)
    other.observe({"x-ratelimit-remaining": "none", "x-ratelimit-reset": "soon"})
    assert other.delay() == 0


def test_a_limiter_needs_a_window():
    with pytest.raises(ValueError, match="at least one"):
        WindowLimiter(())
