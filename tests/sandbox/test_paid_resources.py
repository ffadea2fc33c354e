"""Holidays, expenses, invoices, approvals, custom fields, time off and change feeds over HTTP,
validated against the corrected spec; paid features answer 403 on a free plan."""

from __future__ import annotations

import pytest

from conftest import make_harness
from spec import assert_conforms, check, spec_dir

W = "/workspaces/{workspaceId}"


@pytest.fixture(autouse=True)
def _specs():
    spec_dir()


@pytest.fixture
def sandbox():
    """A seeded sandbox whose holidays, expenses, invoices... start empty, so counts are exact."""
    harness = make_harness()
    harness.ws().extra.clear()
    return harness


def test_the_seed_has_some_of_everything():
    harness = make_harness()
    counts = {name: len(harness.ws().collection(name)) for name in
              ("holidays", "expense_categories", "expenses", "invoices", "custom_fields", "policies")}
    assert counts == {"holidays": 3, "expense_categories": 2, "expenses": 6, "invoices": 1, "custom_fields": 1,
                      "policies": 1}
    with harness.client() as owner:
        listing = owner.get(f"/workspaces/{harness.ws_id}/expenses").json()
    assert listing["expenses"]["count"] == 6
    assert_conforms(listing, "GET", W + "/expenses", 200)


def call(sandbox, role, method, template, *, expect, params=None, json=None, data=None, files=None,
         prefix="/api/v1", **ids):
    """Call one route as ``role``; ``data``/``files`` send multipart form data (JSON otherwise)."""
    path = template.replace("{workspaceId}", sandbox.ws_id)
    for name, value in ids.items():
        path = path.replace("{" + name + "}", value)
    if data is not None or files is not None:  # every field as a part: multipart even without a file
        files = [(k, (None, v)) for k, v in (data or {}).items()] + list((files or {}).items())
    with sandbox.client(role, prefix=prefix) as client:
        resp = client.request(method, path, params=params, json=json, files=files)
    assert resp.status_code == expect, f"{method} {path}: {resp.status_code} {resp.text[:300]}"
    body = resp.json() if resp.content and "json" in resp.headers.get("content-type", "") else None
    if resp.status_code < 300:
        check(body, method, template, resp.status_code, raw=resp.content)
    return body


def test_holidays(sandbox):
    made = call(sandbox, "owner", "POST", W + "/holidays", expect=200, json={
        "name": "Founders Day", "datePeriod": {"startDate": "2026-12-24", "endDate": "2026-12-26"}, "occursAnnually": True})
    assert made["id"] in sandbox.ws().collection("holidays")
    rows = call(sandbox, "owner", "GET", W + "/holidays", expect=200)
    assert [h["name"] for h in rows] == ["Founders Day"]
    inside = call(sandbox, "member", "GET", W + "/holidays/in-period", expect=200,
                  params={"start": "2026-12-25", "end": "2026-12-31"})
    assert [h["id"] for h in inside] == [made["id"]]
    assert call(sandbox, "owner", "GET", W + "/holidays/in-period", expect=200,
                params={"start": "2027-01-01", "end": "2027-01-31"}) == []
    missing = call(sandbox, "owner", "GET", W + "/holidays/in-period", expect=400, params={"start": "2026-12-25"})
    assert missing["code"] == 3001
    call(sandbox, "member", "POST", W + "/holidays", expect=403, json={"name": "Mine", "datePeriod": {"startDate": "2026-12-01"}})
    call(sandbox, "owner", "PUT", W + "/holidays/{holidayId}", holidayId=made["id"], expect=200, json={
        "name": "Founders Days", "datePeriod": {"startDate": "2026-12-23", "endDate": "2026-12-26"}})
    call(sandbox, "owner", "DELETE", W + "/holidays/{holidayId}", holidayId=made["id"], expect=200)
    assert not sandbox.ws().collection("holidays")
    call(sandbox, "owner", "DELETE", W + "/holidays/{holidayId}", holidayId=made["id"], expect=400)


