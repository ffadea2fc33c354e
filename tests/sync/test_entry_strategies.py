"""Time entries read per member or through the detailed report store the same rows; the planner
takes whichever needs fewer requests for the workspace once its entries are counted."""

from __future__ import annotations

import dataclasses

from punchclock.store import open_store
from punchclock.sync import Options, make_plan, run
from punchclock.sync.streams import Cheapest
from tests.conftest import make_harness
from tests.sync.helpers import provider, rows, stored_entries, true_entries


def _only(source, way: str):
    """The stream set with time entries read one way only."""
    stream = source.stream("time_entries")
    chosen = tuple(w for w in stream.fetch.ways if w[0] == way)
    source.streams = tuple(dataclasses.replace(s, fetch=Cheapest(chosen)) if s.name == "time_entries" else s
                           for s in source.streams)
    return source


def _sync(h, path, way: str | None = None, **options):
    with provider(h) as p, open_store(f"duckdb:{path}") as store:
        source = p.streams() if way is None else _only(p.streams(), way)
        plan = make_plan(source, store, ["users", "time_entries"], Options(**options))
        return plan, run(plan, store)


def test_both_ways_store_the_same_rows(tmp_path):
    h = make_harness(users=9, entries=2600)
    a, b = tmp_path / "members.duckdb", tmp_path / "report.duckdb"
    _, by_members = _sync(h, a, "per-member listings")
    _, by_report = _sync(h, b, "detailed report")
    assert stored_entries(a) == stored_entries(b) == true_entries(h)  # running timers included, rates too
    columns = "* exclude (_run, _synced_at)"
    assert rows(a, f"select {columns} from clockify.time_entries order by id") == \
        rows(b, f"select {columns} from clockify.time_entries order by id")
    te = {r.stream: r for r in by_report.results}["time_entries"]
    running = len({e.user_id for e in h.ws().entries.values() if e.end is None})
    assert te.requests == -(-2600 // 1000) + 1 + running  # report pages, the in-progress list, running members


def test_the_planner_takes_the_cheaper_way_for_the_workspace(tmp_path):
    many = make_harness(users=30, entries=1200)  # 30 members, 1,200 entries: 2 report pages beat 30 listings
    path = tmp_path / "many.duckdb"
    plan, _ = _sync(many, path)
    assert "cheapest: per-member listings" in "\n".join(plan.describe())  # entries not counted yet
    plan, report = _sync(many, path, full=True)
    assert "cheapest: detailed report" in "\n".join(plan.describe())
    assert report.requests < 30 // 2 and stored_entries(path) == true_entries(many)
    few = make_harness(users=3, entries=9000)  # 3 members, 9,000 entries: 3 listings beat 10 report pages
    path = tmp_path / "few.duckdb"
    _sync(few, path)
    plan, report = _sync(few, path, full=True)
    assert "cheapest: per-member listings" in "\n".join(plan.describe())
    assert report.requests == 1 + 3  # users, then one listing per member
