"""ClockEye's summary report: tracked and billable seconds per project, user or UTC day."""

from __future__ import annotations

from typing import TYPE_CHECKING

from punchclock.sandbox.clockeye import errors, fields

if TYPE_CHECKING:
    from punchclock.sandbox.clockeye.backend import Caller, ClockEyeBackend

GROUPS = ("project", "user", "day")


class Reports:
    """Summaries over the entries a caller may see (running timers excluded)."""

    def __init__(self, backend: "ClockEyeBackend"):
        self.backend = backend

    def summary(self, caller: "Caller", first_day: int, last_day: int, group_by: str,
                user_id: str | None = None) -> dict:
        """Rows ``{key, name, duration, billable_duration, entries}`` and their totals in ``meta``.

        Project and user rows come by duration, longest first (ties by name); day rows by date.
        Entries without a project are the row with key None and name ``No project``."""
        if group_by not in GROUPS:
            raise errors.invalid_request(f"The group_by parameter must be one of {', '.join(GROUPS)}", "group_by")
        if last_day < first_day:
            raise errors.invalid_request("The end_date parameter must not be before start_date", "end_date")
        entries = self.backend.entries.list(caller, user_id=user_id, first_day=first_day, last_day=last_day)
        rows: dict = {}
        for e in entries:
            if e.end is None:
                continue
            key, name = self._key(e, group_by)
            row = rows.setdefault(key, {"key": key, "name": name, "duration": 0, "billable_duration": 0,
                                        "entries": 0})
            row["duration"] += e.duration
            row["billable_duration"] += e.duration if e.billable else 0
            row["entries"] += 1
        order = (lambda r: r["key"]) if group_by == "day" else (lambda r: (-r["duration"], r["name"]))
        data = sorted(rows.values(), key=order)
        return {"data": data, "meta": {
            "total_duration": sum(r["duration"] for r in data),
            "billable_duration": sum(r["billable_duration"] for r in data),
            "start_date": fields.day_text(first_day), "end_date": fields.day_text(last_day), "group_by": group_by}}

    def _key(self, entry, group_by: str) -> tuple:
        state = self.backend.state
        if group_by == "day":
            day = fields.day_text(entry.start)
            return day, day
        if group_by == "user":
            return entry.user_id, state.users[entry.user_id]["name"]
        if entry.project_id is None:
            return None, "No project"
        return entry.project_id, state.projects[entry.project_id]["name"]
