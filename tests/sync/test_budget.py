"""On a free workspace (30 requests an hour) the plan tells how long the sync takes, asks before
spending more than the hour allows, and the sync waits for room instead of drawing a 429."""

from __future__ import annotations

import httpx

from punchclock.http import AdaptiveLimiter
from punchclock.sandbox.core.clock import SimulatedClock
from punchclock.sandbox.core.transport import SyncASGITransport
from punchclock.store import open_store
from punchclock.sync import Options, make_plan, run
from tests.conftest import make_harness
from tests.sync.helpers import provider, stored_entries, true_entries


def test_free_plan_sync_keeps_to_30_an_hour_and_the_plan_says_how_long(tmp_path):
    h = make_harness(users=5, entries=400, plan="free")
    clock = SimulatedClock(5000.0)
    h.app.limiter.clock = clock
    with httpx.Client(transport=SyncASGITransport(h.app), base_url="http://sandbox") as admin:
        assert admin.post("/__sandbox__/limits", json={"hourly_budget": 30}).status_code == 200
    path = tmp_path / "s.duckdb"
    limiter = AdaptiveLimiter(10, clock=clock, sleep=clock.sleep)
    with provider(h, limiter=limiter) as p, open_store(f"duckdb:{path}") as store:
        for _ in range(2):  # two syncs spend most of the hour
            run(make_plan(p.streams(), store, None, Options(full=True, budget=30)), store)
        begun = clock.now
        plan = make_plan(p.streams(), store, None, Options(full=True, budget=30))
        assert plan.exact and plan.over_budget()
        promised = plan.seconds()
        report = run(plan, store)
        took = clock.now - begun
    assert report.rate_limited == 0 and h.app.stats.by_status.get("429", 0) == 0
    assert report.requests == plan.requests
    assert promised > 600 and abs(took - promised) <= 0.02 * promised, (took, promised)
    assert stored_entries(path) == true_entries(h)
    assert "within the budget of 30 per" in plan.describe()[-1]
