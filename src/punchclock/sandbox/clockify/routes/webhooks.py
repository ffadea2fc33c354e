"""Routes: webhooks, their tokens and delivery logs."""

from __future__ import annotations

from punchclock.sandbox.core.http import Reply
from punchclock.sandbox.clockify.routing import Ctx, no_content, route

WEBHOOK = {"name": str, "url": str, "webhookEvent": str, "triggerSource": [str], "triggerSourceType": str}


@route("GET", "/workspaces/{workspaceId}/webhooks")
def list_webhooks(ctx: Ctx):
    return ctx.backend.webhooks.list(ctx.ws, ctx.caller, ctx.query.str("type"))


@route("POST", "/workspaces/{workspaceId}/webhooks")
def create_webhook(ctx: Ctx):
    return Reply(ctx.backend.webhooks.create(ctx.ws, ctx.caller, ctx.body.typed(WEBHOOK)), 201)


@route("GET", "/workspaces/{workspaceId}/webhooks/{webhookId}")
def get_webhook(ctx: Ctx):
    ctx.backend.require_admin(ctx.ws, ctx.caller)
    return dict(ctx.backend.webhooks.get(ctx.ws, ctx.params["webhookId"]))


@route("PUT", "/workspaces/{workspaceId}/webhooks/{webhookId}")
def update_webhook(ctx: Ctx):
    return ctx.backend.webhooks.update(ctx.ws, ctx.caller, ctx.params["webhookId"], ctx.body.typed(WEBHOOK))


@route("DELETE", "/workspaces/{workspaceId}/webhooks/{webhookId}")
def delete_webhook(ctx: Ctx):
    ctx.backend.webhooks.delete(ctx.ws, ctx.caller, ctx.params["webhookId"])
    return no_content()


@route("PATCH", "/workspaces/{workspaceId}/webhooks/{webhookId}/token")
def rotate_token(ctx: Ctx):
    return ctx.backend.webhooks.rotate_token(ctx.ws, ctx.caller, ctx.params["webhookId"])


@route("POST", "/workspaces/{workspaceId}/webhooks/{webhookId}/logs")
def webhook_logs(ctx: Ctx):
    body = ctx.body.typed({"status": str, "sortByNewest": bool, "from": str, "to": str}, data=ctx.body.object(required=False))
    return ctx.backend.webhooks.logs(ctx.ws, ctx.caller, ctx.params["webhookId"], body)


@route("GET", "/workspaces/{workspaceId}/addons/{addonId}/webhooks")
def addon_webhooks(ctx: Ctx):
    """An add-on's webhooks (``X-Addon-Token`` of that add-on, or an admin's key)."""
    return ctx.backend.webhooks.of_addon(ctx.ws, ctx.caller, ctx.params["addonId"])


@route("GET", "/workspaces/{workspaceId}/webhooks/{webhookId}/statuses")
def webhook_statuses(ctx: Ctx):
    """Delivery event statuses, newest first, paged with ``page`` and ``size``."""
    statuses = [s.upper() for s in ctx.query.list("statuses")]
    rows = ctx.backend.webhooks.statuses(ctx.ws, ctx.caller, ctx.params["webhookId"], statuses)
    page, size = max(1, ctx.query.int("page", 1)), ctx.query.int("size", 50)
    if not 1 <= size <= 5000:
        raise ctx.body.dialect.invalid("size: must be between 1 and 5000", "size")
    return rows[(page - 1) * size: page * size]
