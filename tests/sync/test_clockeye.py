"""ClockEye syncs too: users, projects and everyone's time entries (keyset pages of 200), row for
row; without a change feed a look-back window catches recent changes and the reconcile the old ones."""

from __future__ import annotations

import json

import pytest

from tests.clockeye.clockeye_harness import make_harness
from tests.sync.helpers import clockeye_truth, query, sync_clockeye

DAY = 86400


def stored(spec: str) -> dict[str, dict]:
    """Stored ClockEye time entries by id, as their raw JSON."""
    return {i: json.loads(raw) for i, raw in query(spec, "select id, _raw from clockeye.time_entries")}


def edit(h) -> dict:
    """Edit, delete and add entries, recent and old, through the sandbox's backend."""
    state, entries = h.backend.state, h.backend.entries
    owner = h.backend.authenticate(h.key("owner"))
    by_age = sorted(state.entries.values(), key=lambda e: e.start)
    old, recent = by_age[:6], [e for e in by_age[-12:] if e.end is not None]
    for e in old[:3] + recent[:3]:
        e.description, e.updated_at = "edited later", e.updated_at + 1
    for e in old[3:6] + recent[3:6]:
        entries.delete(owner, e.id)
    now = int(h.clock())
    made = [entries.create(owner, {"description": "backfilled", "start_time": _iso(now - 200 * DAY),
                                   "end_time": _iso(now - 200 * DAY + 3600)}),
            entries.create(owner, {"description": "just now", "start_time": _iso(now - 7200),
                                   "end_time": _iso(now - 3600)})]
    return {"old_deleted": [e.id for e in old[3:6]], "backfilled": made[0].id}


def _iso(epoch: int) -> str:
    from punchclock.timeutil import format_instant

    return format_instant(epoch)


@pytest.mark.parametrize("kind", ["duckdb", "iceberg"])
def test_full_sync_equals_the_clockeye_sandbox_row_for_row(tmp_path, kind):
    h = make_harness(users=7, projects=9, entries=1500)
    spec = f"{kind}:{tmp_path / 'store'}"
    plan, report = sync_clockeye(h, spec)
    assert report.rate_limited == 0
    assert stored(spec) == clockeye_truth(h)
    state = h.backend.state
    assert dict(query(spec, "select id, name from clockeye.users")) == {u["id"]: u["name"]
                                                                         for u in state.users.values()}
    assert dict(query(spec, "select id, name from clockeye.projects")) == {p["id"]: p["name"]
                                                                            for p in state.projects.values()}
    # the neutral views show ClockEye's rows, typed like Clockify's
    assert query(spec, "select provider, count(*), count(*) filter (where running) from entries group by 1") \
        == [("clockeye", len(state.entries), 1)]
    assert query(spec, "select count(*) from projects where provider = 'clockeye'") == [(len(state.projects),)]
    assert query(spec, "select count(*) from users where provider = 'clockeye'") == [(len(state.users),)]
    one = next(e for e in state.entries.values() if e.end is not None)
    assert query(spec, f"select duration_seconds, epoch(start)::BIGINT from entries where id = '{one.id}'") \
        == [(one.end - one.start, one.start)]
    # keyset pages of 200: about one request per 200 entries, plus users and projects
    assert report.requests <= -(-len(state.entries) // 199) + 2


@pytest.mark.parametrize("kind", ["duckdb", "iceberg"])
def test_incremental_window_then_reconcile_converge_after_edits_deletes_and_adds(tmp_path, kind):
    h = make_harness(users=5, entries=1200)
    spec = f"{kind}:{tmp_path / 'store'}"
    sync_clockeye(h, spec)
    changed = edit(h)
    plan, report = sync_clockeye(h, spec, streams=["time_entries"])
    assert [s.mode for s in plan.steps] == ["window"]
    truth, got = clockeye_truth(h), stored(spec)
    recent = {i for i, e in truth.items() if e["start_time"] >= _iso(int(h.clock()) - 14 * DAY)}
    assert {i: got.get(i) for i in recent} == {i: truth[i] for i in recent}
    assert set(changed["old_deleted"]) <= set(got)  # outside the window: left for the reconcile
    assert report.requests < 10
    plan, report = sync_clockeye(h, spec, streams=["time_entries"], reconcile=0)
    assert [s.mode for s in plan.steps] == ["full"]
    assert stored(spec) == clockeye_truth(h)
    assert report.counts.deleted == 3 and report.counts.added == 1
