"""Receipts, profile images, invoice import and export, approval resubmission, user custom field
values and the detailed expense report over HTTP, validated against the corrected spec."""

from __future__ import annotations

import re

from conftest import make_harness
from spec import assert_conforms
from test_paid_resources import _specs, call, sandbox  # noqa: F401 (the fixtures: specs found, extras cleared)

W = "/workspaces/{workspaceId}"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR--boundary-like--\r\n"


def category(sandbox, name="Travel"):
    return call(sandbox, "owner", "POST", W + "/expenses/categories", expect=201, json={"name": name})


def test_a_receipt_uploaded_with_an_expense_downloads_byte_for_byte(sandbox):
    travel = category(sandbox)
    made = call(sandbox, "member", "POST", W + "/expenses", expect=201,
                data={"categoryId": travel["id"], "date": "2026-11-10T00:00:00Z", "amount": "4200"},
                files={"file": ("ticket.png", PNG, "image/png")})
    assert made["fileId"] and made["fileName"] == "ticket.png" and made["userId"] == sandbox.user_id("member")
    path = W + "/expenses/{expenseId}/files/{fileId}"
    with sandbox.client("member") as member:
        got = member.get(path.format(workspaceId=sandbox.ws_id, expenseId=made["id"], fileId=made["fileId"]))
    assert got.status_code == 200 and got.content == PNG
    assert got.headers["content-type"] == "application/octet-stream"
    call(sandbox, "owner", "GET", path, expenseId=made["id"], fileId=made["id"], expect=400)
    other = call(sandbox, "owner", "POST", W + "/expenses", expect=201,
                 data={"categoryId": travel["id"], "date": "2026-11-10T00:00:00Z", "amount": "1"},
                 files={"file": ("x.pdf", b"%PDF-", "application/pdf")})
    call(sandbox, "member", "GET", path, expenseId=other["id"], fileId=other["fileId"], expect=403)
    call(sandbox, "owner", "DELETE", W + "/expenses/{expenseId}", expenseId=made["id"], expect=200)
    assert made["fileId"] not in sandbox.ws().collection("receipts")


def test_an_update_changes_only_the_fields_it_names(sandbox):
    travel, meals = category(sandbox), category(sandbox, "Meals")
    made = call(sandbox, "owner", "POST", W + "/expenses", expect=201,
                data={"categoryId": travel["id"], "date": "2026-11-10T00:00:00Z", "amount": "4200", "notes": "train"},
                files={"file": ("a.png", PNG, "image/png")})
    changed = call(sandbox, "owner", "PUT", W + "/expenses/{expenseId}", expenseId=made["id"], expect=200,
                   data={"categoryId": meals["id"], "date": "2026-11-12T00:00:00Z", "amount": "1", "notes": "taxi",
                         "changeFields": "NOTES"}, files={"file": ("b.png", b"other", "image/png")})
    assert (changed["notes"], changed["categoryId"], changed["date"], changed["total"], changed["fileId"]) == \
        ("taxi", travel["id"], "2026-11-10T00:00:00Z", 4200, made["fileId"])
    both = call(sandbox, "owner", "PUT", W + "/expenses/{expenseId}", expenseId=made["id"], expect=200,
                data={"categoryId": meals["id"], "date": "2026-11-12T00:00:00Z", "amount": "99",
                      "changeFields": "AMOUNT,FILE"}, files={"file": ("b.png", b"other", "image/png")})
    assert both["total"] == 99 and both["categoryId"] == travel["id"] and both["fileId"] != made["fileId"]
    assert set(sandbox.ws().collection("receipts")) == {both["fileId"]}
    call(sandbox, "owner", "PUT", W + "/expenses/{expenseId}", expenseId=made["id"], expect=400,
         data={"categoryId": meals["id"], "date": "2026-11-12", "changeFields": "COLOUR"})


def test_profile_images_are_named_by_their_content_and_must_be_images(sandbox):
    with sandbox.client("member") as member:
        first = member.post("/file/image", files={"file": ("me.png", PNG, "image/png")})
        again = member.post("/file/image", files={"file": ("me.jpg", PNG, "image/jpeg")})
        text = member.post("/file/image", files={"file": ("me.txt", b"hi", "text/plain")})
        missing = member.post("/file/image", files={"other": ("me.png", PNG, "image/png")})
        as_json = member.post("/file/image", json={"file": "me.png"})
    assert first.status_code == 200 and again.status_code == 200
    assert_conforms(first.json(), "POST", "/file/image", 200)
    digest = first.json()["name"].split(".")[1]
    assert digest == again.json()["name"].split(".")[1] and len(digest) == 64
    assert (text.status_code, missing.status_code, as_json.status_code) == (400, 400, 415)


