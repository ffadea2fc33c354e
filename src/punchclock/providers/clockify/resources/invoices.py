"""Clockify's invoices (paid feature INVOICING)."""

from __future__ import annotations

from datetime import date, timedelta

from punchclock.errors import InvalidInput
from punchclock.http.call import Call, Mode, operation, paged_operation
from punchclock.http.validate import choice, ids, page_size, require_id
from punchclock.providers.clockify.models.extra import Invoice
from punchclock.providers.clockify.requests import InvoiceLine
from punchclock.providers.clockify.resources._base import Resource, as_cents, as_day, body

DUE_DAYS = 30  # Clockify's default invoice term (the workspace's invoice settings, ``defaults.dueDays``)


class Invoices(Resource[Mode]):
    """Invoices (paid feature INVOICING)."""

    @operation
    def list(self, *, size: int = 5000) -> Call:
        """Invoices, newest first: one request of up to ``size`` (Clockify answers ``{invoices, total}``)."""
        return Call("GET", self._path("invoices"), {"page-size": page_size(size)}, feature="INVOICING",
                    parse=lambda d: [Invoice.model_validate(i) for i in d["invoices"]])

    @operation
    def create(self, client_id: str, issued: date, due: date | None = None, *, number: str | None = None,
               currency: str | None = None) -> Call:
        """A new invoice for a client, due ``DUE_DAYS`` after ``issued`` unless ``due`` says otherwise.

        Clockify's spec marks ``number`` and ``currency`` required; leave them out and the workspace's
        next number and default currency apply where the server fills them (the sandbox does).
        """
        first = as_day(issued, "issued")
        last = as_day(due, "due") if due is not None else (date.fromisoformat(first) + timedelta(days=DUE_DAYS)).isoformat()
        if last < first:
            raise InvalidInput("due", "must not be before issued")
        payload = body(client_id=require_id(client_id, "client_id"), issued_date=f"{first}T00:00:00Z",
                       due_date=f"{last}T00:00:00Z", number=number, currency=currency)
        return Call("POST", self._path("invoices"), json=payload, feature="INVOICING", parse=Invoice.model_validate)

    @operation
    def get(self, invoice_id: str) -> Call:
        """One invoice."""
        return Call("GET", self._path("invoices", require_id(invoice_id, "invoice_id")), feature="INVOICING",
                    parse=Invoice.model_validate)

    @operation
    def set_items(self, invoice_id: str, items: list[InvoiceLine], *, note: str | None = None) -> Call:
        """Replace an invoice's lines (``description``, ``quantity``, ``unit_price`` in cents)."""
        lines = []
        for item in items:
            quantity = item.get("quantity", 1)
            if not isinstance(quantity, (int, float)) or isinstance(quantity, bool) or quantity <= 0:
                raise InvalidInput("items[].quantity", "must be a positive number")
            lines.append({"description": str(item.get("description", "")), "quantity": round(quantity * 100),
                          "unitPrice": as_cents(item.get("unit_price"), "items[].unit_price")})
        return Call("PUT", self._path("invoices", require_id(invoice_id, "invoice_id")),
                    json=body(items=lines, note=note), feature="INVOICING", parse=Invoice.model_validate)

    @operation
    def filter(self, *, statuses: list[str] | None = None, page: int = 1, size: int = 50) -> Call:
        """One page of invoices by status (a search sent as POST)."""
        return Call("POST", self._path("invoices", "info"), json=body(statuses=statuses, page=page, page_size=size),
                    feature="INVOICING", idempotent=True,
                    parse=lambda d: [Invoice.model_validate(i) for i in d["invoices"]])

    @operation
    def settings(self) -> Call:
        """The workspace's invoice defaults and labels."""
        return Call("GET", self._path("invoices", "settings"), feature="INVOICING", parse=dict)

    @operation
    def update_settings(self, *, defaults: dict | None = None, labels: dict | None = None) -> Call:
        """Change some invoice defaults or labels."""
        return Call("PUT", self._path("invoices", "settings"), json=body(defaults=defaults, labels=labels),
                    feature="INVOICING", parse=dict)

    @operation
    def export(self, invoice_id: str, *, locale: str = "en") -> Call:
        """The invoice as a PDF file (bytes), worded for ``locale``."""
        if not isinstance(locale, str) or not locale.strip():
            raise InvalidInput("locale", "must be a locale such as 'en' or 'de'")
        return Call("GET", self._path("invoices", require_id(invoice_id, "invoice_id"), "export"),
                    {"userLocale": locale}, feature="INVOICING")

    @operation
    def import_items(self, invoice_id: str, start: date, end: date, *, group: str = "SINGLE_ITEM",
                     group_by: str | None = None, project_ids: list[str] | None = None, expenses: bool = False,
                     expense_group: str = "DETAILED", expense_group_by: str | None = None) -> Call:
        """Add lines made from the client's uninvoiced billable time (and, with ``expenses``, expenses)
        from ``start`` to ``end``: one line (SINGLE_ITEM), one per ``group_by`` (GROUPED: USER, PROJECT
        or DATE) or one per entry (DETAILED). What is imported is marked invoiced."""
        first, last = as_day(start, "start"), as_day(end, "end")
        if last < first:
            raise InvalidInput("end", "must not be before start")
        chosen = ids(project_ids, "project_ids")
        payload = {"from": first, "to": last, "importExpenses": bool(expenses),
                   "timeEntryGroupType": choice(group, ("SINGLE_ITEM", "GROUPED", "DETAILED"), "group"),
                   "projectFilter": {"ids": chosen, "contains": "CONTAINS", "status": "ALL"} if chosen else {},
                   **body(time_entry_primary_group_by=choice(group_by, ("USER", "PROJECT", "DATE"), "group_by"),
                          expenses_group_type=choice(expense_group, ("GROUPED", "DETAILED"), "expense_group"),
                          expenses_group_by=choice(expense_group_by, ("CATEGORY", "PROJECT", "USER"),
                                                   "expense_group_by"))}
        return Call("POST", self._path("invoices", require_id(invoice_id, "invoice_id"), "items", "import"),
                    json=payload, feature="INVOICING", parse=Invoice.model_validate)

    @operation
    def duplicate(self, invoice_id: str) -> Call:
        """A new unsent copy of an invoice."""
        return Call("POST", self._path("invoices", require_id(invoice_id, "invoice_id"), "duplicate"),
                    feature="INVOICING", parse=Invoice.model_validate)

    @operation
    def add_item(self, invoice_id: str, description: str, unit_price: int, quantity: float = 1) -> Call:
        """Append a line (``unit_price`` in cents)."""
        if quantity <= 0:
            raise InvalidInput("quantity", "must be positive")
        return Call("POST", self._path("invoices", require_id(invoice_id, "invoice_id"), "items"),
                    json={"description": description, "unitPrice": as_cents(unit_price, "unit_price"),
                          "quantity": round(quantity * 100)},
                    feature="INVOICING", parse=Invoice.model_validate)

    @operation
    def remove_item(self, invoice_id: str, order: int) -> Call:
        """Remove the line at position ``order`` (from 1)."""
        if not isinstance(order, int) or order < 1:
            raise InvalidInput("order", "must be a line number from 1")
        return Call("DELETE", self._path("invoices", require_id(invoice_id, "invoice_id"), "items", str(order)),
                    feature="INVOICING", parse=Invoice.model_validate)

    @paged_operation
    def payments(self, invoice_id: str) -> Call:
        """Payments recorded against an invoice."""
        return Call("GET", self._path("invoices", require_id(invoice_id, "invoice_id"), "payments"), feature="INVOICING",
                    paged=True, page_size=5000, parse=dict)

    @operation
    def add_payment(self, invoice_id: str, amount: int, *, day: date | None = None, note: str | None = None) -> Call:
        """Record a payment of ``amount`` cents."""
        if as_cents(amount, "amount") == 0:
            raise InvalidInput("amount", "must be more than zero")
        return Call("POST", self._path("invoices", require_id(invoice_id, "invoice_id"), "payments"),
                    json=body(amount=amount, payment_date=as_day(day, "day") if day else None, note=note),
                    feature="INVOICING", parse=dict)

    @operation
    def remove_payment(self, invoice_id: str, payment_id: str) -> Call:
        """Delete a payment."""
        return Call("DELETE", self._path("invoices", require_id(invoice_id, "invoice_id"), "payments",
                                         require_id(payment_id, "payment_id")), feature="INVOICING",
                    parse=Invoice.model_validate)

    @operation
    def set_status(self, invoice_id: str, status: str) -> Call:
        """Mark an invoice SENT, PAID, VOID..."""
        status = choice(status, ("UNSENT", "SENT", "PAID", "PARTIALLY_PAID", "VOID", "OVERDUE"), "status")
        return Call("PATCH", self._path("invoices", require_id(invoice_id, "invoice_id"), "status"),
                    json={"invoiceStatus": status}, feature="INVOICING", parse=Invoice.model_validate, idempotent=True)

    @operation
    def delete(self, invoice_id: str) -> Call:
        """Delete an invoice."""
        return Call("DELETE", self._path("invoices", require_id(invoice_id, "invoice_id")), feature="INVOICING",
                    parse=Invoice.model_validate)
