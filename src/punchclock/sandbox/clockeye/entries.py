"""ClockEye's time-entry rules: listing with filters, create, partial update, delete, and the timer.

A user has at most one running entry (``end`` None). Starting a timer, or creating an entry
without ``end_time``, first stops the running one at the new start; a new start before the running
entry's start is refused. Members see and change their own entries only (403 otherwise).
"""

from __future__ import annotations

import heapq
from typing import TYPE_CHECKING

from punchclock.sandbox.clockeye import errors, fields, shapes
from punchclock.sandbox.clockeye.state import Entry

if TYPE_CHECKING:
    from punchclock.sandbox.clockeye.backend import Caller, ClockEyeBackend


class EntryRules:
    """Time entries and timers over a :class:`~punchclock.sandbox.clockeye.backend.ClockEyeBackend`."""

    def __init__(self, backend: "ClockEyeBackend"):
        self.backend = backend

    @property
    def state(self):
        """The backend's current state (replaced on reset)."""
        return self.backend.state

    # -- reading ---------------------------------------------------------------------------
    def list(self, caller: "Caller", *, user_id: str | None = None, project_id: str | None = None,
             first_day: int | None = None, last_day: int | None = None, since: int | None = None,
             until: int | None = None) -> list[Entry]:
        """Entries newest first: the caller's (or a user's, or all for owners and admins), with
        start_time on the UTC days ``first_day``..``last_day`` and in ``[since, until)``."""
        who = self.backend.users_in_scope(caller, user_id)
        if project_id is not None and project_id not in self.state.projects:
            raise errors.unknown_reference("project_id", project_id)
        low = max(first_day if first_day is not None else -1 << 62, since if since is not None else -1 << 62)
        high = min(last_day + fields.DAY if last_day is not None else 1 << 62, until if until is not None else 1 << 62)
        by_user = self.state.by_user
        rows = by_user.get(who, []) if who else heapq.merge(*by_user.values(), key=Entry.sort_key)
        return [e for e in rows if low <= e.start < high and (project_id is None or e.project_id == project_id)]

    def get(self, caller: "Caller", entry_id: str) -> Entry:
        """One entry the caller may see: 404 when unknown, 403 when a member asks for another's."""
        entry = self.state.entries.get(entry_id)
        if entry is None:
            raise errors.not_found("Time entry", entry_id)
        if entry.user_id != caller.id and not caller.is_admin:
            raise errors.forbidden("Only owners and admins may see or change another user's entries")
        return entry

    def running(self, user_id: str) -> Entry | None:
        """The user's running entry, if any."""
        return next((e for e in self.state.by_user.get(user_id, []) if e.end is None), None)

    # -- writing ---------------------------------------------------------------------------
    def create(self, caller: "Caller", body: dict) -> Entry:
        """A new entry of the caller; without ``end_time`` it is the running timer."""
        if body.get("description") is None:
            raise errors.required("description")
        if body.get("start_time") is None:
            raise errors.required("start_time")
        return self._new(caller, body, fields.instant(body["start_time"], "start_time"))

    def start(self, caller: "Caller", body: dict) -> Entry:
        """Start the caller's timer at ``start_time`` (default now), stopping a running one there."""
        begin = fields.instant(body["start_time"], "start_time") if body.get("start_time") is not None \
            else self.backend.now()
        return self._new(caller, {**body, "end_time": None}, begin)

    def stop(self, caller: "Caller", body: dict) -> Entry:
        """Stop the caller's timer at ``end_time`` (default now); 404 when none runs."""
        entry = self.running(caller.id)
        if entry is None:
            raise errors.no_running_timer()
        end = fields.instant(body["end_time"], "end_time") if body.get("end_time") is not None else self.backend.now()
        self._check_span(entry.start, end)
        before = shapes.entry(entry)
        entry.end = end
        entry.updated_at = self.backend.now()
        self.backend.webhooks.updated(entry, before)
        return entry

    def update(self, caller: "Caller", entry_id: str, body: dict) -> Entry:
        """Change the fields given and keep the others; ``end_time`` stops a running entry but
        cannot be cleared on a stopped one. A new project without a task keeps the old task only
        if it belongs to that project."""
        entry = self.get(caller, entry_id)
        if not body:
            return entry
        for name in ("description", "start_time", "billable", "tags"):
            if name in body and body[name] is None:
                raise errors.invalid_request(f"The {name} field must not be null", name)
        if "end_time" in body and body["end_time"] is None and entry.end is not None:
            raise errors.invalid_request("The end_time field cannot be cleared; start a timer instead", "end_time")
        start = fields.instant(body["start_time"], "start_time") if "start_time" in body else entry.start
        end = fields.instant(body["end_time"], "end_time") if body.get("end_time") is not None else entry.end
        if end is not None:
            self._check_span(start, end)
        if "project_id" in body and "task_id" not in body:
            project_id, _ = self._references(body["project_id"], None)
            old = self.state.tasks.get(entry.task_id) if entry.task_id else None
            task_id = entry.task_id if old and old["project_id"] == project_id else None
        else:
            project_id, task_id = self._references(body.get("project_id", entry.project_id),
                                                   body.get("task_id", entry.task_id))
        tags = fields.tags(body["tags"]) if "tags" in body else entry.tags
        before = shapes.entry(entry)
        self.state.remove_entry(entry)
        entry.start, entry.end, entry.project_id, entry.task_id = start, end, project_id, task_id
        entry.description = body.get("description", entry.description)
        entry.billable, entry.tags = body.get("billable", entry.billable), tags
        entry.updated_at = self.backend.now()
        self.state.add_entry(entry)
        self.backend.webhooks.updated(entry, before)
        return entry

    def delete(self, caller: "Caller", entry_id: str) -> None:
        """Delete an entry and the screenshots taken during it."""
        entry = self.get(caller, entry_id)
        self.state.remove_entry(entry)
        self.state.screenshots[:] = [s for s in self.state.screenshots if s.time_entry_id != entry.id]
        self.backend.webhooks.deleted(entry)

    # -- helpers ---------------------------------------------------------------------------
    def _new(self, caller: "Caller", body: dict, start: int) -> Entry:
        end = fields.instant(body["end_time"], "end_time") if body.get("end_time") is not None else None
        if end is not None:
            self._check_span(start, end)
        project_id, task_id = self._references(body.get("project_id"), body.get("task_id"))
        tags = fields.tags(body.get("tags") or [])
        billable = body.get("billable")
        if billable is None:
            billable = bool(project_id and self.state.projects[project_id]["billable"])
        running = self.running(caller.id) if end is None else None
        if running is not None and start < running.start:
            raise errors.invalid_request("The start_time field is before the start of the running entry",
                                         "start_time")
        now = self.backend.now()
        if running is not None:
            before = shapes.entry(running)
            running.end, running.updated_at = start, now
            self.backend.webhooks.updated(running, before)
        entry = Entry(self.state.ids.new("te"), caller.id, start, end, description=body.get("description") or "",
                      project_id=project_id, task_id=task_id, billable=billable, tags=tags,
                      created_at=now, updated_at=now)
        self.state.add_entry(entry)
        self.backend.webhooks.created(entry)
        return entry

    def _references(self, project_id: str | None, task_id: str | None) -> tuple[str | None, str | None]:
        """Check the project and task ids; a task alone brings its project, a task of another
        project is refused."""
        if project_id is not None and project_id not in self.state.projects:
            raise errors.unknown_reference("project_id", project_id)
        if task_id is None:
            return project_id, None
        task = self.state.tasks.get(task_id)
        if task is None:
            raise errors.unknown_reference("task_id", task_id)
        if project_id is None:
            return task["project_id"], task_id
        if task["project_id"] != project_id:
            raise errors.invalid_request("The task_id field names a task of another project", "task_id")
        return project_id, task_id

    @staticmethod
    def _check_span(start: int, end: int) -> None:
        if end < start:
            raise errors.invalid_request("The end_time field must not be before start_time", "end_time")
