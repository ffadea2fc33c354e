"""The client is careful with every request: it pages exactly, holds a rate, finds an unknown limit,
respects a budget, never blocks for a pause longer than it waits, and gives up quickly on a dead port.

Everything runs over HTTP against the sandbox in process, on a simulated clock shared by the
sandbox's limits and the client's limiter (no real sleeps, no elapsed-time asserts); the
sandbox's own statistics and state are the evidence. Faults: ``test_faults_client.py``.
"""

from __future__ import annotations

import asyncio
import logging
import random
import socket
from datetime import UTC, datetime

import httpx
import pytest
from conftest import make_harness

from punchclock.errors import BudgetExceeded, InvalidInput, RateLimited, ServerError, TransportError
from punchclock.http import AdaptiveLimiter, RequestBudget, RetryPolicy
from punchclock.providers.clockify.client import AsyncClockify, Clockify
from punchclock.sandbox.core.clock import SimulatedClock
from punchclock.sandbox.core.transport import SyncASGITransport

API = "http://sandbox/api/v1"
ENTRIES_ROUTE = "GET /api/v1/workspaces/{workspaceId}/user/{userId}/time-entries"


def admin(client: httpx.Client, name: str, **body) -> None:
    """Configure the sandbox (``limits`` or ``faults``) through its admin endpoint."""
    resp = client.post(f"/__sandbox__/{name}", json=body)
    assert resp.status_code == 200, resp.text


def sandbox_admin(h) -> httpx.Client:
    """An admin client for a sandbox served in process."""
    return httpx.Client(transport=SyncASGITransport(h.app), base_url="http://sandbox")


def in_process(h, role: str = "owner", **settings) -> Clockify:
    """A sync client talking to the sandbox in process."""
    return Clockify(h.key(role), h.ws_id, base_url=API, transport=SyncASGITransport(h.app), **settings)


# -- 1. paging ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def big():
    """One user with 12,345 entries (and no running timer)."""
    return make_harness(entries=12345, users=1, running=0)


@pytest.mark.parametrize("size, pages", [(5000, 3), (250, 50), (823, 15)])
def test_sync_and_async_page_through_12345_entries_alike_with_one_request_per_page(big, size, pages):
    uid = big.user_id()
    expected = [e.id for e in sorted(big.ws().by_user[uid], key=lambda e: e.sort_key())]
    assert len(expected) == 12345

    big.app.stats.reset()
    with in_process(big, rate=1000, max_rate=1000) as client:
        sync_ids = [e.id for e in client.time_entries.list(uid, size=size)]
    assert big.app.stats.total == big.app.stats.by_route[ENTRIES_ROUTE] == pages

    async def walk() -> list[str]:
        async with AsyncClockify(big.key(), big.ws_id, base_url=API, transport=httpx.ASGITransport(big.app),
                                 rate=1000, max_rate=1000) as client:
            return [e.id async for e in client.time_entries.list(uid, size=size)]

    big.app.stats.reset()
    async_ids = asyncio.run(walk())
    assert big.app.stats.total == big.app.stats.by_route[ENTRIES_ROUTE] == pages

    assert sync_ids == async_ids == expected  # every row once, newest first, in the server's order


def test_a_page_size_dividing_the_total_stops_on_last_page_without_an_extra_request(big):
    # 12345 = 15 x 823: the 15th page is full, so only the Last-Page header can end the walk.
    big.app.stats.reset()
    with in_process(big, rate=1000, max_rate=1000) as client:
        pages = list(client.time_entries.list(big.user_id(), size=823).pages())
    assert [len(p) for p in pages] == [823] * 15
    assert big.app.stats.total == 15


# -- 2. holding a configured rate ------------------------------------------------------------

def clocked(h) -> "SimulatedClock":
    """A simulated clock driving the sandbox's limits (the client's limiter takes it too)."""
    clock = SimulatedClock()
    h.app.limiter.clock = clock
    return clock


def test_the_limiter_holds_10_requests_per_second_with_no_429():
    h = make_harness(entries=50)
    clock = clocked(h)
    with sandbox_admin(h) as control:
        admin(control, "limits", per_key_rate=10)
    limiter = AdaptiveLimiter(10, adaptive=False, clock=clock, sleep=clock.sleep)
    with in_process(h, limiter=limiter) as client:
        client.user.me()
        begun = clock.now
        for _ in range(300):
            client.user.me()
        achieved = 300 / (clock.now - begun)
    assert 9.9 <= achieved <= 10.0, achieved
    assert h.app.stats.by_status == {"200": 301}  # no 429, no retries


