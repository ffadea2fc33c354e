"""Routes: webhooks, their tokens and delivery logs."""

from __future__ import annotations

from punchclock.sandbox.core.http import Reply
from punchclock.sandbox.clockify.routing import Ctx, route

WEBHOOK = {"name": str, "url": str, "webhookEvent": str, "triggerSource": list, "triggerSourceType": str}


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
    return ctx.backend.webhooks.delete(ctx.ws, ctx.caller, ctx.params["webhookId"])


@route("PATCH", "/workspaces/{workspaceId}/webhooks/{webhookId}/token")
def rotate_token(ctx: Ctx):
    return ctx.backend.webhooks.rotate_token(ctx.ws, ctx.caller, ctx.params["webhookId"])


@route("POST", "/workspaces/{workspaceId}/webhooks/{webhookId}/logs")
def webhook_logs(ctx: Ctx):
    body = ctx.body.typed({"status": str, "sortByNewest": bool, "from": str, "to": str}, data=ctx.body.object(required=False))
    return ctx.backend.webhooks.logs(ctx.ws, ctx.caller, ctx.params["webhookId"], body)
