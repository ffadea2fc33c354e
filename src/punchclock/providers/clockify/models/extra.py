"""Models of the workspace's other resources: holidays, expenses, invoices, approvals, custom
fields, time off, change feeds. Only the fields punchclock reads are typed; the rest are kept."""

from __future__ import annotations

from pydantic import Field

from punchclock.providers.clockify.models.base import Model


class Holiday(Model):
    """A holiday: a name and a ``date_period`` of ``startDate``/``endDate`` days."""

    id: str
    name: str
    date_period: dict = Field(default_factory=dict)
    occurs_annually: bool | None = None
    user_ids: list[str] = Field(default_factory=list)


class ExpenseCategory(Model):
    """An expense category, optionally priced per unit (cents)."""

    id: str
    name: str
    archived: bool = False
    has_unit_price: bool | None = None
    price_in_cents: int | None = None
    unit: str | None = None


class Expense(Model):
    """An expense; ``total`` is in cents."""

    id: str
    user_id: str | None = None
    date: str | None = None
    total: float = 0
    quantity: float | None = None
    notes: str | None = None
    billable: bool | None = None
    category_id: str | None = None
    category: ExpenseCategory | None = None
    project_id: str | None = None
    file_id: str | None = None


class Invoice(Model):
    """An invoice; amounts in cents."""

    id: str
    number: str | None = None
    client_id: str | None = None
    status: str | None = None
    amount: float | None = None
    balance: float | None = None
    items: list[dict] = Field(default_factory=list)


class ApprovalRequest(Model):
    """An approval request (the ``approvalRequest`` part of a listing item)."""

    id: str
    date_range: dict = Field(default_factory=dict)
    owner: dict = Field(default_factory=dict)
    status: dict = Field(default_factory=dict)


class CustomField(Model):
    """A custom field definition."""

    id: str
    name: str
    type: str | None = None
    status: str | None = None
    allowed_values: list[str] = Field(default_factory=list)
    entity_type: str | None = None


class Policy(Model):
    """A time-off policy."""

    id: str
    name: str
    time_unit: str | None = None
    archived: bool = False


class TimeOffRequest(Model):
    """A request for time off under a policy."""

    id: str
    policy_id: str | None = None
    user_id: str | None = None
    status: dict = Field(default_factory=dict)
    time_off_period: dict = Field(default_factory=dict)


class EntityChange(Model):
    """One entry of a change feed: the entity's id and what happened when."""

    id: str
    document_code: str | None = None
    audit_metadata: dict = Field(default_factory=dict)