def test_expenses_and_categories(sandbox):
    project = next(p for p in sandbox.ws().projects.values() if not p["archived"])
    mileage = call(sandbox, "owner", "POST", W + "/expenses/categories", expect=201,
                   json={"name": "Mileage", "hasUnitPrice": True, "priceInCents": 45, "unit": "km"})
    meals = call(sandbox, "owner", "POST", W + "/expenses/categories", expect=201, json={"name": "Meals"})
    listed = call(sandbox, "owner", "GET", W + "/expenses/categories", expect=200)
    assert listed["count"] == 2
    trip = call(sandbox, "member", "POST", W + "/expenses", expect=201, data={
        "categoryId": mileage["id"], "projectId": project["id"], "date": "2026-11-10T00:00:00Z", "quantity": "120",
        "billable": "true"})
    assert trip["total"] == 5400 and trip["userId"] == sandbox.user_id("member")
    refused = call(sandbox, "owner", "POST", W + "/expenses", expect=415,
                   json={"categoryId": meals["id"], "date": "2026-11-11", "amount": 2350})
    assert refused == {"message": "Content-Type 'application/json' is not supported", "code": 3000}
    call(sandbox, "owner", "POST", W + "/expenses", expect=201,
         data={"categoryId": meals["id"], "date": "2026-11-11", "amount": "2350", "notes": "Team lunch"})
    everything = call(sandbox, "owner", "GET", W + "/expenses", expect=200)
    assert everything["expenses"]["count"] == 2
    assert sum(d["total"] for d in everything["dailyTotals"]) == 5400 + 2350
    assert everything["expenses"]["expenses"][1]["project"]["id"] == project["id"]
    mine = call(sandbox, "member", "GET", W + "/expenses", expect=200)
    assert [e["id"] for e in mine["expenses"]["expenses"]] == [trip["id"]]
    call(sandbox, "member", "DELETE", W + "/expenses/{expenseId}", expenseId=trip["id"], expect=200)
    call(sandbox, "owner", "PATCH", W + "/expenses/categories/{categoryId}/status", categoryId=meals["id"],
         expect=200, json={"archived": True})
    call(sandbox, "owner", "DELETE", W + "/expenses/categories/{categoryId}", categoryId=mileage["id"], expect=204)
    call(sandbox, "owner", "POST", W + "/expenses", expect=400, data={"categoryId": "nope", "date": "2026-11-11", "amount": "1"})
    bad = call(sandbox, "owner", "POST", W + "/expenses", expect=400,
               data={"categoryId": meals["id"], "date": "2026-11-11", "amount": "twelve"})
    assert bad["message"].endswith("for property 'amount'")


def test_invoices(sandbox):
    client = next(iter(sandbox.ws().clients.values()))
    made = call(sandbox, "owner", "POST", W + "/invoices", expect=201,
                json={"clientId": client["id"], "issuedDate": "2026-11-01", "dueDate": "2026-11-30"})
    updated = call(sandbox, "owner", "PUT", W + "/invoices/{invoiceId}", invoiceId=made["id"], expect=200,
                   json={"items": [{"description": "Design", "quantity": 1000, "unitPrice": 12000}]})
    assert updated["amount"] == 120000
    call(sandbox, "owner", "PATCH", W + "/invoices/{invoiceId}/status", invoiceId=made["id"], expect=200,
         json={"invoiceStatus": "PAID"})
    listing = call(sandbox, "owner", "GET", W + "/invoices", expect=200)
    assert listing["total"] == 1
    assert listing["invoices"][0]["status"] == "PAID" and listing["invoices"][0]["balance"] == 0
    call(sandbox, "member", "GET", W + "/invoices", expect=403)
    call(sandbox, "owner", "DELETE", W + "/invoices/{invoiceId}", invoiceId=made["id"], expect=200)
    assert not sandbox.ws().collection("invoices")


def test_approvals(sandbox):
    submitted = call(sandbox, "member", "POST", W + "/approval-requests", expect=201,
                     json={"periodStart": "2026-11-09T00:00:00Z", "note": "week 46"})
    assert submitted["dateRange"]["start"] == "2026-11-09T00:00:00Z" and submitted["status"]["state"] == "PENDING"
    call(sandbox, "member", "POST", W + "/approval-requests", expect=400, json={"periodStart": "2026-11-10T00:00:00Z"})
    rows = call(sandbox, "owner", "GET", W + "/approval-requests", expect=200, params={"status": "PENDING"})
    member_seconds = sum(e.end - e.start for e in sandbox.ws().by_user[sandbox.user_id("member")]
                         if e.end and 1794182400 <= e.start <= 1794787199)
    assert rows[0]["approvalRequest"]["id"] == submitted["id"] and member_seconds > 0
    call(sandbox, "member", "PATCH", W + "/approval-requests/{approvalRequestId}", approvalRequestId=submitted["id"],
         expect=403, json={"state": "APPROVED"})
    approved = call(sandbox, "owner", "PATCH", W + "/approval-requests/{approvalRequestId}",
                    approvalRequestId=submitted["id"], expect=200, json={"state": "APPROVED"})
    assert approved["status"]["state"] == "APPROVED"


