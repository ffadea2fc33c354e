"""Time entries: yours and others', timers, stop, replace, bulk edit and delete, in progress.

``user_id=None`` means the key's own user (resolved once per client with ``GET /user``).
"""

from __future__ import annotations

from datetime import UTC, datetime

from punchclock.errors import InvalidInput
from punchclock.http.call import ME, Call, Mode, model_list, operation, paged_operation
from punchclock.http.validate import aware, ids, optional_id, page_size, require_id, span
from punchclock.providers.clockify.created import entry_deleted, entry_lookup, entry_replaced
from punchclock.providers.clockify.models import validate
from punchclock.providers.clockify.requests import EntryChange
from punchclock.providers.clockify.resources._base import Resource
from punchclock.timeutil import format_instant


def _stamp(value: datetime | None) -> str | None:
    return None if value is None else format_instant(value.timestamp())


def entry_body(*, start: datetime, end: datetime | None = None, description: str | None = None,
               project_id: str | None = None, task_id: str | None = None, tag_ids: list[str] | None = None,
               billable: bool | None = None, type: str | None = None,
               custom_fields: dict[str, object] | None = None) -> dict:
    """The JSON of an entry to create or replace, checked before anything is sent."""
    aware(start, "start", required=True)
    span(start, end)
    if description is not None and len(description) > 3000:
        raise InvalidInput("description", "must be at most 3000 characters")
    if task_id is not None and project_id is None:
        raise InvalidInput("task_id", "needs project_id too")
    if type is not None and type.upper() not in ("REGULAR", "BREAK"):
        raise InvalidInput("type", f"must be REGULAR or BREAK, got {type!r}")
    out = {"start": _stamp(start), "end": _stamp(end), "description": description,
           "projectId": optional_id(project_id, "project_id"), "taskId": optional_id(task_id, "task_id"),
           "tagIds": ids(tag_ids, "tag_ids"), "billable": billable, "type": type.upper() if type else None}
    if custom_fields:
        out["customFields"] = [{"customFieldId": require_id(k, "custom_fields"), "sourceType": "WORKSPACE", "value": v}
                               for k, v in custom_fields.items()]
    return {k: v for k, v in out.items() if v is not None}


