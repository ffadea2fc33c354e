"""Routes: scheduling assignments (a paid feature): listing, totals per project and per user,
publishing, recurring series and copies."""

from __future__ import annotations

from punchclock.sandbox.clockify import errors
from punchclock.sandbox.core.http import Reply
from punchclock.sandbox.clockify.resources.scheduling import SCOPES, SORT_FIELDS
from punchclock.sandbox.clockify.routing import Ctx, route

A = "/workspaces/{workspaceId}/scheduling/assignments"
ASSIGNMENT = {"userId": str, "projectId": str, "taskId": str, "start": str, "end": str, "hoursPerDay": (int, float),
              "billable": bool, "note": str, "startTime": str, "includeNonWorkingDays": bool,
              "recurringAssignment": dict, "seriesUpdateOption": str}
TOTALS = {"start": str, "end": str, "page": int, "pageSize": int, "search": str, "statusFilter": str,
          "userFilter": dict, "userGroupFilter": dict}
PUBLISH = {"start": str, "end": str, "notifyUsers": bool, "search": str, "userFilter": dict, "userGroupFilter": dict,
           "viewType": str}
EMPTY = b""  # live Clockify answers some scheduling calls with 200 and no body at all


def _window(ctx: Ctx) -> tuple[int, int]:
    """The required ``start`` and ``end`` query parameters (400, code 3001, when one is missing)."""
    start, end = ctx.query.instant("start"), ctx.query.instant("end")
    if start is None:
        raise errors.missing_parameter("start")
    if end is None:
        raise errors.missing_parameter("end")
    return start, end


@route("GET", A + "/all")
def list_assignments(ctx: Ctx):
    """Assignments overlapping ``start``..``end``, paged with ``Last-Page``."""
    start, end = _window(ctx)
    q = ctx.query
    rows = ctx.backend.scheduling.list(ctx.ws, ctx.caller, start, end, name=q.str("name"),
                                       sort_column=q.enum("sort-column", tuple(SORT_FIELDS)),
                                       sort_order=q.enum("sort-order", ("ASCENDING", "DESCENDING")))
    return ctx.paged(rows)


@route("POST", A + "/projects/totals")
def project_totals(ctx: Ctx):
    """Booked hours per project in a window (a search sent as POST)."""
    body = ctx.body.typed(TOTALS, required=("start", "end"))
    return ctx.backend.scheduling.project_totals(ctx.ws, ctx.caller, body)


@route("GET", A + "/projects/totals/{projectId}")
def project_total(ctx: Ctx):
    """One project's booked hours in a window; an empty body when it has none."""
    start, end = _window(ctx)
    row = ctx.backend.scheduling.project_total(ctx.ws, ctx.caller, ctx.params["projectId"], start, end)
    return Reply(EMPTY if row is None else row)


@route("POST", A + "/user-filter/totals")
def user_totals(ctx: Ctx):
    """Capacity and booked hours per member in a window (a search sent as POST)."""
    body = ctx.body.typed(TOTALS, required=("start", "end"))
    return ctx.backend.scheduling.user_totals(ctx.ws, ctx.caller, body)


@route("GET", A + "/users/{userId}/totals")
def user_total(ctx: Ctx):
    """One member's capacity and booked hours in a window; an empty body when they have none."""
    start, end = _window(ctx)
    ctx.page()
    row = ctx.backend.scheduling.user_total(ctx.ws, ctx.caller, ctx.params["userId"], start, end)
    return Reply(EMPTY if row is None else row)


@route("PUT", A + "/publish")
def publish(ctx: Ctx):
    """Publish the assignments in a window; an empty 200."""
    ctx.backend.scheduling.publish(ctx.ws, ctx.caller, ctx.body.typed(PUBLISH, required=("start", "end")))
    return Reply(EMPTY)


@route("POST", A + "/recurring")
def create_assignment(ctx: Ctx):
    """A new assignment, repeated weekly when asked; 201 with every assignment made."""
    body = ctx.body.typed(ASSIGNMENT, required=("userId", "projectId", "start", "end", "hoursPerDay"))
    return Reply(ctx.backend.scheduling.create(ctx.ws, ctx.caller, body), 201)


@route("PATCH", A + "/recurring/{assignmentId}")
def update_assignment(ctx: Ctx):
    """Change an assignment (or more of its series); the changed ones."""
    body = ctx.body.typed(ASSIGNMENT, required=("start", "end"))
    return ctx.backend.scheduling.update(ctx.ws, ctx.caller, ctx.params["assignmentId"], body)


@route("DELETE", A + "/recurring/{assignmentId}")
def delete_assignment(ctx: Ctx):
    """Delete an assignment (or more of its series); the deleted ones."""
    option = ctx.query.enum("seriesUpdateOption", SCOPES, "THIS_ONE")
    return ctx.backend.scheduling.delete(ctx.ws, ctx.caller, ctx.params["assignmentId"], option)


@route("PUT", A + "/series/{assignmentId}")
def set_series(ctx: Ctx):
    """Change how many weeks an assignment's series repeats; the series afterwards."""
    body = ctx.body.typed({"repeat": bool, "weeks": int}, required=("weeks",))
    return ctx.backend.scheduling.set_series(ctx.ws, ctx.caller, ctx.params["assignmentId"], body)


@route("POST", A + "/{assignmentId}/copy")
def copy_assignment(ctx: Ctx):
    """Copy an assignment (or more of its series) to another member; the copies."""
    body = ctx.body.typed({"userId": str, "seriesUpdateOption": str}, required=("userId",))
    return ctx.backend.scheduling.copy(ctx.ws, ctx.caller, ctx.params["assignmentId"], body)