# -- 3. finding an unknown limit: slow start, then AIMD -----------------------------------------

def aimd_run(limit: float, seconds: float | None = None, *, calls: int | None = None, app_pause: float = 0.0,
             start: float = 5.0, max_rate: float = 100.0):
    """Call ``GET /user`` for ``seconds`` of simulated time (or ``calls`` times) against a sandbox
    limited to ``limit`` req/s per key, through an adaptive limiter starting at ``start`` req/s.
    Returns the harness, the limiter and (time, rate) after each call."""
    h = make_harness(entries=20)
    clock = clocked(h)
    with sandbox_admin(h) as control:
        admin(control, "limits", per_key_rate=limit)
    limiter = AdaptiveLimiter(start, max_rate=max_rate, clock=clock, sleep=clock.sleep)
    trace = []
    with in_process(h, limiter=limiter) as client:
        begun = clock.now
        while (clock.now - begun < seconds) if seconds is not None else (len(trace) < calls):
            client.user.me()
            trace.append((clock.now - begun, limiter.rate))
            if app_pause:
                clock.sleep(app_pause)
    return h, limiter, trace


def test_the_limiter_converges_to_an_unknown_limit_with_under_2_percent_429():
    h, limiter, trace = aimd_run(20.0, 120.0)
    refused = h.app.stats.by_status.get("429", 0)
    assert refused >= 1  # it did probe the limit
    assert refused / h.app.stats.total < 0.02, (refused, h.app.stats.total)
    second_half = [t for t, _ in trace if t >= 60.0]
    assert len(second_half) / 60.0 >= 0.9 * 20.0  # achieved rate near the limit
    assert all(16.0 <= rate <= 24.0 for t, rate in trace if t >= 60.0)  # it stays near the limit
    assert limiter.limited == refused


def test_slow_start_reaches_a_high_limit_within_two_seconds():
    # From 5 req/s against 50: doubling after every few held-back answers, not +1 a step.
    h, limiter, trace = aimd_run(50.0, 10.0, start=5.0, max_rate=200.0)
    reached = next(t for t, rate in trace if rate >= 40.0)
    assert reached < 2.0, reached
    assert len(trace) / 10.0 >= 0.9 * 50.0
    assert h.app.stats.by_status.get("429", 0) / h.app.stats.total < 0.02


def test_the_limiter_does_not_raise_the_rate_while_callers_are_slower_than_it():
    # The caller sends 2 req/s through a 5 req/s limiter: clean answers prove nothing about 6 req/s.
    _, limiter, trace = aimd_run(20.0, 60.0, app_pause=0.5)
    assert len(trace) >= 100
    assert limiter.rate == 5.0


# -- 4. the free plan's budget ---------------------------------------------------------------

def test_a_budget_of_30_per_hour_lets_30_through_and_refuses_the_31st_without_sending():
    h = make_harness(entries=50)
    with sandbox_admin(h) as control:
        admin(control, "limits", hourly_budget=30)
    with in_process(h, rate=1000, max_rate=1000, budget_per_hour=30) as client:
        for _ in range(30):
            client.user.me()
        before = h.app.stats.snapshot()
        assert before["total"] == 30 and before["by_status"] == {"200": 30}
        with pytest.raises(BudgetExceeded) as refused:
            client.user.me()
        assert h.app.stats.snapshot() == before  # nothing was sent
        assert "30 per 60 min" in str(refused.value) and "fits in" in str(refused.value)
        budget = client.limiter.budget
        assert budget.remaining() == 0
        with pytest.raises(BudgetExceeded):
            budget.check(1)


