"""Holidays, expenses and categories, invoices, approvals, custom fields, time off, change feeds.

Paid-plan operations name their feature, so a 403 on a free workspace becomes ``PlanRequired``.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from punchclock.errors import InvalidInput
from punchclock.http.call import ME, Call, model_list, multipart, operation
from punchclock.http.validate import (
    FileLike, aware, choice, ids, optional_id, page_size, require_id, span, upload,
)
from punchclock.providers.clockify.models.extra import (
    ApprovalRequest, CustomField, EntityChange, Expense, ExpenseCategory, Holiday, Invoice, Policy, TimeOffRequest,
)
from punchclock.providers.clockify.requests import InvoiceLine
from punchclock.providers.clockify.resources._base import Resource, body
from punchclock.timeutil import format_instant


def _day(value, field: str) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise InvalidInput(field, f"must be a date (YYYY-MM-DD), got {value!r}") from None


def _cents(value, field: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise InvalidInput(field, "must be a non-negative whole number of cents")
    return value


DUE_DAYS = 30  # Clockify's default invoice term (the workspace's invoice settings, ``defaults.dueDays``)


class Holidays(Resource):
    """Holidays of the workspace."""

    @operation
    def list(self, *, start: date | None = None, end: date | None = None) -> Call:
        """Every holiday, or those overlapping ``start``..``end`` (both needed for a window)."""
        if (start is None) != (end is None):
            raise InvalidInput("end" if end is None else "start", "give both start and end, or neither")
        if start is None:
            return Call("GET", self._path("holidays"), parse=model_list(Holiday))
        if _day(end, "end") < _day(start, "start"):
            raise InvalidInput("end", "must not be before start")
        return Call("GET", self._path("holidays", "in-period"), {"start": _day(start, "start"), "end": _day(end, "end")},
                    parse=model_list(Holiday))

    @operation
    def create(self, name: str, start: date, end: date | None = None, *, annual: bool = False,
               user_ids: list[str] | None = None) -> Call:
        """A holiday from ``start`` to ``end`` (one day by default)."""
        first, last = _day(start, "start"), _day(end or start, "end")
        if last < first:
            raise InvalidInput("end", "must not be before start")
        return Call("POST", self._path("holidays"), json=body(name=name, date_period={"startDate": first, "endDate": last},
                                                              occurs_annually=annual,
                                                              users={"ids": ids(user_ids, "user_ids")} if user_ids else None),
                    parse=Holiday.model_validate)

    @operation
    def update(self, holiday_id: str, name: str, start: date, end: date | None = None, *, annual: bool = False) -> Call:
        """Replace a holiday's name and days."""
        first, last = _day(start, "start"), _day(end or start, "end")
        if last < first:
            raise InvalidInput("end", "must not be before start")
        return Call("PUT", self._path("holidays", require_id(holiday_id, "holiday_id")),
                    json=body(name=name, date_period={"startDate": first, "endDate": last}, occurs_annually=annual),
                    parse=Holiday.model_validate)

    @operation
    def delete(self, holiday_id: str) -> Call:
        """Delete a holiday."""
        return Call("DELETE", self._path("holidays", require_id(holiday_id, "holiday_id")), parse=Holiday.model_validate)


