"""Routes: the timer (start, stop, running)."""

from __future__ import annotations

from punchclock.sandbox.clockeye import shapes
from punchclock.sandbox.clockeye.routes.entries import ENTRY
from punchclock.sandbox.clockeye.routing import Ctx, route
from punchclock.sandbox.core.http import Reply

START = {name: kind for name, kind in ENTRY.items() if name != "end_time"}


@route("POST", "/time-entries/start")
def start_timer(ctx: Ctx):
    """Start the caller's timer."""
    return Reply({"data": shapes.entry(ctx.backend.entries.start(ctx.caller, ctx.json(START, required=False)))}, 201)


@route("POST", "/time-entries/stop")
def stop_timer(ctx: Ctx):
    """Stop the caller's timer."""
    return {"data": shapes.entry(ctx.backend.entries.stop(ctx.caller, ctx.json({"end_time": str}, required=False)))}


@route("GET", "/time-entries/running")
def running_timer(ctx: Ctx):
    """The caller's running entry, or null."""
    entry = ctx.backend.entries.running(ctx.caller.id)
    return {"data": shapes.entry(entry) if entry else None}