class TimeEntries(Resource[Mode]):
    """Time entry operations."""

    def _user(self, user_id: str | None) -> str:
        return ME if user_id is None else require_id(user_id, "user_id")

    @paged_operation
    def list(self, user_id: str | None = None, *, start: datetime | None = None, end: datetime | None = None,
             project_id: str | None = None, task_id: str | None = None, tag_ids: list[str] | None = None,
             description: str | None = None, in_progress: bool | None = None, hydrated: bool = False,
             size: int = 5000) -> Call:
        """Every entry of a user (you by default) in a window, newest first, walked page by page."""
        span(start, end)
        params = {"start": start, "end": end, "project": optional_id(project_id, "project_id"),
                  "task": optional_id(task_id, "task_id"), "tags": ids(tag_ids, "tag_ids"),
                  "description": description, "in-progress": in_progress, "hydrated": hydrated}
        return Call("GET", self._path("user", self._user(user_id), "time-entries"), params,
                    parse=validate.TimeEntry, paged=True, page_size=page_size(size))

    @operation
    def get(self, entry_id: str, *, hydrated: bool = False) -> Call:
        """One entry."""
        return Call("GET", self._path("time-entries", require_id(entry_id, "entry_id")), {"hydrated": hydrated},
                    parse=validate.TimeEntry)

    @operation
    def create(self, *, start: datetime, end: datetime | None = None, user_id: str | None = None,
               description: str | None = None, project_id: str | None = None, task_id: str | None = None,
               tag_ids: list[str] | None = None, billable: bool | None = None, type: str | None = None,
               custom_fields: dict[str, object] | None = None) -> Call:
        """Create an entry (a running timer when ``end`` is None); for another user with ``user_id``.

        A create is never retried once it may have reached the server, so it cannot duplicate; if its
        answer is lost it is looked up (one request) and, still not found, raises OutcomeUnknown.
        """
        payload = entry_body(start=start, end=end, description=description, project_id=project_id, task_id=task_id,
                             tag_ids=tag_ids, billable=billable, type=type, custom_fields=custom_fields)
        path = self._path("time-entries") if user_id is None else self._path("user", self._user(user_id), "time-entries")
        return Call("POST", path, json=payload, parse=validate.TimeEntry,
                    confirm=entry_lookup(self._path("user", self._user(user_id), "time-entries"), payload))

    def start(self, description: str = "", *, at: datetime | None = None, **fields):
        """Start a timer now (or ``at``); Clockify stops the user's running one."""
        return self.create(start=at or datetime.now(UTC), description=description, **fields)

    @operation
    def stop(self, user_id: str | None = None, *, at: datetime | None = None) -> Call:
        """Stop the running timer (now, or ``at``); raises NotFound when none runs."""
        end = aware(at, "at") or datetime.now(UTC)
        return Call("PATCH", self._path("user", self._user(user_id), "time-entries"), json={"end": _stamp(end)},
                    parse=validate.TimeEntry)

    @operation
    def update(self, entry_id: str, *, start: datetime, end: datetime | None = None,
               description: str | None = None, project_id: str | None = None, task_id: str | None = None,
               tag_ids: list[str] | None = None, billable: bool | None = None, type: str | None = None,
               custom_fields: dict[str, object] | None = None) -> Call:
        """Replace an entry (a PUT: every field not given is cleared); one whose answer is lost is read back."""
        payload = entry_body(start=start, end=end, description=description, project_id=project_id, task_id=task_id,
                             tag_ids=tag_ids, billable=billable, type=type, custom_fields=custom_fields)
        path = self._path("time-entries", require_id(entry_id, "entry_id"))
        return Call("PUT", path, json=payload, parse=validate.TimeEntry, confirm=entry_replaced(path, payload))

    @operation
    def delete(self, entry_id: str) -> Call:
        """Delete an entry (one whose answer is lost is confirmed gone with one read)."""
        path = self._path("time-entries", require_id(entry_id, "entry_id"))
        return Call("DELETE", path, confirm=entry_deleted(path))

    @operation
    def running(self, user_id: str | None = None) -> Call:
        """The user's running timer as a one-item list, or an empty list."""
        return Call("GET", self._path("user", self._user(user_id), "time-entries"),
                    {"in-progress": True, "page-size": 1}, parse=model_list(validate.TimeEntry))

    @paged_operation
    def in_progress(self, *, size: int = 1000) -> Call:
        """Every running timer in the workspace, walked page by page."""
        return Call("GET", self._path("time-entries", "status", "in-progress"), parse=validate.TimeEntry,
                    paged=True, page_size=page_size(size, maximum=1000))

    @operation
    def bulk_update(self, entries: list[EntryChange], user_id: str | None = None) -> Call:
        """Replace several entries of one user at once: each an ``id`` plus the fields it gets."""
        if not entries:
            raise InvalidInput("entries", "must not be empty")
        payload = []
        for item in entries:
            fields = dict(item)
            entry_id = require_id(fields.pop("id", None), "entries[].id")
            payload.append({"id": entry_id, **entry_body(**fields)})
        return Call("PUT", self._path("user", self._user(user_id), "time-entries"), json=payload,
                    parse=model_list(validate.TimeEntry))

    @operation
    def delete_many(self, entry_ids: list[str], user_id: str | None = None) -> Call:
        """Delete several entries of one user at once; returns the deleted entries."""
        chosen = ids(entry_ids, "entry_ids")
        if not chosen:
            raise InvalidInput("entry_ids", "must not be empty")
        return Call("DELETE", self._path("user", self._user(user_id), "time-entries"), {"time-entry-ids": chosen},
                    parse=model_list(validate.TimeEntry))

    @operation
    def duplicate(self, entry_id: str, user_id: str | None = None) -> Call:
        """A copy of an entry with a new id."""
        return Call("POST", self._path("user", self._user(user_id), "time-entries",
                                       require_id(entry_id, "entry_id"), "duplicate"), parse=validate.TimeEntry)

    @operation
    def get_many(self, entry_ids: list[str], *, hydrated: bool = False) -> Call:
        """Several entries by id in one request (with rates); ids you may not see are left out."""
        chosen = ids(entry_ids, "entry_ids")
        if not chosen:
            raise InvalidInput("entry_ids", "must not be empty")
        return Call("POST", self._path("time-entries", "batch"), json={"timeEntryIds": chosen, "hydrated": hydrated},
                    parse=model_list(validate.TimeEntry), idempotent=True)

    @operation
    def mark_invoiced(self, entry_ids: list[str], invoiced: bool = True) -> Call:
        """Mark entries as invoiced (or not)."""
        return Call("PATCH", self._path("time-entries", "invoiced"),
                    json={"timeEntryIds": ids(entry_ids, "entry_ids"), "invoiced": bool(invoiced)}, idempotent=True)
