"""Time entries and the timer over HTTP: create, partial update, delete, start/stop rules, filters, roles."""

from __future__ import annotations

import calendar

import pytest

from clockeye_sandbox import error_of, make_sandbox


@pytest.fixture
def sandbox():
    return make_sandbox()


@pytest.fixture
def owner(sandbox):
    with sandbox.client("owner") as client:
        yield client


def a_project(sandbox, billable=True):
    return next(p for p in sandbox.backend.state.projects.values() if p["billable"] == billable and not p["archived"])


def test_create_get_update_delete_round_trip(sandbox, owner):
    project = a_project(sandbox)
    resp = owner.post("/time-entries", json={"description": "Write spec", "project_id": project["id"],
                                             "start_time": "2026-11-18T09:00:00Z", "end_time": "2026-11-18T10:30:00+00:00",
                                             "tags": ["deep-work"]})
    assert resp.status_code == 201
    made = resp.json()["data"]
    assert made["duration"] == 5400 and made["billable"] is True and made["tags"] == ["deep-work"]
    assert made["end_time"] == "2026-11-18T10:30:00Z" and made["user_id"] == sandbox.user_id("owner")
    stored = sandbox.backend.state.entries[made["id"]]
    assert (stored.start, stored.end) == (calendar.timegm((2026, 11, 18, 9, 0, 0)), stored.start + 5400)
    assert owner.get(f"/time-entries/{made['id']}").json()["data"] == made

    sandbox.clock.now += 60
    changed = owner.put(f"/time-entries/{made['id']}", json={"description": "Write the spec"}).json()["data"]
    assert changed["description"] == "Write the spec"
    assert {k: v for k, v in changed.items() if k not in ("description", "updated_at")} == \
           {k: v for k, v in made.items() if k not in ("description", "updated_at")}
    assert changed["updated_at"] > made["updated_at"]
    moved = owner.put(f"/time-entries/{made['id']}", json={"start_time": "2026-11-18T08:00:00Z", "project_id": None})
    assert moved.json()["data"]["duration"] == 9000 and moved.json()["data"]["project_id"] is None

    resp = owner.delete(f"/time-entries/{made['id']}")
    assert resp.status_code == 204 and resp.content == b""
    assert made["id"] not in sandbox.backend.state.entries
    gone = owner.get(f"/time-entries/{made['id']}")
    assert gone.status_code == 404 and error_of(gone)["code"] == "not_found"


def test_missing_start_time_is_400_naming_the_field_and_nothing_is_stored(sandbox, owner):
    before = len(sandbox.backend.state.entries)
    resp = owner.post("/time-entries", json={"description": "No start"})
    assert resp.status_code == 400
    assert error_of(resp) == {"code": "invalid_request", "message": "The start_time field is required",
                              "details": {"field": "start_time", "reason": "required"}}
    assert len(sandbox.backend.state.entries) == before


@pytest.mark.parametrize("body, field, reason", [
    ({"description": "x", "start_time": "2026-11-18T10:00:00Z", "end_time": "2026-11-18T09:00:00Z"}, "end_time", "invalid"),
    ({"description": "x", "start_time": "2026-11-18 10:00"}, "start_time", "invalid"),
    ({"description": "x", "start_time": "2026-11-18T10:00:00Z", "project_id": "prj_nothere00"}, "project_id", "not_found"),
    ({"description": "x", "start_time": "2026-11-18T10:00:00Z", "task_id": "tsk_nothere00"}, "task_id", "not_found"),
    ({"description": 5, "start_time": "2026-11-18T10:00:00Z"}, "description", "invalid_type"),
    ({"description": "x", "start_time": "2026-11-18T10:00:00Z", "tags": ["ok", 3]}, "tags", "invalid"),
])
def test_invalid_entries_are_refused_naming_the_field(sandbox, owner, body, field, reason):
    before = len(sandbox.backend.state.entries)
    resp = owner.post("/time-entries", json=body)
    assert resp.status_code == 400
    assert error_of(resp)["details"] == {"field": field, "reason": reason}
    assert len(sandbox.backend.state.entries) == before


