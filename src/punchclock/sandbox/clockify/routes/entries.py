"""Routes: time entries (self and others), timers, stop, bulk edit and delete, in progress."""

from __future__ import annotations

from punchclock.sandbox.clockify import errors
from punchclock.sandbox.core.http import Reply
from punchclock.sandbox.clockify.routing import Ctx, no_content, route

ENTRY = {"start": str, "end": str, "description": str, "projectId": str, "taskId": str, "tagIds": [str],
         "billable": bool, "type": str, "customFields": list, "customAttributes": list}


def _shaper(ctx: Ctx, *, rates: bool = True, hydrated: bool = False):
    entries, ws = ctx.backend.entries, ctx.ws
    return lambda e: entries.shape(ws, e, rates=rates, hydrated=hydrated)


@route("POST", "/workspaces/{workspaceId}/time-entries")
def create_entry(ctx: Ctx):
    return Reply(ctx.backend.entries.create(ctx.ws, ctx.caller, ctx.caller.id, ctx.body.typed(ENTRY)), 201)


@route("GET", "/workspaces/{workspaceId}/time-entries")
def bare_entries_listing(ctx: Ctx):
    raise errors.method_not_supported("GET")


@route("POST", "/workspaces/{workspaceId}/user/{userId}/time-entries")
def create_entry_for_user(ctx: Ctx):
    return Reply(ctx.backend.entries.create(ctx.ws, ctx.caller, ctx.params["userId"], ctx.body.typed(ENTRY)), 201)


@route("GET", "/workspaces/{workspaceId}/user/{userId}/time-entries")
def list_user_entries(ctx: Ctx):
    q = ctx.query
    rows = ctx.backend.entries.list_for_user(
        ctx.ws, ctx.caller, ctx.params["userId"], start=q.instant("start"), end=q.instant("end"),
        description=q.str("description"), project=q.str("project"), task=q.str("task"), tags=q.list("tags"),
        project_required=bool(q.bool("project-required", False)), task_required=bool(q.bool("task-required", False)),
        in_progress=q.bool("in-progress"), week_before=q.instant("get-week-before"))
    if q.bool("hydrated", False):
        return ctx.paged(rows, _shaper(ctx, hydrated=True))
    entries, ws = ctx.backend.entries, ctx.ws
    return ctx.paged(rows, encoded=lambda e: entries.listed(ws, e))


@route("PATCH", "/workspaces/{workspaceId}/user/{userId}/time-entries")
def stop_timer(ctx: Ctx):
    body = ctx.body.typed({"end": str})
    return ctx.backend.entries.stop(ctx.ws, ctx.caller, ctx.params["userId"], body.get("end"))


@route("PUT", "/workspaces/{workspaceId}/user/{userId}/time-entries")
def bulk_edit(ctx: Ctx):
    items = ctx.body.array()
    for item in items:
        ctx.body.typed({**ENTRY, "id": str}, data=item if isinstance(item, dict) else {})
    rows = ctx.backend.entries.bulk_update(ctx.ws, ctx.caller, ctx.params["userId"], items)
    return [_shaper(ctx, rates=False, hydrated=bool(ctx.query.bool("hydrated", False)))(e) for e in rows]


@route("DELETE", "/workspaces/{workspaceId}/user/{userId}/time-entries")
def delete_many(ctx: Ctx):
    ids = ctx.query.list("time-entry-ids")
    if not ids:
        raise errors.missing_parameter("time-entry-ids")
    return ctx.backend.entries.delete_many(ctx.ws, ctx.caller, ctx.params["userId"], ids)


@route("POST", "/workspaces/{workspaceId}/user/{userId}/time-entries/{timeEntryId}/duplicate")
def duplicate(ctx: Ctx):
    return Reply(ctx.backend.entries.duplicate(ctx.ws, ctx.caller, ctx.params["userId"], ctx.params["timeEntryId"]), 201)


@route("GET", "/workspaces/{workspaceId}/time-entries/status/in-progress")
def in_progress(ctx: Ctx):
    rows = ctx.backend.entries.in_progress(ctx.ws, ctx.caller)
    return ctx.paged(rows, _shaper(ctx, rates=False), default_size=10, max_size=1000)


@route("PATCH", "/workspaces/{workspaceId}/time-entries/invoiced")
def mark_invoiced(ctx: Ctx):
    body = ctx.body.typed({"timeEntryIds": [str], "invoiced": bool}, required=("timeEntryIds", "invoiced"))
    ctx.backend.entries.mark_invoiced(ctx.ws, ctx.caller, body["timeEntryIds"], body["invoiced"])
    return no_content()


@route("GET", "/workspaces/{workspaceId}/time-entries/{timeEntryId}")
def get_entry(ctx: Ctx):
    entry = ctx.backend.entries.get(ctx.ws, ctx.caller, ctx.params["timeEntryId"])
    return _shaper(ctx, hydrated=bool(ctx.query.bool("hydrated", False)))(entry)


@route("PUT", "/workspaces/{workspaceId}/time-entries/{timeEntryId}")
def update_entry(ctx: Ctx):
    body = ctx.body.typed(ENTRY, required=("start",))
    return ctx.backend.entries.update(ctx.ws, ctx.caller, ctx.params["timeEntryId"], body)


@route("DELETE", "/workspaces/{workspaceId}/time-entries/{timeEntryId}")
def delete_entry(ctx: Ctx):
    ctx.backend.entries.delete(ctx.ws, ctx.caller, ctx.params["timeEntryId"])
    return Reply(None, 204)


@route("POST", "/workspaces/{workspaceId}/time-entries/batch")
def batch_get(ctx: Ctx):
    """Entries by id, with rates (``hydrated`` adds project, task and tags); ids the caller may not see
    are left out, as the live batch lookup leaves them out."""
    body = ctx.body.typed({"timeEntryIds": [str], "hydrated": bool}, required=("timeEntryIds",))
    shape = _shaper(ctx, hydrated=bool(body.get("hydrated")))
    found = []
    for entry_id in dict.fromkeys(i for i in body["timeEntryIds"] if isinstance(i, str)):
        entry = ctx.ws.entries.get(entry_id)
        if entry is not None and (entry.user_id == ctx.caller.id or ctx.ws.roles.get(ctx.caller.id) != "member"):
            found.append(shape(entry))
    return found
