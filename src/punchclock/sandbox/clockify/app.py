"""The sandbox's ASGI app: auth, limits, faults and statistics around the route table.

Paths served:
- ``/api/v1/...`` and ``/reports/v1/...`` with ``X-Api-Key`` (Clockify's main and Reports hosts);
- ``/clockify/api/v1/...`` and ``/clockify/reports/v1/...`` with ``Authorization: Bearer`` and an
  optional ``Maton-Connection`` header (the managed-auth gateway style);
- ``/__sandbox__/...`` admin endpoints for tests and benchmarks (stats, reset, faults, limits).
"""

from __future__ import annotations

import asyncio
import logging

import httpx
import orjson

from punchclock.sandbox.clockify import errors, routes
from punchclock.sandbox.clockify.backend import ClockifyBackend
from punchclock.sandbox.clockify.http import Body, Query, Reply
from punchclock.sandbox.clockify.routing import Ctx, Router
from punchclock.sandbox.faults import FaultInjector, Faults
from punchclock.sandbox.limits import Limiter, Limits
from punchclock.sandbox.stats import Stats

log = logging.getLogger("punchclock.sandbox")

PREFIXES = (
    ("/clockify/api/v1", "api", True),
    ("/clockify/reports/v1", "reports", True),
    ("/api/v1", "api", False),
    ("/reports/v1", "reports", False),
)


class ConnectionDropped(httpx.RemoteProtocolError):
    """Raised by the app to drop a connection mid-answer (an injected fault).

    Over a socket the server closes the connection, so the client sees a protocol error; in
    process, httpx's ASGI transport re-raises this same transport error to the client.
    """


