"""Clockify's expenses and their categories (paid feature EXPENSES)."""

from __future__ import annotations

from datetime import date

from punchclock.errors import InvalidInput
from punchclock.http.call import ME, Call, Mode, multipart, operation
from punchclock.http.validate import FileLike, optional_id, page_size, require_id, upload
from punchclock.providers.clockify.models.extra import Expense, ExpenseCategory
from punchclock.providers.clockify.resources._base import Resource, as_cents, as_day, body


class Expenses(Resource[Mode]):
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
                       price_in_cents=None if unit_price is None else as_cents(unit_price, "unit_price"), unit=unit)
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
        return {"categoryId": require_id(category_id, "category_id"), "date": f"{as_day(day, 'day')}T00:00:00Z",
                "amount": None if amount is None else as_cents(amount, "amount"), "quantity": quantity,
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
                       price_in_cents=None if unit_price is None else as_cents(unit_price, "unit_price"), unit=unit)
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
