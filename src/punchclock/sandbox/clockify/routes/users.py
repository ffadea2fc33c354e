"""Routes: the current user, workspaces, workspace users and their rates."""

from __future__ import annotations

from punchclock.sandbox.clockify import errors
from punchclock.sandbox.core.http import Reply
from punchclock.sandbox.clockify.routing import Ctx, route

RATE = {"amount": int}


@route("GET", "/user")
def current_user(ctx: Ctx):
    return ctx.backend.users.me(ctx.caller, include_memberships=bool(ctx.query.bool("include-memberships", False)))


@route("POST", "/file/image")
def upload_image(ctx: Ctx):
    _, files = ctx.body.form({})
    return ctx.backend.users.upload_image(ctx.caller, files.get("file"))


@route("GET", "/workspaces")
def list_workspaces(ctx: Ctx):
    return ctx.backend.workspaces.list_for(ctx.caller, ctx.query.list("roles"))


@route("POST", "/workspaces")
def create_workspace(ctx: Ctx):
    body = ctx.body.typed({"name": str, "organizationId": str}, required=("name",))
    return Reply(ctx.backend.workspaces.create_for(ctx.caller, body["name"], body.get("organizationId")), 201)


@route("GET", "/workspaces/{workspaceId}")
def get_workspace(ctx: Ctx):
    return ctx.backend.workspaces.render(ctx.ws)


@route("PUT", "/workspaces/{workspaceId}/hourly-rate")
def workspace_hourly_rate(ctx: Ctx):
    """The workspace's billable rate; the spec's ``currency`` (required there) names the rate's currency."""
    body = ctx.body.typed({**RATE, "currency": str}, required=("amount",))
    return ctx.backend.workspaces.set_rate(ctx.ws, ctx.caller, "hourly", body["amount"], body.get("currency"))


@route("PUT", "/workspaces/{workspaceId}/cost-rate")
def workspace_cost_rate(ctx: Ctx):
    body = ctx.body.typed(RATE, required=("amount",))
    return ctx.backend.workspaces.set_rate(ctx.ws, ctx.caller, "cost", body["amount"])


@route("GET", "/workspaces/{workspaceId}/users")
def list_users(ctx: Ctx):
    q = ctx.query
    rows = ctx.backend.users.list(
        ctx.ws, ctx.caller, email=q.str("email"), name=q.str("name"), status=q.str("status"),
        sort_column=q.enum("sort-column", ("ID", "EMAIL", "NAME", "NAME_LOWERCASE", "ACCESS", "HOURLYRATE", "COSTRATE")),
        sort_order=q.enum("sort-order", ("ASCENDING", "DESCENDING")),
        memberships=q.enum("memberships", ("ALL", "NONE", "WORKSPACE", "PROJECT", "USERGROUP")),
        include_roles=bool(q.bool("include-roles", False)), project_id=q.str("project-id"))
    return ctx.paged(rows)


@route("PUT", "/workspaces/{workspaceId}/users/{userId}")
def update_user_status(ctx: Ctx):
    body = ctx.body.typed({"status": str}, required=("status",))
    return ctx.backend.users.set_status(ctx.ws, ctx.caller, ctx.params["userId"], body["status"])


@route("PUT", "/workspaces/{workspaceId}/users/{userId}/hourly-rate")
def user_hourly_rate(ctx: Ctx):
    body = ctx.body.typed(RATE, required=("amount",))
    return ctx.backend.users.set_rate(ctx.ws, ctx.caller, ctx.params["userId"], "hourly", body["amount"])


@route("PUT", "/workspaces/{workspaceId}/users/{userId}/cost-rate")
def user_cost_rate(ctx: Ctx):
    body = ctx.body.typed(RATE, required=("amount",))
    return ctx.backend.users.set_rate(ctx.ws, ctx.caller, ctx.params["userId"], "cost", body["amount"])


@route("POST", "/workspaces/{workspaceId}/users")
def add_user(ctx: Ctx):
    body = ctx.body.typed({"email": str}, required=("email",))
    ctx.backend.users.invite(ctx.ws, ctx.caller, body["email"])
    return ctx.backend.workspaces.render(ctx.ws)


@route("POST", "/workspaces/{workspaceId}/users/info")
def filter_users(ctx: Ctx):
    b = ctx.body.typed({"email": str, "name": str, "status": str, "projectId": str, "memberships": str,
                        "includeRoles": bool, "sortColumn": str, "sortOrder": str, "page": int, "pageSize": int},
                       data=ctx.body.object(required=False))
    rows = ctx.backend.users.list(ctx.ws, ctx.caller, email=b.get("email"), name=b.get("name"), status=b.get("status"),
                                  sort_column=b.get("sortColumn"), sort_order=b.get("sortOrder"),
                                  memberships=b.get("memberships"), include_roles=bool(b.get("includeRoles")),
                                  project_id=b.get("projectId"))
    page, size = max(1, b.get("page") or 1), b.get("pageSize") or 50
    if not 1 <= size <= 5000:
        raise errors.invalid("pageSize: must be between 1 and 5000")
    return rows[(page - 1) * size: page * size]


@route("POST", "/workspaces/{workspaceId}/limited-users")
def add_limited_users(ctx: Ctx):
    """Members without an account (a paid feature, like adding users by email)."""
    body = ctx.body.typed({"users": list}, required=("users",))
    ctx.backend.require_plan(ctx.ws, "add-users")
    return ctx.backend.users.add_limited(ctx.ws, ctx.caller, body["users"])
