"""Every ClockEye endpoint's shape over HTTP: users, projects, entries, timer, summary, screenshots, pages."""

from __future__ import annotations

import re

import pytest

from clockeye_sandbox import error_of, make_sandbox

ENTRY_KEYS = {"id", "user_id", "project_id", "task_id", "description", "start_time", "end_time", "duration",
              "billable", "tags", "created_at", "updated_at"}
STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


@pytest.fixture
def sandbox():
    return make_sandbox()


@pytest.fixture
def owner(sandbox):
    with sandbox.client("owner") as client:
        yield client


def test_me_and_users_are_data_and_pages(sandbox, owner):
    me = owner.get("/users/me").json()["data"]
    assert me == {"id": sandbox.user_id("owner"), "name": "Ada Lovelace", "email": "ada.lovelace@northwind.test",
                  "role": "owner", "timezone": "Europe/London", "status": "active"}
    assert re.match(r"^usr_[a-z0-9]{10}$", me["id"])
    page = owner.get("/users").json()
    assert page["meta"] == {"total": 4, "page": 1, "per_page": 50}
    assert [u["role"] for u in page["data"]] == ["owner", "admin", "member", "member"]


def test_projects_list_filter_create_and_get(sandbox, owner):
    listed = owner.get("/projects").json()
    assert listed["meta"]["total"] == 9 and len(listed["data"]) == 9
    project = listed["data"][0]
    assert set(project) == {"id", "name", "client_name", "color", "billable", "archived", "hourly_rate", "created_at"}
    assert project["id"].startswith("prj_") and STAMP.match(project["created_at"])
    assert [p["name"] for p in owner.get("/projects", params={"archived": "true"}).json()["data"]] == ["Legacy Intranet"]
    assert owner.get("/projects", params={"archived": "false"}).json()["meta"]["total"] == 8
    resp = owner.post("/projects", json={"name": "Rocket Launch", "client_name": "Acme Corp", "color": "#00ff00",
                                         "billable": True, "hourly_rate": 99.5})
    assert resp.status_code == 201
    made = resp.json()["data"]
    assert made["color"] == "#00FF00" and made["hourly_rate"] == 99.5 and made["archived"] is False
    assert sandbox.backend.state.projects[made["id"]]["name"] == "Rocket Launch"
    assert owner.get(f"/projects/{made['id']}").json()["data"] == made
    missing = owner.get("/projects/prj_0000000000")
    assert missing.status_code == 404 and error_of(missing)["code"] == "not_found"


def test_entries_are_snake_case_newest_first_and_paged(sandbox, owner):
    page = owner.get("/time-entries", params={"per_page": 7}).json()
    mine = sandbox.backend.state.by_user[sandbox.user_id("owner")]
    assert page["meta"] == {"total": len(mine), "page": 1, "per_page": 7}
    assert [e["id"] for e in page["data"]] == [e.id for e in mine[:7]]
    first = page["data"][0]
    assert set(first) == ENTRY_KEYS and first["id"].startswith("te_")
    assert STAMP.match(first["start_time"]) and isinstance(first["duration"], int) and isinstance(first["tags"], list)
    starts = [e["start_time"] for e in page["data"]]
    assert starts == sorted(starts, reverse=True)
    second = owner.get("/time-entries", params={"per_page": 7, "page": 2}).json()["data"]
    assert [e["id"] for e in second] == [e.id for e in mine[7:14]]


def test_a_page_past_the_end_is_empty_with_the_same_meta(owner):
    total = owner.get("/time-entries").json()["meta"]["total"]
    resp = owner.get("/time-entries", params={"page": 999, "per_page": 200})
    assert resp.status_code == 200
    assert resp.json() == {"data": [], "meta": {"total": total, "page": 999, "per_page": 200}}


@pytest.mark.parametrize("params, field", [({"per_page": 201}, "per_page"), ({"per_page": 0}, "per_page"),
                                           ({"page": 0}, "page"), ({"page": "two"}, "page")])
def test_bad_paging_is_400_naming_the_parameter(owner, params, field):
    resp = owner.get("/users", params=params)
    assert resp.status_code == 400
    assert error_of(resp)["code"] == "invalid_request" and error_of(resp)["details"]["field"] == field


def test_running_timer_is_data_or_null(sandbox):
    with sandbox.client("owner") as owner, sandbox.client("member") as member:
        assert owner.get("/time-entries/running").json() == {"data": None}
        running = member.get("/time-entries/running").json()["data"]
    assert running["end_time"] is None and running["duration"] is None
    assert running["user_id"] == sandbox.user_id("member")


