"""Time entries: create for self and others, timers, stop, replace, bulk edit, delete, listing."""

from __future__ import annotations

import bisect

import orjson

from punchclock.sandbox.clockify import errors
from punchclock.sandbox.clockify.resources._base import Resource, currency_of, rate
from punchclock.sandbox.clockify.state import Entry
from punchclock.timeutil import format_duration, format_instant, parse_instant

NAME = "entries"
TYPES = ("REGULAR", "BREAK")
#: Entries whose listing JSON :meth:`Service.listed` keeps (past that, it starts over): a sync of a
#: large sandbox is served from memory without the sandbox doubling in size.
LISTED_MAX = 500_000


def parse_time(value, field: str) -> int:
    """A body timestamp to epoch seconds; naive or malformed values are refused."""
    try:
        return int(parse_instant(value).timestamp())
    except ValueError as exc:
        raise errors.unreadable_body(f"Cannot deserialize value of type `java.time.Instant` from String "
                                     f"\"{value}\" for field [{field}]: {exc}") from None


class Service(Resource):
    """Time entry rules."""

    def __init__(self, backend):
        super().__init__(backend)
        self._listed: dict[str, tuple[tuple, bytes]] = {}

    # -- shaping -------------------------------------------------------------------------
    def shape(self, ws, e: Entry, *, rates: bool = True, hydrated: bool = False) -> dict:
        """The entry as Clockify sends it: running timers have ``end`` and ``duration`` null."""
        out = {
            "id": e.id,
            "description": e.description,
            "tagIds": list(e.tag_ids) if e.tag_ids else None,
            "userId": e.user_id,
            "billable": e.billable,
            "taskId": e.task_id,
            "projectId": e.project_id,
            "workspaceId": e.workspace_id,
            "timeInterval": {
                "start": format_instant(e.start),
                "end": None if e.end is None else format_instant(e.end),
                "duration": None if e.end is None else format_duration(e.end - e.start),
            },
            "customFieldValues": list(e.custom_fields or []),
            "type": e.type,
            "kioskId": None,
            "approvalRequestId": e.approval_request_id,
            "isLocked": e.is_locked,
        }
        if rates:
            cur = currency_of(ws)
            out["hourlyRate"] = rate(e.hourly_rate, cur)
            out["costRate"] = rate(e.cost_rate, cur)
        if hydrated:
            project = ws.projects.get(e.project_id) if e.project_id else None
            task = ws.tasks.get(e.task_id) if e.task_id else None
            out["project"] = self.backend.projects.shape(ws, project) if project else None
            out["task"] = self.backend.tasks.shape(ws, task) if task else None
            out["tags"] = [dict(ws.tags[t]) for t in (e.tag_ids or []) if t in ws.tags]
            user = self.backend.state.users[e.user_id]
            out["user"] = {"id": user["id"], "name": user["name"], "email": user["email"]}
        return out

    def listed(self, ws, e: Entry) -> bytes:
        """The entry as a listing sends it (:meth:`shape` with rates, not hydrated) as JSON bytes, kept
        per entry while every field it shows is unchanged: entries are edited in place in several
        places, so each use compares the fields rather than trusting every edit to forget it."""
        if e.custom_fields:  # values edited in place: encoded afresh
            return orjson.dumps(self.shape(ws, e))
        seen = (e.description, tuple(e.tag_ids) if e.tag_ids else None, e.user_id, e.billable, e.task_id,
                e.project_id, e.workspace_id, e.start, e.end, e.type, e.approval_request_id, e.is_locked,
                e.hourly_rate, e.cost_rate, currency_of(ws))
        held = self._listed.get(e.id)
        if held is not None and held[0] == seen:
            return held[1]
        if len(self._listed) >= LISTED_MAX:
            self._listed.clear()
        body = bytes(memoryview(orjson.dumps(self.shape(ws, e))))  # kept as is, orjson's buffers cost 6x more
        self._listed[e.id] = (seen, body)
        return body

    # -- reading -------------------------------------------------------------------------
    def get(self, ws, caller, entry_id: str) -> Entry:
        """One entry the caller may see, or 400/501 "Time entry doesn't belong to Workspace"."""
        entry = ws.entries.get(entry_id) if isinstance(entry_id, str) else None
        if entry is None:
            raise errors.not_in_workspace("Time entry")
        self.backend.require_self_or_admin(ws, caller, entry.user_id)
        return entry

    def list_for_user(self, ws, caller, user_id: str, *, start=None, end=None, description=None, project=None,
                      task=None, tags=(), project_required=False, task_required=False, in_progress=None,
                      week_before=None) -> list[Entry]:
        """A user's entries, newest first, filtered the way ``GET /user/{id}/time-entries`` filters."""
        self.backend.require_self_or_admin(ws, caller, user_id)
        self.backend.member(ws, user_id)
        rows = ws.by_user.get(user_id, [])
        if week_before is not None:
            start, end = week_before - 7 * 86400, week_before
            project_required = True
        lo, hi = 0, len(rows)
        if end is not None:
            lo = bisect.bisect_left(rows, (-end, ""), key=Entry.sort_key)
        if start is not None:
            hi = bisect.bisect_right(rows, (-start, "\uffff"), key=Entry.sort_key)
        rows = rows[lo:hi]
        if in_progress is not None:
            rows = [e for e in rows if (e.end is None) == in_progress]
        if project:
            rows = [e for e in rows if e.project_id == project]
        if task:
            rows = [e for e in rows if e.task_id == task]
        if tags:
            wanted = set(tags)
            rows = [e for e in rows if e.tag_ids and wanted.intersection(e.tag_ids)]
        if project_required:
            rows = [e for e in rows if e.project_id]
        if task_required:
            rows = [e for e in rows if e.task_id]
        if description:
            needle = description.lower()
            rows = [e for e in rows if needle in e.description.lower()]
        return rows

    def in_progress(self, ws, caller) -> list[Entry]:
        """Running timers of the workspace (admins see all, members their own)."""
        rows = [e for e in ws.entries.values() if e.end is None]
        if ws.roles.get(caller.id) == "member":
            rows = [e for e in rows if e.user_id == caller.id]
        return sorted(rows, key=Entry.sort_key)

    def running(self, ws, user_id: str) -> Entry | None:
        """The user's running timer, if any."""
        for e in ws.by_user.get(user_id, []):
            if e.end is None:
                return e
        return None

    # -- writing -------------------------------------------------------------------------
    def _fields(self, ws, body: dict, user_id: str) -> dict:
        if body.get("start") is None:
            raise errors.invalid("start: must not be null")
        start = parse_time(body["start"], "start")
        end = parse_time(body["end"], "end") if body.get("end") is not None else None
        if end is not None and end < start:
            raise errors.invalid("Time entry end date must be after start date")
        description = body.get("description") or ""
        if len(description) > 3000:
            raise errors.invalid("Description has to be at most 3000 characters long")
        settings = ws.record["workspaceSettings"]
        project = task = None
        if body.get("projectId"):
            project = self.backend.projects.get(ws, body["projectId"])
        elif settings["forceProjects"]:
            raise errors.invalid("Time entry couldn't be created. Project is either required field or given "
                                 "project is archived.")
        if body.get("taskId"):
            task = ws.tasks.get(body["taskId"])
            if task is None or project is None or task["projectId"] != project["id"]:
                raise errors.not_in_workspace("Task")
        tag_ids = body.get("tagIds") or None
        for tag_id in tag_ids or []:
            if tag_id not in ws.tags:
                raise errors.not_in_workspace("Tag")
        kind = (body.get("type") or "REGULAR").upper()
        if kind not in TYPES:
            raise errors.invalid("You entered invalid value for field: [type]")
        billable = body.get("billable")
        if billable is None:
            billable = bool(project and project["billable"])
        hourly, cost = self.backend.users.hourly_rate_for(ws, user_id, project, task)
        custom = [
            {"customFieldId": c.get("customFieldId"), "timeEntryId": None, "value": c.get("value"),
             "name": c.get("name", ""), "type": c.get("type", "TXT")}
            for c in body.get("customFields") or [] if isinstance(c, dict)
        ]
        return dict(start=start, end=end, description=description, project_id=project and project["id"],
                    task_id=task and task["id"], tag_ids=list(dict.fromkeys(tag_ids)) if tag_ids else None,
                    type=kind, billable=bool(billable), hourly_rate=hourly, cost_rate=cost,
                    custom_fields=custom or None)

    def _sources(self, e: Entry) -> dict:
        return {"PROJECT_ID": e.project_id, "USER_ID": e.user_id, "TASK_ID": e.task_id, "TAG_ID": e.tag_ids or []}

    def _notify(self, ws, e: Entry, kind: str, event: str) -> dict:
        ws.log_change(kind, "TIME_ENTRY", e.id, self.backend.now())
        out = self.shape(ws, e, rates=False)
        self.backend.emit(ws, event, out, sources=self._sources(e))
        return out

    def create(self, ws, caller, user_id: str, body: dict) -> dict:
        """Create an entry (a timer when ``end`` is missing, which stops the user's running one)."""
        self.backend.require_self_or_admin(ws, caller, user_id)
        self.backend.member(ws, user_id)
        fields = self._fields(ws, body, user_id)
        if fields["end"] is None:
            current = self.running(ws, user_id)
            if current is not None:
                self._stop(ws, current, max(current.start, fields["start"]))
        entry = Entry(self.backend.new_id(), ws.id, user_id, **fields)
        if entry.custom_fields:
            for c in entry.custom_fields:
                c["timeEntryId"] = entry.id
        ws.add_entry(entry)
        return self._notify(ws, entry, "created", "NEW_TIMER_STARTED" if entry.end is None else "NEW_TIME_ENTRY")

    def _replace(self, ws, entry: Entry, fields: dict) -> None:
        ws.remove_entry(entry)
        for key, value in fields.items():
            setattr(entry, key, value)
        if entry.custom_fields:
            for c in entry.custom_fields:
                c["timeEntryId"] = entry.id
        ws.add_entry(entry)

    def update(self, ws, caller, entry_id: str, body: dict) -> dict:
        """``PUT /time-entries/{id}``: a full replace; omitted fields are cleared."""
        entry = self.get(ws, caller, entry_id)
        if entry.is_locked and ws.roles.get(caller.id) == "member":
            raise errors.invalid("Time entry is locked")
        self._replace(ws, entry, self._fields(ws, body, entry.user_id))
        return self._notify(ws, entry, "updated", "TIME_ENTRY_UPDATED")

    def _stop(self, ws, entry: Entry, end: int) -> dict:
        if end < entry.start:
            raise errors.invalid("Time entry end date must be after start date")
        self._replace(ws, entry, {"end": end})
        return self._notify(ws, entry, "updated", "TIMER_STOPPED")

    def stop(self, ws, caller, user_id: str, end_value) -> dict:
        """``PATCH /user/{id}/time-entries``: stop the running timer, or 404/404 when none runs."""
        self.backend.require_self_or_admin(ws, caller, user_id)
        self.backend.member(ws, user_id)
        if end_value is None:
            raise errors.invalid("end: must not be null")
        end = parse_time(end_value, "end")
        entry = self.running(ws, user_id)
        if entry is None:
            raise errors.timer_not_running()
        return self._stop(ws, entry, end)

    def delete(self, ws, caller, entry_id: str) -> None:
        """``DELETE /time-entries/{id}`` (the route answers 204)."""
        entry = self.get(ws, caller, entry_id)
        out = self.shape(ws, entry, rates=False)
        ws.remove_entry(entry)
        ws.log_change("deleted", "TIME_ENTRY", entry.id, self.backend.now())
        self.backend.emit(ws, "TIME_ENTRY_DELETED", out, sources=self._sources(entry))

    def delete_many(self, ws, caller, user_id: str, ids: list[str]) -> list[dict]:
        """``DELETE /user/{id}/time-entries?time-entry-ids=...``: the deleted entries."""
        self.backend.require_self_or_admin(ws, caller, user_id)
        out = []
        for entry_id in ids:
            entry = self.get(ws, caller, entry_id)
            if entry.user_id != user_id:
                raise errors.not_in_workspace("Time entry")
            out.append(self.shape(ws, entry, rates=False))
            self.delete(ws, caller, entry_id)
        return out

    def bulk_update(self, ws, caller, user_id: str, items: list) -> list[Entry]:
        """``PUT /user/{id}/time-entries``: replace several entries of one user at once."""
        self.backend.require_self_or_admin(ws, caller, user_id)
        if not items:
            raise errors.invalid("Request must contain at least one time entry")
        plans = []
        for item in items:
            if not isinstance(item, dict) or not item.get("id"):
                raise errors.invalid("id: must not be null")
            entry = self.get(ws, caller, item["id"])
            if entry.user_id != user_id:
                raise errors.not_in_workspace("Time entry")
            plans.append((entry, self._fields(ws, item, user_id)))
        for entry, fields in plans:
            self._replace(ws, entry, fields)
            self._notify(ws, entry, "updated", "TIME_ENTRY_UPDATED")
        return [entry for entry, _ in plans]

    def duplicate(self, ws, caller, user_id: str, entry_id: str) -> dict:
        """``POST /user/{id}/time-entries/{entryId}/duplicate``: a copy with a new id."""
        source = self.get(ws, caller, entry_id)
        if source.user_id != user_id:
            raise errors.not_in_workspace("Time entry")
        copy = Entry(self.backend.new_id(), ws.id, user_id, source.start, source.end,
                     project_id=source.project_id, task_id=source.task_id,
                     tag_ids=list(source.tag_ids) if source.tag_ids else None, description=source.description,
                     billable=source.billable, type=source.type, hourly_rate=source.hourly_rate,
                     cost_rate=source.cost_rate)
        ws.add_entry(copy)
        return self._notify(ws, copy, "created", "NEW_TIME_ENTRY")

    def mark_invoiced(self, ws, caller, ids: list[str], invoiced: bool) -> None:
        """``PATCH /time-entries/invoiced``."""
        self.backend.require_admin(ws, caller)
        entries = [self.get(ws, caller, i) for i in ids]
        for entry in entries:
            entry.invoiced = bool(invoiced)
            ws.log_change("updated", "TIME_ENTRY", entry.id, self.backend.now())
