"""The detailed expense report (``POST /reports/expenses/detailed`` on the Reports host).

Choices where no public source settles the behaviour: an expense belongs to the range by its day
(read as midnight UTC, against the range's wall-clock ends in the request time zone); ``page`` and
``pageSize`` sit at the top of the body (as in ``ExpenseReportFilterV1``) with the detailed
report's bounds; amounts are cents as JSON numbers, like every other report; ``approvalState`` is
accepted and ignored. Members see only their own expenses; FREE workspaces are refused (expenses
are a paid feature).
"""

from __future__ import annotations

from punchclock.sandbox.clockify.resources._report_query import ORDERS, contains_filter, detailed_page, enum
from punchclock.timeutil import parse_instant

SORT = {"ID": "id", "PROJECT": "projectName", "USER": "userName", "CATEGORY": "categoryName", "DATE": "date",
        "AMOUNT": "amount"}
FILTERS = {"users": "userId", "projects": "projectId", "categories": "categoryId", "tasks": "taskId",
           "clients": "clientId"}


def expense_report(reports, ws, caller, body: dict, *, page_policy: str = "reject") -> dict:
    """``{expenses: [...one page...], totals: {expensesCount, totalAmount, totalAmountBillable}}``."""
    backend = reports.backend
    expenses = backend.expenses.items(ws)  # the plan check: 403 on FREE
    page, size = detailed_page(body, page_policy)
    window = reports.window(ws, caller, body)
    column = enum(body.get("sortColumn"), tuple(SORT), "sortColumn", "DATE")
    order = enum(body.get("sortOrder"), ORDERS, "sortOrder", "DESCENDING")
    invoicing = enum(body.get("invoicingState"), ("INVOICED", "UNINVOICED", "ALL"), "invoicingState", "ALL")
    invoiced = ws.collection("invoiced_expenses")
    rows = []
    for record in expenses.values():
        if ws.roles.get(caller.id) == "member" and record["userId"] != caller.id:
            continue
        if not window.lo <= parse_instant(record["date"]).timestamp() <= window.hi:
            continue
        if body.get("billable") is not None and record["billable"] != body["billable"]:
            continue
        if invoicing != "ALL" and (record["id"] in invoiced) != (invoicing == "INVOICED"):
            continue
        rows.append(_row(backend, ws, record, invoiced.get(record["id"], "")))
    for name, key in FILTERS.items():
        ids, mode, _ = contains_filter(body, name)
        if ids:
            rows = [r for r in rows if (r[key] in ids) == (mode != "DOES_NOT_CONTAIN")]
    rows.sort(key=lambda r: (r[SORT[column]], r["id"]), reverse=order == "DESCENDING")
    totals = {"expensesCount": len(rows), "totalAmount": sum(r["amount"] for r in rows),
              "totalAmountBillable": sum(r["amount"] for r in rows if r["billable"])}
    return {"expenses": [_public(r) for r in rows[(page - 1) * size: page * size]], "totals": totals}


def _row(backend, ws, record: dict, invoice_id: str) -> dict:
    category = backend.expenses.categories.get(ws, record["categoryId"])
    project = ws.projects.get(record["projectId"]) or {}
    user = backend.state.users[record["userId"]]
    return {"id": record["id"], "workspaceId": ws.id, "date": record["date"], "time": record["date"][11:19],
            "amount": record["total"], "quantity": record["quantity"], "billable": record["billable"],
            "notes": record["notes"], "locked": record["locked"], "fileId": record["fileId"],
            "fileName": record["fileName"], "approvalRequestId": "",
            "categoryId": category["id"], "categoryName": category["name"], "categoryUnit": category["unit"],
            "categoryHasUnitPrice": category["hasUnitPrice"], "projectId": record["projectId"],
            "projectName": project.get("name", ""), "projectColor": project.get("color", ""),
            "clientId": project.get("clientId") or "", "taskId": record["taskId"], "userId": user["id"],
            "userName": user["name"], "userEmail": user["email"],
            "userStatus": (ws.members.get(user["id"]) or {}).get("status", "ACTIVE"), "exportFields": [],
            "invoicingInfo": {"invoiceId": invoice_id, "manuallyInvoiced": False}}


def _public(row: dict) -> dict:
    """The row as the report sends it (the client and task ids only served the filters)."""
    return {k: v for k, v in row.items() if k not in ("clientId", "taskId")}
