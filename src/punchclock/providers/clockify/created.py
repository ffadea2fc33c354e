"""Looking up a time entry whose create got no answer: among the user's entries that start in the
same second, the one with the same description and project (the newest, should there be several).
One request; see :mod:`punchclock.http.confirm`."""

from __future__ import annotations

from datetime import datetime, timedelta

from punchclock.http.call import Call, model_list
from punchclock.http.confirm import Confirm
from punchclock.providers.clockify.models import TimeEntry
from punchclock.timeutil import format_instant

ADVICE = "the time entry may have been created: check with `punch entries` before trying again"


def entry_lookup(user_entries_path: str, payload: dict) -> Confirm:
    """How to find the entry ``payload`` would have created under ``user_entries_path``
    (``/workspaces/{ws}/user/{user}/time-entries``)."""
    start = datetime.fromisoformat(payload["start"].replace("Z", "+00:00"))
    window = {"start": start - timedelta(seconds=1), "end": start + timedelta(seconds=1),
              "project": payload.get("projectId"), "page-size": 200}
    lookup = Call("GET", user_entries_path, window, parse=model_list(TimeEntry))

    def match(entries: list[TimeEntry]) -> TimeEntry | None:
        same = [e for e in entries
                if format_instant(e.time_interval.start.timestamp()) == payload["start"]
                and (e.description or "") == (payload.get("description") or "")
                and e.project_id == payload.get("projectId")]
        return max(same, key=lambda e: e.id) if same else None

    return Confirm(lookup, match, ADVICE)
