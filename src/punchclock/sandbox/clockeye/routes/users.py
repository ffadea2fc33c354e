"""Routes: the calling user and the team."""

from __future__ import annotations

from punchclock.sandbox.clockeye.routing import Ctx, route


@route("GET", "/users/me")
def me(ctx: Ctx):
    """The calling user."""
    return {"data": ctx.caller.user}


@route("GET", "/users")
def list_users(ctx: Ctx):
    """Every user, paged."""
    return ctx.page(ctx.backend.users())
