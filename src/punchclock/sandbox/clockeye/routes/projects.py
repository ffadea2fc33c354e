"""Routes: projects (list, create, get)."""

from __future__ import annotations

from punchclock.sandbox.clockeye.routing import Ctx, route
from punchclock.sandbox.core.http import Reply

PROJECT = {"name": str, "client_name": str, "color": str, "billable": bool, "hourly_rate": (int, float)}


@route("GET", "/projects")
def list_projects(ctx: Ctx):
    """Projects, paged; ``archived`` filters."""
    return ctx.page(ctx.backend.projects(ctx.query.bool("archived")))


@route("POST", "/projects")
def create_project(ctx: Ctx):
    """A new project (owners and admins)."""
    return Reply({"data": ctx.backend.create_project(ctx.caller, ctx.json(PROJECT))}, 201)


@route("GET", "/projects/{projectId}")
def get_project(ctx: Ctx):
    """One project."""
    return {"data": ctx.backend.project(ctx.params["projectId"])}