class Expenses(Resource):
    """Expenses and their categories (paid feature EXPENSES)."""

    @operation
    def categories(self) -> Call:
        """Every category."""
        return Call("GET", self._path("expenses", "categories"), feature="EXPENSES",
                    parse=lambda d: [ExpenseCategory.model_validate(c) for c in d["categories"]])

    @operation
    def create_category(self, name: str, *, unit_price: int | None = None, unit: str | None = None) -> Call:
        """A category, optionally priced per ``unit`` (cents)."""
        payload = body(name=name, has_unit_price=unit_price is not None,
                       price_in_cents=None if unit_price is None else _cents(unit_price, "unit_price"), unit=unit)
        return Call("POST", self._path("expenses", "categories"), json=payload, feature="EXPENSES",
                    parse=ExpenseCategory.model_validate)

    @operation
    def list(self, *, user_id: str | None = None, size: int = 1000) -> Call:
        """Expenses, newest first (one page of the listing envelope)."""
        return Call("GET", self._path("expenses"), {"userId": optional_id(user_id, "user_id"), "page-size": page_size(size)},
                    feature="EXPENSES", parse=lambda d: [Expense.model_validate(e) for e in d["expenses"]["expenses"]])

    @operation
    def create(self, category_id: str, day: date, *, amount: int | None = None, quantity: float | None = None,
               project_id: str | None = None, task_id: str | None = None, notes: str | None = None,
               billable: bool | None = None, user_id: str | None = None, receipt: FileLike | None = None) -> Call:
        """An expense: an ``amount`` in cents, or a ``quantity`` of a unit-priced category; ``receipt`` is a
        file path, bytes or ``(filename, bytes)``. Sent as multipart form data, as Clockify requires."""
        if amount is None and quantity is None:
            raise InvalidInput("amount", "give an amount (cents) or a quantity")
        fields = self._fields(category_id, day, amount, quantity, project_id, task_id, notes, billable)
        fields["userId"] = ME if user_id is None else require_id(user_id, "user_id")
        return Call("POST", self._path("expenses"), files=multipart(fields, self._receipt(receipt)),
                    feature="EXPENSES", parse=Expense.model_validate)

    @operation
    def get(self, expense_id: str) -> Call:
        """One expense."""
        return Call("GET", self._path("expenses", require_id(expense_id, "expense_id")), feature="EXPENSES",
                    parse=Expense.model_validate)

    @operation
    def update(self, expense_id: str, category_id: str, day: date, *, amount: int | None = None,
               quantity: float | None = None, project_id: str | None = None, task_id: str | None = None,
               notes: str | None = None, billable: bool | None = None, user_id: str | None = None,
               receipt: FileLike | None = None) -> Call:
        """Change an expense: its category and day, plus whichever other fields are given (Clockify's
        ``changeFields`` name them, so the others keep their values); ``receipt`` replaces the file."""
        fields = self._fields(category_id, day, amount, quantity, project_id, task_id, notes, billable)
        fields["userId"] = optional_id(user_id, "user_id")
        given = {"USER": user_id, "PROJECT": project_id, "TASK": task_id, "NOTES": notes,
                 "AMOUNT": amount if amount is not None else quantity, "BILLABLE": billable, "FILE": receipt}
        fields["changeFields"] = ["CATEGORY", "DATE", *(name for name, value in given.items() if value is not None)]
        return Call("PUT", self._path("expenses", require_id(expense_id, "expense_id")),
                    files=multipart(fields, self._receipt(receipt)), feature="EXPENSES", parse=Expense.model_validate)

    @operation
    def receipt(self, expense_id: str, file_id: str) -> Call:
        """The bytes of an expense's receipt (its ``file_id`` is on the expense)."""
        return Call("GET", self._path("expenses", require_id(expense_id, "expense_id"), "files",
                                      require_id(file_id, "file_id")), feature="EXPENSES")

    @staticmethod
    def _fields(category_id, day, amount, quantity, project_id, task_id, notes, billable) -> dict:
        if quantity is not None and (not isinstance(quantity, (int, float)) or isinstance(quantity, bool) or quantity <= 0):
            raise InvalidInput("quantity", "must be a positive number")
        return {"categoryId": require_id(category_id, "category_id"), "date": f"{_day(day, 'day')}T00:00:00Z",
                "amount": None if amount is None else _cents(amount, "amount"), "quantity": quantity,
                "projectId": optional_id(project_id, "project_id"), "taskId": optional_id(task_id, "task_id"),
                "notes": notes, "billable": billable}

    @staticmethod
    def _receipt(receipt: FileLike | None) -> dict:
        return {"file": upload(receipt, "receipt", default_name="receipt")} if receipt is not None else {}

    @operation
    def update_category(self, category_id: str, name: str, *, unit_price: int | None = None,
                        unit: str | None = None) -> Call:
        """Rename or reprice a category."""
        payload = body(name=name, has_unit_price=unit_price is not None,
                       price_in_cents=None if unit_price is None else _cents(unit_price, "unit_price"), unit=unit)
        return Call("PUT", self._path("expenses", "categories", require_id(category_id, "category_id")), json=payload,
                    feature="EXPENSES", parse=ExpenseCategory.model_validate)

    @operation
    def archive_category(self, category_id: str, archived: bool = True) -> Call:
        """Archive (or restore) a category."""
        return Call("PATCH", self._path("expenses", "categories", require_id(category_id, "category_id"), "status"),
                    json={"archived": bool(archived)}, feature="EXPENSES", parse=ExpenseCategory.model_validate,
                    idempotent=True)

    @operation
    def delete_category(self, category_id: str) -> Call:
        """Delete a category."""
        return Call("DELETE", self._path("expenses", "categories", require_id(category_id, "category_id")),
                    feature="EXPENSES")

    @operation
    def delete(self, expense_id: str) -> Call:
        """Delete an expense."""
        return Call("DELETE", self._path("expenses", require_id(expense_id, "expense_id")), feature="EXPENSES",
                    parse=Expense.model_validate)


