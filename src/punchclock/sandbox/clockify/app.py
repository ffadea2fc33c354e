"""The Clockify sandbox's ASGI app: Clockify's hosts, auth styles, route context and webhook delivery
on the provider-neutral :class:`~punchclock.sandbox.core.app.SandboxApp`.

Paths served:
- ``/api/v1/...``, ``/reports/v1/...`` and ``/auditlog/v1/...`` with ``X-Api-Key`` or an add-on's
  ``X-Addon-Token`` (Clockify's main, Reports and audit-log hosts);
- ``/clockify/api/v1/...`` and ``/clockify/reports/v1/...`` with ``Authorization: Bearer`` and an
  optional ``Maton-Connection`` header (the managed-auth gateway style);
- ``/__sandbox__/...`` admin endpoints (the core's).
"""

from __future__ import annotations

import httpx
import orjson

from punchclock.sandbox.clockify import errors, routes, strict as strict_mode
from punchclock.sandbox.clockify.backend import Caller, ClockifyBackend
from punchclock.sandbox.clockify.routing import Ctx
from punchclock.sandbox.core.app import SandboxApp
from punchclock.sandbox.core.faults import Faults
from punchclock.sandbox.core.http import Body, Query
from punchclock.sandbox.core.limits import Limits


class ClockifyApp(SandboxApp):
    """A Clockify-compatible ASGI application over a :class:`ClockifyBackend`; ``strict=True``
    refuses requests that do not validate against the spec's request schemas (see ``strict``)."""

    prefixes = (
        ("/clockify/api/v1", "api", "gateway"),
        ("/clockify/reports/v1", "reports", "gateway"),
        ("/api/v1", "api", "key"),
        ("/reports/v1", "reports", "key"),
        ("/auditlog/v1", "auditlog", "key"),
    )
    dialect = errors.DIALECT

    def __init__(self, backend: ClockifyBackend, *, limits: Limits | None = None, faults: Faults | None = None,
                 webhook_transport: httpx.AsyncBaseTransport | None = None, page_size_policy: str = "reject",
                 strict: bool = False):
        served = strict_mode.checked(routes.ALL) if strict else routes.ALL
        super().__init__(backend, served, limits=limits, faults=faults, page_size_policy=page_size_policy)
        self.webhook_transport = webhook_transport
        self.strict = strict

    def authenticate(self, headers: dict[str, str], style: str) -> Caller:
        """``X-Api-Key`` or an installed add-on's ``X-Addon-Token`` on the direct hosts, ``Bearer`` on the gateway."""
        if style == "gateway":
            scheme, _, token = headers.get("authorization", "").partition(" ")
            if scheme.lower() != "bearer" or not token.strip():
                raise errors.no_token()
            return self.backend.authenticate(token.strip())
        key, addon = headers.get("x-api-key"), headers.get("x-addon-token")
        if bool(key) == bool(addon):
            raise errors.no_token()
        if addon:
            return self.backend.authenticate_addon(addon)
        return self.backend.authenticate(key)

    def limit_scope(self, caller: Caller, params: dict) -> str | None:
        """The workspace in the path, else the caller's active one."""
        return params.get("workspaceId") or caller.user.get("activeWorkspace")

    def context(self, caller: Caller, headers: dict[str, str], style: str, params: dict, query: Query,
                body: Body) -> Ctx:
        """The handler's :class:`Ctx`; on the gateway, ``Maton-Connection`` picks whose account acts."""
        if style == "gateway":
            caller = self.backend.caller_for_connection(caller, headers.get("maton-connection"))
        return Ctx(self.backend, caller, params, query, body, self.page_size_policy)

    def full_path(self, prefix: str, rel: str) -> str:
        """Clockify's 404 echoes the path from ``v1`` on."""
        return "v1" + rel

    def take_outbox(self) -> list:
        """Webhook deliveries waiting in the backend."""
        return self.backend.take_outbox()

    async def deliver(self, pending) -> None:
        """POST each event with ``Clockify-Signature`` (the webhook's token) and log the outcome."""
        async with httpx.AsyncClient(transport=self.webhook_transport, timeout=5.0) as client:
            for d in pending:
                payload = orjson.dumps(d.body)
                try:
                    resp = await client.post(d.url, content=payload, headers={
                        "Content-Type": "application/json",
                        "Clockify-Signature": d.token,
                        "Clockify-Webhook-Event-Type": d.event,
                    })
                    status, text = resp.status_code, resp.text
                except httpx.HTTPError as exc:
                    status, text = 0, type(exc).__name__
                self.backend.webhooks.record_delivery(d.workspace_id, d.webhook_id, status,
                                                      payload.decode(), text)

    def info(self) -> dict:
        """Workspaces, plans and users (ids, names, roles) of the sandbox; keys are not included."""
        state = self.backend.state
        return {
            "workspaces": [
                {"id": ws.id, "name": ws.record["name"], "plan": ws.plan,
                 "users": [{"id": uid, "name": state.users[uid]["name"], "role": role} for uid, role in ws.roles.items()],
                 "entries": len(ws.entries)}
                for ws in state.workspaces.values()
            ],
        }


def create_app(backend: ClockifyBackend | None = None, **kwargs) -> ClockifyApp:
    """A Clockify sandbox app; without a backend, one seeded with the default generator."""
    if backend is None:
        from punchclock.sandbox.clockify.seed import SeedConfig, seeded_backend

        backend = seeded_backend(SeedConfig())
    return ClockifyApp(backend, **kwargs)
