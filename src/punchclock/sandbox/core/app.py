"""The provider-neutral ASGI app of every sandbox: admin endpoints, faults, limits and statistics
around a provider's route table.

A provider subclasses :class:`SandboxApp` (moto's ``BaseBackend``/``BaseResponse`` split): it names
its URL prefixes and :class:`~punchclock.sandbox.core.errors.Dialect`, authenticates callers, builds
the context its handlers take and, if it has webhooks, delivers them. Everything else is here:

- ``/__sandbox__/stats|reset|faults|limits|info``: admin endpoints for tests and benchmarks;
- faults drawn per request (5xx before handling, slow answers, hang-then-drop, drop-after-write);
- limits checked per caller once the route is known; every answer counted by route template.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import httpx

from punchclock.sandbox.core.errors import ApiError, Dialect
from punchclock.sandbox.core.faults import FaultInjector, Faults
from punchclock.sandbox.core.http import Body, Query, Reply
from punchclock.sandbox.core.limits import Limiter, Limits
from punchclock.sandbox.core.routing import Route, Router
from punchclock.sandbox.core.stats import Stats

log = logging.getLogger("punchclock.sandbox")


class ConnectionDropped(httpx.RemoteProtocolError):
    """Raised by the app to drop a connection mid-answer (an injected fault).

    Over a socket the server closes the connection, so the client sees a protocol error; in
    process, httpx's ASGI transport re-raises this same transport error to the client.
    """


class SandboxApp:
    """An ASGI app over a provider's backend and routes; subclasses fill in the provider's hooks."""

    #: ``(path prefix, host name of the routes, auth style)`` in the order they are tried.
    prefixes: tuple[tuple[str, str, str], ...] = ()
    dialect: Dialect = Dialect()

    def __init__(self, backend: Any, routes: list[Route], *, limits: Limits | None = None,
                 faults: Faults | None = None, page_size_policy: str = "reject"):
        self.backend = backend
        self.router = Router(routes, self.dialect)
        self.limiter = Limiter(limits or Limits())
        self.faults = FaultInjector()
        self.faults.configure(faults or Faults())
        self.stats = Stats()
        self.page_size_policy = page_size_policy
        self.sleep = asyncio.sleep  # how injected delays pass (tests swap in simulated time)

    # -- provider hooks ----------------------------------------------------------------------
    def authenticate(self, headers: dict[str, str], style: str) -> Any:
        """The caller behind the request's credentials (with a ``key`` attribute), or raise 401."""
        raise NotImplementedError

    def limit_scope(self, caller: Any, params: dict) -> str | None:
        """The shared scope (a workspace) whose limits this request also counts against."""
        return None

    def context(self, caller: Any, headers: dict[str, str], style: str, params: dict, query: Query,
                body: Body) -> Any:
        """What the route handler is called with."""
        raise NotImplementedError

    def finish(self, reply: Reply, caller: Any | None) -> Reply:
        """A last look at every answer (limit headers, say); ``caller`` is None when auth failed."""
        return reply

    def full_path(self, prefix: str, rel: str) -> str:
        """The path as the provider's 404 echoes it."""
        return prefix + rel

    def take_outbox(self) -> list:
        """Webhook deliveries the last request caused (none by default)."""
        return []

    async def deliver(self, pending: list) -> None:
        """Send webhook deliveries (providers with webhooks override this)."""

    def info(self) -> dict:
        """What ``GET /__sandbox__/info`` shows about the seeded data (never keys)."""
        return {}

    def admin(self, method: str, name: str, body: Body) -> Reply | None:
        """A provider's own admin endpoint ``/__sandbox__/<name>`` (None: there is no such endpoint)."""
        return None

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
            await self.sleep(plan.delay)
            self.stats.record(method, route_name, 0)
            await _drop(send)
        if plan.error_status:
            reply = self.error_reply(self.dialect.server_error("Internal server error (injected)", plan.error_status))
            self.stats.record(method, route_name, reply.status)
            await _send(send, reply)
            return
        caller = None
        try:
            route_name, caller, reply = self._dispatch(scope, method, path, raw_body)
        except ApiError as exc:
            reply = self.error_reply(exc)
        except Exception:  # a sandbox bug must still answer like a server, never hang the client
            log.exception("sandbox error on %s %s", method, path)
            reply = self.error_reply(self.dialect.server_error())
        reply = self.finish(reply, caller)
        if plan.delay:
            await self.sleep(plan.delay)
        self.stats.record(method, route_name, reply.status if not plan.drop_after else 0)
        if plan.drop_after:
            self.take_outbox()
            await _drop(send)
        await _send(send, reply)
        pending = self.take_outbox()
        if pending:
            await self.deliver(pending)

    def _dispatch(self, scope, method: str, path: str, raw_body: bytes) -> tuple[str, Any, Reply]:
        for prefix, host, style in self.prefixes:
            if path.startswith(prefix + "/") or path == prefix:
                break
        else:
            raise self.dialect.no_route(path)
        headers = _headers(scope)
        caller = self.authenticate(headers, style)
        rel = path[len(prefix):] or "/"
        try:
            matched, params = self.router.match(host, method, rel, self.full_path(prefix, rel))
        except ApiError as exc:
            return f"{method} <unmatched>", caller, self.error_reply(exc)
        route_name = f"{method} {prefix}{matched.template}"
        try:
            wait = self.limiter.check(caller.key, self.limit_scope(caller, params))
            if wait:
                configured = self.limiter.limits.retry_after
                raise self.dialect.too_many_requests(None if configured is None else max(wait, configured))
            query = Query(scope.get("query_string", b""), self.dialect)
            body = Body(raw_body, headers.get("content-type", ""), self.dialect)
            result = matched.handler(self.context(caller, headers, style, params, query, body))
        except ApiError as exc:
            return route_name, caller, self.error_reply(exc)
        return route_name, caller, result if isinstance(result, Reply) else Reply(result)

    def error_reply(self, exc: ApiError) -> Reply:
        """An error as the provider answers it."""
        return Reply(self.dialect.render(exc), exc.status, dict(exc.headers))

    # -- admin -----------------------------------------------------------------------------
    def _admin(self, method: str, path: str, query: Query, body: Body) -> Reply:
        try:
            return self._admin_reply(method, path.removeprefix("/__sandbox__").strip("/"), query, body)
        except (ValueError, TypeError) as exc:
            return Reply({"message": str(exc), "code": 400}, 400)
        except ApiError as exc:
            return Reply(exc.body(), exc.status)

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
        extra = self.admin(method, name, body)
        if extra is not None:
            return extra
        return Reply({"message": f"no admin endpoint {method} /__sandbox__/{name}", "code": 404}, 404)


# -- ASGI plumbing --------------------------------------------------------------------------
def _fields(obj) -> dict:
    return {k: getattr(obj, k) for k in obj.__dataclass_fields__}


def _headers(scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


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
