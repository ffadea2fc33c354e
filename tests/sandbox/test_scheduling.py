"""Scheduling over HTTP: the 11 assignment operations, validated against the corrected spec, with
series scopes, copies, publishing, totals counted on working days, roles and the free plan."""

from __future__ import annotations

import pytest

from conftest import make_harness
from spec import assert_conforms, check
from test_paid_resources import _specs  # noqa: F401 (the fixture: skip when the specs are not here)

A = "/workspaces/{workspaceId}/scheduling/assignments"
WEEK = {"start": "2026-11-23T00:00:00Z", "end": "2026-11-29T00:00:00Z"}  # Monday to Sunday after the anchor
EMPTY = b""


@pytest.fixture
def sandbox():
    """A seeded sandbox whose schedule starts empty, so counts are exact."""
    harness = make_harness()
    harness.ws().collection("assignments").clear()
    return harness


def request(sandbox, role, method, template, *, params=None, json=None, **ids):
    path = template.replace("{workspaceId}", sandbox.ws_id)
    for name, value in ids.items():
        path = path.replace("{" + name + "}", value)
    with sandbox.client(role) as client:
        return client.request(method, path, params=params, json=json)


def call(sandbox, role, method, template, *, expect, params=None, json=None, **ids):
    """The answer's JSON (``EMPTY`` for no body at all); successes must conform to the corrected spec."""
    resp = request(sandbox, role, method, template, params=params, json=json, **ids)
    assert resp.status_code == expect, f"{method} {template}: {resp.status_code} {resp.text[:300]}"
    body = resp.json() if resp.content else None
    if resp.status_code < 300:
        check(body, method, template, resp.status_code, raw=resp.content)
    return EMPTY if body is None else body


def projects(sandbox, n=2):
    return [p["id"] for p in sandbox.ws().projects.values() if not p["archived"]][:n]


def create(sandbox, user, project, start, end, hours, *, role="owner", expect=201, **extra):
    body = {"userId": user, "projectId": project, "start": start, "end": end, "hoursPerDay": hours, **extra}
    return call(sandbox, role, "POST", A + "/recurring", expect=expect, json=body)


def test_the_seed_schedules_next_week_and_publishes_it():
    h = make_harness()
    rows = h.ws().collection("assignments").values()
    assert len(rows) == 4 and sum(r["published"] for r in rows) == 3
    seen = call(h, "member", "GET", A + "/all", expect=200, params=WEEK)
    assert len(seen) == 3
    admin = call(h, "owner", "GET", A + "/users/{userId}/totals", expect=200, params=WEEK, userId=h.user_id("admin"))
    assert sum(d["totalHours"] for d in admin["totalHoursPerDay"]) == 5 * 6.0


def test_listing_pages_sorts_filters_and_needs_start_and_end(sandbox):
    member, admin = sandbox.user_id("member"), sandbox.user_id("admin")
    p1, p2 = projects(sandbox)
    made = [create(sandbox, member, p1, "2026-11-23T00:00:00Z", "2026-11-24T00:00:00Z", 4)[0],
            create(sandbox, admin, p2, "2026-11-25T00:00:00Z", "2026-11-25T00:00:00Z", 8)[0],
            create(sandbox, admin, p1, "2026-12-07T00:00:00Z", "2026-12-08T00:00:00Z", 2)[0]]
    assert [m["published"] for m in made] == [False, False, False]
    first = request(sandbox, "owner", "GET", A + "/all", params={**WEEK, "page-size": 1})
    assert first.headers["Last-Page"] == "false" and [r["id"] for r in first.json()] == [made[0]["id"]]
    second = request(sandbox, "owner", "GET", A + "/all", params={**WEEK, "page-size": 1, "page": 2})
    assert second.headers["Last-Page"] == "true" and [r["id"] for r in second.json()] == [made[1]["id"]]
    assert_conforms(second.json(), "GET", A + "/all")
    everything = call(sandbox, "owner", "GET", A + "/all", expect=200,
                      params={"start": "2026-11-01T00:00:00Z", "end": "2026-12-31T00:00:00Z", "sort-column": "ID",
                              "sort-order": "DESCENDING"})
    assert [r["id"] for r in everything] == sorted((m["id"] for m in made), reverse=True)
    named = sandbox.ws().projects[p2]["name"]
    assert [r["id"] for r in call(sandbox, "owner", "GET", A + "/all", expect=200,
                                  params={**WEEK, "name": named[:5].lower()})] == [made[1]["id"]]
    for missing in ("start", "end"):
        params = {k: v for k, v in WEEK.items() if k != missing}
        error = call(sandbox, "owner", "GET", A + "/all", expect=400, params=params)
        assert error["code"] == 3001 and f"'{missing}'" in error["message"]
    call(sandbox, "owner", "GET", A + "/all", expect=400, params={**WEEK, "sort-column": "PLANET"})


