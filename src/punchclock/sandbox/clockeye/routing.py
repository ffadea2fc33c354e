"""What a ClockEye route handler sees (:class:`Ctx`) and ClockEye's ``{data, meta}`` pages; the
route table itself is the core's."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from punchclock.sandbox.clockeye import errors, fields
from punchclock.sandbox.core.http import Body, Query, Reply
from punchclock.sandbox.core.routing import route

__all__ = ["Ctx", "route"]

if TYPE_CHECKING:
    from punchclock.sandbox.clockeye.backend import Caller, ClockEyeBackend

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200


class Ctx:
    """What a handler sees: the backend, the caller, path parameters, query and body."""

    __slots__ = ("backend", "caller", "params", "query", "body")

    def __init__(self, backend: "ClockEyeBackend", caller: "Caller", params: dict, query: Query, body: Body):
        self.backend = backend
        self.caller = caller
        self.params = params
        self.query = query
        self.body = body

    def page(self, rows: list, shape: Callable[[Any], Any] | None = None) -> Reply:
        """One page of ``rows`` as ``{"data", "meta": {total, page, per_page}}``; a page past the
        end has empty ``data``; ``per_page`` outside 1..200 or ``page`` below 1 is a 400."""
        page = self.query.int("page", 1)
        per_page = self.query.int("per_page", DEFAULT_PER_PAGE)
        if page < 1:
            raise errors.invalid_request("The page parameter must be 1 or more", "page")
        if not 1 <= per_page <= MAX_PER_PAGE:
            raise errors.invalid_request(f"The per_page parameter must be between 1 and {MAX_PER_PAGE}", "per_page")
        start = (page - 1) * per_page
        chunk = rows[start:start + per_page]
        return Reply({"data": [shape(r) for r in chunk] if shape else chunk,
                      "meta": {"total": len(rows), "page": page, "per_page": per_page}})

    def day(self, name: str) -> int | None:
        """A ``YYYY-MM-DD`` query parameter as the epoch second its UTC day starts."""
        value = self.query.str(name)
        return None if value in (None, "") else fields.day(value, name)

    def instant(self, name: str) -> int | None:
        """An ISO-8601 instant query parameter as epoch seconds."""
        value = self.query.str(name)
        return None if value in (None, "") else fields.instant(value.replace(" ", "+"), name)

    def json(self, spec: dict[str, type | tuple], required: bool = True) -> dict:
        """The body as an object whose fields in ``spec`` have the right JSON types."""
        return self.body.typed(spec, data=self.body.object(required=required))
