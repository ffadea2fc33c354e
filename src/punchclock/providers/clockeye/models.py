"""Typed ClockEye answers: pydantic models named as on the wire (snake_case) that keep unknown fields.

Durations are :class:`datetime.timedelta` (integer seconds on the wire), times are aware UTC
datetimes (``Z`` on the wire). A field ClockEye adds tomorrow is kept in ``model_extra``.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any, Callable

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer

from punchclock.http.wiretypes import UtcDateTime


def _to_timedelta(value: Any) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return timedelta(seconds=value)
    return value


Seconds = Annotated[
    timedelta, BeforeValidator(_to_timedelta), PlainSerializer(lambda v: int(v.total_seconds()), return_type=int)
]
"""Integer seconds on the wire, a :class:`timedelta` in Python."""


class Model(BaseModel):
    """Base of every ClockEye model: wire names, unknown fields kept."""

    model_config = ConfigDict(extra="allow")

    def to_wire(self) -> dict:
        """The model as ClockEye's JSON (seconds, ``Z`` times), unknown fields included."""
        return self.model_dump(mode="json")


class User(Model):
    """A member of the organisation; ``role`` is owner, admin or member."""

    id: str
    name: str | None = None
    email: str | None = None
    role: str | None = None
    timezone: str | None = None
    status: str | None = None


class Project(Model):
    """A project; ``hourly_rate`` is None when the project sets none."""

    id: str
    name: str
    client_name: str | None = None
    color: str | None = None
    billable: bool = False
    archived: bool = False
    hourly_rate: float | None = None
    created_at: UtcDateTime | None = None


class TimeEntry(Model):
    """A time entry; a running timer has no ``end_time`` and no ``duration``."""

    id: str
    user_id: str
    project_id: str | None = None
    task_id: str | None = None
    description: str | None = None
    start_time: UtcDateTime
    end_time: UtcDateTime | None = None
    duration: Seconds | None = None
    billable: bool = False
    tags: list[str] = Field(default_factory=list)
    created_at: UtcDateTime | None = None
    updated_at: UtcDateTime | None = None

    @property
    def running(self) -> bool:
        """Whether this is a running timer."""
        return self.end_time is None


class Screenshot(Model):
    """A screenshot taken while a timer ran; ``activity_level`` is 0 to 100."""

    id: str
    user_id: str
    time_entry_id: str | None = None
    taken_at: UtcDateTime
    url: str | None = None
    activity_level: int | None = None


class SummaryRow(Model):
    """One group of a summary report (a project, a user or a day)."""

    key: str | None = None
    name: str | None = None
    duration: Seconds
    billable_duration: Seconds
    entries: int = 0


class Summary(Model):
    """A summary report: its rows plus the totals and the period it covers (running timers excluded)."""

    rows: list[SummaryRow]
    total_duration: Seconds
    billable_duration: Seconds
    start_date: date
    end_date: date
    group_by: str

    @classmethod
    def from_answer(cls, body: dict) -> "Summary":
        """Read ``{"data": [rows], "meta": {totals...}}``."""
        return cls.model_validate({**(body.get("meta") or {}), "rows": body.get("data") or []})


def data_of(model: type[Model]) -> Callable[[dict], Any]:
    """A parser of ``{"data": item}`` answers: the item as ``model``, or None when it is null."""

    def parse(body: dict) -> Any:
        item = body.get("data")
        return None if item is None else model.model_validate(item)

    return parse