def test_malformed_json_is_400(owner):
    resp = owner.post("/time-entries", content=b"{not json", headers={"Content-Type": "application/json"})
    assert resp.status_code == 400 and error_of(resp)["code"] == "invalid_request"


def test_a_task_brings_its_project_and_a_task_of_another_project_is_refused(sandbox, owner):
    tasks = list(sandbox.backend.state.tasks.values())
    task = tasks[0]
    made = owner.post("/time-entries", json={"description": "t", "task_id": task["id"],
                                             "start_time": "2026-11-18T10:00:00Z", "end_time": "2026-11-18T11:00:00Z"})
    assert made.json()["data"]["project_id"] == task["project_id"]
    other = next(t for t in tasks if t["project_id"] != task["project_id"])
    resp = owner.put(f"/time-entries/{made.json()['data']['id']}", json={"task_id": other["id"]})
    assert resp.status_code == 400 and error_of(resp)["details"]["field"] == "task_id"
    switched = owner.put(f"/time-entries/{made.json()['data']['id']}", json={"project_id": other["project_id"]})
    assert switched.json()["data"]["task_id"] is None


def test_put_cannot_clear_required_fields_or_end_time(sandbox, owner):
    entry_id = owner.get("/time-entries").json()["data"][0]["id"]
    for field in ("description", "start_time", "end_time"):
        resp = owner.put(f"/time-entries/{entry_id}", json={field: None})
        assert resp.status_code == 400 and error_of(resp)["details"]["field"] == field


def test_start_stops_the_running_timer_at_the_new_start(sandbox):
    with sandbox.client("member") as member:
        running = member.get("/time-entries/running").json()["data"]
        sandbox.clock.now += 600
        resp = member.post("/time-entries/start", json={"description": "Next thing", "tags": ["review"]})
        assert resp.status_code == 201
        started = resp.json()["data"]
        stopped = member.get(f"/time-entries/{running['id']}").json()["data"]
        assert stopped["end_time"] == started["start_time"] and stopped["duration"] > 0
        assert member.get("/time-entries/running").json()["data"]["id"] == started["id"]
        sandbox.clock.now += 1800
        done = member.post("/time-entries/stop").json()["data"]
        assert done["id"] == started["id"] and done["duration"] == 1800
        again = member.post("/time-entries/stop")
        assert again.status_code == 404 and error_of(again)["code"] == "not_found"
        assert member.get("/time-entries/running").json() == {"data": None}
    user = sandbox.user_id("member")
    assert sum(e.end is None for e in sandbox.backend.state.by_user[user]) == 0


def test_start_before_the_running_entry_is_refused(sandbox):
    with sandbox.client("member") as member:
        running = member.get("/time-entries/running").json()["data"]
        resp = member.post("/time-entries/start", json={"start_time": "2020-01-01T00:00:00Z"})
        assert resp.status_code == 400 and error_of(resp)["details"]["field"] == "start_time"
        assert member.get("/time-entries/running").json()["data"]["id"] == running["id"]


def test_stop_at_a_given_time_and_create_without_end_is_a_running_timer(sandbox, owner):
    made = owner.post("/time-entries", json={"description": "open", "start_time": "2026-11-20T14:00:00Z"}).json()["data"]
    assert made["end_time"] is None
    assert owner.get("/time-entries/running").json()["data"]["id"] == made["id"]
    early = owner.post("/time-entries/stop", json={"end_time": "2026-11-20T13:00:00Z"})
    assert early.status_code == 400 and error_of(early)["details"]["field"] == "end_time"
    done = owner.post("/time-entries/stop", json={"end_time": "2026-11-20T14:45:00Z"}).json()["data"]
    assert done["duration"] == 2700


