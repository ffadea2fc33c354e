"""Routes: time-off balance assignments (grant, list, change, take back)."""

from __future__ import annotations

from punchclock.sandbox.clockify.routing import Ctx, no_content, route

B = "/workspaces/{workspaceId}/time-off/balance/assignment"
ONE = B + "/{balanceAssignmentId}/user/{userId}/policy/{policyId}"
RANGE = {"dateRange": dict, "note": str}


@route("POST", B)
def create_assignment(ctx: Ctx):
    """201 with no body, as the spec documents."""
    body = ctx.body.typed({"policyId": str, "userIds": [str], "balance": (int, float), **RANGE},
                          required=("policyId", "userIds", "balance"))
    ctx.backend.balance_assignments.create(ctx.ws, ctx.caller, body)
    return no_content(201)


@route("GET", B + "/user/{userId}/policy/{policyId}")
def list_assignments(ctx: Ctx):
    """A member's assignments under a policy."""
    return ctx.backend.balance_assignments.list(ctx.ws, ctx.caller, ctx.params["userId"], ctx.params["policyId"])


@route("PUT", ONE)
def update_assignment(ctx: Ctx):
    """204: change the amount by ``balanceChange``."""
    body = ctx.body.typed({"balanceChange": (int, float), **RANGE}, required=("balanceChange",))
    p = ctx.params
    ctx.backend.balance_assignments.update(ctx.ws, ctx.caller, p["balanceAssignmentId"], p["userId"], p["policyId"], body)
    return no_content(204)


@route("DELETE", ONE)
def delete_assignment(ctx: Ctx):
    """200 with no body; the body's ``note`` is required."""
    body = ctx.body.typed({"note": str}, required=("note",))
    p = ctx.params
    ctx.backend.balance_assignments.delete(ctx.ws, ctx.caller, p["balanceAssignmentId"], p["userId"], p["policyId"],
                                           body["note"])
    return no_content()
