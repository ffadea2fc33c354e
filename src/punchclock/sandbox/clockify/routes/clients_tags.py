"""Routes: clients and tags."""

from __future__ import annotations

from punchclock.sandbox.core.http import Reply
from punchclock.sandbox.clockify.routing import Ctx, route

ORDER = ("ASCENDING", "DESCENDING")
CLIENT = {"name": str, "email": str, "address": str, "note": str, "archived": bool}


@route("GET", "/workspaces/{workspaceId}/clients")
def list_clients(ctx: Ctx):
    q = ctx.query
    rows = ctx.backend.clients.list(ctx.ws, name=q.str("name"), archived=q.bool("archived"),
                                    sort_column=q.enum("sort-column", ("ID", "NAME")), sort_order=q.enum("sort-order", ORDER))
    return ctx.paged(rows)


@route("POST", "/workspaces/{workspaceId}/clients")
def create_client(ctx: Ctx):
    b = ctx.body.typed(CLIENT)
    return Reply(ctx.backend.clients.create(ctx.ws, ctx.caller, name=b.get("name"), email=b.get("email"),
                                            address=b.get("address"), note=b.get("note")), 201)


@route("GET", "/workspaces/{workspaceId}/clients/{clientId}")
def get_client(ctx: Ctx):
    return ctx.backend.clients.shape(ctx.ws, ctx.backend.clients.get(ctx.ws, ctx.params["clientId"]))


@route("PUT", "/workspaces/{workspaceId}/clients/{clientId}")
def update_client(ctx: Ctx):
    b = ctx.body.typed(CLIENT)
    return ctx.backend.clients.update(ctx.ws, ctx.caller, ctx.params["clientId"], name=b.get("name"),
                                      archived=b.get("archived", False), email=b.get("email"),
                                      address=b.get("address"), note=b.get("note"))


@route("DELETE", "/workspaces/{workspaceId}/clients/{clientId}")
def delete_client(ctx: Ctx):
    return ctx.backend.clients.delete(ctx.ws, ctx.caller, ctx.params["clientId"])


@route("GET", "/workspaces/{workspaceId}/tags")
def list_tags(ctx: Ctx):
    q = ctx.query
    rows = ctx.backend.tags.list(ctx.ws, name=q.str("name"), strict=bool(q.bool("strict-name-search", False)),
                                 archived=q.bool("archived"), excluded_ids=set(q.list("excluded-ids")),
                                 sort_column=q.enum("sort-column", ("ID", "NAME")), sort_order=q.enum("sort-order", ORDER))
    return ctx.paged(rows)


@route("POST", "/workspaces/{workspaceId}/tags")
def create_tag(ctx: Ctx):
    b = ctx.body.typed({"name": str})
    return Reply(ctx.backend.tags.create(ctx.ws, ctx.caller, name=b.get("name")), 201)


@route("GET", "/workspaces/{workspaceId}/tags/{tagId}")
def get_tag(ctx: Ctx):
    return ctx.backend.tags.shape(ctx.ws, ctx.backend.tags.get(ctx.ws, ctx.params["tagId"]))


@route("PUT", "/workspaces/{workspaceId}/tags/{tagId}")
def update_tag(ctx: Ctx):
    b = ctx.body.typed({"name": str, "archived": bool})
    return ctx.backend.tags.update(ctx.ws, ctx.caller, ctx.params["tagId"], name=b.get("name"),
                                   archived=b.get("archived", False))


@route("DELETE", "/workspaces/{workspaceId}/tags/{tagId}")
def delete_tag(ctx: Ctx):
    return ctx.backend.tags.delete(ctx.ws, ctx.caller, ctx.params["tagId"])