def test_a_recurring_assignment_makes_weekly_copies_in_one_series(sandbox):
    member, (project, _) = sandbox.user_id("member"), projects(sandbox)
    series = create(sandbox, member, project, "2026-11-23T00:00:00Z", "2026-11-24T00:00:00Z", 4,
                    recurringAssignment={"repeat": True, "weeks": 3}, note="Sprint", startTime="09:30:00")
    assert [s["period"]["start"] for s in series] == ["2026-11-23T00:00:00Z", "2026-11-30T00:00:00Z",
                                                      "2026-12-07T00:00:00Z"]
    assert len({s["recurring"]["seriesId"] for s in series}) == 1 and {s["recurring"]["weeks"] for s in series} == {3}
    assert len(sandbox.ws().collection("assignments")) == 3
    too_long = create(sandbox, member, project, "2026-11-23T00:00:00Z", "2026-12-01T00:00:00Z", 4, expect=400,
                      recurringAssignment={"repeat": True, "weeks": 2})
    assert too_long["code"] == 501 and "week" in too_long["message"]
    create(sandbox, member, project, "2026-11-23T00:00:00Z", "2026-11-24T00:00:00Z", 4, expect=400,
           recurringAssignment={"repeat": True, "weeks": 100})
    create(sandbox, member, project, "2026-11-23T00:00:00Z", "2026-11-24T00:00:00Z", 25, expect=400)
    create(sandbox, member, "no-such-project", "2026-11-23T00:00:00Z", "2026-11-24T00:00:00Z", 4, expect=400)
    assert len(sandbox.ws().collection("assignments")) == 3


def test_updates_and_deletes_reach_this_one_the_following_or_all(sandbox):
    member, (project, _) = sandbox.user_id("member"), projects(sandbox)
    a, b, c = create(sandbox, member, project, "2026-11-23T00:00:00Z", "2026-11-24T00:00:00Z", 4,
                     recurringAssignment={"repeat": True, "weeks": 3})
    one = call(sandbox, "owner", "PATCH", A + "/recurring/{assignmentId}", assignmentId=a["id"], expect=200,
               json={"start": "2026-11-23T00:00:00Z", "end": "2026-11-24T00:00:00Z", "hoursPerDay": 6})
    assert [r["id"] for r in one] == [a["id"]] and one[0]["hoursPerDay"] == 6.0
    later = call(sandbox, "owner", "PATCH", A + "/recurring/{assignmentId}", assignmentId=b["id"], expect=200,
                 json={"start": "2026-12-01T00:00:00Z", "end": "2026-12-03T00:00:00Z", "note": "moved",
                       "seriesUpdateOption": "THIS_AND_FOLLOWING"})
    assert [(r["id"], r["period"]["start"], r["period"]["end"]) for r in later] == [
        (b["id"], "2026-12-01T00:00:00Z", "2026-12-03T00:00:00Z"),
        (c["id"], "2026-12-08T00:00:00Z", "2026-12-10T00:00:00Z")]
    every = call(sandbox, "owner", "PATCH", A + "/recurring/{assignmentId}", assignmentId=c["id"], expect=200,
                 json={**{k: later[1]["period"][k] for k in ("start", "end")}, "billable": True,
                       "seriesUpdateOption": "ALL"})
    assert len(every) == 3 and all(r["billable"] for r in every)
    assert [r["hoursPerDay"] for r in every] == [6.0, 4.0, 4.0]
    call(sandbox, "owner", "PATCH", A + "/recurring/{assignmentId}", assignmentId=a["id"], expect=400,
         json={"start": "2026-11-23T00:00:00Z", "end": "2026-12-04T00:00:00Z"})
    call(sandbox, "owner", "PATCH", A + "/recurring/{assignmentId}", assignmentId=a["id"], expect=400,
         json={"start": "2026-11-23T00:00:00Z", "end": "2026-11-24T00:00:00Z", "seriesUpdateOption": "THIS"})
    gone = call(sandbox, "owner", "DELETE", A + "/recurring/{assignmentId}", assignmentId=b["id"], expect=200,
                params={"seriesUpdateOption": "THIS_AND_FOLLOWING"})
    assert sorted(r["id"] for r in gone) == sorted([b["id"], c["id"]])
    assert list(sandbox.ws().collection("assignments")) == [a["id"]]
    call(sandbox, "owner", "DELETE", A + "/recurring/{assignmentId}", assignmentId=b["id"], expect=400)
    call(sandbox, "owner", "DELETE", A + "/recurring/{assignmentId}", assignmentId=a["id"], expect=400,
         params={"seriesUpdateOption": "SOME"})
    last = call(sandbox, "owner", "DELETE", A + "/recurring/{assignmentId}", assignmentId=a["id"], expect=200)
    assert [r["id"] for r in last] == [a["id"]] and not sandbox.ws().collection("assignments")


