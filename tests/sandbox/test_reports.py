"""The Reports host of the sandbox, over HTTP: exact totals, grouping, amounts, CSV, time zones, rules.

The ``world`` fixture builds a known week in an empty sandbox through the main API (2027-03-01 is
a Monday). Rates: project Alpha bills 10000 cents/h; the owner costs the workspace's 4500 cents/h,
the member 3000 cents/h. Entries:

- E1 owner, Alpha / task Dev / tag kickoff, "Planning", 2027-03-01 09:00-11:00Z: earns 20000, costs 9000
- E2 owner, Beta (not billable), no description, 2027-03-02 10:00-10:30Z: earns 0, costs 2250
- E3 member, Alpha / tags kickoff+qa, "Late fix", 2027-03-03 23:30Z-00:30Z: earns 10000, costs 3000
  (in Europe/Belgrade, UTC+1 in March, it starts on 2027-03-04 at 00:30)
- the admin's running timer on Alpha from 2027-03-02 08:00Z, which reports never count
"""

from __future__ import annotations

import csv
import io
from types import SimpleNamespace

import pytest
from conftest import make_harness
from spec import assert_conforms

WEEK = {"dateRangeStart": "2027-03-01T00:00:00", "dateRangeEnd": "2027-03-07T23:59:59.999"}
SUMMARY = "/workspaces/{workspaceId}/reports/summary"
DETAILED = "/workspaces/{workspaceId}/reports/detailed"
WEEKLY = "/workspaces/{workspaceId}/reports/weekly"
ATTENDANCE = "/workspaces/{workspaceId}/reports/attendance"


def created(resp):
    """The JSON of a successful create (any 2xx the main API uses)."""
    assert resp.status_code in (200, 201), resp.text
    return resp.json()


@pytest.fixture
def world():
    """An empty 3-user sandbox holding the known week described at the top of this module."""
    sandbox = make_harness(entries=0, users=3)
    ws = sandbox.ws_id
    api = {role: sandbox.client(role) for role in ("owner", "admin", "member")}
    owner = api["owner"]
    acme = created(owner.post(f"/workspaces/{ws}/clients", json={"name": "Acme"}))
    kickoff = created(owner.post(f"/workspaces/{ws}/tags", json={"name": "kickoff"}))
    qa = created(owner.post(f"/workspaces/{ws}/tags", json={"name": "qa"}))
    alpha = created(owner.post(f"/workspaces/{ws}/projects", json={
        "name": "Alpha", "clientId": acme["id"], "billable": True, "isPublic": True, "color": "#FF5722",
        "hourlyRate": {"amount": 10000}}))
    beta = created(owner.post(f"/workspaces/{ws}/projects", json={
        "name": "Beta", "billable": False, "isPublic": True, "color": "#4CAF50"}))
    dev = created(owner.post(f"/workspaces/{ws}/projects/{alpha['id']}/tasks", json={"name": "Dev"}))
    member_id = sandbox.user_id("member")
    created(owner.put(f"/workspaces/{ws}/users/{member_id}/cost-rate", json={"amount": 3000}))
    e1 = created(owner.post(f"/workspaces/{ws}/time-entries", json={
        "start": "2027-03-01T09:00:00Z", "end": "2027-03-01T11:00:00Z", "projectId": alpha["id"],
        "taskId": dev["id"], "tagIds": [kickoff["id"]], "description": "Planning", "billable": True}))
    e2 = created(owner.post(f"/workspaces/{ws}/time-entries", json={
        "start": "2027-03-02T10:00:00Z", "end": "2027-03-02T10:30:00Z", "projectId": beta["id"]}))
    e3 = created(api["member"].post(f"/workspaces/{ws}/time-entries", json={
        "start": "2027-03-03T23:30:00Z", "end": "2027-03-04T00:30:00Z", "projectId": alpha["id"],
        "tagIds": [kickoff["id"], qa["id"]], "description": "Late fix", "billable": True}))
    created(api["admin"].post(f"/workspaces/{ws}/time-entries", json={
        "start": "2027-03-02T08:00:00Z", "projectId": alpha["id"], "description": "still going"}))
    names = {role: created(api[role].get("/user"))["name"] for role in api}
    reports = {role: sandbox.client(role, prefix="/reports/v1") for role in api}
    return SimpleNamespace(sandbox=sandbox, ws=ws, api=api, reports=reports, names=names, ids={
        "acme": acme["id"], "kickoff": kickoff["id"], "qa": qa["id"], "alpha": alpha["id"],
        "beta": beta["id"], "dev": dev["id"], "e1": e1["id"], "e2": e2["id"], "e3": e3["id"],
        "owner": sandbox.user_id("owner"), "member": member_id})