class SandboxApp:
    """A Clockify-compatible ASGI application over a :class:`ClockifyBackend`."""

    def __init__(self, backend: ClockifyBackend, *, limits: Limits | None = None, faults: Faults | None = None,
                 webhook_transport: httpx.AsyncBaseTransport | None = None, page_size_policy: str = "reject"):
        self.backend = backend
        self.router = Router(routes.ALL)
        self.limiter = Limiter(limits or Limits())
        self.faults = FaultInjector()
        self.faults.configure(faults or Faults())
        self.stats = Stats()
        self.webhook_transport = webhook_transport
        self.page_size_policy = page_size_policy

    # -- ASGI ------------------------------------------------------------------------------
    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        body = await _read_body(receive)
        path = scope["path"]
        if path.startswith("/__sandbox__"):
            reply = self._admin(scope["method"], path, Query(scope.get("query_string", b"")), Body(body))
            await _send(send, reply)
            return
        await self._api(scope, body, send)

    async def _api(self, scope, raw_body: bytes, send) -> None:
        method, path = scope["method"], scope["path"]
        plan = self.faults.draw(path)
        route_name = f"{method} <unmatched>"
        if plan.hang_then_drop:
            await asyncio.sleep(plan.delay)
            self.stats.record(method, route_name, 0)
            await _drop(send)
        if plan.error_status:
            reply = _error_reply(errors.ApiError(plan.error_status, "Internal server error (injected)", plan.error_status))
            self.stats.record(method, route_name, reply.status)
            await _send(send, reply)
            return
        try:
            route_name, reply = self._dispatch(scope, method, path, raw_body)
        except errors.ApiError as exc:
            reply = _error_reply(exc)
        except Exception:  # a sandbox bug must still answer like a server, never hang the client
            log.exception("sandbox error on %s %s", method, path)
            reply = _error_reply(errors.ApiError(500, "Internal server error", 500))
        if plan.delay:
            await asyncio.sleep(plan.delay)
        self.stats.record(method, route_name, reply.status if not plan.drop_after else 0)
        if plan.drop_after:
            self.backend.take_outbox()
            await _drop(send)
        await _send(send, reply)
        pending = self.backend.take_outbox()
        if pending:
            await self._deliver(pending)

    def _dispatch(self, scope, method: str, path: str, raw_body: bytes) -> tuple[str, Reply]:
        for prefix, host, gateway in PREFIXES:
            if path.startswith(prefix + "/") or path == prefix:
                break
        else:
            raise errors.no_static_resource(path)
        headers = _headers(scope)
        caller = self._authenticate(headers, gateway)
        rel = path[len(prefix):] or "/"
        matched, params = self.router.match(host, method, rel, "v1" + rel)
        route_name = f"{method} {prefix}{matched.template}"
        try:
            workspace = params.get("workspaceId") or caller.user.get("activeWorkspace")
            wait = self.limiter.check(caller.key, workspace)
            if wait:
                configured = self.limiter.limits.retry_after
                raise errors.too_many_requests(None if configured is None else max(wait, configured))
            if gateway:
                caller = self.backend.caller_for_connection(caller, headers.get("maton-connection"))
            body = Body(raw_body, headers.get("content-type", ""))
            ctx = Ctx(self.backend, caller, params, Query(scope.get("query_string", b"")), body,
                      self.page_size_policy)
            result = matched.handler(ctx)
        except errors.ApiError as exc:
            return route_name, _error_reply(exc)
        return route_name, result if isinstance(result, Reply) else Reply(result)

    def _authenticate(self, headers: dict[str, str], gateway: bool):
        if gateway:
            auth = headers.get("authorization", "")
            scheme, _, token = auth.partition(" ")
            if scheme.lower() != "bearer" or not token.strip():
                raise errors.no_token()
            return self.backend.authenticate(token.strip())
        key, addon = headers.get("x-api-key"), headers.get("x-addon-token")
        if bool(key) == bool(addon):
            raise errors.no_token()
        if addon:
            raise errors.ApiError(401, "Token is not valid", 4017)
        return self.backend.authenticate(key)

    # -- webhooks --------------------------------------------------------------------------
    async def _deliver(self, deliveries) -> None:
        async with httpx.AsyncClient(transport=self.webhook_transport, timeout=5.0) as client:
            for d in deliveries:
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

    # -- admin -----------------------------------------------------------------------------
    def _admin(self, method: str, path: str, query: Query, body: Body) -> Reply:
        try:
            return self._admin_reply(method, path.removeprefix("/__sandbox__").strip("/"), query, body)
        except (ValueError, TypeError) as exc:
            return Reply({"message": str(exc), "code": 400}, 400)
        except errors.ApiError as exc:
            return _error_reply(exc)

    def _admin_reply(self, method: str, name: str, query: Query, body: Body) -> Reply:
        if (method, name) == ("GET", "stats"):
            return Reply(self.stats.snapshot())
        if (method, name) == ("POST", "reset"):
            self.stats.reset()
            self.limiter.reset()
            if query.bool("data", False):
                self.backend.reset()
            return Reply({"reset": True, "data": bool(query.bool("data", False))})
        if name == "faults" and method in ("GET", "POST"):
            if method == "POST":
                self.faults.configure(Faults.from_dict(body.object(required=False)))
            return Reply(_fields(self.faults.faults))
        if name == "limits" and method in ("GET", "POST"):
            if method == "POST":
                self.limiter.configure(Limits.from_dict(body.object(required=False)))
            return Reply(_fields(self.limiter.limits))
        if (method, name) == ("GET", "info"):
            return Reply(self.info())
        raise errors.no_static_resource("/__sandbox__/" + name)

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


def create_app(backend: ClockifyBackend | None = None, **kwargs) -> SandboxApp:
    """A sandbox app; without a backend, one seeded with the default generator."""
    if backend is None:
        from punchclock.sandbox.clockify.seed import SeedConfig, seeded_backend

        backend = seeded_backend(SeedConfig())
    return SandboxApp(backend, **kwargs)


# -- ASGI plumbing --------------------------------------------------------------------------
def _fields(obj) -> dict:
    return {k: getattr(obj, k) for k in obj.__dataclass_fields__}


def _headers(scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


def _error_reply(exc: errors.ApiError) -> Reply:
    return Reply(exc.body(), exc.status, dict(exc.headers))


async def _read_body(receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


async def _send(send, reply: Reply) -> None:
    payload = reply.encode()
    headers = [(b"content-type", reply.media_type.encode()), (b"content-length", str(len(payload)).encode())]
    headers += [(k.lower().encode(), str(v).encode()) for k, v in reply.headers.items()]
    await send({"type": "http.response.start", "status": reply.status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})


async def _drop(send) -> None:
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"application/json"), (b"content-length", b"4096")]})
    await send({"type": "http.response.body", "body": b'{"id":', "more_body": True})
    raise ConnectionDropped("connection dropped by the sandbox (injected fault)")


async def _lifespan(receive, send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
