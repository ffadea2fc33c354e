"""Route tables for any provider: path templates compiled once, literal paths preferred over parameters."""

from __future__ import annotations

import importlib
import pkgutil
import re
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Callable

from punchclock.sandbox.core.errors import Dialect


@dataclass
class Route:
    """One operation: method, template relative to its host's prefix, handler, and host."""

    method: str
    template: str
    handler: Callable[[Any], Any]
    host: str = "api"

    def __post_init__(self):
        pattern = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", self.template)
        self.regex = re.compile(f"^{pattern}$")
        self.params = self.template.count("{")


def route(method: str, template: str, host: str = "api"):
    """Decorator form: ``@route("GET", "/user")`` marks a handler to be served."""
    def wrap(fn):
        fn.__route__ = Route(method, template, fn, host)
        return fn
    return wrap


def collect(module: ModuleType) -> list[Route]:
    """Every function of a module decorated with :func:`route`."""
    return [obj.__route__ for obj in vars(module).values() if hasattr(obj, "__route__")]


def discover(package: ModuleType) -> list[Route]:
    """Every route of every public module of a package (a provider's ``routes``)."""
    found: list[Route] = []
    for info in pkgutil.iter_modules(package.__path__):
        if not info.name.startswith("_"):
            found.extend(collect(importlib.import_module(f"{package.__name__}.{info.name}")))
    return found


class Router:
    """Matches a host-relative path to a route; the dialect's 405 when only the method is wrong, else 404."""

    def __init__(self, routes: list[Route], dialect: Dialect):
        self.dialect = dialect
        self.by_host: dict[str, list[Route]] = {}
        for r in sorted(routes, key=lambda r: (r.params, r.template)):
            self.by_host.setdefault(r.host, []).append(r)

    def match(self, host: str, method: str, path: str, full_path: str) -> tuple[Route, dict]:
        """Find the route for ``method path`` on ``host`` or raise the provider's 404/405."""
        wrong_method = False
        for r in self.by_host.get(host, []):
            m = r.regex.match(path)
            if m:
                if r.method == method:
                    return r, m.groupdict()
                wrong_method = True
        if wrong_method:
            raise self.dialect.wrong_method(method)
        raise self.dialect.no_route(full_path)

    def all(self) -> list[Route]:
        """Every route of every host."""
        return [r for rows in self.by_host.values() for r in rows]
