"""The client keeps ClockEye's windows (100 a minute, 5,000 an hour, 50,000 a day) on its own, and
obeys the server's headers when someone else spends the same key. All in simulated time: the
sandbox's windows, its Reset headers and the client's limiter read one clock."""

from __future__ import annotations

import asyncio
from bisect import bisect_left

import pytest

from clockeye_harness import ANCHOR, make_harness
from punchclock.providers.clockeye import LIMITS


def most_in_any_window(stamps: list[float], seconds: float) -> int:
    """The largest number of request times in any half-open window [t, t + seconds)."""
    return max(bisect_left(stamps, t + seconds) - i for i, t in enumerate(stamps))


def assert_within_every_window(stamps: list[float]) -> None:
    for limit, seconds in LIMITS:
        assert most_in_any_window(sorted(stamps), seconds) <= limit, (limit, seconds)


def switch_limits_off(h) -> None:
    """Make the sandbox enforce no window and send no rate-limit headers (through its admin endpoint)."""
    with h.raw() as admin:
        assert admin.post("http://sandbox/__sandbox__/limits", json={}).status_code == 200
        assert "x-ratelimit-remaining" not in admin.get("/users/me").headers
    h.app.stats.reset()


@pytest.mark.parametrize("server_limits", ["on", "off: the client's own windows alone"])
def test_250_calls_wait_for_the_minute_window_and_are_never_refused(server_limits):
    h = make_harness(entries=40)
    if server_limits != "on":
        switch_limits_off(h)
    stamps = []
    with h.client() as client:
        for _ in range(250):
            client.users.me()
            stamps.append(h.clock.now)
    assert h.app.stats.by_status == {"200": 250}  # no 429, no retry
    assert_within_every_window(stamps)
    assert most_in_any_window(stamps, 60.0) == 100  # the window was used to the full
    assert stamps[100] - stamps[0] >= 60.0 and h.clock.now - ANCHOR >= 120.0  # it did wait, twice
    assert client.limiter.sent == 250


def test_async_tasks_sharing_one_client_keep_the_windows_too():
    h = make_harness(entries=40)
    stamps = []

    async def worker(client):
        for _ in range(30):
            await client.users.me()
            stamps.append(h.clock.now)

    async def run():
        async with h.aclient() as client:
            await asyncio.gather(*(worker(client) for _ in range(8)))

    asyncio.run(run())
    assert len(stamps) == 240 and h.app.stats.by_status == {"200": 240}
    assert_within_every_window(stamps)
    assert h.clock.now - ANCHOR >= 120.0


def test_remaining_zero_makes_the_client_wait_until_reset_without_a_429():
    h = make_harness(entries=40)
    with h.raw() as other:  # another program spends 99 of the key's 100 this minute
        for _ in range(99):
            assert other.get("/users/me").status_code == 200
    h.clock.sleep(10)
    with h.client() as client:
        client.users.me()  # the 100th: the answer says Remaining 0, Reset = first request + 60 s
        assert h.clock.now == ANCHOR + 10
        client.users.me()
    assert h.clock.now == ANCHOR + 60  # waited exactly until Reset, not a minute from its own request
    assert h.app.stats.by_status == {"200": 101}


def test_a_429_is_waited_out_until_reset_and_the_call_then_succeeds():
    h = make_harness(entries=40)
    with h.raw() as other:  # another program spends the whole minute
        for _ in range(100):
            other.get("/users/me")
    h.clock.sleep(20)
    with h.client() as client:
        me = client.users.me()
    assert me.id == h.user_id()
    assert h.app.stats.by_status == {"200": 101, "429": 1}
    assert h.clock.now == ANCHOR + 60  # slept to Reset (Retry-After says the same here)
    assert client.limiter.limited == 1


def test_a_full_minute_plus_resets_rounding_is_sat_through_not_refused():
    h = make_harness(entries=40)
    h.clock.sleep(0.5)  # Reset is rounded up to whole seconds: the wait is a little over 60 s
    with h.raw() as other:
        for _ in range(100):
            other.get("/users/me")
    with h.client() as client:
        client.users.me()
    assert h.clock.now == ANCHOR + 61