def post(world, template, body, role="owner", status=200):
    """POST a report; check the status and, for JSON, conformance to the corrected spec."""
    resp = world.reports[role].post(template.replace("{workspaceId}", world.ws), json=body)
    assert resp.status_code == status, resp.text
    if status == 200 and resp.headers["content-type"].startswith("application/json"):
        assert_conforms(resp.json(), "POST", template, 200)
    return resp.json() if resp.headers["content-type"].startswith("application/json") else resp


def summary(world, groups, role="owner", **extra):
    """A summary report of the known week."""
    return post(world, SUMMARY, {**WEEK, "summaryFilter": {"groups": groups}, **extra}, role)


def detailed(world, role="owner", detailed_filter=None, **extra):
    """A detailed report of the known week."""
    return post(world, DETAILED, {**WEEK, "detailedFilter": detailed_filter or {}, **extra}, role)


def assert_error(resp, status, code, contains=""):
    """Clockify's error body with this status, code and message fragment."""
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert body["code"] == code and contains in body["message"], body


# -- summary -------------------------------------------------------------------------------------
def test_summary_totals_exclude_running_timers_and_use_cents(world):
    body = summary(world, ["PROJECT"])
    (totals,) = body["totals"]
    assert totals["_id"] == ""
    assert totals["totalTime"] == 12600 and totals["totalBillableTime"] == 10800
    assert totals["entriesCount"] == 3
    assert totals["totalAmount"] == 30000
    assert totals["amounts"][0]["type"] == "EARNED" and totals["amounts"][0]["value"] == 30000
    assert body["groupTotals"] == {"groupOneTotalCount": 2}
    assert body["donutChart"] == []


def test_summary_groups_nest_with_names_colours_and_amounts(world):
    body = summary(world, ["PROJECT", "USER"])
    alpha, beta = body["groupOne"]
    assert (alpha["_id"], alpha["name"], alpha["nameLowerCase"]) == (world.ids["alpha"], "Alpha", "alpha")
    assert alpha["color"] == "#FF5722" and alpha["clientName"] == "Acme"
    assert alpha["duration"] == 10800 and alpha["amount"] == 30000
    assert [(c["_id"], c["name"], c["duration"], c["amount"]) for c in alpha["children"]] == [
        (world.ids["owner"], world.names["owner"], 7200, 20000),
        (world.ids["member"], world.names["member"], 3600, 10000),
    ]
    assert beta["name"] == "Beta" and beta["clientName"] == "" and beta["duration"] == 1800 and beta["amount"] == 0
    assert [c["_id"] for c in beta["children"]] == [world.ids["owner"]]
    assert body["groupTotals"] == {"groupOneTotalCount": 2, "groupTwoTotalCount": 3}


def test_summary_three_levels_split_tags_and_follow_the_time_zone(world):
    body = summary(world, ["PROJECT", "TAG", "DATE"], timeZone="Europe/Belgrade")
    alpha, beta = body["groupOne"]
    kickoff, qa = alpha["children"]
    assert (kickoff["name"], kickoff["duration"]) == ("kickoff", 10800)
    assert [(d["_id"], d["duration"]) for d in kickoff["children"]] == [("2027-03-01", 7200), ("2027-03-04", 3600)]
    assert (qa["name"], qa["duration"], qa["amount"]) == ("qa", 3600, 10000)
    assert "children" not in kickoff["children"][0]
    (untagged,) = beta["children"]
    assert (untagged["_id"], untagged["name"]) == ("", "Without tag")
    assert body["totals"][0]["totalTime"] == 12600  # an entry with two tags still counts once
    in_utc = summary(world, ["DATE"], timeZone="UTC")
    assert [(d["_id"], d["duration"]) for d in in_utc["groupOne"]] == [
        ("2027-03-01", 7200), ("2027-03-02", 1800), ("2027-03-03", 3600)]