def billable_uninvoiced(sandbox, client_id, first_day, last_day):
    ws = sandbox.ws()
    projects = {p["id"] for p in ws.projects.values() if p["clientId"] == client_id}
    lo, hi = _epoch(first_day), _epoch(last_day) + 86399
    return [e for e in ws.entries.values()
            if e.end and e.billable and not e.invoiced and e.project_id in projects and lo <= e.start <= hi]


def _epoch(day: str) -> int:
    from datetime import datetime, timezone

    return int(datetime.fromisoformat(day).replace(tzinfo=timezone.utc).timestamp())


def test_importing_time_and_expenses_into_an_invoice_takes_each_once(sandbox):
    client = next(c for c in sandbox.ws().clients.values() if billable_uninvoiced(sandbox, c["id"], "2026-11-01", "2026-11-20"))
    project = next(p for p in sandbox.ws().projects.values() if p["clientId"] == client["id"])
    travel = category(sandbox)
    for amount, billable in ((1500, "true"), (700, "false")):
        call(sandbox, "owner", "POST", W + "/expenses", expect=201,
             data={"categoryId": travel["id"], "projectId": project["id"], "date": "2026-11-05T00:00:00Z",
                   "amount": str(amount), "billable": billable})
    entries = billable_uninvoiced(sandbox, client["id"], "2026-11-01", "2026-11-20")
    earned = round(sum((e.end - e.start) * e.hourly_rate / 3600 for e in entries))
    invoice = call(sandbox, "owner", "POST", W + "/invoices", expect=201,
                   json={"clientId": client["id"], "issuedDate": "2026-11-21"})
    body = {"from": "2026-11-01", "to": "2026-11-20", "importExpenses": True, "projectFilter": {},
            "timeEntryGroupType": "SINGLE_ITEM"}
    done = call(sandbox, "owner", "POST", W + "/invoices/{invoiceId}/items/import", invoiceId=invoice["id"],
                expect=200, json=body)
    time_line, expense_line = done["items"]
    assert time_line["amount"] == earned and sorted(time_line["timeEntryIds"]) == sorted(e.id for e in entries)
    assert time_line["quantity"] == round(sum(e.end - e.start for e in entries) / 36)  # hundredths of an hour
    assert (expense_line["amount"], expense_line["importType"]) == (1500, "EXPENSE_IMPORT")
    assert done["amount"] == earned + 1500 and all(e.invoiced for e in entries)
    again = call(sandbox, "owner", "POST", W + "/invoices/{invoiceId}/items/import", invoiceId=invoice["id"],
                 expect=200, json=body)
    assert len(again["items"]) == 2 and again["amount"] == done["amount"]
    call(sandbox, "member", "POST", W + "/invoices/{invoiceId}/items/import", invoiceId=invoice["id"], expect=403,
         json=body)
    call(sandbox, "owner", "POST", W + "/invoices/{invoiceId}/items/import", invoiceId=invoice["id"], expect=400,
         json={**body, "timeEntryGroupType": "BY_MOOD"})


def test_grouped_and_detailed_imports_make_a_line_per_group_or_entry(sandbox):
    client = next(c for c in sandbox.ws().clients.values() if billable_uninvoiced(sandbox, c["id"], "2026-11-01", "2026-11-10"))
    entries = billable_uninvoiced(sandbox, client["id"], "2026-11-01", "2026-11-10")
    invoice = call(sandbox, "owner", "POST", W + "/invoices", expect=201,
                   json={"clientId": client["id"], "issuedDate": "2026-11-21"})
    grouped = call(sandbox, "owner", "POST", W + "/invoices/{invoiceId}/items/import", invoiceId=invoice["id"],
                   expect=200, json={"from": "2026-11-01", "to": "2026-11-05", "importExpenses": False,
                                     "projectFilter": {}, "timeEntryGroupType": "GROUPED",
                                     "timeEntryPrimaryGroupBy": "USER"})
    first_half = [e for e in entries if e.start <= _epoch("2026-11-05") + 86399]
    names = {sandbox.backend.state.users[e.user_id]["name"] for e in first_half}
    assert sorted(i["description"] for i in grouped["items"]) == sorted(names)
    detailed = call(sandbox, "owner", "POST", W + "/invoices/{invoiceId}/items/import", invoiceId=invoice["id"],
                    expect=200, json={"from": "2026-11-06", "to": "2026-11-10", "importExpenses": False,
                                      "projectFilter": {}, "timeEntryGroupType": "DETAILED"})
    assert len(detailed["items"]) == len(names) + len(entries) - len(first_half)
    assert [i["order"] for i in detailed["items"]] == list(range(1, len(detailed["items"]) + 1))


