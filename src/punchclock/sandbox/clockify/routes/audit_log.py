"""Routes: the audit log, on its own host (``/auditlog/v1`` in the sandbox)."""

from __future__ import annotations

from punchclock.sandbox.clockify.routing import Ctx, route


@route("POST", "/workspaces/{workspaceId}/audit-log", host="auditlog")
def search_audit_log(ctx: Ctx):
    """Audit entries by action, author and time window."""
    body = ctx.body.typed({"actions": list, "authors": dict, "start": str, "end": str, "page": int, "page-size": int},
                          required=("actions", "authors", "start", "end"))
    return ctx.backend.audit_log.search(ctx.ws, ctx.caller, body)