class Invoices(Resource):
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
        first = _day(issued, "issued")
        last = _day(due, "due") if due is not None else (date.fromisoformat(first) + timedelta(days=DUE_DAYS)).isoformat()
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
                          "unitPrice": _cents(item.get("unit_price"), "items[].unit_price")})
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
        first, last = _day(start, "start"), _day(end, "end")
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
                    json={"description": description, "unitPrice": _cents(unit_price, "unit_price"),
                          "quantity": round(quantity * 100)},
                    feature="INVOICING", parse=Invoice.model_validate)

    @operation
    def remove_item(self, invoice_id: str, order: int) -> Call:
        """Remove the line at position ``order`` (from 1)."""
        if not isinstance(order, int) or order < 1:
            raise InvalidInput("order", "must be a line number from 1")
        return Call("DELETE", self._path("invoices", require_id(invoice_id, "invoice_id"), "items", str(order)),
                    feature="INVOICING", parse=Invoice.model_validate)

    @operation
    def payments(self, invoice_id: str) -> Call:
        """Payments recorded against an invoice."""
        return Call("GET", self._path("invoices", require_id(invoice_id, "invoice_id"), "payments"), feature="INVOICING",
                    paged=True, page_size=5000, parse=dict)

    @operation
    def add_payment(self, invoice_id: str, amount: int, *, day: date | None = None, note: str | None = None) -> Call:
        """Record a payment of ``amount`` cents."""
        if _cents(amount, "amount") == 0:
            raise InvalidInput("amount", "must be more than zero")
        return Call("POST", self._path("invoices", require_id(invoice_id, "invoice_id"), "payments"),
                    json=body(amount=amount, payment_date=_day(day, "day") if day else None, note=note),
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


class Approvals(Resource):
    """Approval requests (paid feature APPROVAL)."""

    @operation
    def list(self, *, status: str | None = None, size: int = 5000) -> Call:
        """Requests with their tracked time, walked page by page."""
        return Call("GET", self._path("approval-requests"),
                    {"status": choice(status, ("PENDING", "APPROVED", "REJECTED", "WITHDRAWN_SUBMISSION",
                                               "WITHDRAWN_APPROVAL"), "status")},
                    feature="APPROVAL", paged=True, page_size=page_size(size),
                    parse=lambda item: ApprovalRequest.model_validate(item["approvalRequest"]))

    @operation
    def submit(self, week_of: datetime, *, note: str | None = None) -> Call:
        """Submit the week containing ``week_of`` for approval."""
        aware(week_of, "week_of", required=True)
        return Call("POST", self._path("approval-requests"), json=body(period_start=format_instant(week_of.timestamp()),
                                                                       note=note),
                    feature="APPROVAL", parse=ApprovalRequest.model_validate)

    @operation
    def submit_for(self, user_id: str, week_of: datetime) -> Call:
        """Submit another member's week for approval (admins)."""
        aware(week_of, "week_of", required=True)
        return Call("POST", self._path("approval-requests", "users", require_id(user_id, "user_id")),
                    json={"periodStart": format_instant(week_of.timestamp()), "period": "WEEKLY"},
                    feature="APPROVAL", parse=ApprovalRequest.model_validate)

    @operation
    def submit_typed(self, week_of: datetime, kind: str, *, user_id: str | None = None) -> Call:
        """Submit a week with a type (TIMESHEET, EXPENSE or TIMESHEET_AND_EXPENSE); ``user_id`` submits
        another member's (admins)."""
        aware(week_of, "week_of", required=True)
        kind = choice(kind, ("TIMESHEET", "EXPENSE", "TIMESHEET_AND_EXPENSE"), "kind")
        where = ("users", require_id(user_id, "user_id"), kind) if user_id is not None else (kind,)
        return Call("POST", self._path("approval-requests", *where),
                    json={"periodStart": format_instant(week_of.timestamp()), "period": "WEEKLY"},
                    feature="APPROVAL", parse=ApprovalRequest.model_validate)

    @operation
    def resubmit(self, week_of: datetime, *, user_id: str | None = None) -> Call:
        """Send the week containing ``week_of`` again to its existing request (after new entries, a
        rejection or a withdrawal); ``user_id`` does it for another member (admins)."""
        aware(week_of, "week_of", required=True)
        where = ("users", require_id(user_id, "user_id")) if user_id is not None else ()
        return Call("POST", self._path("approval-requests", *where, "resubmit-entries-for-approval"),
                    json={"periodStart": format_instant(week_of.timestamp()), "period": "WEEKLY"},
                    feature="APPROVAL", parse=ApprovalRequest.model_validate)

    @operation
    def decide(self, request_id: str, state: str, *, note: str | None = None) -> Call:
        """Approve, reject, or withdraw a request."""
        state = choice(state, ("APPROVED", "REJECTED", "WITHDRAWN_SUBMISSION", "WITHDRAWN_APPROVAL"), "state")
        return Call("PATCH", self._path("approval-requests", require_id(request_id, "request_id")),
                    json=body(state=state, note=note), feature="APPROVAL", parse=ApprovalRequest.model_validate,
                    idempotent=True)


class CustomFields(Resource):
    """Custom field definitions (paid feature CUSTOM_FIELDS)."""

    @operation
    def list(self) -> Call:
        """Every field (Clockify answers them all at once)."""
        return Call("GET", self._path("custom-fields"), feature="CUSTOM_FIELDS", parse=model_list(CustomField))

    @operation
    def create(self, name: str, *, type: str = "TXT", allowed_values: list[str] | None = None,
               entity_type: str = "TIMEENTRY") -> Call:
        """A new field on time entries, or on members with ``entity_type="USER"``."""
        kind = choice(type, ("TXT", "NUMBER", "DROPDOWN_SINGLE", "DROPDOWN_MULTIPLE", "CHECKBOX", "LINK"), "type")
        return Call("POST", self._path("custom-fields"),
                    json=body(name=name, type=kind, allowed_values=allowed_values,
                              entity_type=choice(entity_type, ("TIMEENTRY", "USER"), "entity_type")),
                    feature="CUSTOM_FIELDS", parse=CustomField.model_validate)

    @operation
    def update(self, field_id: str, name: str, *, type: str = "TXT", status: str | None = None,
               allowed_values: list[str] | None = None) -> Call:
        """Replace a field's definition."""
        kind = choice(type, ("TXT", "NUMBER", "DROPDOWN_SINGLE", "DROPDOWN_MULTIPLE", "CHECKBOX", "LINK"), "type")
        return Call("PUT", self._path("custom-fields", require_id(field_id, "field_id")),
                    json=body(name=name, type=kind, status=choice(status, ("INACTIVE", "VISIBLE", "INVISIBLE"), "status"),
                              allowed_values=allowed_values), feature="CUSTOM_FIELDS", parse=CustomField.model_validate)

    @operation
    def of_project(self, project_id: str) -> Call:
        """The fields as they apply to one project (its default values)."""
        return Call("GET", self._path("projects", require_id(project_id, "project_id"), "custom-fields"),
                    feature="CUSTOM_FIELDS", parse=model_list(CustomField))

    @operation
    def set_project_default(self, project_id: str, field_id: str, value, *, status: str | None = None) -> Call:
        """A project's own default value for a field."""
        return Call("PATCH", self._path("projects", require_id(project_id, "project_id"), "custom-fields",
                                        require_id(field_id, "field_id")),
                    json=body(default_value=value, status=choice(status, ("INACTIVE", "VISIBLE", "INVISIBLE"), "status")),
                    feature="CUSTOM_FIELDS", parse=CustomField.model_validate, idempotent=True)

    @operation
    def clear_project_default(self, project_id: str, field_id: str) -> Call:
        """Drop a project's own default for a field."""
        return Call("DELETE", self._path("projects", require_id(project_id, "project_id"), "custom-fields",
                                         require_id(field_id, "field_id")), feature="CUSTOM_FIELDS",
                    parse=CustomField.model_validate)

    @operation
    def delete(self, field_id: str) -> Call:
        """Delete a field."""
        return Call("DELETE", self._path("custom-fields", require_id(field_id, "field_id")), feature="CUSTOM_FIELDS")


class TimeOff(Resource):
    """Time-off policies and requests (paid feature TIME_OFF)."""

    @operation
    def policies(self, *, size: int = 200) -> Call:
        """Every policy, walked page by page (Clockify allows 200 a page here)."""
        return Call("GET", self._path("time-off", "policies"), feature="TIME_OFF", parse=Policy.model_validate,
                    paged=True, page_size=page_size(size, maximum=200))

    @operation
    def create_policy(self, name: str, *, unit: str = "DAYS", requires_approval: bool = True) -> Call:
        """A new policy."""
        return Call("POST", self._path("time-off", "policies"), feature="TIME_OFF", parse=Policy.model_validate,
                    json=body(name=name, time_unit=choice(unit, ("DAYS", "HOURS"), "unit"),
                              approve={"requiresApproval": requires_approval}))

    @operation
    def policy(self, policy_id: str) -> Call:
        """One policy."""
        return Call("GET", self._path("time-off", "policies", require_id(policy_id, "policy_id")), feature="TIME_OFF",
                    parse=Policy.model_validate)

    @operation
    def update_policy(self, policy_id: str, name: str, *, unit: str = "DAYS") -> Call:
        """Replace a policy's name and unit."""
        return Call("PUT", self._path("time-off", "policies", require_id(policy_id, "policy_id")), feature="TIME_OFF",
                    json=body(name=name, time_unit=choice(unit, ("DAYS", "HOURS"), "unit")), parse=Policy.model_validate)

    @operation
    def archive_policy(self, policy_id: str, archived: bool = True) -> Call:
        """Archive (or restore) a policy."""
        return Call("PATCH", self._path("time-off", "policies", require_id(policy_id, "policy_id")), feature="TIME_OFF",
                    json={"status": "ARCHIVED" if archived else "ACTIVE"}, parse=Policy.model_validate, idempotent=True)

    @operation
    def delete_policy(self, policy_id: str) -> Call:
        """Delete an archived policy."""
        return Call("DELETE", self._path("time-off", "policies", require_id(policy_id, "policy_id")), feature="TIME_OFF",
                    parse=Policy.model_validate)

    @operation
    def request(self, policy_id: str, start: datetime, end: datetime, *, user_id: str | None = None,
                note: str | None = None) -> Call:
        """Ask for time off from ``start`` to ``end`` (for another user with ``user_id``)."""
        span(start, end, required=True)
        parts = ("time-off", "policies", require_id(policy_id, "policy_id"))
        parts += ("users", require_id(user_id, "user_id"), "requests") if user_id else ("requests",)
        period = {"period": {"start": format_instant(start.timestamp()), "end": format_instant(end.timestamp())}}
        return Call("POST", self._path(*parts), json=body(time_off_period=period, note=note), feature="TIME_OFF",
                    parse=TimeOffRequest.model_validate)

    @operation
    def decide(self, policy_id: str, request_id: str, status: str) -> Call:
        """Approve, reject or withdraw a request."""
        return Call("PATCH", self._path("time-off", "policies", require_id(policy_id, "policy_id"), "requests",
                                        require_id(request_id, "request_id")),
                    json={"status": choice(status, ("APPROVED", "REJECTED", "WITHDRAWN"), "status")},
                    feature="TIME_OFF", parse=TimeOffRequest.model_validate, idempotent=True)

    @operation
    def balances(self, *, policy_id: str | None = None, user_id: str | None = None) -> Call:
        """Balances under one policy (every member) or of one member (every policy)."""
        if (policy_id is None) == (user_id is None):
            raise InvalidInput("policy_id", "give exactly one of policy_id or user_id")
        where = ("policy", require_id(policy_id, "policy_id")) if policy_id else ("user", require_id(user_id, "user_id"))
        return Call("GET", self._path("time-off", "balance", *where), feature="TIME_OFF",
                    parse=lambda d: d["balances"])

    @operation
    def adjust_balance(self, policy_id: str, user_ids: list[str], value: float, *, note: str = "") -> Call:
        """Add ``value`` days or hours to members' balances under a policy."""
        return Call("PATCH", self._path("time-off", "balance", "policy", require_id(policy_id, "policy_id")),
                    json={"userIds": ids(user_ids, "user_ids"), "value": float(value), "note": note}, feature="TIME_OFF")

    @operation
    def assign_balance(self, policy_id: str, user_ids: list[str], balance: float, *, start: date | None = None,
                       end: date | None = None, note: str | None = None) -> Call:
        """Grant ``balance`` days or hours under a policy to members, usable from ``start`` to ``end``
        (default: today until the same day next year)."""
        if not isinstance(balance, (int, float)) or isinstance(balance, bool):
            raise InvalidInput("balance", "must be a number")
        span = {k: v.isoformat() for k, v in (("start", start), ("end", end)) if v is not None}
        return Call("POST", self._path("time-off", "balance", "assignment"), feature="TIME_OFF",
                    json=body(policy_id=require_id(policy_id, "policy_id"), user_ids=ids(user_ids, "user_ids"),
                              balance=float(balance), date_range=span or None, note=note))

    @operation
    def balance_assignments(self, user_id: str, policy_id: str) -> Call:
        """A member's balance assignments under a policy."""
        return Call("GET", self._path("time-off", "balance", "assignment", "user", require_id(user_id, "user_id"),
                                      "policy", require_id(policy_id, "policy_id")), feature="TIME_OFF")

    @operation
    def change_assignment(self, assignment_id: str, user_id: str, policy_id: str, change: float, *,
                          note: str | None = None) -> Call:
        """Change a balance assignment's amount by ``change`` (negative takes some back)."""
        if not isinstance(change, (int, float)) or isinstance(change, bool):
            raise InvalidInput("change", "must be a number")
        return Call("PUT", self._assignment(assignment_id, user_id, policy_id), feature="TIME_OFF",
                    json=body(balance_change=float(change), note=note), idempotent=False)

    @operation
    def remove_assignment(self, assignment_id: str, user_id: str, policy_id: str, note: str) -> Call:
        """Take a balance assignment back; ``note`` says why (Clockify requires one)."""
        return Call("DELETE", self._assignment(assignment_id, user_id, policy_id), feature="TIME_OFF",
                    json={"note": str(note)})

    def _assignment(self, assignment_id: str, user_id: str, policy_id: str) -> str:
        return self._path("time-off", "balance", "assignment", require_id(assignment_id, "assignment_id"), "user",
                          require_id(user_id, "user_id"), "policy", require_id(policy_id, "policy_id"))

    @operation
    def withdraw(self, policy_id: str, request_id: str) -> Call:
        """Delete a time-off request."""
        return Call("DELETE", self._path("time-off", "policies", require_id(policy_id, "policy_id"), "requests",
                                         require_id(request_id, "request_id")), feature="TIME_OFF",
                    parse=TimeOffRequest.model_validate)

    @operation
    def requests(self, *, statuses: list[str] | None = None) -> Call:
        """Requests of the workspace (a search sent as POST)."""
        return Call("POST", self._path("time-off", "requests"), json=body(statuses=statuses), feature="TIME_OFF",
                    idempotent=True, parse=lambda d: [TimeOffRequest.model_validate(r) for r in d["requests"]])


class Changes(Resource):
    """Entity change feeds: the cheapest way to find edits and deletions since a moment."""

    @operation
    def list(self, kind: str, entity_type: str, *, start: datetime, end: datetime, limit: int = 5000) -> Call:
        """Entities of ``entity_type`` (e.g. TIME_ENTRY) ``kind`` (created, updated, deleted) in a window."""
        if kind not in ("created", "updated", "deleted"):
            raise InvalidInput("kind", f"must be created, updated or deleted, got {kind!r}")
        span(start, end, required=True)
        return Call("GET", self._path("entities", kind), {"type": entity_type, "start": start, "end": end},
                    parse=EntityChange.model_validate, paged=True, page_size=page_size(limit, "limit"),
                    page_param="limit", first_page=0)

    @operation
    def audit_log(self, actions: list[str], *, start: datetime, end: datetime, author_ids: list[str] | None = None,
                  page: int = 1, size: int = 50) -> Call:
        """Audit-log entries (CREATE_PROJECT, UPDATE_TIME_PERSONAL...) in a window, from Clockify's audit-log
        host; ``author_ids`` keeps those authors (``SYSTEM`` for system entries)."""
        if not actions or not all(isinstance(a, str) and a for a in actions):
            raise InvalidInput("actions", "give at least one audit action, e.g. CREATE_PROJECT")
        span(start, end, required=True)
        if not 1 <= size <= 50:
            raise InvalidInput("size", "must be between 1 and 50")
        return Call("POST", self._path("audit-log"), host="auditlog", idempotent=True,
                    json={"actions": list(dict.fromkeys(actions)), "authors": {"authorIds": author_ids or [],
                                                                               "contains": "CONTAINS"},
                          "start": format_instant(start.timestamp()), "end": format_instant(end.timestamp()),
                          "page": page, "page-size": size})