def test_summary_other_groupings(world):
    clients = summary(world, ["CLIENT"])["groupOne"]
    assert [(g["_id"], g["name"], g["duration"]) for g in clients] == [
        (world.ids["acme"], "Acme", 10800), ("", "Without client", 1800)]
    tasks = summary(world, ["TASK"])["groupOne"]
    assert [(g["name"], g["duration"]) for g in tasks] == [("Dev", 7200), ("Without task", 5400)]
    weeks = summary(world, ["WEEK"])["groupOne"]
    assert [(g["_id"], g["name"], g["duration"]) for g in weeks] == [("2027-03-01", "2027-03-01 - 2027-03-07", 12600)]
    months = summary(world, ["MONTH"])["groupOne"]
    assert [(g["_id"], g["duration"]) for g in months] == [("2027-03", 12600)]
    entries = summary(world, ["TIMEENTRY"])["groupOne"]
    assert sorted((g["name"], g["duration"]) for g in entries) == [
        ("(no description)", 1800), ("Late fix", 3600), ("Planning", 7200)]


def test_summary_sorting_by_duration(world):
    body = summary(world, ["PROJECT"], sortOrder="DESCENDING")
    assert [g["name"] for g in body["groupOne"]] == ["Beta", "Alpha"]
    body = post(world, SUMMARY, {**WEEK, "summaryFilter": {"groups": ["PROJECT"], "sortColumn": "DURATION"}})
    assert [g["duration"] for g in body["groupOne"]] == [1800, 10800]


def test_summary_amount_kinds(world):
    body = summary(world, ["USER"], amountShown="COST", amounts=["EARNED", "COST", "PROFIT"])
    (totals,) = body["totals"]
    assert totals["totalAmount"] == 14250
    assert {a["type"]: a["value"] for a in totals["amounts"]} == {"EARNED": 30000, "COST": 14250, "PROFIT": 15750}
    owner = next(g for g in body["groupOne"] if g["_id"] == world.ids["owner"])
    assert owner["amount"] == 11250
    assert {a["type"]: a["value"] for a in owner["amounts"]} == {"EARNED": 20000, "COST": 11250, "PROFIT": 8750}
    hidden = summary(world, ["USER"], amountShown="HIDE_AMOUNT")
    assert hidden["totals"][0]["totalAmount"] == 0 and hidden["totals"][0]["amounts"] == []


def test_summary_filters(world):
    ids = world.ids

    def count(**filters):
        return summary(world, ["PROJECT"], **filters)["totals"][0]["entriesCount"]

    assert count(projects={"ids": [ids["beta"]], "contains": "CONTAINS"}) == 1
    assert count(projects={"ids": [ids["alpha"]], "contains": "DOES_NOT_CONTAIN"}) == 1
    assert count(clients={"ids": [ids["acme"]]}) == 2
    assert count(tasks={"ids": [ids["dev"]]}) == 1
    assert count(tags={"ids": [ids["qa"]], "contains": "CONTAINS"}) == 1
    assert count(tags={"ids": [ids["kickoff"]], "contains": "DOES_NOT_CONTAIN"}) == 1
    assert count(tags={"ids": [ids["kickoff"]], "contains": "CONTAINS_ONLY"}) == 1
    assert count(users={"ids": [ids["member"]], "contains": "CONTAINS"}) == 1
    assert count(billable=False) == 1
    assert count(description="FIX") == 1
    assert count(withoutDescription=True) == 1
    only_owner = summary(world, ["PROJECT"], users={"ids": [ids["owner"]]})["totals"][0]
    assert (only_owner["totalTime"], only_owner["totalAmount"]) == (9000, 20000)


def test_summary_donut_chart_on_request(world):
    body = post(world, SUMMARY, {**WEEK, "summaryFilter": {"groups": ["PROJECT"], "summaryChartType": "BILLABILITY"}})
    assert {c["_id"]: c["duration"] for c in body["donutChart"]} == {"BILLABLE": 10800, "NON_BILLABLE": 1800}


def test_wall_clock_range_is_read_in_the_request_time_zone(world):
    day = {"dateRangeStart": "2027-03-04T00:00:00Z", "dateRangeEnd": "2027-03-04T23:59:59.999Z",
           "summaryFilter": {"groups": ["USER"]}}
    belgrade = post(world, SUMMARY, {**day, "timeZone": "Europe/Belgrade"})
    assert belgrade["totals"][0]["entriesCount"] == 1 and belgrade["groupOne"][0]["_id"] == world.ids["member"]
    utc = post(world, SUMMARY, day)  # the profile time zone is UTC
    assert utc["totals"][0]["entriesCount"] == 0 and utc["groupOne"] == []


