"""Routes: user groups."""

from __future__ import annotations

from punchclock.sandbox.core.http import Reply
from punchclock.sandbox.clockify.routing import Ctx, route


@route("GET", "/workspaces/{workspaceId}/user-groups")
def list_groups(ctx: Ctx):
    q = ctx.query
    rows = ctx.backend.groups.list(ctx.ws, name=q.str("name"), project_id=q.str("projectId"),
                                   sort_column=q.enum("sort-column", ("ID", "NAME")),
                                   sort_order=q.enum("sort-order", ("ASCENDING", "DESCENDING")))
    return ctx.paged(rows)


@route("POST", "/workspaces/{workspaceId}/user-groups")
def create_group(ctx: Ctx):
    body = ctx.body.typed({"name": str}, required=("name",))
    return Reply(ctx.backend.groups.create(ctx.ws, ctx.caller, name=body["name"]), 201)


@route("PUT", "/workspaces/{workspaceId}/user-groups/{groupId}")
def update_group(ctx: Ctx):
    body = ctx.body.typed({"name": str}, required=("name",))
    return ctx.backend.groups.update(ctx.ws, ctx.caller, ctx.params["groupId"], name=body["name"])


@route("DELETE", "/workspaces/{workspaceId}/user-groups/{groupId}")
def delete_group(ctx: Ctx):
    return ctx.backend.groups.delete(ctx.ws, ctx.caller, ctx.params["groupId"])


@route("POST", "/workspaces/{workspaceId}/user-groups/{groupId}/users")
def add_group_user(ctx: Ctx):
    body = ctx.body.typed({"userId": str}, required=("userId",))
    return ctx.backend.groups.add_user(ctx.ws, ctx.caller, ctx.params["groupId"], body["userId"])


@route("DELETE", "/workspaces/{workspaceId}/user-groups/{groupId}/users/{userId}")
def remove_group_user(ctx: Ctx):
    return ctx.backend.groups.remove_user(ctx.ws, ctx.caller, ctx.params["groupId"], ctx.params["userId"])