def test_a_budget_refuses_planned_work_up_front_and_frees_up_after_the_window():
    clock = SimulatedClock()
    budget = RequestBudget(30, clock=clock)
    budget.check(30)
    with pytest.raises(BudgetExceeded, match="needs 31 requests but the budget allows 30"):
        budget.check(31)
    for _ in range(25):
        budget.spend()
        clock.sleep(10)
    budget.check(5)
    with pytest.raises(BudgetExceeded, match="needs 6 requests"):
        budget.check(6)  # e.g. a listing of 12,345 entries at 2,000 per page
    assert budget.remaining() == 5  # checking spends nothing
    assert budget.seconds_until_free(6) == pytest.approx(3600 - 250)  # when the first of 25 expires
    assert budget.seconds_to_send(6) == pytest.approx(3600 - 250)
    assert budget.seconds_to_send(35) == pytest.approx(3600 + 0)  # the 31st of the next window... at the hour
    clock.sleep(3600 - 250)
    budget.check(6)


def test_a_listing_the_budget_cannot_cover_is_refused_before_the_first_request_with_the_time_it_takes(big):
    big.app.stats.reset()
    with in_process(big, rate=1000, max_rate=1000, budget_per_hour=30) as client:
        listing = client.time_entries.list(big.user_id(), size=50).expect(12345)
        with pytest.raises(BudgetExceeded) as refused:
            next(iter(listing))
    assert big.app.stats.total == 0  # not one page was fetched
    message = str(refused.value)
    assert "needs 247 requests but the budget allows 30 more of 30 per 60 min" in message
    assert "it would take 8 h" in message  # 247 requests at 30 an hour: the 247th goes after 8 hours


def test_a_listing_the_budget_stops_midway_says_how_far_it_got(big):
    with in_process(big, rate=1000, max_rate=1000, budget_per_hour=5) as client:
        with pytest.raises(BudgetExceeded, match=r"stopped after 5 pages \(250 items\).*used up"):
            client.time_entries.list(big.user_id(), size=50).to_list()


# -- 5. pauses longer than the caller waits ----------------------------------------------------

def test_a_long_retry_after_raises_at_once_with_when_to_retry_and_never_blocks_the_next_call():
    h = make_harness(entries=20)
    clock = clocked(h)
    with sandbox_admin(h) as control:
        admin(control, "limits", per_key_rate=1, retry_after=3600)
    limiter = AdaptiveLimiter(50, clock=clock, sleep=clock.sleep)
    with in_process(h, limiter=limiter) as client:
        client.user.me()
        with pytest.raises(RateLimited) as first:
            client.user.me()
        assert first.value.retry_after == 3600 and "try again in 60 min" in str(first.value)
        before, now = h.app.stats.total, clock.now
        with pytest.raises(RateLimited) as second:
            client.user.me()  # raises at once, unsent, instead of sleeping for an hour
        assert h.app.stats.total == before and clock.now == now
        assert "try again in 60 min" in str(second.value)
    patient = RetryPolicy(max_wait=7200)
    with in_process(h, limiter=limiter, retry=patient) as client:
        assert client.user.me().id == h.user_id()  # a caller that will wait an hour does (simulated)
    assert clock.now - now == pytest.approx(3600, abs=1)


def test_a_429_without_retry_after_says_the_server_gave_no_time():
    h = make_harness(entries=20)
    clock = clocked(h)
    with sandbox_admin(h) as control:
        admin(control, "limits", per_key_rate=1)
    limiter = AdaptiveLimiter(50, clock=clock, sleep=clock.sleep)
    with in_process(h, limiter=limiter, retry=RetryPolicy(attempts=1)) as client:
        client.user.me()
        with pytest.raises(RateLimited, match="gave no retry time"):
            client.user.me()


# -- 6. retries wait on the limiter's clock ----------------------------------------------------

def test_retry_backoff_waits_through_the_limiters_clock_too(monkeypatch):
    h = make_harness(entries=20)
    with sandbox_admin(h) as control:
        admin(control, "faults", error_rate=1.0, only_paths="/user")
    clock = SimulatedClock()
    limiter = AdaptiveLimiter(1000, clock=clock, sleep=clock.sleep)
    policy = RetryPolicy(attempts=5, base=10.0, cap=60.0, rng=random.Random(1))
    monkeypatch.setattr("time.sleep", lambda seconds: pytest.fail(f"a real sleep of {seconds} s"))
    with in_process(h, limiter=limiter, retry=policy) as client, pytest.raises(ServerError):
        client.user.me()
    assert h.app.stats.total == 5  # a read is retried on 5xx, up to the policy's attempts
    assert clock.now - 1000.0 > 5.0  # seconds of backoff, all of them simulated