# -- detailed ------------------------------------------------------------------------------------
def test_detailed_rows_newest_first_with_names_rates_and_offsets(world):
    body = detailed(world, timeZone="Europe/Belgrade")
    rows = body["timeentries"]
    assert [r["_id"] for r in rows] == [world.ids["e3"], world.ids["e2"], world.ids["e1"]]
    late = rows[0]
    assert late["userId"] == world.ids["member"] and late["userName"] == world.names["member"]
    assert late["userEmail"].endswith("@agency.test")
    assert (late["projectId"], late["projectName"], late["projectColor"]) == (world.ids["alpha"], "Alpha", "#FF5722")
    assert (late["clientId"], late["clientName"]) == (world.ids["acme"], "Acme")
    assert (late["taskId"], late["taskName"]) == ("", "")
    assert late["tags"] == [{"id": world.ids["kickoff"], "name": "kickoff"}, {"id": world.ids["qa"], "name": "qa"}]
    assert late["timeInterval"] == {"start": "2027-03-04T00:30:00+01:00", "end": "2027-03-04T01:30:00+01:00",
                                    "duration": 3600}
    assert late["billable"] is True and late["rate"] == 10000 and late["amount"] == 10000
    assert late["costRate"] == 3000 and late["costAmount"] == 3000
    beta = rows[1]
    assert beta["billable"] is False and beta["amount"] == 0 and beta["description"] == ""
    assert rows[2]["taskName"] == "Dev"
    assert body["totals"][0]["totalTime"] == 12600 and body["totals"][0]["totalAmount"] == 30000
    utc = detailed(world)
    assert utc["timeentries"][0]["timeInterval"]["start"] == "2027-03-03T23:30:00Z"


def test_detailed_paging_lives_in_detailed_filter(world):
    first = detailed(world, detailed_filter={"page": 1, "pageSize": 2})
    second = detailed(world, detailed_filter={"page": 2, "pageSize": 2})
    assert [r["_id"] for r in first["timeentries"]] == [world.ids["e3"], world.ids["e2"]]
    assert [r["_id"] for r in second["timeentries"]] == [world.ids["e1"]]
    assert first["totals"][0]["entriesCount"] == second["totals"][0]["entriesCount"] == 3
    ignored = detailed(world, page=2, pageSize=1)  # top-level paging is not Clockify's
    assert len(ignored["timeentries"]) == 3
    resp = world.reports["owner"].post(f"/workspaces/{world.ws}/reports/detailed",
                                       json={**WEEK, "detailedFilter": {"pageSize": 1001}})
    assert_error(resp, 400, 501, "1000")
    assert len(detailed(world, detailed_filter={"pageSize": 1000})["timeentries"]) == 3


def test_detailed_sorting_and_excluded_totals(world):
    body = detailed(world, detailed_filter={"sortColumn": "DURATION", "options": {"totals": "EXCLUDE"}},
                    sortOrder="ASCENDING")
    assert [r["timeInterval"]["duration"] for r in body["timeentries"]] == [1800, 3600, 7200]
    assert body["totals"] == []


# -- CSV and other exports -----------------------------------------------------------------------
def test_summary_csv(world):
    resp = summary(world, ["PROJECT", "USER"], exportType="CSV")
    assert resp.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(resp.text)))
    owner, member = world.names["owner"], world.names["member"]
    assert rows == [
        ["Project", "User", "Time (h)", "Time (decimal)", "Amount (USD)"],
        ["Alpha", owner, "02:00:00", "2.00", "200.00"],
        ["Alpha", member, "01:00:00", "1.00", "100.00"],
        ["Beta", owner, "00:30:00", "0.50", "0.00"],
    ]


def test_detailed_csv_has_every_row_in_local_time(world):
    resp = detailed(world, detailed_filter={"pageSize": 1}, exportType="CSV", timeZone="Europe/Belgrade")
    assert resp.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(resp.text)))
    assert len(rows) == 3
    late = rows[0]
    assert late["Project"] == "Alpha" and late["Client"] == "Acme" and late["Description"] == "Late fix"
    assert late["Tags"] == "kickoff, qa" and late["Billable"] == "Yes"
    assert (late["Start Date"], late["Start Time"], late["End Time"]) == ("2027-03-04", "00:30:00", "01:30:00")
    assert late["Duration (h)"] == "01:00:00"
    assert (late["Billable Rate (USD)"], late["Billable Amount (USD)"]) == ("100.00", "100.00")
    assert rows[1]["Billable"] == "No" and rows[1]["Billable Amount (USD)"] == "0.00"


