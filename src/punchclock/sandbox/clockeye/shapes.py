"""ClockEye's JSON shapes of the records the sandbox keeps as compact objects."""

from __future__ import annotations

from punchclock.sandbox.clockeye.fields import stamp
from punchclock.sandbox.clockeye.state import Entry, Screenshot

SCREENSHOT_HOST = "https://screenshots.clockeye.test"


def entry(e: Entry) -> dict:
    """A time entry in snake_case; ``end_time`` and ``duration`` are null while it runs."""
    return {"id": e.id, "user_id": e.user_id, "project_id": e.project_id, "task_id": e.task_id,
            "description": e.description, "start_time": stamp(e.start), "end_time": stamp(e.end),
            "duration": e.duration, "billable": e.billable, "tags": list(e.tags),
            "created_at": stamp(e.created_at), "updated_at": stamp(e.updated_at)}


def screenshot(s: Screenshot) -> dict:
    """A screenshot with a (fake, never served) image URL."""
    return {"id": s.id, "user_id": s.user_id, "time_entry_id": s.time_entry_id, "taken_at": stamp(s.taken_at),
            "url": f"{SCREENSHOT_HOST}/{s.id}.jpg", "activity_level": s.activity_level}