def test_custom_fields(sandbox):
    project = next(iter(sandbox.ws().projects.values()))
    field = call(sandbox, "owner", "POST", W + "/custom-fields", expect=201,
                 json={"name": "Ticket", "type": "DROPDOWN_SINGLE", "allowedValues": ["JIRA-1", "JIRA-2"]})
    assert call(sandbox, "member", "GET", W + "/custom-fields", expect=200)[0]["id"] == field["id"]
    call(sandbox, "owner", "GET", W + "/custom-fields/{customFieldId}", customFieldId=field["id"], expect=405)
    call(sandbox, "owner", "PUT", W + "/custom-fields/{customFieldId}", customFieldId=field["id"], expect=200,
         json={"name": "Ticket id", "type": "TXT"})
    call(sandbox, "owner", "PATCH", W + "/projects/{projectId}/custom-fields/{customFieldId}", projectId=project["id"],
         customFieldId=field["id"], expect=200, json={"defaultValue": "JIRA-9", "status": "VISIBLE"})
    values = call(sandbox, "owner", "GET", W + "/projects/{projectId}/custom-fields", projectId=project["id"], expect=200)
    assert values[0]["workspaceDefaultValue"] == "JIRA-9"
    call(sandbox, "owner", "POST", W + "/custom-fields", expect=400, json={"name": "Bad", "type": "COLOUR"})
    call(sandbox, "owner", "DELETE", W + "/custom-fields/{customFieldId}", customFieldId=field["id"], expect=204)
    assert not sandbox.ws().collection("custom_fields")


def test_time_off(sandbox):
    policy = call(sandbox, "owner", "POST", W + "/time-off/policies", expect=201,
                  json={"name": "Vacation", "timeUnit": "DAYS", "approve": {"requiresApproval": True}})
    assert call(sandbox, "owner", "GET", W + "/time-off/policies", expect=200)[0]["id"] == policy["id"]
    call(sandbox, "owner", "GET", W + "/time-off/policies/{policyId}", policyId=policy["id"], expect=200)
    call(sandbox, "owner", "PUT", W + "/time-off/policies/{policyId}", policyId=policy["id"], expect=200,
         json={"name": "Holiday leave", "timeUnit": "HOURS"})
    period = {"timeOffPeriod": {"period": {"start": "2026-12-28T00:00:00Z", "end": "2026-12-31T00:00:00Z"}}}
    asked = call(sandbox, "member", "POST", W + "/time-off/policies/{policyId}/requests", policyId=policy["id"],
                 expect=200, json=period)
    assert asked["status"]["statusType"] == "PENDING"
    call(sandbox, "member", "PATCH", W + "/time-off/policies/{policyId}/requests/{requestId}", policyId=policy["id"],
         requestId=asked["id"], expect=403, json={"status": "APPROVED"})
    call(sandbox, "owner", "PATCH", W + "/time-off/policies/{policyId}/requests/{requestId}", policyId=policy["id"],
         requestId=asked["id"], expect=200, json={"status": "APPROVED"})
    found = call(sandbox, "owner", "POST", W + "/time-off/requests", expect=200, json={"statuses": ["APPROVED"]})
    assert found["count"] == 1 and found["requests"][0]["id"] == asked["id"]
    call(sandbox, "owner", "DELETE", W + "/time-off/policies/{policyId}", policyId=policy["id"], expect=400)
    call(sandbox, "owner", "PATCH", W + "/time-off/policies/{policyId}", policyId=policy["id"], expect=200,
         json={"status": "ARCHIVED"})
    call(sandbox, "owner", "DELETE", W + "/time-off/policies/{policyId}", policyId=policy["id"], expect=200)


def test_paid_features_answer_403_on_a_free_plan():
    free = make_harness(entries=10, plan="free")
    for template in ("/custom-fields", "/time-off/policies", "/invoices", "/expenses", "/approval-requests"):
        body = call(free, "owner", "GET", W + template, expect=403)
        assert isinstance(body["code"], int) and "plan" in body["message"]
    call(free, "owner", "POST", W + "/custom-fields", expect=403, json={"name": "x"})
    call(free, "owner", "GET", W + "/holidays", expect=200)


