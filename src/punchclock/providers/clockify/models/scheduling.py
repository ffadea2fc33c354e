"""Models of scheduling: assignments, and the hours booked per project and per member.

Only the fields punchclock reads are typed; the rest are kept.
"""

from __future__ import annotations

from pydantic import Field

from punchclock.providers.clockify.models.base import Model, UtcDateTime


class Period(Model):
    """An assignment's dates: ``start`` and ``end`` (both days count)."""

    start: UtcDateTime
    end: UtcDateTime


class Recurring(Model):
    """An assignment's series: ``series_id`` is shared by the weekly copies made together."""

    repeat: bool = False
    series_id: str | None = None
    weeks: int | None = None


class Assignment(Model):
    """A member booked on a project for ``hours_per_day`` over a ``period``.

    Listings add the names (``project_name``, ``user_name``, ``client_name``...); changes add
    ``published`` and ``recurring``.
    """

    id: str
    user_id: str | None = None
    project_id: str | None = None
    task_id: str | None = None
    period: Period | None = None
    hours_per_day: float = 0
    billable: bool = False
    note: str | None = None
    start_time: str | None = None
    include_non_working_days: bool = False
    published: bool = False
    recurring: Recurring | None = None
    project_name: str | None = None
    user_name: str | None = None
    client_name: str | None = None


class DayFlag(Model):
    """Whether a project has an assignment on a day."""

    date: UtcDateTime
    has_assignment: bool = False


class DayHours(Model):
    """The hours a member is booked for on a day."""

    date: UtcDateTime
    total_hours: float = 0


class ProjectTotals(Model):
    """A project's booked hours in a window, and which of its days have assignments."""

    project_id: str
    project_name: str | None = None
    client_name: str | None = None
    total_hours: float = 0
    assignments: list[DayFlag] = Field(default_factory=list)
    milestones: list[dict] = Field(default_factory=list)


class UserTotals(Model):
    """A member's capacity (``capacity_per_day`` in seconds, as Clockify sends it) and booked hours per day."""

    user_id: str
    user_name: str | None = None
    user_status: str | None = None
    capacity_per_day: float = 0
    working_days: list[str] | str | None = None
    total_hours_per_day: list[DayHours] = Field(default_factory=list)