def test_an_invoice_without_a_due_date_gets_the_workspaces_term(sandbox):
    client = next(iter(sandbox.ws().clients.values()))
    plain = call(sandbox, "owner", "POST", W + "/invoices", expect=201,
                 json={"clientId": client["id"], "issuedDate": "2026-11-01T00:00:00Z"})
    assert plain["dueDate"] == "2026-12-01T00:00:00Z"
    call(sandbox, "owner", "PUT", W + "/invoices/settings", expect=200, json={"defaults": {"dueDays": 10}})
    short = call(sandbox, "owner", "POST", W + "/invoices", expect=201,
                 json={"clientId": client["id"], "issuedDate": "2026-11-01T00:00:00Z", "number": "INV-7",
                       "currency": "EUR"})
    assert (short["dueDate"], short["number"], short["currency"]) == ("2026-11-11T00:00:00Z", "INV-7", "EUR")


def test_an_invoice_exports_as_a_well_formed_pdf(sandbox):
    client = next(iter(sandbox.ws().clients.values()))
    invoice = call(sandbox, "owner", "POST", W + "/invoices", expect=201,
                   json={"clientId": client["id"], "issuedDate": "2026-11-01"})
    call(sandbox, "owner", "POST", W + "/invoices/{invoiceId}/items", invoiceId=invoice["id"], expect=200,
         json={"description": "Design (phase 1)", "quantity": 300, "unitPrice": 12000})
    with sandbox.client() as owner:
        path = f"/workspaces/{sandbox.ws_id}/invoices/{invoice['id']}/export"
        pdf = owner.get(path, params={"userLocale": "en"})
        no_locale = owner.get(path)
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    data = pdf.content
    assert data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%%EOF")
    xref = int(re.search(rb"startxref\n(\d+)", data).group(1))
    assert data[xref:xref + 4] == b"xref"
    offsets = [int(o) for o in re.findall(rb"(\d{10}) 00000 n", data)]
    assert len(offsets) == 5 and all(data.startswith(b"%d 0 obj\n" % n, o) for n, o in enumerate(offsets, start=1))
    assert f"Invoice {invoice['number']}".encode() in data and b"Design \\(phase 1\\)" in data
    assert b"360.00 USD" in data
    assert (no_locale.status_code, no_locale.json()["code"]) == (400, 3001)


def test_a_rejected_week_is_resubmitted_to_the_same_request(sandbox):
    week = {"periodStart": "2026-11-09T00:00:00Z"}
    submitted = call(sandbox, "member", "POST", W + "/approval-requests", expect=201, json=week)
    call(sandbox, "owner", "PATCH", W + "/approval-requests/{approvalRequestId}", approvalRequestId=submitted["id"],
         expect=200, json={"state": "REJECTED", "note": "missing Friday"})
    again = call(sandbox, "member", "POST", W + "/approval-requests/resubmit-entries-for-approval", expect=200,
                 json={"periodStart": "2026-11-13T10:00:00Z", "period": "WEEKLY"})
    assert again["id"] == submitted["id"] and again["status"]["state"] == "PENDING"
    assert len(sandbox.ws().collection("approvals")) == 1
    call(sandbox, "member", "POST", W + "/approval-requests/resubmit-entries-for-approval", expect=400,
         json={"periodStart": "2026-10-05T00:00:00Z"})
    for_member = W + "/approval-requests/users/{userId}/resubmit-entries-for-approval"
    call(sandbox, "member", "POST", for_member, userId=sandbox.user_id("owner"), expect=403, json=week)
    done = call(sandbox, "owner", "POST", for_member, userId=sandbox.user_id("member"), expect=200, json=week)
    assert done["id"] == submitted["id"] and done["status"]["updatedBy"] == sandbox.user_id("owner")