def test_delete_all_removes_the_original_and_its_copies(sandbox):
    member, (project, _) = sandbox.user_id("member"), projects(sandbox)
    made = create(sandbox, member, project, "2026-11-23T00:00:00Z", "2026-11-24T00:00:00Z", 4,
                  recurringAssignment={"repeat": True, "weeks": 2})
    gone = call(sandbox, "owner", "DELETE", A + "/recurring/{assignmentId}", assignmentId=made[1]["id"], expect=200,
                params={"seriesUpdateOption": "ALL"})
    assert sorted(r["id"] for r in gone) == sorted(m["id"] for m in made)
    assert not sandbox.ws().collection("assignments")


def test_the_series_period_grows_shrinks_and_stops(sandbox):
    member, (project, _) = sandbox.user_id("member"), projects(sandbox)
    [single] = create(sandbox, member, project, "2026-11-23T00:00:00Z", "2026-11-24T00:00:00Z", 4)
    assert single["recurring"]["repeat"] is False
    grown = call(sandbox, "owner", "PUT", A + "/series/{assignmentId}", assignmentId=single["id"], expect=200,
                 json={"repeat": True, "weeks": 3})
    assert [r["period"]["start"] for r in grown] == ["2026-11-23T00:00:00Z", "2026-11-30T00:00:00Z",
                                                     "2026-12-07T00:00:00Z"]
    assert grown[0]["id"] == single["id"] and {r["recurring"]["weeks"] for r in grown} == {3}
    shrunk = call(sandbox, "owner", "PUT", A + "/series/{assignmentId}", assignmentId=grown[2]["id"], expect=200,
                  json={"repeat": True, "weeks": 1})
    assert [r["id"] for r in shrunk] == [single["id"]] and len(sandbox.ws().collection("assignments")) == 1
    call(sandbox, "owner", "PUT", A + "/series/{assignmentId}", assignmentId=single["id"], expect=200,
         json={"repeat": True, "weeks": 2})
    stopped = call(sandbox, "owner", "PUT", A + "/series/{assignmentId}", assignmentId=single["id"], expect=200,
                   json={"repeat": False, "weeks": 1})
    assert [r["id"] for r in stopped] == [single["id"]] and stopped[0]["recurring"]["repeat"] is False
    assert len(sandbox.ws().collection("assignments")) == 1
    [long] = create(sandbox, member, project, "2026-11-23T00:00:00Z", "2026-12-04T00:00:00Z", 4)
    refused = call(sandbox, "owner", "PUT", A + "/series/{assignmentId}", assignmentId=long["id"], expect=400,
                   json={"repeat": True, "weeks": 1})
    assert refused["code"] == 501 and "week" in refused["message"]
    call(sandbox, "owner", "PUT", A + "/series/{assignmentId}", assignmentId=single["id"], expect=400,
         json={"repeat": True, "weeks": 0})


