"""Clockify's invoices (paid feature INVOICING)."""

from __future__ import annotations

from datetime import date, timedelta

from punchclock.errors import InvalidInput
from punchclock.http.call import Call, Mode, operation, paged_operation
from punchclock.http.validate import choice, ids, page_size, require_id
from punchclock.providers.clockify.models.extra import Invoice
from punchclock.providers.clockify.resources._base import Resource, as_cents, as_day, body, currency_code, nonempty

DUE_DAYS = 30  # Clockify's default invoice term (the workspace's invoice settings, ``defaults.dueDays``)
TAXES = ("TAX1", "TAX2", "TAX1TAX2", "NONE")
LABELS = {"amount": "Amount", "billFrom": "Bill from", "billTo": "Bill to", "description": "Description",
          "discount": "Discount", "dueDate": "Due date", "issueDate": "Issue date", "itemType": "Item type",
          "notes": "Notes", "paid": "Paid", "quantity": "Quantity", "subtotal": "Subtotal", "tax": "Tax",
          "tax2": "Tax 2", "total": "Total", "totalAmountDue": "Total amount due", "unitPrice": "Unit price"}
"""Clockify's English invoice labels: the settings update replaces all 17, so the ones not given are these."""


class Invoices(Resource[Mode]):
    """Invoices (paid feature INVOICING)."""

    @operation
    def list(self, *, size: int = 5000) -> Call:
        """Invoices, newest first: one request of up to ``size`` (Clockify answers ``{invoices, total}``)."""
        return Call("GET", self._path("invoices"), {"page-size": page_size(size)}, feature="INVOICING",
                    parse=lambda d: [Invoice.model_validate(i) for i in d["invoices"]])

    @operation
    def create(self, client_id: str, issued: date, due: date | None = None, *, number: str, currency: str) -> Call:
        """A new invoice for a client numbered ``number`` in ``currency`` (Clockify requires both), due
        ``DUE_DAYS`` after ``issued`` unless ``due`` says otherwise."""
        first, last = _issue_and_due(issued, due)
        payload = {"clientId": require_id(client_id, "client_id"), "issuedDate": f"{first}T00:00:00Z",
                   "dueDate": f"{last}T00:00:00Z", "number": nonempty(number, "number"), "currency": currency_code(currency)}
        return Call("POST", self._path("invoices"), json=payload, feature="INVOICING", parse=Invoice.model_validate)

    @operation
    def get(self, invoice_id: str) -> Call:
        """One invoice."""
        return Call("GET", self._path("invoices", require_id(invoice_id, "invoice_id")), feature="INVOICING",
                    parse=Invoice.model_validate)

    @operation
    def update(self, invoice_id: str, *, number: str, currency: str, issued: date, due: date | None = None,
               discount: float = 0, tax: float = 0, tax2: float = 0, note: str | None = None,
               subject: str | None = None) -> Call:
        """Replace an invoice's details (Clockify's update is a full replace of these; the lines change
        through :meth:`add_item`, :meth:`remove_item` and :meth:`import_items`). ``discount``, ``tax``
        and ``tax2`` are percentages."""
        first, last = _issue_and_due(issued, due)
        payload = {"number": nonempty(number, "number"), "currency": currency_code(currency),
                   "issuedDate": f"{first}T00:00:00Z", "dueDate": f"{last}T00:00:00Z",
                   "discountPercent": _percent(discount, "discount"), "taxPercent": _percent(tax, "tax"),
                   "tax2Percent": _percent(tax2, "tax2"), **body(note=note, subject=subject)}
        return Call("PUT", self._path("invoices", require_id(invoice_id, "invoice_id")), json=payload,
                    feature="INVOICING", parse=Invoice.model_validate)

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
        """Change the invoice defaults or labels. Clockify replaces the whole label set, so labels not
        given in ``labels`` go back to Clockify's English ones (``LABELS``)."""
        unknown = sorted(set(labels or {}) - set(LABELS))
        if unknown:
            raise InvalidInput("labels", f"unknown label {unknown[0]!r} (known: {', '.join(sorted(LABELS))})")
        return Call("PUT", self._path("invoices", "settings"),
                    json=body(defaults=defaults, labels={**LABELS, **(labels or {})}), feature="INVOICING", parse=dict)

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
    def add_item(self, invoice_id: str, description: str, unit_price: int, quantity: float = 1, *,
                 item_type: str = "Service", taxes: str = "NONE") -> Call:
        """Append a line (``unit_price`` in cents) of the workspace's item type ``item_type``, taxed by
        ``taxes`` (TAX1, TAX2, TAX1TAX2 or NONE)."""
        if not isinstance(quantity, (int, float)) or isinstance(quantity, bool) or quantity <= 0:
            raise InvalidInput("quantity", "must be a positive number")
        return Call("POST", self._path("invoices", require_id(invoice_id, "invoice_id"), "items"),
                    json={"description": description, "unitPrice": as_cents(unit_price, "unit_price"),
                          "quantity": round(quantity * 100), "itemType": nonempty(item_type, "item_type"),
                          "applyTaxes": choice(taxes, TAXES, "taxes")},
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


def _issue_and_due(issued: date, due: date | None) -> tuple[str, str]:
    """The issue and due days; due ``DUE_DAYS`` after issue unless given, and never before it."""
    first = as_day(issued, "issued")
    last = as_day(due, "due") if due is not None else (date.fromisoformat(first) + timedelta(days=DUE_DAYS)).isoformat()
    if last < first:
        raise InvalidInput("due", "must not be before issued")
    return first, last


def _percent(value, field: str) -> float:
    """A percentage from 0 to 100."""
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value <= 100:
        raise InvalidInput(field, "must be a percentage from 0 to 100")
    return value