def test_date_filters_are_inclusive_utc_days_and_from_to_is_half_open(sandbox, owner):
    for start in ("2026-12-01T23:30:00Z", "2026-12-02T00:30:00Z", "2026-12-02T23:59:59Z", "2026-12-03T00:00:00Z"):
        owner.post("/time-entries", json={"description": start, "start_time": start, "end_time": start})
    day = owner.get("/time-entries", params={"start_date": "2026-12-02", "end_date": "2026-12-02"}).json()["data"]
    assert [e["description"] for e in day] == ["2026-12-02T23:59:59Z", "2026-12-02T00:30:00Z"]
    two = owner.get("/time-entries", params={"start_date": "2026-12-01", "end_date": "2026-12-02"}).json()["meta"]
    assert two["total"] == 3
    window = owner.get("/time-entries", params={"from": "2026-12-01T23:30:00Z", "to": "2026-12-03T00:00:00Z"})
    assert window.json()["meta"]["total"] == 3
    bad = owner.get("/time-entries", params={"start_date": "12/02/2026"})
    assert bad.status_code == 400 and error_of(bad)["details"]["field"] == "start_date"


def test_project_filter(sandbox, owner):
    project = a_project(sandbox)
    rows = owner.get("/time-entries", params={"project_id": project["id"], "per_page": 200}).json()["data"]
    assert rows and {e["project_id"] for e in rows} == {project["id"]}


def test_user_id_all_is_for_owners_and_admins_only(sandbox):
    total = len(sandbox.backend.state.entries)
    for role in ("owner", "admin"):
        with sandbox.client(role) as client:
            assert client.get("/time-entries", params={"user_id": "all"}).json()["meta"]["total"] == total
    with sandbox.client("member") as member:
        resp = member.get("/time-entries", params={"user_id": "all"})
        assert resp.status_code == 403 and error_of(resp)["code"] == "forbidden"
        resp = member.get("/time-entries", params={"user_id": sandbox.user_id("owner")})
        assert resp.status_code == 403
        assert member.get("/screenshots", params={"user_id": "all"}).status_code == 403


def test_members_cannot_touch_other_users_entries_but_admins_can(sandbox):
    owner_entry = sandbox.backend.state.by_user[sandbox.user_id("owner")][0]
    with sandbox.client("member") as member:
        for resp in (member.get(f"/time-entries/{owner_entry.id}"),
                     member.put(f"/time-entries/{owner_entry.id}", json={"description": "mine now"}),
                     member.delete(f"/time-entries/{owner_entry.id}")):
            assert resp.status_code == 403 and error_of(resp)["code"] == "forbidden"
        resp = member.post("/projects", json={"name": "Side project"})
        assert resp.status_code == 403
    assert owner_entry.description != "mine now" and owner_entry.id in sandbox.backend.state.entries
    assert not any(p["name"] == "Side project" for p in sandbox.backend.state.projects.values())
    with sandbox.client("admin") as admin:
        assert admin.put(f"/time-entries/{owner_entry.id}", json={"billable": False}).status_code == 200


def test_project_names_are_required_and_unique(sandbox, owner):
    resp = owner.post("/projects", json={"client_name": "Acme"})
    assert resp.status_code == 400 and error_of(resp)["details"] == {"field": "name", "reason": "required"}
    taken = next(iter(sandbox.backend.state.projects.values()))["name"]
    resp = owner.post("/projects", json={"name": taken.upper()})
    assert resp.status_code == 400 and error_of(resp)["details"] == {"field": "name", "reason": "duplicate"}
    resp = owner.post("/projects", json={"name": "Paint", "color": "red"})
    assert resp.status_code == 400 and error_of(resp)["details"]["field"] == "color"


def test_deleting_an_entry_deletes_its_screenshots(sandbox, owner):
    shot = owner.get("/screenshots").json()["data"][0]
    owner.delete(f"/time-entries/{shot['time_entry_id']}")
    assert shot["id"] not in {s["id"] for s in owner.get("/screenshots", params={"per_page": 200}).json()["data"]}


def test_reset_restores_the_seeded_data(sandbox, owner):
    before = set(sandbox.backend.state.entries)
    owner.delete(f"/time-entries/{next(iter(before))}")
    with sandbox.admin() as admin:
        assert admin.post("/reset", params={"data": "true"}).json() == {"reset": True, "data": True}
    assert set(sandbox.backend.state.entries) == before
