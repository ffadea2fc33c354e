"""The client is careful with every request: it pages exactly, holds a rate, finds an unknown limit,
respects a budget, survives faults without duplicate writes and gives up quickly on a dead port.

Everything runs over HTTP against the sandbox (in process or on a real socket); the sandbox's own
statistics and state are the evidence.
"""

from __future__ import annotations

import asyncio
import logging
import random
import socket
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from conftest import make_harness
from punchclock.errors import BudgetExceeded, ServerError, TransportError
from punchclock.http import AdaptiveLimiter, RequestBudget, RetryPolicy
from punchclock.providers.clockify.client import AsyncClockify, Clockify
from punchclock.sandbox.core.server import running
from punchclock.sandbox.core.transport import SyncASGITransport

API = "http://sandbox/api/v1"
ENTRIES_ROUTE = "GET /api/v1/workspaces/{workspaceId}/user/{userId}/time-entries"


class SimClock:
    """Simulated time shared by the sandbox's limits and the client's limiter: sleeping moves it."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        """Let ``seconds`` of simulated time pass at once."""
        self.now += seconds


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

def test_the_limiter_holds_10_requests_per_second_with_no_429():
    h = make_harness(entries=50)
    with running(h.app) as base, httpx.Client(base_url=base) as control:
        admin(control, "limits", per_key_rate=10)
        with Clockify(h.key(), h.ws_id, base_url=f"{base}/api/v1", rate=10, adaptive=False) as client:
            for _ in range(5):  # warm-up: connection, first slots
                client.user.me()
            finished = []
            begun = time.perf_counter()
            while time.perf_counter() - begun < 3.0:
                client.user.me()
                finished.append(time.perf_counter())
    achieved = (len(finished) - 1) / (finished[-1] - finished[0])
    assert 9.3 <= achieved <= 10.3, achieved
    assert h.app.stats.by_status.get("429", 0) == 0
    assert h.app.stats.total == len(finished) + 5  # no retries either


# -- 3. AIMD finding an unknown limit ------------------------------------------------------

def aimd_run(limit: float, seconds: float, *, app_pause: float = 0.0):
    """Call ``GET /user`` for ``seconds`` of simulated time against a sandbox limited to ``limit``
    req/s per key, through an AIMD limiter starting at 5 req/s (max 100). Returns the harness,
    the limiter and (time, rate) after each call."""
    h = make_harness(entries=20)
    clock = SimClock()
    h.app.limiter.clock = clock
    with sandbox_admin(h) as control:
        admin(control, "limits", per_key_rate=limit)
    limiter = AdaptiveLimiter(5.0, max_rate=100.0, increase=1.0, increase_every=0.5, decrease=0.5, cooldown=1.0,
                              clock=clock, sleep=clock.sleep)
    trace = []
    with in_process(h, limiter=limiter) as client:
        start = clock.now
        while clock.now - start < seconds:
            client.user.me()
            trace.append((clock.now - start, limiter.rate))
            if app_pause:
                clock.sleep(app_pause)
    return h, limiter, trace


def test_aimd_converges_to_an_unknown_limit_with_under_2_percent_429():
    h, limiter, trace = aimd_run(20.0, 120.0)
    stats = h.app.stats
    refused = stats.by_status.get("429", 0)
    assert refused >= 1  # it did probe the limit
    assert refused / stats.total < 0.02, (refused, stats.total)
    second_half = [t for t, _ in trace if t >= 60.0]
    assert len(second_half) / 60.0 >= 0.85 * 20.0  # achieved rate near the limit
    peak = max(rate for _, rate in trace)
    assert 20.0 <= peak <= 40.0  # it climbed past the start and was pulled back, far from max_rate
    assert limiter.limited == refused


def test_aimd_does_not_raise_the_rate_while_callers_are_slower_than_it():
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
        assert "30 per 1 h" in str(refused.value) and "s" in str(refused.value)
        budget = client.limiter.budget
        assert budget.remaining() == 0
        with pytest.raises(BudgetExceeded):
            budget.check(1)


def test_a_budget_refuses_planned_work_up_front_and_frees_up_after_the_window():
    clock = SimClock()
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
    clock.sleep(3600 - 250)
    budget.check(6)


# -- 5. faults: retries without duplicate writes ---------------------------------------------

def test_retries_survive_20_percent_faults_and_creates_are_never_duplicated():
    h = make_harness(entries=50)
    created, failed = [], Counter()
    policy = RetryPolicy(attempts=6, base=0.01, cap=0.05)
    day = datetime(2026, 3, 2, 9, tzinfo=UTC)
    with running(h.app) as base, httpx.Client(base_url=base) as control:
        admin(control, "faults", error_rate=0.07, drop_rate=0.07, timeout_rate=0.07, timeout_seconds=0.4, seed=11)
        with Clockify(h.key(), h.ws_id, base_url=f"{base}/api/v1", rate=1000, max_rate=1000, timeout=0.2,
                      retry=policy) as client:
            for i in range(60):
                description = f"fault probe {i:02d}"
                start = day + timedelta(hours=i)
                try:
                    entry = client.time_entries.create(start=start, end=start + timedelta(minutes=30),
                                                       description=description)
                except (TransportError, ServerError) as exc:
                    failed[type(exc).__name__] += 1
                else:
                    assert entry.description == description
                    created.append(description)
            listings = [{e.id for e in client.time_entries.list(size=200)} for _ in range(25)]
        time.sleep(0.5)  # let hung requests finish and be counted
        stats = h.app.stats.snapshot()

    probes = Counter(e.description for e in h.ws().entries.values() if (e.description or "").startswith("fault probe"))
    assert max(probes.values()) == 1  # no create was written twice
    assert all(probes[d] == 1 for d in created)
    assert failed["ServerError"] and failed["TransportError"]  # the faults did hit creates
    assert len(created) + sum(failed.values()) == 60
    assert stats["by_method"]["POST"] == 60  # no create was even sent twice

    owner = {e.id for e in h.ws().entries.values() if e.user_id == h.user_id()}
    assert all(ids == owner for ids in listings)  # every read succeeded, complete
    assert stats["by_method"]["GET"] > 25 + 1  # some of the 25 one-page reads (and GET /user) were retried


def test_retry_backoff_waits_through_the_limiters_clock_too():
    h = make_harness(entries=20)
    with sandbox_admin(h) as control:
        admin(control, "faults", error_rate=1.0, only_paths="/user")
    clock = SimClock()
    limiter = AdaptiveLimiter(1000, clock=clock, sleep=clock.sleep)
    policy = RetryPolicy(attempts=5, base=10.0, cap=60.0, rng=random.Random(1))
    started = time.perf_counter()
    with in_process(h, limiter=limiter, retry=policy) as client, pytest.raises(ServerError):
        client.user.me()
    assert h.app.stats.total == 5  # a read is retried on 5xx, up to the policy's attempts
    assert clock.now - 1000.0 > 5.0  # seconds of backoff, all of them simulated
    assert time.perf_counter() - started < 1.0


# -- 9. nothing listening --------------------------------------------------------------------

def free_port() -> int:
    """A local port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_connection_refused_raises_transport_error_after_the_allowed_retries_quickly(caplog):
    base = f"http://127.0.0.1:{free_port()}/api/v1"
    policy = RetryPolicy(attempts=4, base=0.05, cap=0.2)
    with Clockify("k" * 48, "a" * 24, base_url=base, retry=policy, rate=1000) as client:
        with caplog.at_level(logging.INFO, logger="punchclock.http"):
            started = time.perf_counter()
            with pytest.raises(TransportError) as refused:
                client.time_entries.create(start=datetime(2026, 3, 2, 9, tzinfo=UTC),
                                           end=datetime(2026, 3, 2, 10, tzinfo=UTC))
            elapsed = time.perf_counter() - started
    assert refused.value.sent is False
    assert "cannot connect" in str(refused.value)
    retries = [r for r in caplog.records if r.getMessage().startswith("retrying POST")]
    assert len(retries) == 3  # a create that never left may be sent again: 4 attempts in all
    assert elapsed < 1.5


def test_connection_refused_with_the_default_policy_gives_up_within_seconds():
    with Clockify("k" * 48, "a" * 24, base_url=f"http://127.0.0.1:{free_port()}/api/v1") as client:
        started = time.perf_counter()
        with pytest.raises(TransportError, match="cannot connect"):
            client.user.me()
        assert time.perf_counter() - started < 5.0
        assert client.limiter.sent == RetryPolicy().attempts
