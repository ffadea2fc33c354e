"""Invoices (a paid feature): a client, dates, items, a status; amounts in cents."""

from __future__ import annotations

from datetime import date, timedelta

from punchclock.sandbox.clockify import errors
from punchclock.sandbox.clockify.resources._base import Records, currency_of, find
from punchclock.sandbox.clockify.resources._invoice_import import import_lines
from punchclock.sandbox.clockify.resources._invoice_pdf import invoice_lines, render_pdf
from punchclock.sandbox.clockify.resources.holidays import parse_day
from punchclock.timeutil import format_instant


def format_day(epoch: int) -> str:
    """The UTC day of an instant, ``yyyy-mm-dd``."""
    return format_instant(epoch)[:10]

NAME = "invoices"
STATUSES = ("UNSENT", "SENT", "PAID", "PARTIALLY_PAID", "VOID", "OVERDUE")


def _count(value) -> bool:
    """A non-negative JSON number (Jackson reads 2.5 into a long field as 2; a bool is no number)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0


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
        """A new UNSENT invoice for a client, numbered after the last one, due after the workspace's
        ``dueDays`` unless ``dueDate`` says otherwise."""
        self.backend.require_admin(ws, caller)
        client = find(ws.clients, body.get("clientId"), "Client")
        issued = parse_day(body.get("issuedDate"), "issuedDate")
        term = timedelta(days=self.settings(ws, caller)["defaults"]["dueDays"])
        due = parse_day(body.get("dueDate") or (date.fromisoformat(issued) + term).isoformat(), "dueDate")
        if due < issued:
            raise errors.invalid("dueDate: must not be before issuedDate")
        number = body.get("number") or str(len(self.items(ws)) + 1).zfill(4)
        record = {"id": self.backend.new_id(), "workspaceId": ws.id, "clientId": client["id"],
                  "clientName": client["name"], "number": str(number), "issuedDate": issued + "T00:00:00Z",
                  "dueDate": due + "T00:00:00Z", "currency": body.get("currency") or currency_of(ws),
                  "status": "UNSENT", "items": [], "amount": 0, "balance": 0, "subtotal": 0, "note": ""}
        return self.save(ws, record, True)

    def update(self, ws, caller, invoice_id: str, body: dict) -> dict:
        """Change number, currency, subject, discount and tax percentages, notes, dates or items
        (``[{description, quantity, unitPrice}]``: quantity in hundredths of a unit, price in cents,
        ``amount = unitPrice * quantity / 100`` as the spec notes)."""
        self.backend.require_admin(ws, caller)
        record = self.get(ws, invoice_id)
        for field in ("number", "currency", "subject"):
            if body.get(field):
                record[field] = str(body[field])
        for field in ("discountPercent", "taxPercent", "tax2Percent"):
            if body.get(field) is not None:
                if not 0 <= body[field] <= 100:
                    raise errors.invalid(f"{field}: must be between 0 and 100")
                record[field.removesuffix("Percent")] = body[field]
        if body.get("issuedDate"):
            record["issuedDate"] = parse_day(body["issuedDate"], "issuedDate") + "T00:00:00Z"
        if body.get("dueDate"):
            record["dueDate"] = parse_day(body["dueDate"], "dueDate") + "T00:00:00Z"
        if body.get("note") is not None:
            record["note"] = str(body["note"])
        if isinstance(body.get("items"), list):
            items = []
            for order, item in enumerate(body["items"], start=1):
                if not isinstance(item, dict) or not _count(item.get("unitPrice", 0)) or not _count(item.get("quantity", 100)):
                    raise errors.invalid("items: each needs a description, a quantity and a unitPrice in cents")
                quantity, price = round(item.get("quantity", 100)), round(item.get("unitPrice", 0))
                items.append({"order": order, "description": str(item.get("description", "")), "quantity": quantity,
                              "unitPrice": price, "amount": round(quantity * price / 100)})
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

    def _recompute(self, record: dict) -> None:
        record["subtotal"] = record["amount"] = sum(i["amount"] for i in record["items"])
        paid = sum(p["amount"] for p in record.get("payments", []))
        record["balance"] = max(0, record["amount"] - paid)
        if record["amount"] and paid >= record["amount"]:
            record["status"] = "PAID"
        elif paid:
            record["status"] = "PARTIALLY_PAID"

    def add_item(self, ws, caller, invoice_id: str, body: dict) -> dict:
        """Append a line: ``description``, ``quantity`` (hundredths of a unit), ``unitPrice`` (cents)."""
        self.backend.require_admin(ws, caller)
        record = self.get(ws, invoice_id)
        price, quantity = body.get("unitPrice", 0), body.get("quantity", 100)
        if not _count(price) or not _count(quantity) or quantity <= 0:
            raise errors.invalid("unitPrice and quantity: must be a non-negative number of cents and a positive quantity")
        price, quantity = round(price), round(quantity)
        record["items"].append({"order": len(record["items"]) + 1, "description": str(body.get("description", "")),
                                "quantity": quantity, "unitPrice": price, "amount": round(quantity * price / 100)})
        self._recompute(record)
        return self.save(ws, record, False)

    def remove_item(self, ws, caller, invoice_id: str, order: str) -> dict:
        """Remove the line at ``order`` (1-based) and renumber the rest."""
        self.backend.require_admin(ws, caller)
        record = self.get(ws, invoice_id)
        if not order.isdigit() or not 1 <= int(order) <= len(record["items"]):
            raise errors.invalid(f"Invoice item with order {order} doesn't exist")
        del record["items"][int(order) - 1]
        for i, item in enumerate(record["items"], start=1):
            item["order"] = i
        self._recompute(record)
        return self.save(ws, record, False)

    def payments(self, ws, caller, invoice_id: str) -> list[dict]:
        """The payments recorded against an invoice, oldest first."""
        self.backend.require_admin(ws, caller)
        return [dict(p) for p in self.get(ws, invoice_id).get("payments", [])]

    def add_payment(self, ws, caller, invoice_id: str, body: dict) -> dict:
        """Record a payment (``amount`` in cents, ``paymentDate``, ``note``); the balance and status follow."""
        self.backend.require_admin(ws, caller)
        record = self.get(ws, invoice_id)
        amount = body.get("amount")
        if not isinstance(amount, int) or amount <= 0:
            raise errors.invalid("amount: must be a positive number of cents")
        user = self.backend.state.users[caller.id]
        payment = {"id": self.backend.new_id(), "amount": amount, "author": user["name"], "note": body.get("note") or "",
                   "date": parse_day(body.get("paymentDate") or format_day(self.backend.now()), "paymentDate") + "T00:00:00Z"}
        record.setdefault("payments", []).append(payment)
        self._recompute(record)
        self.save(ws, record, False)
        return dict(payment)

    def remove_payment(self, ws, caller, invoice_id: str, payment_id: str) -> dict:
        """Delete a payment; the balance and status follow."""
        self.backend.require_admin(ws, caller)
        record = self.get(ws, invoice_id)
        payments = record.get("payments", [])
        if payment_id not in {p["id"] for p in payments}:
            raise errors.not_in_workspace("Invoice payment")
        record["payments"] = [p for p in payments if p["id"] != payment_id]
        record["status"] = "SENT" if record["status"] in ("PAID", "PARTIALLY_PAID") else record["status"]
        self._recompute(record)
        return self.save(ws, record, False)

    def import_items(self, ws, caller, invoice_id: str, body: dict) -> dict:
        """Append lines made from the client's uninvoiced billable time (and expenses) in a date range."""
        self.backend.require_admin(ws, caller)
        record = self.get(ws, invoice_id)
        for line in import_lines(self.backend, ws, record, body):
            record["items"].append({"order": len(record["items"]) + 1, **line})
        self._recompute(record)
        return self.save(ws, record, False)

    def export(self, ws, caller, invoice_id: str, locale: str | None) -> bytes:
        """The invoice as a PDF, labelled with the workspace's invoice settings."""
        if not locale:
            raise errors.missing_parameter("userLocale")
        labels = self.settings(ws, caller)["labels"]
        return render_pdf(invoice_lines(self.get(ws, invoice_id), labels))

    def duplicate(self, ws, caller, invoice_id: str) -> dict:
        """A copy of an invoice as a new UNSENT one, without payments."""
        source = self.get(ws, invoice_id)
        copy = self.create(ws, caller, {"clientId": source["clientId"], "issuedDate": source["issuedDate"][:10],
                                        "dueDate": source["dueDate"][:10], "currency": source["currency"]})
        record = self.get(ws, copy["id"])
        record["items"] = [dict(i) for i in source["items"]]
        self._recompute(record)
        return self.save(ws, record, False)

    def settings(self, ws, caller, body: dict | None = None) -> dict:
        """Invoice defaults of the workspace (``defaults``, ``labels``); ``body`` replaces the given parts."""
        self.backend.require_admin(ws, caller)
        current = ws.collection("invoice_settings").setdefault("settings", {
            "defaults": {"companyId": "", "dueDays": 30, "note": "", "subject": "Invoice", "tax": 0, "tax2": 0,
                         "taxType": "SIMPLE"},
            "labels": {"amount": "Amount", "billFrom": "Bill from", "billTo": "Bill to", "description": "Description",
                       "discount": "Discount", "dueDate": "Due date", "issueDate": "Issue date", "itemType": "Item type",
                       "notes": "Notes", "paid": "Paid", "quantity": "Quantity", "subtotal": "Subtotal", "tax": "Tax",
                       "tax2": "Tax 2", "total": "Total", "totalAmountDue": "Total amount due",
                       "unitPrice": "Unit price"}})
        for part in ("defaults", "labels"):
            if isinstance((body or {}).get(part), dict):
                current[part] = {**current[part], **body[part]}
        return {k: dict(v) for k, v in current.items()}

    def delete(self, ws, caller, invoice_id: str) -> dict:
        """Delete an invoice."""
        self.backend.require_admin(ws, caller)
        return self.remove(ws, invoice_id)