# -- 9. nothing listening --------------------------------------------------------------------

def free_port() -> int:
    """A local port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_connection_refused_raises_transport_error_after_the_allowed_retries(caplog):
    base = f"http://127.0.0.1:{free_port()}/api/v1"
    clock = SimulatedClock()
    limiter = AdaptiveLimiter(1000, clock=clock, sleep=clock.sleep)
    policy = RetryPolicy(attempts=4, base=0.05, cap=0.2)
    with Clockify("k" * 48, "a" * 24, base_url=base, retry=policy, limiter=limiter) as client:
        with caplog.at_level(logging.INFO, logger="punchclock.http"):
            with pytest.raises(TransportError) as refused:
                client.time_entries.create(start=datetime(2026, 3, 2, 9, tzinfo=UTC),
                                           end=datetime(2026, 3, 2, 10, tzinfo=UTC))
    assert refused.value.sent is False and type(refused.value) is TransportError  # nothing was written
    assert "cannot connect" in str(refused.value)
    retries = [r for r in caplog.records if r.getMessage().startswith("retrying POST")]
    assert len(retries) == 3  # a create that never left may be sent again: 4 attempts in all
    assert clock.now - 1000.0 <= 0.05 + 0.1 + 0.2


def test_connection_refused_with_the_default_policy_gives_up_within_seconds():
    clock = SimulatedClock()
    limiter = AdaptiveLimiter(10, clock=clock, sleep=clock.sleep)
    with Clockify("k" * 48, "a" * 24, base_url=f"http://127.0.0.1:{free_port()}/api/v1", limiter=limiter) as client:
        with pytest.raises(TransportError, match="cannot connect"):
            client.user.me()
    assert clock.now - 1000.0 < 5.0  # simulated backoff of the default policy
    assert limiter.sent == RetryPolicy().attempts


# -- 6. max_wait on the constructors ------------------------------------------------------------

@pytest.mark.parametrize("asynchronous", [False, True])
def test_clockify_max_wait_decides_whether_a_retry_after_is_waited_out_or_raised_at_once(asynchronous):
    h = make_harness(entries=20)
    clock = clocked(h)
    with sandbox_admin(h) as control:
        admin(control, "limits", per_key_rate=1, retry_after=120)
    limiter = AdaptiveLimiter(50, clock=clock, sleep=clock.sleep, async_sleep=clock.async_sleep)

    async def me_async(max_wait: float):
        async with AsyncClockify(h.key(), h.ws_id, base_url=API, transport=httpx.ASGITransport(h.app),
                                 limiter=limiter, max_wait=max_wait) as client:
            return await client.user.me()

    def me(max_wait: float):
        if asynchronous:
            return asyncio.run(me_async(max_wait))
        with in_process(h, limiter=limiter, max_wait=max_wait) as client:
            return client.user.me()

    me(60)
    start = clock.now
    with pytest.raises(RateLimited, match="try again in 2 min") as impatient:
        me(60)  # the server asks for 120 s; this caller waits 60 at most
    assert impatient.value.retry_after == 120 and clock.now - start < 1  # not sat through
    assert me(300).id == h.user_id()  # a caller that waits 5 minutes sits the 2 out (simulated)
    assert clock.now - start == pytest.approx(120, abs=1)


def test_clockeye_max_wait_decides_whether_the_minute_window_is_waited_out():
    from clockeye.clockeye_harness import make_harness as clockeye_harness

    ce = clockeye_harness(entries=10)
    limiter = ce.limiter()
    with ce.client(limiter=limiter, max_wait=5) as client:
        for _ in range(100):  # ClockEye's minute window: 100 requests
            client.users.me()
        start = ce.clock.now
        with pytest.raises(RateLimited, match="try again in"):
            client.users.me()  # the window frees in about a minute; this caller waits 5 s at most
        assert ce.clock.now - start < 1  # not sat through
    with ce.client(limiter=limiter) as patient:  # the default, 65 s, covers the minute window
        assert patient.retry.max_wait == 65
        patient.users.me()
    assert 0 < ce.clock.now - start <= 61


def test_max_wait_must_be_seconds():
    h = make_harness(entries=5)
    for bad in (-1, "soon", float("nan")):
        with pytest.raises(InvalidInput, match="max_wait"):
            in_process(h, max_wait=bad)