def test_copies_go_to_another_member_unpublished_in_a_new_series(sandbox):
    member, admin, (project, _) = sandbox.user_id("member"), sandbox.user_id("admin"), projects(sandbox)
    made = create(sandbox, member, project, "2026-11-23T00:00:00Z", "2026-11-24T00:00:00Z", 4,
                  recurringAssignment={"repeat": True, "weeks": 2})
    call(sandbox, "owner", "PUT", A + "/publish", expect=200, json=WEEK)
    one = call(sandbox, "owner", "POST", A + "/{assignmentId}/copy", assignmentId=made[0]["id"], expect=200,
               json={"userId": admin, "seriesUpdateOption": "THIS_ONE"})
    assert len(one) == 1 and one[0]["userId"] == admin and one[0]["published"] is False
    assert one[0]["period"] == made[0]["period"] and one[0]["recurring"]["seriesId"] != made[0]["recurring"]["seriesId"]
    both = call(sandbox, "owner", "POST", A + "/{assignmentId}/copy", assignmentId=made[0]["id"], expect=200,
                json={"userId": admin, "seriesUpdateOption": "ALL"})
    assert [r["period"]["start"] for r in both] == [m["period"]["start"] for m in made]
    assert len({r["recurring"]["seriesId"] for r in both}) == 1 and both[0]["recurring"]["repeat"] is True
    assert len(sandbox.ws().collection("assignments")) == 5
    stranger = call(sandbox, "owner", "POST", A + "/{assignmentId}/copy", assignmentId=made[0]["id"], expect=400,
                    json={"userId": "000000000000000000000000"})
    assert stranger["message"] == "User doesn't belong to Workspace"
    call(sandbox, "owner", "POST", A + "/{assignmentId}/copy", assignmentId=made[0]["id"], expect=400, json={})


