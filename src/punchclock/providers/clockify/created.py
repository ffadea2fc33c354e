"""Looking up a time entry whose create got no answer: among the user's entries that start in the
same second, the one with the same description and project (the newest, should there be several).
One request; see :mod:`punchclock.http.confirm`. Likewise for a replace (the entry read back shows the
new values) and a delete (the entry is gone)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from punchclock.http.call import Call, model_list
from punchclock.http.confirm import Confirm, deleted, replaced
from punchclock.providers.clockify.models import validate
from punchclock.timeutil import format_instant

if TYPE_CHECKING:
    from punchclock.providers.clockify.models import TimeEntry

ADVICE = "the time entry may have been created: check with `punch entries` before trying again"
CHANGED = "the time entry may have been changed: check with `punch entries` before trying again"
GONE = "the time entry may have been deleted: check with `punch entries` before trying again"


def entry_lookup(user_entries_path: str, payload: dict) -> Confirm:
    """How to find the entry ``payload`` would have created under ``user_entries_path``
    (``/workspaces/{ws}/user/{user}/time-entries``)."""
    start = datetime.fromisoformat(payload["start"].replace("Z", "+00:00"))
    window = {"start": start - timedelta(seconds=1), "end": start + timedelta(seconds=1),
              "project": payload.get("projectId"), "page-size": 200}
    lookup = Call("GET", user_entries_path, window, parse=model_list(validate.TimeEntry))

    def match(entries: list[TimeEntry]) -> TimeEntry | None:
        same = [e for e in entries
                if format_instant(e.time_interval.start.timestamp()) == payload["start"]
                and (e.description or "") == (payload.get("description") or "")
                and e.project_id == payload.get("projectId")]
        return max(same, key=lambda e: e.id) if same else None

    return Confirm(lookup, match, ADVICE)


def entry_replaced(entry_path: str, payload: dict) -> Confirm:
    """How to confirm a replace (PUT) of the entry at ``entry_path`` with ``payload``: read back, it
    has the payload's times, description, project, task, tags (and billable and type when sent)."""

    def shows(e: TimeEntry) -> bool:
        end = e.time_interval.end
        return (format_instant(e.time_interval.start.timestamp()) == payload["start"]
                and (format_instant(end.timestamp()) if end else None) == payload.get("end")
                and (e.description or "") == (payload.get("description") or "")
                and e.project_id == payload.get("projectId") and e.task_id == payload.get("taskId")
                and sorted(e.tag_ids or ()) == sorted(payload.get("tagIds") or ())
                and payload.get("billable", e.billable) == e.billable
                and payload.get("type", e.type) == e.type)

    return replaced(entry_path, validate.TimeEntry, shows, CHANGED)


def entry_deleted(entry_path: str) -> Confirm:
    """How to confirm a delete of the entry at ``entry_path``: it answers "not found"."""
    return deleted(entry_path, GONE)