def test_user_custom_field_values_follow_the_fields_type_and_rights(sandbox):
    badge = call(sandbox, "owner", "POST", W + "/custom-fields", expect=201,
                 json={"name": "Badge", "type": "NUMBER", "entityType": "USER"})
    team = call(sandbox, "owner", "POST", W + "/custom-fields", expect=201,
                json={"name": "Team", "type": "DROPDOWN_SINGLE", "allowedValues": ["Red", "Blue"],
                      "entityType": "USER", "onlyAdminCanEdit": True})
    entry_field = call(sandbox, "owner", "POST", W + "/custom-fields", expect=201, json={"name": "Ticket"})
    path = W + "/users/{userId}/custom-field/{customFieldId}/value"
    member = sandbox.user_id("member")
    mine = call(sandbox, "member", "PUT", path, userId=member, customFieldId=badge["id"], expect=201, json={"value": 42})
    assert mine == {"customFieldId": badge["id"], "customFieldName": "Badge", "customFieldType": "NUMBER",
                    "userId": member, "value": 42}
    call(sandbox, "member", "PUT", path, userId=member, customFieldId=badge["id"], expect=400, json={"value": "x"})
    call(sandbox, "member", "PUT", path, userId=member, customFieldId=team["id"], expect=403, json={"value": "Red"})
    call(sandbox, "member", "PUT", path, userId=sandbox.user_id("owner"), customFieldId=badge["id"], expect=403,
         json={"value": 1})
    call(sandbox, "owner", "PUT", path, userId=member, customFieldId=team["id"], expect=400, json={"value": "Green"})
    call(sandbox, "owner", "PUT", path, userId=member, customFieldId=team["id"], expect=201, json={"value": "Blue"})
    call(sandbox, "owner", "PUT", path, userId=member, customFieldId=entry_field["id"], expect=400, json={"value": "x"})
    call(sandbox, "member", "PUT", path, userId=member, customFieldId=badge["id"], expect=201, json={"value": 7})
    profile = call(sandbox, "member", "GET", W + "/member-profile/{userId}", userId=member, expect=200)
    assert {v["customFieldName"]: v["value"] for v in profile["userCustomFieldValues"]} == {"Badge": 7, "Team": "Blue"}


def test_the_expense_report_pages_filters_and_totals_exactly(sandbox):
    travel, meals = category(sandbox), category(sandbox, "Meals")
    rows = [("member", travel, "2026-11-03", 1000, "true"), ("member", meals, "2026-11-04", 250, "false"),
            ("owner", travel, "2026-11-05", 4000, "true"), ("owner", meals, "2026-12-01", 999, "true")]
    for role, kind, day, amount, billable in rows:
        call(sandbox, role, "POST", W + "/expenses", expect=201,
             data={"categoryId": kind["id"], "date": day + "T00:00:00Z", "amount": str(amount), "billable": billable})
    report = W + "/reports/expenses/detailed"
    november = {"dateRangeStart": "2026-11-01T00:00:00", "dateRangeEnd": "2026-11-30T23:59:59", "page": 1, "pageSize": 2,
                "sortColumn": "AMOUNT", "sortOrder": "DESCENDING"}
    first = call(sandbox, "owner", "POST", report, prefix="/reports/v1", expect=200, json=november)
    assert first["totals"] == {"expensesCount": 3, "totalAmount": 5250, "totalAmountBillable": 5000}
    assert [e["amount"] for e in first["expenses"]] == [4000, 1000]
    second = call(sandbox, "owner", "POST", report, prefix="/reports/v1", expect=200, json={**november, "page": 2})
    assert [(e["amount"], e["categoryName"], e["userId"]) for e in second["expenses"]] == \
        [(250, "Meals", sandbox.user_id("member"))]
    meals_only = call(sandbox, "owner", "POST", report, prefix="/reports/v1", expect=200,
                      json={**november, "categories": {"ids": [meals["id"]], "contains": "CONTAINS"}})
    assert meals_only["totals"]["expensesCount"] == 1
    billable = call(sandbox, "owner", "POST", report, prefix="/reports/v1", expect=200, json={**november, "billable": True})
    assert billable["totals"]["totalAmount"] == 5000
    own = call(sandbox, "member", "POST", report, prefix="/reports/v1", expect=200, json=november)
    assert own["totals"]["totalAmount"] == 1250
    free = make_harness(plan="free")
    call(free, "owner", "POST", report, prefix="/reports/v1", expect=403, json=november)
