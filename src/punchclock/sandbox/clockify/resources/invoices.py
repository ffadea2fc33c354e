"""Invoices (a paid feature): a client, dates, items, a status; amounts in cents."""

from __future__ import annotations

from punchclock.sandbox.clockify import errors
from punchclock.sandbox.clockify.resources._base import Records, currency_of, find
from punchclock.sandbox.clockify.resources.holidays import parse_day

NAME = "invoices"
STATUSES = ("UNSENT", "SENT", "PAID", "PARTIALLY_PAID", "VOID", "OVERDUE")


class Service(Records):
    """Invoice rules: admins only."""

    collection = "invoices"
    kind = "Invoice"
    feature = "invoicing"
    entity_type = "INVOICES"
    events = ("NEW_INVOICE", "INVOICE_UPDATED", "")

    def list(self, ws, caller, *, statuses=()) -> list[dict]:
        """Invoices, newest issue date first, optionally of some statuses."""
        self.backend.require_admin(ws, caller)
        rows = sorted(self.items(ws).values(), key=lambda i: (i["issuedDate"], i["id"]), reverse=True)
        return [dict(i) for i in rows if not statuses or i["status"] in statuses]

    def create(self, ws, caller, body: dict) -> dict:
        """A new UNSENT invoice for a client, numbered after the last one."""
        self.backend.require_admin(ws, caller)
        client = find(ws.clients, body.get("clientId"), "Client")
        issued = parse_day(body.get("issuedDate"), "issuedDate")
        due = parse_day(body.get("dueDate") or issued, "dueDate")
        if due < issued:
            raise errors.invalid("dueDate: must not be before issuedDate")
        number = body.get("number") or str(len(self.items(ws)) + 1).zfill(4)
        record = {"id": self.backend.new_id(), "workspaceId": ws.id, "clientId": client["id"],
                  "clientName": client["name"], "number": str(number), "issuedDate": issued + "T00:00:00Z",
                  "dueDate": due + "T00:00:00Z", "currency": body.get("currency") or currency_of(ws),
                  "status": "UNSENT", "items": [], "amount": 0, "balance": 0, "subtotal": 0, "note": ""}
        return self.save(ws, record, True)

    def update(self, ws, caller, invoice_id: str, body: dict) -> dict:
        """Change notes, dates or items (``[{description, quantity, unitPrice}]``, cents)."""
        self.backend.require_admin(ws, caller)
        record = self.get(ws, invoice_id)
        if body.get("issuedDate"):
            record["issuedDate"] = parse_day(body["issuedDate"], "issuedDate") + "T00:00:00Z"
        if body.get("dueDate"):
            record["dueDate"] = parse_day(body["dueDate"], "dueDate") + "T00:00:00Z"
        if body.get("note") is not None:
            record["note"] = str(body["note"])
        if isinstance(body.get("items"), list):
            items = []
            for order, item in enumerate(body["items"], start=1):
                if not isinstance(item, dict) or not isinstance(item.get("unitPrice", 0), int):
                    raise errors.invalid("items: each needs a description, a quantity and a unitPrice in cents")
                quantity = float(item.get("quantity", 1))
                items.append({"order": order, "description": str(item.get("description", "")), "quantity": quantity,
                              "unitPrice": item.get("unitPrice", 0), "amount": round(quantity * item.get("unitPrice", 0))})
            record["items"] = items
            record["subtotal"] = record["amount"] = record["balance"] = sum(i["amount"] for i in items)
        return self.save(ws, record, False)

    def set_status(self, ws, caller, invoice_id: str, status) -> dict:
        """``PATCH /invoices/{id}/status``."""
        self.backend.require_admin(ws, caller)
        if status not in STATUSES:
            raise errors.invalid("You entered invalid value for field: [invoiceStatus]")
        record = self.get(ws, invoice_id)
        record["status"] = status
        if status == "PAID":
            record["balance"] = 0
        return self.save(ws, record, False)

    def delete(self, ws, caller, invoice_id: str) -> dict:
        """Delete an invoice."""
        self.backend.require_admin(ws, caller)
        return self.remove(ws, invoice_id)
