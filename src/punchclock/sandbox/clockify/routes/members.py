"""Routes: member profiles and manager roles."""

from __future__ import annotations

from punchclock.sandbox.core.http import Reply
from punchclock.sandbox.clockify.routing import Ctx, route

ROLE = {"entityId": str, "role": str, "sourceType": str}
PROFILE = {"name": str, "imageUrl": str, "weekStart": str, "workCapacity": str, "workingDays": [str],
           "removeProfileImage": bool, "userCustomFields": list}


@route("GET", "/workspaces/{workspaceId}/member-profile/{userId}")
def get_profile(ctx: Ctx):
    return ctx.backend.members.profile(ctx.ws, ctx.caller, ctx.params["userId"])


@route("PATCH", "/workspaces/{workspaceId}/member-profile/{userId}")
def update_profile(ctx: Ctx):
    return ctx.backend.members.profile(ctx.ws, ctx.caller, ctx.params["userId"], ctx.body.typed(PROFILE))


@route("GET", "/workspaces/{workspaceId}/users/{userId}/managers")
def managers(ctx: Ctx):
    return ctx.paged(ctx.backend.members.managers(ctx.ws, ctx.caller, ctx.params["userId"]))


@route("POST", "/workspaces/{workspaceId}/users/{userId}/roles")
def grant_role(ctx: Ctx):
    body = ctx.body.typed(ROLE, required=("entityId", "role"))
    return Reply(ctx.backend.members.grant(ctx.ws, ctx.caller, ctx.params["userId"], body), 201)


@route("DELETE", "/workspaces/{workspaceId}/users/{userId}/roles")
def revoke_role(ctx: Ctx):
    body = ctx.body.typed(ROLE, required=("entityId", "role"))
    ctx.backend.members.revoke(ctx.ws, ctx.caller, ctx.params["userId"], body)
    return Reply(None, 204)