@pytest.mark.parametrize("export", ["PDF", "XLSX", "ZIP"])
def test_binary_exports_are_refused(world, export):
    resp = world.reports["owner"].post(f"/workspaces/{world.ws}/reports/summary",
                                       json={**WEEK, "summaryFilter": {"groups": ["PROJECT"]}, "exportType": export})
    assert_error(resp, 400, 501, "not rendered by the sandbox")


# -- weekly --------------------------------------------------------------------------------------
def test_weekly_by_project_has_seven_days(world):
    body = post(world, WEEKLY, {**WEEK, "weeklyFilter": {"group": "PROJECT"}})
    alpha, beta = body["groupOne"]
    assert alpha["name"] == "Alpha" and alpha["duration"] == 10800 and alpha["amount"] == 30000
    assert [d["date"] for d in alpha["days"]] == [f"2027-03-0{i}" for i in range(1, 8)]
    assert [d["duration"] for d in alpha["days"]] == [7200, 0, 3600, 0, 0, 0, 0]
    assert [d["duration"] for d in beta["days"]] == [0, 1800, 0, 0, 0, 0, 0]
    assert [d["duration"] for d in body["totalsByDay"]] == [7200, 1800, 3600, 0, 0, 0, 0]
    assert body["totals"][0]["totalTime"] == 12600
    belgrade = post(world, WEEKLY, {**WEEK, "weeklyFilter": {"group": "USER"}, "timeZone": "Europe/Belgrade"})
    member = next(g for g in belgrade["groupOne"] if g["_id"] == world.ids["member"])
    assert [d["duration"] for d in member["days"]] == [0, 0, 0, 3600, 0, 0, 0]


def test_weekly_needs_exactly_seven_days(world):
    client = world.reports["owner"]
    url = f"/workspaces/{world.ws}/reports/weekly"
    eight = {"dateRangeStart": "2027-03-01T00:00:00", "dateRangeEnd": "2027-03-08T23:59:59.999",
             "weeklyFilter": {"group": "USER"}}
    assert_error(client.post(url, json=eight), 400, 501, "Please select date range of exactly 7 days for weekly report")
    six = {**eight, "dateRangeEnd": "2027-03-06T23:59:59.999"}
    assert_error(client.post(url, json=six), 400, 501, "exactly 7 days")
    exclusive = {**eight, "dateRangeEnd": "2027-03-08T00:00:00"}
    assert client.post(url, json=exclusive).status_code == 200
    assert_error(client.post(url, json={**WEEK, "weeklyFilter": {}}), 400, 501, "group")


def test_weekly_empty_week_has_a_null_totals_item(world):
    resp = world.reports["owner"].post(f"/workspaces/{world.ws}/reports/weekly", json={
        "dateRangeStart": "2027-06-07T00:00:00", "dateRangeEnd": "2027-06-13T23:59:59",
        "weeklyFilter": {"group": "USER"}})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["groupOne"] == [] and body["totals"] == [None]
    # the corrected spec documents the null item in prose, but its `nullable` sits beside a $ref,
    # which OpenAPI 3.0 ignores; validate everything else
    assert_conforms({**body, "totals": []}, "POST", WEEKLY, 200)
    assert [d["duration"] for d in body["totalsByDay"]] == [0] * 7


