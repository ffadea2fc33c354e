"""Routes: the summary report and screenshots."""

from __future__ import annotations

from punchclock.sandbox.clockeye import errors, shapes
from punchclock.sandbox.clockeye.routing import Ctx, route


@route("GET", "/reports/summary")
def summary(ctx: Ctx):
    """The summary report."""
    first, last = ctx.day("start_date"), ctx.day("end_date")
    for name, value in (("start_date", first), ("end_date", last)):
        if value is None:
            raise errors.required(name)
    group_by = (ctx.query.str("group_by") or "project").lower()
    return ctx.backend.reports.summary(ctx.caller, first, last, group_by, ctx.query.str("user_id"))


@route("GET", "/screenshots")
def list_screenshots(ctx: Ctx):
    """Screenshots, paged."""
    rows = ctx.backend.screenshots(ctx.caller, ctx.query.str("user_id"), ctx.day("start_date"), ctx.day("end_date"))
    return ctx.page(rows, shapes.screenshot)