def test_totals_count_hours_on_working_days_only(sandbox):
    member, admin = sandbox.user_id("member"), sandbox.user_id("admin")
    p1, p2 = projects(sandbox)
    create(sandbox, member, p1, "2026-11-23T00:00:00Z", "2026-11-24T00:00:00Z", 4)  # Mon, Tue: 8h
    create(sandbox, member, p1, "2026-11-27T00:00:00Z", "2026-11-29T00:00:00Z", 2, includeNonWorkingDays=True)
    create(sandbox, admin, p2, "2026-11-28T00:00:00Z", "2026-11-29T00:00:00Z", 3)  # a weekend: nothing counts
    rows = call(sandbox, "owner", "POST", A + "/projects/totals", expect=200, json=WEEK)
    totals = {r["projectId"]: r for r in rows}
    assert totals[p1]["totalHours"] == 8.0 + 3 * 2.0 and totals[p2]["totalHours"] == 0.0
    assert [d["hasAssignment"] for d in totals[p1]["assignments"]] == [True, True, False, False, True, True, True]
    assert totals[p1]["assignments"][0]["date"] == "2026-11-23T00:00:00Z" and totals[p1]["milestones"] == []
    single = call(sandbox, "member", "GET", A + "/projects/totals/{projectId}", projectId=p1, expect=200,
                  params=WEEK)
    assert single == EMPTY  # a member sees published assignments only
    single = call(sandbox, "owner", "GET", A + "/projects/totals/{projectId}", projectId=p1, expect=200, params=WEEK)
    assert single == totals[p1]
    later = {"start": "2026-12-01T00:00:00Z", "end": "2026-12-05T00:00:00Z"}
    assert call(sandbox, "owner", "GET", A + "/projects/totals/{projectId}", projectId=p1, expect=200,
                params=later) == EMPTY
    assert call(sandbox, "owner", "POST", A + "/projects/totals", expect=200,
                json={**WEEK, "statusFilter": "PUBLISHED"}) == []
    paged = call(sandbox, "owner", "POST", A + "/projects/totals", expect=200, json={**WEEK, "pageSize": 1, "page": 2})
    assert [r["projectId"] for r in paged] == [rows[1]["projectId"]]
    call(sandbox, "owner", "POST", A + "/projects/totals", expect=400, json={**WEEK, "pageSize": 201})
    call(sandbox, "owner", "POST", A + "/projects/totals", expect=400, json={"start": WEEK["start"]})
    call(sandbox, "owner", "GET", A + "/projects/totals/{projectId}", projectId="nope", expect=400, params=WEEK)
    assert call(sandbox, "owner", "GET", A + "/projects/totals/{projectId}", projectId=p1, expect=400,
                params={"start": WEEK["start"]})["code"] == 3001

    sandbox.backend.members.profile(sandbox.ws(), sandbox.backend.authenticate(sandbox.key()), member,
                                    {"workCapacity": "PT6H"})
    users = call(sandbox, "owner", "POST", A + "/user-filter/totals", expect=200,
                 json={**WEEK, "userFilter": {"ids": [member, admin], "contains": "CONTAINS"}})
    mine = {u["userId"]: u for u in users}
    assert set(mine) == {member, admin} and mine[member]["capacityPerDay"] == 6 * 3600
    assert mine[admin]["capacityPerDay"] == 8 * 3600
    assert [d["totalHours"] for d in mine[member]["totalHoursPerDay"]] == [4.0, 4.0, 0.0, 0.0, 2.0, 2.0, 2.0]
    assert sum(d["totalHours"] for d in mine[admin]["totalHoursPerDay"]) == 0.0
    everyone = call(sandbox, "owner", "POST", A + "/user-filter/totals", expect=200, json=WEEK)
    assert len(everyone) == len(sandbox.ws().roles)
    others = call(sandbox, "owner", "POST", A + "/user-filter/totals", expect=200,
                  json={**WEEK, "userFilter": {"ids": [member], "contains": "DOES_NOT_CONTAIN"}})
    assert member not in {u["userId"] for u in others} and len(others) == len(everyone) - 1
    one = call(sandbox, "owner", "GET", A + "/users/{userId}/totals", userId=member, expect=200, params=WEEK)
    assert one == mine[member]
    assert call(sandbox, "owner", "GET", A + "/users/{userId}/totals", userId=sandbox.user_id("owner"), expect=200,
                params=WEEK) == EMPTY
    call(sandbox, "owner", "GET", A + "/users/{userId}/totals", userId="nobody", expect=400, params=WEEK)
    assert call(sandbox, "owner", "GET", A + "/users/{userId}/totals", userId=member, expect=400,
                params={"end": WEEK["end"]})["code"] == 3001


def test_publishing_shows_assignments_to_members(sandbox):
    member, admin, (project, _) = sandbox.user_id("member"), sandbox.user_id("admin"), projects(sandbox)
    mine = create(sandbox, member, project, "2026-11-23T00:00:00Z", "2026-11-24T00:00:00Z", 4)[0]
    create(sandbox, admin, project, "2026-11-23T00:00:00Z", "2026-11-24T00:00:00Z", 4)
    assert call(sandbox, "member", "GET", A + "/all", expect=200, params=WEEK) == []
    answer = call(sandbox, "owner", "PUT", A + "/publish", expect=200,
                  json={**WEEK, "notifyUsers": False, "userFilter": {"ids": [member], "contains": "CONTAINS"}})
    assert answer == EMPTY
    assert [r["id"] for r in call(sandbox, "member", "GET", A + "/all", expect=200, params=WEEK)] == [mine["id"]]
    published = {r["userId"]: r["published"] for r in sandbox.ws().collection("assignments").values()}
    assert published == {member: True, admin: False}
    call(sandbox, "owner", "PUT", A + "/publish", expect=200, json=WEEK)
    assert all(r["published"] for r in sandbox.ws().collection("assignments").values())
    call(sandbox, "owner", "PUT", A + "/publish", expect=400, json={"end": WEEK["end"]})