# -- attendance ----------------------------------------------------------------------------------
def test_attendance_per_user_and_day(world):
    created(world.api["owner"].post(f"/workspaces/{world.ws}/time-entries", json={
        "start": "2027-03-01T12:00:00Z", "end": "2027-03-01T13:00:00Z", "projectId": world.ids["beta"]}))
    body = post(world, ATTENDANCE, {**WEEK, "attendanceFilter": {}})
    rows = {(r["userId"], r["date"]): r for r in body["entities"]}
    monday = rows[(world.ids["owner"], "2027-03-01")]
    assert (monday["startTime"], monday["endTime"]) == ("2027-03-01T09:00:00Z", "2027-03-01T13:00:00Z")
    assert (monday["totalDuration"], monday["break"]) == (10800, 3600)
    assert (monday["capacity"], monday["remainingCapacity"], monday["overtime"]) == (28800, 18000, 0)
    assert monday["hasRunningEntry"] is False and monday["userName"] == world.names["owner"]
    admin = [r for r in body["entities"] if r["hasRunningEntry"]]
    assert len(admin) == 1 and admin[0]["date"] == "2027-03-02" and admin[0]["totalDuration"] == 0
    assert admin[0]["startTime"] == "2027-03-02T08:00:00Z" and admin[0]["endTime"] == ""
    assert [r["date"] for r in body["entities"]] == sorted(r["date"] for r in body["entities"])
    paged = post(world, ATTENDANCE, {**WEEK, "attendanceFilter": {"page": 2, "pageSize": 2}})
    assert paged["entities"] == body["entities"][2:4]


# -- rules -----------------------------------------------------------------------------------------
def test_members_only_see_their_own_entries(world):
    mine = summary(world, ["USER"], role="member")
    assert mine["totals"][0]["entriesCount"] == 1 and mine["totals"][0]["totalTime"] == 3600
    assert [g["_id"] for g in mine["groupOne"]] == [world.ids["member"]]
    asked_for_owner = summary(world, ["USER"], role="member", users={"ids": [world.ids["owner"]]})
    assert asked_for_owner["totals"][0]["entriesCount"] == 0
    assert [r["_id"] for r in detailed(world, role="member")["timeentries"]] == [world.ids["e3"]]
    assert summary(world, ["USER"], role="admin")["totals"][0]["entriesCount"] == 3


def test_free_plan_is_limited_to_31_days():
    sandbox = make_harness(plan="free", entries=0, users=2)
    client = sandbox.client("owner", prefix="/reports/v1")
    url = f"/workspaces/{sandbox.ws_id}/reports/summary"
    body = {"summaryFilter": {"groups": ["PROJECT"]}, "dateRangeStart": "2027-01-01T00:00:00"}
    assert_error(client.post(url, json={**body, "dateRangeEnd": "2027-02-01T23:59:59.999"}), 400, 501, "31 days")
    assert client.post(url, json={**body, "dateRangeEnd": "2027-01-31T23:59:59.999"}).status_code == 200
    paid = make_harness(entries=0, users=2)
    resp = paid.client("owner", prefix="/reports/v1").post(
        f"/workspaces/{paid.ws_id}/reports/summary", json={**body, "dateRangeEnd": "2027-04-30T23:59:59"})
    assert resp.status_code == 200


def test_bad_requests(world):
    client = world.reports["owner"]
    url = f"/workspaces/{world.ws}/reports/summary"
    groups = {"summaryFilter": {"groups": ["PROJECT"]}}
    assert_error(client.post(url, json={"dateRangeEnd": WEEK["dateRangeEnd"], **groups}), 400, 501,
                 "dateRangeStart: must not be null")
    reversed_range = {"dateRangeStart": WEEK["dateRangeEnd"], "dateRangeEnd": WEEK["dateRangeStart"]}
    assert_error(client.post(url, json={**reversed_range, **groups}), 400, 501, "dateRangeEnd")
    assert_error(client.post(url, json={**WEEK, "summaryFilter": {"groups": ["COLOUR"]}}), 400, 501,
                 "Invalid group name")
    four = ["PROJECT", "USER", "TAG", "DATE"]
    assert_error(client.post(url, json={**WEEK, "summaryFilter": {"groups": four}}), 400, 501)
    assert_error(client.post(url, json=WEEK), 400, 501, "summaryFilter")
    assert_error(client.post(url, json={**WEEK, **groups, "timeZone": "Mars/Olympus"}), 400, 501, "time zone")
    assert_error(client.post(url, json={**WEEK, **groups, "dateRangeStart": "next tuesday"}), 400, 501)
    assert_error(client.post(url, content=b'{"dateRangeStart":', headers={"Content-Type": "application/json"}),
                 400, 3002)
    assert_error(client.post(url, json={**WEEK, "summaryFilter": "PROJECT"}), 400, 3002, "summaryFilter")
    assert_error(client.post(url, json={**WEEK, **groups, "amountShown": "LOTS"}), 400, 501, "amountShown")
    assert_error(client.post(url, json={**WEEK, **groups, "users": {"ids": "me"}}), 400, 3002)


