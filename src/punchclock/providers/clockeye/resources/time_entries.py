"""Time entries: list, get, create, partial update, delete, and the caller's timer (start, stop, running).

``user_id=None`` means the key's own user (the server's default); admins and owners may pass
``user_id="all"`` to list everyone's entries.
"""

from __future__ import annotations

import math
from datetime import date, datetime

from punchclock.errors import InvalidInput
from punchclock.http.call import Call, Mode, operation, paged_operation
from punchclock.http.validate import aware, optional_id, require_id, span
from punchclock.providers.clockeye.models import TimeEntry, data_of
from punchclock.providers.clockeye.resources._base import Resource, day_span, fields, listing
from punchclock.timeutil import format_instant


def _stamp(value: datetime | None) -> str | None:
    """An aware datetime as ClockEye's whole-second ``Z`` instant, rounded up (so bounds stay exact)."""
    return None if value is None else format_instant(math.ceil(value.timestamp()))


def _tags(value: list[str] | None) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str) or not all(isinstance(t, str) for t in value):
        raise InvalidInput("tags", "must be a list of strings")
    return list(value)


def _user(value: str | None) -> str | None:
    """A user id, ``"all"`` (admins and owners: everyone), or None (the caller)."""
    return value if value is None or value == "all" else require_id(value, "user_id")


def _entry_path(entry_id: str) -> str:
    return f"/time-entries/{require_id(entry_id, 'entry_id')}"


class TimeEntries(Resource[Mode]):
    """Time entry operations."""

    @paged_operation
    def list(self, user_id: str | None = None, *, project_id: str | None = None, start_date: date | None = None,
             end_date: date | None = None, start: datetime | None = None, end: datetime | None = None,
             per_page: int = 50, page: int = 1) -> Call:
        """Entries newest first, walked page by page: a user's (you by default, everyone with ``"all"``),
        a project's, those starting on ``start_date``..``end_date`` (inclusive UTC days) or at an
        instant in [``start``, ``end``)."""
        span(start, end)
        first, last = day_span(start_date, end_date)
        params = {"user_id": _user(user_id),
                  "project_id": optional_id(project_id, "project_id"), "start_date": first, "end_date": last,
                  "from": _stamp(start), "to": _stamp(end)}
        return listing("/time-entries", params, TimeEntry.model_validate, per_page=per_page, page=page)

    @operation
    def get(self, entry_id: str) -> Call:
        """One entry; raises NotFound for an unknown id."""
        return Call("GET", _entry_path(entry_id), parse=data_of(TimeEntry))

    @operation
    def create(self, description: str = "", *, start_time: datetime, end_time: datetime | None = None,
               project_id: str | None = None, task_id: str | None = None, billable: bool | None = None,
               tags: list[str] | None = None) -> Call:
        """Create an entry (a running one when ``end_time`` is None); never sent twice once it may
        have reached the server."""
        aware(start_time, "start_time", required=True)
        span(start_time, end_time, "start_time", "end_time")
        body = fields(description=description, start_time=_stamp(start_time), end_time=_stamp(end_time),
                      project_id=optional_id(project_id, "project_id"), task_id=optional_id(task_id, "task_id"),
                      billable=billable, tags=_tags(tags))
        return Call("POST", "/time-entries", json=body, parse=data_of(TimeEntry))

    @operation
    def update(self, entry_id: str, *, description: str | None = None, start_time: datetime | None = None,
               end_time: datetime | None = None, project_id: str | None = None, task_id: str | None = None,
               billable: bool | None = None, tags: list[str] | None = None) -> Call:
        """Change the given fields of an entry and keep the others (None means "leave as is")."""
        span(start_time, end_time, "start_time", "end_time")
        body = fields(description=description, start_time=_stamp(start_time), end_time=_stamp(end_time),
                      project_id=optional_id(project_id, "project_id"), task_id=optional_id(task_id, "task_id"),
                      billable=billable, tags=_tags(tags))
        if not body:
            raise InvalidInput("update", "give at least one field to change")
        return Call("PUT", _entry_path(entry_id), json=body, parse=data_of(TimeEntry))

    @operation
    def delete(self, entry_id: str) -> Call:
        """Delete an entry."""
        return Call("DELETE", _entry_path(entry_id))

    @operation
    def start(self, description: str | None = None, *, project_id: str | None = None, task_id: str | None = None,
              billable: bool | None = None, tags: list[str] | None = None, at: datetime | None = None) -> Call:
        """Start your timer now (or ``at``); the server first stops one already running, at that moment."""
        body = fields(description=description, project_id=optional_id(project_id, "project_id"),
                      task_id=optional_id(task_id, "task_id"), billable=billable, tags=_tags(tags),
                      start_time=_stamp(aware(at, "at")))
        return Call("POST", "/time-entries/start", json=body, parse=data_of(TimeEntry))

    @operation
    def stop(self, *, at: datetime | None = None) -> Call:
        """Stop your running timer now (or ``at``); raises NotFound when none runs."""
        return Call("POST", "/time-entries/stop", json=fields(end_time=_stamp(aware(at, "at"))),
                    parse=data_of(TimeEntry))

    @operation
    def running(self) -> Call:
        """Your running timer, or None."""
        return Call("GET", "/time-entries/running", parse=data_of(TimeEntry))
