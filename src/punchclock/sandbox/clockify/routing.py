"""Route table: path templates compiled once, literal paths preferred over parameters."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

from punchclock.sandbox.clockify import errors
from punchclock.sandbox.clockify.http import Body, Query, Reply, paged

if TYPE_CHECKING:
    from punchclock.sandbox.clockify.backend import Caller, ClockifyBackend
    from punchclock.sandbox.clockify.state import Workspace

HOST_PREFIXES = {"api": "/api/v1", "reports": "/reports/v1"}


@dataclass
class Route:
    """One operation: method, template relative to its host's prefix, handler, and host."""

    method: str
    template: str
    handler: Callable[["Ctx"], Any]
    host: str = "api"

    def __post_init__(self):
        pattern = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", self.template)
        self.regex = re.compile(f"^{pattern}$")
        self.params = self.template.count("{")


def route(method: str, template: str, host: str = "api"):
    """Decorator form: ``@route("GET", "/user")`` appends to the module's ``ROUTES``."""
    def wrap(fn):
        fn.__route__ = Route(method, template, fn, host)
        return fn
    return wrap


def collect(module) -> list[Route]:
    """Every function of a module decorated with :func:`route`."""
    return [obj.__route__ for obj in vars(module).values() if hasattr(obj, "__route__")]


class Router:
    """Matches a host-relative path to a route; 405 when only the method is wrong, else 404."""

    def __init__(self, routes: list[Route]):
        self.by_host: dict[str, list[Route]] = {}
        for r in sorted(routes, key=lambda r: (r.params, r.template)):
            self.by_host.setdefault(r.host, []).append(r)

    def match(self, host: str, method: str, path: str, full_path: str) -> tuple[Route, dict]:
        """Find the route for ``method path`` on ``host`` or raise Clockify's 404/405."""
        wrong_method = False
        for r in self.by_host.get(host, []):
            m = r.regex.match(path)
            if m:
                if r.method == method:
                    return r, m.groupdict()
                wrong_method = True
        if wrong_method:
            raise errors.method_not_supported(method)
        raise errors.no_static_resource(full_path)

    def all(self) -> list[Route]:
        """Every route of every host."""
        return [r for rows in self.by_host.values() for r in rows]


class Ctx:
    """What a handler sees: the backend, the caller, path parameters, query and body."""

    __slots__ = ("backend", "caller", "params", "query", "body", "page_policy", "_ws")

    def __init__(self, backend: "ClockifyBackend", caller: "Caller", params: dict, query: Query, body: Body,
                 page_policy: str):
        self.backend = backend
        self.caller = caller
        self.params = params
        self.query = query
        self.body = body
        self.page_policy = page_policy
        self._ws = None

    @property
    def ws(self) -> "Workspace":
        """The workspace named in the path, checked for membership."""
        if self._ws is None:
            self._ws = self.backend.workspace(self.caller, self.params["workspaceId"])
        return self._ws

    def page(self, default_size: int = 50, max_size: int = 5000) -> tuple[int, int]:
        """Page number and size from the query, under the sandbox's page-size policy."""
        return self.query.page(default_size, max_size, self.page_policy)

    def paged(self, rows: list, shape=None, default_size: int = 50, max_size: int = 5000) -> Reply:
        """One page of ``rows`` as a bare array with ``Last-Page``."""
        page, size = self.page(default_size, max_size)
        return paged(rows, page, size, shape)
