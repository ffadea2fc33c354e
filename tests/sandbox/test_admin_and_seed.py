"""Admin endpoints (stats, reset, info) and the seed generator."""

from __future__ import annotations

from conftest import ANCHOR, Harness, make_harness
from punchclock.sandbox import create_app
from punchclock.sandbox.clockify.seed import SeedConfig, seeded_backend


def test_stats_count_by_method_status_and_route_template(sandbox, owner):
    owner.post("http://sandbox/__sandbox__/reset")
    owner.get("/user")
    owner.get(f"/workspaces/{sandbox.ws_id}/projects")
    owner.get(f"/workspaces/{sandbox.ws_id}/projects/bogus")
    owner.post(f"/workspaces/{sandbox.ws_id}/time-entries", json={"start": "2026-01-01T09:00:00Z"})
    stats = owner.get("http://sandbox/__sandbox__/stats").json()
    assert stats["total"] == 4
    assert stats["by_method"] == {"GET": 3, "POST": 1}
    assert stats["by_status"] == {"200": 2, "400": 1, "201": 1}
    assert stats["by_route"] == {
        "GET /api/v1/user": 1,
        "GET /api/v1/workspaces/{workspaceId}/projects": 1,
        "GET /api/v1/workspaces/{workspaceId}/projects/{projectId}": 1,
        "POST /api/v1/workspaces/{workspaceId}/time-entries": 1,
    }


def test_reset_clears_counters_and_with_data_restores_the_seed(sandbox, owner):
    made = owner.post(f"/workspaces/{sandbox.ws_id}/tags", json={"name": "ephemeral"}).json()
    owner.post("http://sandbox/__sandbox__/reset")
    assert owner.get("http://sandbox/__sandbox__/stats").json()["total"] == 0
    assert made["id"] in sandbox.ws().tags
    owner.post("http://sandbox/__sandbox__/reset", params={"data": "true"})
    assert made["id"] not in sandbox.ws().tags
    names = [t["name"] for t in owner.get(f"/workspaces/{sandbox.ws_id}/tags").json()]
    assert "ephemeral" not in names and "meeting" in names


def test_info_lists_workspaces_and_users_without_keys(sandbox, owner):
    info = owner.get("http://sandbox/__sandbox__/info").json()
    agency = next(w for w in info["workspaces"] if w["id"] == sandbox.ws_id)
    assert agency["entries"] == 400 and len(agency["users"]) == 8
    assert sandbox.key() not in str(info)


def test_seed_is_deterministic():
    one = make_harness(seed=5)
    two = make_harness(seed=5)
    other = make_harness(seed=6)
    ids = lambda h: sorted(h.ws().entries)
    assert ids(one) == ids(two) and one.info.keys == two.info.keys
    assert ids(one) != ids(other)
    e1 = [(e.start, e.end, e.description) for e in one.ws().by_user[one.user_id()]]
    e2 = [(e.start, e.end, e.description) for e in two.ws().by_user[two.user_id()]]
    assert e1 == e2


def test_seed_sizes_are_parameters_and_data_looks_like_an_agency():
    sandbox = make_harness(entries=3000, users=5)
    ws = sandbox.ws()
    assert len(ws.entries) == 3000 and len(ws.roles) == 5
    running = [e for e in ws.entries.values() if e.end is None]
    assert len(running) == 2
    finished = [e for e in ws.entries.values() if e.end is not None]
    assert all(e.end <= ANCHOR for e in finished)
    billable = sum(e.billable for e in finished) / len(finished)
    assert 0.4 < billable < 0.95
    hours = sum(e.end - e.start for e in finished) / 3600
    days = len({(e.user_id, e.start // 86400) for e in finished})
    assert 5 <= hours / days <= 10  # a working day of tracked time
    assert any(p["clientId"] for p in ws.projects.values())
    assert any(p["budgetEstimate"]["active"] for p in ws.projects.values())


def test_a_million_entries_seed_and_serve():
    backend = seeded_backend(SeedConfig(entries=1_000_000, anchor=ANCHOR))
    ws = backend.state.workspaces[backend.seed_info.workspace_id]
    assert len(ws.entries) == 1_000_000
    per_user = [len(rows) for rows in ws.by_user.values()]
    assert sum(per_user) == 1_000_000 and max(per_user) - min(per_user) <= 3
    sandbox = Harness(backend, create_app(backend), backend.seed_info)
    with sandbox.client() as owner:
        page = owner.get(f"/workspaces/{sandbox.ws_id}/user/{sandbox.user_id()}/time-entries",
                         params={"page-size": 5000, "page": 3})
        assert page.status_code == 200 and len(page.json()) == 5000
