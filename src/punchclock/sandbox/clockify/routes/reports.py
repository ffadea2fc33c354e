"""Routes of the Reports host (served under ``/reports/v1``): reports and shared reports."""

from __future__ import annotations

from punchclock.sandbox.core.http import Reply
from punchclock.sandbox.clockify.routing import Ctx, route

FILTER = {"ids": list, "contains": str, "status": str}
REPORT = {
    "dateRangeStart": str, "dateRangeEnd": str, "dateRangeType": str, "timeZone": str, "weekStart": str,
    "exportType": str, "amountShown": str, "amounts": list, "sortOrder": str, "billable": bool,
    "description": str, "withoutDescription": bool, "invoicingState": str, "approvalState": str,
    "rounding": bool, "archived": bool, "users": dict, "userGroups": dict, "projects": dict, "clients": dict,
    "tags": dict, "tasks": dict, "summaryFilter": dict, "detailedFilter": dict, "weeklyFilter": dict,
    "attendanceFilter": dict, "categories": dict, "page": int, "pageSize": int, "sortColumn": str, "note": str,
    "currency": dict,
}
SHARED = {"name": str, "type": str, "filter": dict, "isPublic": bool, "fixedDate": bool,
          "visibleToUsers": list, "visibleToUserGroups": list}


def _report(ctx: Ctx, kind: str) -> Reply:
    """Check the body's field types, run the report and answer JSON or CSV."""
    body = ctx.body.typed(REPORT, required=("dateRangeStart", "dateRangeEnd"))
    for name in ("users", "userGroups", "projects", "clients", "tags", "tasks", "categories"):
        if isinstance(body.get(name), dict):
            ctx.body.typed(FILTER, data=body[name])
    data, media = ctx.backend.reports.run(kind, ctx.ws, ctx.caller, body, page_policy=ctx.page_policy)
    return Reply(data, media_type=media)


@route("POST", "/workspaces/{workspaceId}/reports/summary", host="reports")
def summary_report(ctx: Ctx):
    """Summary report: totals and nested groups (or CSV)."""
    return _report(ctx, "summary")


@route("POST", "/workspaces/{workspaceId}/reports/detailed", host="reports")
def detailed_report(ctx: Ctx):
    """Detailed report: one page of entries and totals (or every row as CSV)."""
    return _report(ctx, "detailed")


@route("POST", "/workspaces/{workspaceId}/reports/weekly", host="reports")
def weekly_report(ctx: Ctx):
    """Weekly report over exactly seven days."""
    return _report(ctx, "weekly")


@route("POST", "/workspaces/{workspaceId}/reports/attendance", host="reports")
def attendance_report(ctx: Ctx):
    """Attendance per user and day."""
    return _report(ctx, "attendance")


@route("POST", "/workspaces/{workspaceId}/reports/expenses/detailed", host="reports")
def expense_report(ctx: Ctx):
    """Detailed expense report: one page of expenses and totals."""
    return _report(ctx, "expenses")


@route("GET", "/workspaces/{workspaceId}/shared-reports", host="reports")
def list_shared_reports(ctx: Ctx):
    """Shared reports the caller may open, paged by camelCase ``page``/``pageSize``."""
    page = ctx.query.int("page", 1)
    size = max(1, min(ctx.query.int("pageSize", 50), 5000))
    return ctx.backend.shared_reports.list(ctx.ws, ctx.caller, page, size)


@route("POST", "/workspaces/{workspaceId}/shared-reports", host="reports")
def create_shared_report(ctx: Ctx):
    """Save a shared report (200, as live)."""
    return ctx.backend.shared_reports.create(ctx.ws, ctx.caller, ctx.body.typed(SHARED))


@route("PUT", "/workspaces/{workspaceId}/shared-reports/{sharedReportId}", host="reports")
def update_shared_report(ctx: Ctx):
    """Change a shared report."""
    return ctx.backend.shared_reports.update(ctx.ws, ctx.caller, ctx.params["sharedReportId"], ctx.body.typed(SHARED))


@route("DELETE", "/workspaces/{workspaceId}/shared-reports/{sharedReportId}", host="reports")
def delete_shared_report(ctx: Ctx):
    """Delete a shared report (204)."""
    ctx.backend.shared_reports.delete(ctx.ws, ctx.caller, ctx.params["sharedReportId"])
    return Reply(None, 204)


@route("GET", "/shared-reports/{sharedReportId}", host="reports")
def open_shared_report(ctx: Ctx):
    """A shared report rendered as data (JSON or CSV) with its saved filters."""
    q = ctx.query
    export = q.enum("exportType", ("JSON", "JSON_V1", "CSV", "PDF", "XLSX", "ZIP"))
    data, media = ctx.backend.shared_reports.render(
        ctx.caller, ctx.params["sharedReportId"], export=export, page=q.int("page"), page_size=q.int("pageSize"),
        page_policy=ctx.page_policy)
    return Reply(data, media_type=media)