def test_reports_need_workspace_membership(world):
    personal = next(w for w in world.sandbox.backend.state.workspaces.values() if w.id != world.ws)
    resp = world.reports["member"].post(f"/workspaces/{personal.id}/reports/summary",
                                        json={**WEEK, "summaryFilter": {"groups": ["PROJECT"]}})
    assert resp.status_code == 403


def test_a_month_of_a_200k_entry_workspace_reports_in_full():
    sandbox = make_harness(entries=200_000)
    client = sandbox.client("owner", prefix="/reports/v1")
    month = {"dateRangeStart": "2026-10-01T00:00:00", "dateRangeEnd": "2026-10-31T23:59:59.999"}
    body = client.post(f"/workspaces/{sandbox.ws_id}/reports/summary",
                       json={**month, "summaryFilter": {"groups": ["PROJECT", "USER", "DATE"]}}).json()
    rows = client.post(f"/workspaces/{sandbox.ws_id}/reports/detailed",
                       json={**month, "detailedFilter": {"pageSize": 1000}}).json()
    assert body["totals"][0]["entriesCount"] > 5000 and len(rows["timeentries"]) == 1000


# -- shared reports ------------------------------------------------------------------------------
def test_shared_report_lifecycle(world):
    owner, member = world.reports["owner"], world.reports["member"]
    base = f"/workspaces/{world.ws}/shared-reports"
    report_filter = {**WEEK, "exportType": "JSON", "summaryFilter": {"groups": ["PROJECT"]}}
    resp = owner.post(base, json={"name": "Weekly by project", "type": "SUMMARY", "filter": report_filter})
    assert resp.status_code == 200, resp.text
    report = resp.json()
    assert_conforms(report, "POST", "/workspaces/{workspaceId}/shared-reports", 200)
    assert report["name"] == "Weekly by project" and report["isPublic"] is False
    assert report["userId"] == world.ids["owner"]

    listing = owner.get(base, params={"page": 1, "pageSize": 10}).json()
    assert_conforms(listing, "GET", "/workspaces/{workspaceId}/shared-reports", 200)
    assert listing["count"] == 1 and [r["id"] for r in listing["reports"]] == [report["id"]]
    assert member.get(base).json() == {"count": 0, "reports": []}

    opened = owner.get(f"/shared-reports/{report['id']}")
    assert opened.status_code == 200, opened.text
    data = opened.json()
    assert_conforms(data, "GET", "/shared-reports/{sharedReportId}", 200)
    assert data["totals"][0]["totalTime"] == 12600 and [g["name"] for g in data["groupOne"]] == ["Alpha", "Beta"]
    assert data["filters"]["id"] == report["id"] and data["filters"]["isAdminOrOwner"] is True
    assert member.get(f"/shared-reports/{report['id']}").status_code == 403

    updated = owner.put(f"{base}/{report['id']}", json={"name": "Team week", "isPublic": True})
    assert updated.status_code == 200 and updated.json()["name"] == "Team week"
    assert_conforms(updated.json(), "PUT", "/workspaces/{workspaceId}/shared-reports/{sharedReportId}", 200)
    seen_by_member = member.get(f"/shared-reports/{report['id']}").json()
    assert seen_by_member["totals"][0]["entriesCount"] == 3  # rendered with the author's view
    as_csv = member.get(f"/shared-reports/{report['id']}", params={"exportType": "CSV"})
    assert as_csv.headers["content-type"].startswith("text/csv") and "Alpha" in as_csv.text

    assert member.delete(f"{base}/{report['id']}").status_code == 403
    assert owner.delete(f"{base}/{report['id']}").status_code == 204
    assert_error(owner.get(f"/shared-reports/{report['id']}"), 400, 501, "Shared report")
    assert owner.get(base).json()["count"] == 0


def test_shared_report_validation(world):
    base = f"/workspaces/{world.ws}/shared-reports"
    owner = world.reports["owner"]
    assert_error(owner.post(base, json={"name": "No filter", "type": "SUMMARY"}), 400, 501, "filter")
    assert_error(owner.post(base, json={"name": "Bad type", "type": "PIE", "filter": {**WEEK, "exportType": "JSON"}}),
                 400, 501, "[type]")
    assert_error(owner.post(base, json={"name": "x", "type": "SUMMARY", "filter": {"exportType": "JSON"}}),
                 400, 501, "dateRangeStart")
