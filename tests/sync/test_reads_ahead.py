"""Without a request budget, several reads run at once (different streams' requests are in flight
together), each read counts its own requests, and a read that needs another stream's rows (time
entries are listed per stored member) waits until that stream is read."""

from __future__ import annotations

import collections

from punchclock.sandbox.core.faults import Faults
from punchclock.store import open_store
from punchclock.sync import Options, make_plan, run
from punchclock.sync.runner import Watcher
from tests.conftest import make_harness
from tests.sync import test_concurrency
from tests.sync.helpers import provider, stored_entries, true_entries


def test_the_following_reads_fetch_at_once_and_count_their_own_requests(tmp_path, monkeypatch):
    h = make_harness(users=5, entries=300)
    h.app.faults.configure(Faults(slow_rate=1.0, slow_seconds=1.0, only_paths="/workspaces/"))
    monkeypatch.setattr(test_concurrency, "FAILSAFE", 5.0)
    meeting = test_concurrency.Rendezvous(4)
    h.app.sleep = meeting
    with provider(h, rate=1000, max_rate=1000) as p, open_store(f"duckdb:{tmp_path / 's.duckdb'}") as store:
        plan = make_plan(p.streams(), store, ["groups", "clients", "tags", "holidays", "users", "time_entries"],
                         Options(concurrency=4))
        report = run(plan, store)
    assert meeting.peak >= 4  # users' request and three others: entries cannot start before users is read
    requests = collections.Counter({r.stream: r.requests for r in report.results})
    assert requests == {"groups": 1, "clients": 1, "tags": 1, "holidays": 1, "users": 1,
                        "time_entries": len(h.ws().members)}
    assert sum(requests.values()) == report.requests
    assert stored_entries(tmp_path / "s.duckdb") == true_entries(h)  # listed for the members just read


def test_the_largest_read_starts_once_its_needs_are_read_before_smaller_ones(tmp_path):
    h = make_harness(users=5, entries=300)
    started = []

    class Order(Watcher):
        def started(self, step):
            started.append(step.streams[0])

    with provider(h, rate=1000, max_rate=1000) as p, open_store(f"duckdb:{tmp_path / 's.duckdb'}") as store:
        plan = make_plan(p.streams(), store, ["users", "groups", "clients", "tags", "holidays", "custom_fields",
                                              "time_entries"], Options(concurrency=2))
        run(plan, store, watcher=Order())
    assert started[:2] == ["users", "groups"]  # two at a time, in the plan's order while sizes are equal
    assert started.index("time_entries") <= 3 < started.index("tags")  # as soon as users is read, first
