"""Expenses and their categories (a paid feature): amounts in cents, quantities for unit prices.

Expenses are written as ``multipart/form-data`` (live Clockify takes no JSON here: the corrected
spec records it, and a JSON body is refused with 415), with an optional ``file`` part, the
receipt, which ``GET /expenses/{id}/files/{fileId}`` serves back as bytes. The 10 MB cap on a
receipt is the sandbox's choice; no public source states Clockify's.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import TYPE_CHECKING

from punchclock.sandbox.clockify import errors
from punchclock.sandbox.clockify.resources._base import Records, check_name, check_unique_name
from punchclock.sandbox.clockify.resources.holidays import parse_day

if TYPE_CHECKING:
    from punchclock.sandbox.core.http import Upload

NAME = "expenses"
MAX_RECEIPT_BYTES = 10 * 1024 * 1024
CHANGE_FIELDS = {"USER": ("userId",), "DATE": ("date",), "PROJECT": ("projectId",), "TASK": ("taskId",),
                 "CATEGORY": ("categoryId",), "NOTES": ("notes",), "AMOUNT": ("amount", "quantity"),
                 "BILLABLE": ("billable",), "FILE": ()}


class Categories(Records):
    """Expense categories."""

    collection = "expense_categories"
    kind = "Expense category"
    feature = "expenses"

    def write(self, ws, caller, body: dict, category_id: str | None = None) -> dict:
        """Create or replace a category: admins only."""
        self.backend.require_admin(ws, caller)
        name = check_name(body.get("name"), "Expense category", high=100)
        check_unique_name(self.items(ws).values(), name, "Expense category", skip=category_id)
        price = body.get("priceInCents")
        if price is not None and (not isinstance(price, int) or price < 0):
            raise errors.invalid("priceInCents: must be a non-negative number")
        record = self.get(ws, category_id) if category_id else {"id": self.backend.new_id(), "workspaceId": ws.id,
                                                                   "archived": False}
        record.update(name=name, hasUnitPrice=bool(body.get("hasUnitPrice", price is not None)),
                      priceInCents=price or 0, unit=body.get("unit") or "")
        return self.save(ws, record, category_id is None)

    def archive(self, ws, caller, category_id: str, archived: bool) -> dict:
        """Archive or restore a category."""
        self.backend.require_admin(ws, caller)
        record = self.get(ws, category_id)
        record["archived"] = bool(archived)
        return self.save(ws, record, False)


class Service(Records):
    """Expense rules: members record their own, admins anyone's."""

    collection = "expenses"
    kind = "Expense"
    feature = "expenses"
    events = ("EXPENSE_CREATED", "EXPENSE_UPDATED", "EXPENSE_DELETED")

    def __init__(self, backend):
        super().__init__(backend)
        self.categories = Categories(backend)

    def shape(self, ws, record: dict) -> dict:
        """The hydrated form the listing uses (category, project and task objects)."""
        out = {k: v for k, v in record.items() if k not in ("categoryId", "projectId", "taskId")}
        out["category"] = dict(self.categories.get(ws, record["categoryId"]))
        project = ws.projects.get(record["projectId"]) if record["projectId"] else None
        if project:
            client = ws.clients.get(project["clientId"]) if project["clientId"] else None
            out["project"] = {"id": project["id"], "name": project["name"], "color": project["color"],
                              "clientId": project["clientId"], "clientName": client["name"] if client else ""}
        task = ws.tasks.get(record["taskId"]) if record["taskId"] else None
        if task:
            out["task"] = {"id": task["id"], "name": task["name"]}
        return out

    def listing(self, ws, caller, *, user_id: str | None = None, page: int = 1, size: int = 50) -> dict:
        """``{dailyTotals, expenses: {count, expenses}, weeklyTotals}`` (members see their own)."""
        rows = sorted(self.items(ws).values(), key=lambda e: (e["date"], e["id"]), reverse=True)
        if ws.roles.get(caller.id) == "member":
            rows = [e for e in rows if e["userId"] == caller.id]
        if user_id:
            rows = [e for e in rows if e["userId"] == user_id]
        daily, weekly = defaultdict(float), defaultdict(float)
        for e in rows:
            day = date.fromisoformat(e["date"][:10])
            daily[day.isoformat()] += e["total"]
            weekly[(day - timedelta(days=day.weekday())).isoformat()] += e["total"]
        chunk = rows[(page - 1) * size: page * size]
        return {"dailyTotals": [{"date": d, "dateAsInstant": f"{d}T00:00:00Z", "total": t} for d, t in sorted(daily.items())],
                "expenses": {"count": len(rows), "expenses": [self.shape(ws, e) for e in chunk]},
                "weeklyTotals": [{"date": d, "total": t} for d, t in sorted(weekly.items())]}

    def write(self, ws, caller, body: dict, expense_id: str | None = None, receipt: "Upload | None" = None) -> dict:
        """Create or replace an expense; ``total`` is in cents (quantity times unit price if the category has one).

        On update, ``changeFields`` (USER, DATE, PROJECT, TASK, CATEGORY, NOTES, AMOUNT, BILLABLE,
        FILE) limits the change to those fields, the rest keep their values; without it every
        given field changes. ``receipt`` is the uploaded file, kept for download.
        """
        existing = self.get(ws, expense_id) if expense_id else None
        if existing and body.get("changeFields") is not None:
            body = self._changed(existing, body)
            receipt = receipt if "FILE" in body["changeFields"] else None
        user_id = body.get("userId") or (existing["userId"] if existing else caller.id)
        self.backend.require_self_or_admin(ws, caller, user_id)
        self.backend.member(ws, user_id)
        category = self.categories.get(ws, body.get("categoryId"))
        project = self.backend.projects.get(ws, body["projectId"]) if body.get("projectId") else None
        task = ws.tasks.get(body.get("taskId")) if body.get("taskId") else None
        if body.get("taskId") and (task is None or project is None or task["projectId"] != project["id"]):
            raise errors.not_in_workspace("Task")
        quantity = body.get("quantity", 1)
        if not isinstance(quantity, (int, float)) or quantity <= 0:
            raise errors.invalid("quantity: must be positive")
        total = body.get("amount", body.get("total"))
        if category["hasUnitPrice"]:
            total = round(quantity * category["priceInCents"])
        if not isinstance(total, (int, float)) or total < 0:
            raise errors.invalid("amount: must not be negative")
        record = existing or {"id": self.backend.new_id(), "workspaceId": ws.id, "locked": False, "fileId": "",
                              "fileName": ""}
        record.update(userId=user_id, categoryId=category["id"], projectId=project["id"] if project else "",
                      taskId=task["id"] if task else "", date=parse_day(body.get("date"), "date") + "T00:00:00Z",
                      quantity=float(quantity), total=float(total), notes=body.get("notes") or "",
                      billable=bool(body.get("billable", False)))
        if receipt is not None:
            self._keep_receipt(ws, record, receipt)
        return self.save(ws, record, existing is None)

    @staticmethod
    def _changed(existing: dict, body: dict) -> dict:
        """The body an update means: the listed ``changeFields`` from ``body``, the rest as they are."""
        unknown = set(body["changeFields"]) - set(CHANGE_FIELDS)
        if unknown:
            raise errors.invalid(f"You entered invalid value for field: [changeFields] {sorted(unknown)}")
        merged = {"userId": existing["userId"], "date": existing["date"], "projectId": existing["projectId"],
                  "taskId": existing["taskId"], "categoryId": existing["categoryId"], "notes": existing["notes"],
                  "amount": existing["total"], "quantity": existing["quantity"], "billable": existing["billable"],
                  "changeFields": body["changeFields"]}
        for change in body["changeFields"]:
            for name in CHANGE_FIELDS[change]:
                if name in body:
                    merged[name] = body[name]
        return merged

    def _keep_receipt(self, ws, record: dict, receipt: "Upload") -> None:
        if len(receipt.data) > MAX_RECEIPT_BYTES:
            raise errors.invalid(f"Receipt is larger than {MAX_RECEIPT_BYTES // (1024 * 1024)} MB")
        receipts = ws.collection("receipts")
        receipts.pop(record["fileId"], None)
        record["fileId"], record["fileName"] = self.backend.new_id(), receipt.filename
        receipts[record["fileId"]] = receipt

    def receipt(self, ws, caller, expense_id: str, file_id: str) -> "Upload":
        """The receipt file of an expense (your own, or anyone's as an admin)."""
        record = self.get(ws, expense_id)
        self.backend.require_self_or_admin(ws, caller, record["userId"])
        if not file_id or record["fileId"] != file_id:
            raise errors.not_in_workspace("File")
        return ws.collection("receipts")[file_id]

    def delete(self, ws, caller, expense_id: str) -> dict:
        """Delete an expense (your own, or anyone's as an admin)."""
        record = self.get(ws, expense_id)
        self.backend.require_self_or_admin(ws, caller, record["userId"])
        ws.collection("receipts").pop(record["fileId"], None)
        return self.remove(ws, expense_id)