def test_summary_groups_by_project_user_and_day(sandbox, owner):
    params = {"start_date": "2026-11-01", "end_date": "2026-11-20", "user_id": "all"}
    by_project = owner.get("/reports/summary", params=params).json()
    meta = by_project["meta"]
    assert meta["group_by"] == "project" and meta["start_date"] == "2026-11-01" and meta["end_date"] == "2026-11-20"
    rows = by_project["data"]
    assert set(rows[0]) == {"key", "name", "duration", "billable_duration", "entries"}
    assert meta["total_duration"] == sum(r["duration"] for r in rows) > 0
    assert [r["duration"] for r in rows] == sorted((r["duration"] for r in rows), reverse=True)
    expected = [e for e in sandbox.backend.state.entries.values()
                if e.end is not None and 1793491200 <= e.start < 1795219200]
    assert meta["total_duration"] == sum(e.duration for e in expected)
    assert meta["billable_duration"] == sum(e.duration for e in expected if e.billable)
    assert sum(r["entries"] for r in rows) == len(expected)
    by_user = owner.get("/reports/summary", params={**params, "group_by": "user"}).json()
    assert {r["key"] for r in by_user["data"]} == set(sandbox.backend.state.users)
    by_day = owner.get("/reports/summary", params={**params, "group_by": "day"}).json()["data"]
    assert [r["key"] for r in by_day] == sorted(r["key"] for r in by_day) and by_day[0]["key"] >= "2026-11-01"


def test_summary_needs_its_dates_and_a_known_grouping(owner):
    resp = owner.get("/reports/summary", params={"end_date": "2026-11-20"})
    assert resp.status_code == 400 and error_of(resp)["details"] == {"field": "start_date", "reason": "required"}
    resp = owner.get("/reports/summary", params={"start_date": "2026-11-01", "end_date": "2026-11-20",
                                                 "group_by": "client"})
    assert resp.status_code == 400 and error_of(resp)["details"]["field"] == "group_by"
    resp = owner.get("/reports/summary", params={"start_date": "2026-11-20", "end_date": "2026-11-01"})
    assert resp.status_code == 400 and error_of(resp)["details"]["field"] == "end_date"


def test_summary_leaves_running_timers_out(sandbox):
    with sandbox.client("member") as member:
        day = {"start_date": "2026-11-20", "end_date": "2026-11-20"}
        before = member.get("/reports/summary", params=day).json()["meta"]
        running = member.get("/time-entries/running").json()["data"]
        assert running["start_time"].startswith("2026-11-20")
        member.post("/time-entries/stop")
        after = member.get("/reports/summary", params=day).json()["meta"]
    assert after["total_duration"] > before["total_duration"]


def test_screenshots_are_seeded_for_entries_and_filtered_by_day(sandbox, owner):
    page = owner.get("/screenshots", params={"per_page": 5}).json()
    shot = page["data"][0]
    assert set(shot) == {"id", "user_id", "time_entry_id", "taken_at", "url", "activity_level"}
    assert shot["id"].startswith("scr_") and 0 <= shot["activity_level"] <= 100
    entry = owner.get(f"/time-entries/{shot['time_entry_id']}").json()["data"]
    assert entry["start_time"] <= shot["taken_at"] <= entry["end_time"]
    one_day = owner.get("/screenshots", params={"start_date": "2026-11-19", "end_date": "2026-11-19",
                                                "per_page": 200}).json()["data"]
    assert one_day and all(s["taken_at"].startswith("2026-11-19") for s in one_day)


@pytest.mark.parametrize("prefix", ["/v1", "/api/v1", "/api"])
def test_every_documented_prefix_serves_the_same_routes(sandbox, prefix):
    with sandbox.client("owner", prefix=prefix) as client:
        assert client.get("/users/me").json()["data"]["id"] == sandbox.user_id("owner")


def test_the_seed_is_deterministic():
    first, second = make_sandbox(seed=5), make_sandbox(seed=5)
    assert first.info.keys == second.info.keys
    assert list(first.backend.state.entries) == list(second.backend.state.entries)
    assert [s.id for s in first.backend.state.screenshots] == [s.id for s in second.backend.state.screenshots]
    assert make_sandbox(seed=6).info.keys != first.info.keys