def test_changes_queue_assignment_webhooks(sandbox):
    ws, backend = sandbox.ws(), sandbox.backend
    owner = backend.authenticate(sandbox.key())
    for event in ("ASSIGNMENT_CREATED", "ASSIGNMENT_UPDATED", "ASSIGNMENT_DELETED", "ASSIGNMENT_PUBLISHED"):
        backend.webhooks.create(ws, owner, {"name": event.lower(), "url": "https://hooks.test/x", "webhookEvent": event})
    made = backend.scheduling.create(ws, owner, {"userId": sandbox.user_id("member"), "projectId": projects(sandbox)[0],
                                                 **WEEK, "hoursPerDay": 1, "recurringAssignment": {"repeat": False,
                                                                                                   "weeks": 1}})
    backend.scheduling.publish(ws, owner, WEEK)
    backend.scheduling.update(ws, owner, made[0]["id"], {**WEEK, "hoursPerDay": 2})
    backend.scheduling.delete(ws, owner, made[0]["id"], "THIS_ONE")
    events = [(d.event, d.body["id"]) for d in backend.take_outbox()]
    assert events == [(e, made[0]["id"]) for e in ("ASSIGNMENT_CREATED", "ASSIGNMENT_PUBLISHED",
                                                   "ASSIGNMENT_UPDATED", "ASSIGNMENT_DELETED")]


def test_members_only_read_and_unknown_ids_are_400(sandbox):
    member, (project, _) = sandbox.user_id("member"), projects(sandbox)
    [made] = create(sandbox, member, project, "2026-11-23T00:00:00Z", "2026-11-24T00:00:00Z", 4)
    ids = {"assignmentId": made["id"]}
    create(sandbox, member, project, "2026-11-23T00:00:00Z", "2026-11-24T00:00:00Z", 4, role="member", expect=403)
    call(sandbox, "member", "PATCH", A + "/recurring/{assignmentId}", expect=403, json=WEEK, **ids)
    call(sandbox, "member", "DELETE", A + "/recurring/{assignmentId}", expect=403, **ids)
    call(sandbox, "member", "PUT", A + "/series/{assignmentId}", expect=403, json={"repeat": True, "weeks": 2}, **ids)
    call(sandbox, "member", "POST", A + "/{assignmentId}/copy", expect=403, json={"userId": member}, **ids)
    call(sandbox, "member", "PUT", A + "/publish", expect=403, json=WEEK)
    assert list(sandbox.ws().collection("assignments")) == [made["id"]] and not made["published"]
    call(sandbox, "member", "POST", A + "/projects/totals", expect=200, json=WEEK)
    call(sandbox, "member", "POST", A + "/user-filter/totals", expect=200, json=WEEK)
    unknown = call(sandbox, "owner", "PATCH", A + "/recurring/{assignmentId}", assignmentId="0" * 24, expect=400,
                   json=WEEK)
    assert unknown == {"message": "Assignment doesn't belong to Workspace", "code": 501}


def test_scheduling_answers_403_on_a_free_plan():
    free = make_harness(entries=10, plan="free")
    owner, project = free.user_id("owner"), next(iter(free.ws().projects))
    assert not free.ws().collection("assignments")
    refusals = [
        call(free, "owner", "GET", A + "/all", expect=403, params=WEEK),
        call(free, "owner", "POST", A + "/projects/totals", expect=403, json=WEEK),
        call(free, "owner", "GET", A + "/projects/totals/{projectId}", projectId=project, expect=403, params=WEEK),
        call(free, "owner", "POST", A + "/user-filter/totals", expect=403, json=WEEK),
        call(free, "owner", "GET", A + "/users/{userId}/totals", userId=owner, expect=403, params=WEEK),
        call(free, "owner", "PUT", A + "/publish", expect=403, json=WEEK),
        create(free, owner, project, WEEK["start"], WEEK["end"], 4, expect=403),
        call(free, "owner", "PATCH", A + "/recurring/{assignmentId}", assignmentId="0" * 24, expect=403, json=WEEK),
        call(free, "owner", "DELETE", A + "/recurring/{assignmentId}", assignmentId="0" * 24, expect=403),
        call(free, "owner", "PUT", A + "/series/{assignmentId}", assignmentId="0" * 24, expect=403,
             json={"repeat": True, "weeks": 2}),
        call(free, "owner", "POST", A + "/{assignmentId}/copy", assignmentId="0" * 24, expect=403,
             json={"userId": owner}),
    ]
    assert all("SCHEDULING" in r["message"] and r["code"] == 403 for r in refusals)
