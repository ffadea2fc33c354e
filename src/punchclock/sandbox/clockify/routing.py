"""What a Clockify route handler sees (:class:`Ctx`) and Clockify's bare-array paging; the route
table itself is the core's."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from punchclock.sandbox.core.http import Body, Query, Reply
from punchclock.sandbox.core.routing import route

__all__ = ["Ctx", "no_content", "paged", "route"]

if TYPE_CHECKING:
    from punchclock.sandbox.clockify.backend import Caller, ClockifyBackend
    from punchclock.sandbox.clockify.state import Workspace

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

    def paged(self, rows: list, shape=None, default_size: int = 50, max_size: int = 5000, *, encoded=None) -> Reply:
        """One page of ``rows`` as a bare array with ``Last-Page`` (rows as ``shape`` makes them, or as
        the JSON bytes ``encoded`` gives)."""
        page, size = self.page(default_size, max_size)
        return paged(rows, page, size, shape, encoded)


def no_content(status: int = 200) -> Reply:
    """An answer with no body at all, where the spec documents none (Clockify sends ``content-length: 0``)."""
    return Reply(b"", status)


def paged(rows: list, page: int, size: int, shape: Callable[[Any], Any] | None = None,
          encoded: Callable[[Any], bytes] | None = None) -> Reply:
    """One page of a bare-array listing with the ``Last-Page`` header (past the end: ``[]`` and true);
    ``encoded`` gives each row's JSON bytes instead of ``shape``'s data."""
    start = (page - 1) * size
    chunk = rows[start:start + size]
    headers = {"Last-Page": "true" if start + size >= len(rows) else "false"}
    if encoded is not None:
        return Reply(b"[" + b",".join(map(encoded, chunk)) + b"]", headers=headers)
    return Reply([shape(r) for r in chunk] if shape else chunk, headers=headers)
