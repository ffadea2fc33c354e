"""Routes: time entries (list, create, get, partial update, delete)."""

from __future__ import annotations

from punchclock.sandbox.clockeye import shapes
from punchclock.sandbox.clockeye.routing import Ctx, route
from punchclock.sandbox.core.http import Reply

ENTRY = {"description": str, "project_id": str, "task_id": str, "start_time": str, "end_time": str,
         "billable": bool, "tags": list}


@route("GET", "/time-entries")
def list_entries(ctx: Ctx):
    """Entries, paged, with ClockEye's filters and the sandbox's ``from``/``to``."""
    q = ctx.query
    rows = ctx.backend.entries.list(ctx.caller, user_id=q.str("user_id"), project_id=q.str("project_id") or None,
                                    first_day=ctx.day("start_date"), last_day=ctx.day("end_date"),
                                    since=ctx.instant("from"), until=ctx.instant("to"))
    return ctx.page(rows, shapes.entry)


@route("POST", "/time-entries")
def create_entry(ctx: Ctx):
    """A new entry of the caller."""
    return Reply({"data": shapes.entry(ctx.backend.entries.create(ctx.caller, ctx.json(ENTRY)))}, 201)


@route("GET", "/time-entries/{entryId}")
def get_entry(ctx: Ctx):
    """One entry."""
    return {"data": shapes.entry(ctx.backend.entries.get(ctx.caller, ctx.params["entryId"]))}


@route("PUT", "/time-entries/{entryId}")
def update_entry(ctx: Ctx):
    """Change the fields given."""
    entry = ctx.backend.entries.update(ctx.caller, ctx.params["entryId"], ctx.json(ENTRY))
    return {"data": shapes.entry(entry)}


@route("DELETE", "/time-entries/{entryId}")
def delete_entry(ctx: Ctx):
    """Delete an entry (204)."""
    ctx.backend.entries.delete(ctx.caller, ctx.params["entryId"])
    return Reply(None, 204)
