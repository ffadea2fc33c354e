"""Models of the core resources: user, workspace, projects, clients, tags, tasks, entries, webhooks."""

from __future__ import annotations

from datetime import timedelta

from pydantic import Field

from punchclock.providers.clockify.models.base import Duration, Model, UtcDateTime


class Rate(Model):
    """Money per hour in minor units (cents) and a currency code."""

    amount: int = 0
    currency: str | None = None


class Membership(Model):
    """A user's membership of a workspace, project or group, with personal rates."""

    user_id: str
    target_id: str | None = None
    membership_type: str | None = None
    membership_status: str | None = None
    hourly_rate: Rate | None = None
    cost_rate: Rate | None = None


class User(Model):
    """A Clockify user."""

    id: str
    email: str | None = None
    name: str = ""
    status: str | None = None
    active_workspace: str | None = None
    default_workspace: str | None = None
    profile_picture: str | None = None
    memberships: list[Membership] = Field(default_factory=list)
    settings: dict | None = None


class Workspace(Model):
    """A workspace with its default rates, settings, plan features and currencies."""

    id: str
    name: str
    hourly_rate: Rate | None = None
    cost_rate: Rate | None = None
    memberships: list[Membership] = Field(default_factory=list)
    workspace_settings: dict | None = None
    features: list[str] = Field(default_factory=list)
    feature_subscription_type: str | None = None
    currencies: list[dict] = Field(default_factory=list)
    cake_organization_id: str | None = None


class Client(Model):
    """A client (customer) of the workspace."""

    id: str
    name: str
    workspace_id: str | None = None
    archived: bool = False
    email: str | None = None
    address: str | None = None
    note: str | None = None
    currency_code: str | None = None


class Tag(Model):
    """A tag."""

    id: str
    name: str
    workspace_id: str | None = None
    archived: bool = False


class Estimate(Model):
    """A project's estimate: ``estimate`` is a duration."""

    estimate: Duration | None = None
    type: str | None = None


class Task(Model):
    """A task of a project."""

    id: str
    name: str
    project_id: str
    status: str | None = None
    billable: bool | None = None
    assignee_ids: list[str] = Field(default_factory=list)
    estimate: Duration | None = None
    duration: Duration | None = None
    hourly_rate: Rate | None = None
    cost_rate: Rate | None = None


class Project(Model):
    """A project; ``tasks`` is filled only when listed with ``hydrated=True``."""

    id: str
    name: str
    workspace_id: str | None = None
    client_id: str | None = None
    client_name: str | None = None
    billable: bool = False
    color: str | None = None
    archived: bool = False
    public: bool | None = None
    template: bool | None = None
    note: str | None = None
    duration: Duration | None = None
    hourly_rate: Rate | None = None
    cost_rate: Rate | None = None
    estimate: Estimate | None = None
    time_estimate: dict | None = None
    budget_estimate: dict | None = None
    memberships: list[Membership] = Field(default_factory=list)
    tasks: list[Task] | None = None


class TimeInterval(Model):
    """Start, end and duration; ``end`` and ``duration`` are None while a timer runs."""

    start: UtcDateTime
    end: UtcDateTime | None = None
    duration: Duration | None = None


class CustomFieldValue(Model):
    """A custom field's value on an entry."""

    custom_field_id: str | None = None
    time_entry_id: str | None = None
    value: object = None
    name: str | None = None
    type: str | None = None


class TimeEntry(Model):
    """A time entry; rates are present on reads, absent on write answers."""

    id: str
    description: str = ""
    user_id: str | None = None
    workspace_id: str | None = None
    project_id: str | None = None
    task_id: str | None = None
    tag_ids: list[str] | None = None
    billable: bool = False
    time_interval: TimeInterval
    type: str | None = None
    is_locked: bool | None = None
    hourly_rate: Rate | None = None
    cost_rate: Rate | None = None
    custom_field_values: list[CustomFieldValue] = Field(default_factory=list)

    @property
    def running(self) -> bool:
        """Whether this entry is a running timer."""
        return self.time_interval.end is None

    @property
    def elapsed(self) -> timedelta | None:
        """The tracked duration (None while running)."""
        return self.time_interval.duration


class Group(Model):
    """A user group."""

    id: str
    name: str
    workspace_id: str | None = None
    user_ids: list[str] = Field(default_factory=list)


class Webhook(Model):
    """A webhook. ``auth_token`` is the secret Clockify sends in ``Clockify-Signature``; it is hidden from repr."""

    id: str
    name: str | None = None
    url: str
    webhook_event: str
    trigger_source: list[str] = Field(default_factory=list)
    trigger_source_type: str | None = None
    auth_token: str | None = Field(default=None, repr=False)
    enabled: bool | None = None
    user_id: str | None = None
    workspace_id: str | None = None


class WebhookLog(Model):
    """One delivery attempt of a webhook."""

    id: str
    webhook_id: str
    status_code: int
    request_body: str | None = None
    response_body: str | None = None
    responded_at: str | None = None
