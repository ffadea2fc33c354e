"""A full sync copies every table row for row; incremental syncs converge after edits, deletions and
additions (old entries too), through the change feed or, without it, a look-back window."""

from __future__ import annotations

import json

import pytest

from tests.conftest import make_harness
from tests.sync.helpers import rows, stored_entries, sync, true_entries

STREAMS = ("workspaces", "user", "users", "groups", "clients", "projects", "tasks", "tags", "time_entries",
           "custom_fields", "holidays", "expenses", "expense_categories", "invoices", "approval_requests",
           "time_off_policies", "time_off_requests", "webhooks", "scheduling_assignments")


@pytest.fixture(scope="module")
def big():
    """50 users, 300 projects: the issue's workspace with fewer entries."""
    return make_harness(users=50, projects=300, entries=20_000)


def test_full_sync_equals_the_sandbox_row_for_row(big, tmp_path):
    path = tmp_path / "s.duckdb"
    plan, report = sync(big, path)
    assert report.rate_limited == 0
    assert stored_entries(path) == true_entries(big)
    ws = big.ws()
    assert dict(rows(path, "select id, name from projects")) == {p["id"]: p["name"] for p in ws.projects.values()}
    assert dict(rows(path, "select id, project_id from tasks")) == {t["id"]: t["projectId"] for t in ws.tasks.values()}
    assert dict(rows(path, "select id, name from clients")) == {c["id"]: c["name"] for c in ws.clients.values()}
    assert dict(rows(path, "select id, name from tags")) == {t["id"]: t["name"] for t in ws.tags.values()}
    assert {r[0] for r in rows(path, "select id from users")} == set(ws.members)
    assert {r[0] for r in rows(path, "select id from clockify.groups")} == set(ws.groups)
    assert rows(path, "select count(*) - count(distinct id) from entries") == [(0,)]
    assert {r[0] for r in rows(path, "select stream from _punch.state where state->>'status' = 'complete'")} \
        == set(STREAMS)
    # the fewest requests: one per listing, one per member for entries, tasks inside projects
    assert report.requests == len(STREAMS) - 2 + 50  # tasks cost nothing, time_entries is one per member


def test_views_are_neutral_and_typed(big, tmp_path):
    path = tmp_path / "s.duckdb"
    sync(big, path, streams=["users", "time_entries"])
    got = rows(path, "select provider, typeof(start), typeof(duration_seconds), count(*) filter (where running) "
                     "from entries group by all")
    assert got == [("clockify", "TIMESTAMP WITH TIME ZONE", "BIGINT", 2)]
    e = next(e for e in big.ws().entries.values() if e.end is not None)
    assert rows(path, f"select duration_seconds, epoch(start)::BIGINT from entries where id = '{e.id}'") \
        == [(e.end - e.start, e.start)]


def _edit(h):
    """Edit, delete and add entries, old ones included, and rename a project, through the backend."""
    ws, b = h.ws(), h.backend
    caller = b.authenticate(h.key("owner"))
    oldest = sorted(ws.entries.values(), key=lambda e: e.start)
    for e in oldest[:15]:
        body = h.backend.entries.shape(ws, e)
        b.entries.update(ws, caller, e.id, {"start": body["timeInterval"]["start"],
                                            "end": body["timeInterval"]["end"], "description": "edited later",
                                            "projectId": e.project_id})
    for e in oldest[15:30] + sorted(ws.entries.values(), key=lambda e: -e.start)[:5]:
        b.entries.delete(ws, caller, e.id)
    user = next(iter(ws.members))
    b.entries.create(ws, caller, user, {"start": "2024-01-03T09:00:00Z", "end": "2024-01-03T10:00:00Z",
                                        "description": "backfilled"})
    project = next(iter(ws.projects.values()))
    b.projects.update(ws, caller, project["id"], {"name": "Renamed project"})


def test_incremental_through_the_change_feed_converges(tmp_path):
    h = make_harness(users=10, entries=3000)
    path = tmp_path / "s.duckdb"
    sync(h, path)
    _edit(h)
    plan, report = sync(h, path)
    assert [s.mode for s in plan.steps][0] == "feed"
    assert stored_entries(path) == true_entries(h)
    assert ("Renamed project",) in rows(path, "select name from projects")
    counts = report.counts
    assert (counts.added, counts.deleted) == (1, 20)
    assert report.requests == 3 + 1  # the feed (created, updated, deleted) and a re-read of projects


def test_without_the_feed_a_look_back_window_and_reconcile_converge(tmp_path):
    h = make_harness(users=6, entries=2000)
    path = tmp_path / "s.duckdb"
    sync(h, path)
    ws, caller = h.ws(), h.backend.authenticate(h.key("owner"))
    recent = sorted(ws.entries.values(), key=lambda e: -e.start)
    for e in recent[:4]:
        h.backend.entries.delete(ws, caller, e.id)
    with_feed_off = {"feed": None}
    from tests.sync import helpers

    original = helpers.provider

    def no_feed(h, role="owner", **settings):
        p = original(h, role, **settings)
        p.streams = lambda: _without_feed(type(p).streams(p))
        return p

    helpers.provider = no_feed
    try:
        plan, _ = sync(h, path, streams=["time_entries"])
        assert [s.mode for s in plan.steps] == ["window"], with_feed_off
        assert stored_entries(path) == true_entries(h)
        oldest = min(ws.entries.values(), key=lambda e: e.start)
        h.backend.entries.delete(ws, caller, oldest.id)
        sync(h, path, streams=["time_entries"])
        assert oldest.id in stored_entries(path)  # outside the window: caught by the reconcile
        plan, _ = sync(h, path, streams=["time_entries"], reconcile=0)
        assert [s.mode for s in plan.steps] == ["full"]
        assert stored_entries(path) == true_entries(h)
    finally:
        helpers.provider = original


def _without_feed(source):
    source.feed = None
    return source


def test_raw_json_keeps_every_field_but_webhook_tokens(tmp_path):
    h = make_harness(users=3, entries=50)
    caller = h.backend.authenticate(h.key("owner"))
    with h.client("owner") as c:
        made = c.post(f"/workspaces/{h.ws_id}/webhooks", json={
            "name": "hook", "url": "https://example.test/hook", "webhookEvent": "NEW_TIME_ENTRY",
            "triggerSource": [], "triggerSourceType": "WORKSPACE_ID"})
        assert made.status_code == 201, made.text
    assert caller
    path = tmp_path / "s.duckdb"
    sync(h, path, streams=["webhooks"])
    (raw,), = rows(path, "select _raw from clockify.webhooks")
    assert "authToken" not in json.loads(raw) and json.loads(raw)["name"] == "hook"