def test_change_feeds_list_what_changed_in_a_window(sandbox):
    ws = f"/workspaces/{sandbox.ws_id}"
    with sandbox.client() as owner:
        made = owner.post(f"{ws}/time-entries", json={"start": "2026-01-01T09:00:00Z", "end": "2026-01-01T10:00:00Z"}).json()
        owner.put(f"{ws}/time-entries/{made['id']}", json={"start": "2026-01-01T09:00:00Z", "end": "2026-01-01T11:00:00Z"})
        gone = owner.post(f"{ws}/time-entries", json={"start": "2026-01-02T09:00:00Z", "end": "2026-01-02T10:00:00Z"}).json()
        owner.delete(f"{ws}/time-entries/{gone['id']}")
    window = {"type": "TIME_ENTRY", "start": "2020-01-01T00:00:00Z", "end": "2100-01-01T00:00:00Z"}
    created = call(sandbox, "owner", "GET", W + "/entities/created", expect=200, params=window)
    updated = call(sandbox, "owner", "GET", W + "/entities/updated", expect=200, params=window)
    deleted = call(sandbox, "owner", "GET", W + "/entities/deleted", expect=200, params=window)
    assert [r["id"] for r in created] == [made["id"], gone["id"]]
    assert [r["id"] for r in updated] == [made["id"]] and [r["id"] for r in deleted] == [gone["id"]]
    future = {**window, "start": "2099-01-01T00:00:00Z"}
    assert call(sandbox, "owner", "GET", W + "/entities/created", expect=200, params=future) == []
    assert call(sandbox, "owner", "GET", W + "/entities/created", expect=200, params={**window, "limit": 1, "page": 1})[0]["id"] == gone["id"]
    call(sandbox, "member", "GET", W + "/entities/created", expect=403, params=window)
    call(sandbox, "owner", "GET", W + "/entities/created", expect=400, params={"start": window["start"]})


def test_invoice_lines_payments_duplicates_and_settings(sandbox):
    client = next(iter(sandbox.ws().clients.values()))
    invoice = call(sandbox, "owner", "POST", W + "/invoices", expect=201,
                   json={"clientId": client["id"], "issuedDate": "2026-11-01"})
    ids = {"invoiceId": invoice["id"]}
    call(sandbox, "owner", "POST", W + "/invoices/{invoiceId}/items", expect=200,
         json={"description": "Design", "quantity": 1000, "unitPrice": 10000}, **ids)
    after = call(sandbox, "owner", "POST", W + "/invoices/{invoiceId}/items", expect=200,
                 json={"description": "Hosting", "quantity": 100, "unitPrice": 5000}, **ids)
    assert after["amount"] == 105000 and [i["order"] for i in after["items"]] == [1, 2]
    paid = call(sandbox, "owner", "POST", W + "/invoices/{invoiceId}/payments", expect=201,
                json={"amount": 5000, "paymentDate": "2026-11-15"}, **ids)
    record = sandbox.ws().collection("invoices")[invoice["id"]]
    assert record["balance"] == 100000 and record["status"] == "PARTIALLY_PAID"
    assert [p["id"] for p in call(sandbox, "owner", "GET", W + "/invoices/{invoiceId}/payments", expect=200,
                                  **ids)] == [paid["id"]]
    call(sandbox, "owner", "DELETE", W + "/invoices/{invoiceId}/payments/{paymentId}", paymentId=paid["id"],
         expect=200, **ids)
    assert record["balance"] == 105000
    trimmed = call(sandbox, "owner", "DELETE", W + "/invoices/{invoiceId}/items/{order}", order="1", expect=200,
                   **ids)
    assert trimmed["amount"] == 5000 and trimmed["items"][0]["order"] == 1
    call(sandbox, "owner", "DELETE", W + "/invoices/{invoiceId}/items/{order}", order="9", expect=400, **ids)
    copy = call(sandbox, "owner", "POST", W + "/invoices/{invoiceId}/duplicate", expect=201, **ids)
    assert copy["id"] != invoice["id"] and copy["amount"] == 5000 and copy["status"] == "UNSENT"
    assert record["status"] == "SENT"  # taking the only payment back leaves it sent, unpaid
    found = call(sandbox, "owner", "POST", W + "/invoices/info", expect=200, json={"statuses": ["UNSENT"]})
    assert found["total"] == 1 and found["invoices"][0]["id"] == copy["id"]
    assert call(sandbox, "owner", "PUT", W + "/invoices/settings", expect=200,
                json={"defaults": {"dueDays": 14}}) is None
    assert call(sandbox, "owner", "GET", W + "/invoices/settings", expect=200)["defaults"]["dueDays"] == 14


def test_time_off_requests_can_be_withdrawn_and_project_defaults_cleared(sandbox):
    policy = call(sandbox, "owner", "POST", W + "/time-off/policies", expect=201, json={"name": "Leave"})
    period = {"timeOffPeriod": {"period": {"start": "2026-12-28T00:00:00Z", "end": "2026-12-29T00:00:00Z"}}}
    asked = call(sandbox, "member", "POST", W + "/time-off/policies/{policyId}/requests", policyId=policy["id"],
                 expect=200, json=period)
    call(sandbox, "admin", "DELETE", W + "/time-off/policies/{policyId}/requests/{requestId}", policyId=policy["id"],
         requestId=asked["id"], expect=200)
    assert not sandbox.ws().collection("time_off_requests")
    field = call(sandbox, "owner", "POST", W + "/custom-fields", expect=201, json={"name": "Code", "type": "TXT"})
    project = next(iter(sandbox.ws().projects))
    call(sandbox, "owner", "PATCH", W + "/projects/{projectId}/custom-fields/{customFieldId}", projectId=project,
         customFieldId=field["id"], expect=200, json={"defaultValue": "X1"})
    cleared = call(sandbox, "owner", "DELETE", W + "/projects/{projectId}/custom-fields/{customFieldId}",
                   projectId=project, customFieldId=field["id"], expect=200)
    assert cleared["projectDefaultValues"] == []


def test_member_profiles_roles_managers_and_balances(sandbox):
    member, admin = sandbox.user_id("member"), sandbox.user_id("admin")
    call(sandbox, "member", "GET", W + "/member-profile/{userId}", userId=member, expect=200)
    changed = call(sandbox, "member", "PATCH", W + "/member-profile/{userId}", userId=member, expect=200,
                   json={"weekStart": "SUNDAY", "workCapacity": "PT7H30M"})
    assert changed["weekStart"] == "SUNDAY" and changed["workCapacity"] == "PT7H30M"
    call(sandbox, "member", "PATCH", W + "/member-profile/{userId}", userId=admin, expect=403, json={"name": "Nope"})
    call(sandbox, "owner", "PATCH", W + "/member-profile/{userId}", userId=member, expect=400, json={"workCapacity": "8h"})
    call(sandbox, "owner", "POST", W + "/users/{userId}/roles", userId=admin, expect=201,
         json={"role": "TEAM_MANAGER", "entityId": member, "sourceType": "USER"})
    managers = call(sandbox, "member", "GET", W + "/users/{userId}/managers", userId=member, expect=200)
    assert [u["id"] for u in managers] == [admin]
    call(sandbox, "member", "POST", W + "/users/{userId}/roles", userId=member, expect=403,
         json={"role": "WORKSPACE_ADMIN", "entityId": member})
    call(sandbox, "owner", "DELETE", W + "/users/{userId}/roles", userId=admin, expect=204,
         json={"role": "TEAM_MANAGER", "entityId": member})
    assert call(sandbox, "member", "GET", W + "/users/{userId}/managers", userId=member, expect=200) == []
    policy = call(sandbox, "owner", "POST", W + "/time-off/policies", expect=201, json={"name": "Leave"})
    call(sandbox, "owner", "PATCH", W + "/time-off/balance/policy/{policyId}", policyId=policy["id"], expect=204,
         json={"userIds": [member], "value": 10, "note": "yearly"})
    balances = call(sandbox, "owner", "GET", W + "/time-off/balance/policy/{policyId}", policyId=policy["id"], expect=200)
    assert {b["userId"]: b["balance"] for b in balances["balances"]}[member] == 10
    mine = call(sandbox, "member", "GET", W + "/time-off/balance/user/{userId}", userId=member, expect=200)
    assert mine["count"] == 1 and mine["balances"][0]["total"] == 10
    call(sandbox, "member", "GET", W + "/time-off/balance/user/{userId}", userId=admin, expect=403)
