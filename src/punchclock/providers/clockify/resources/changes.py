"""Clockify's entity change feeds: the cheapest way to find edits and deletions since a moment."""

from __future__ import annotations

from datetime import datetime

from punchclock.errors import InvalidInput
from punchclock.http.call import Call, Mode, operation, paged_operation
from punchclock.http.validate import page_size, span
from punchclock.providers.clockify.models.extra import EntityChange
from punchclock.providers.clockify.resources._base import Resource
from punchclock.timeutil import format_instant


class Changes(Resource[Mode]):
    """Entity change feeds: the cheapest way to find edits and deletions since a moment."""

    @paged_operation
    def list(self, kind: str, entity_type: str, *, start: datetime, end: datetime, limit: int = 5000) -> Call:
        """Entities of ``entity_type`` (e.g. TIME_ENTRY) ``kind`` (created, updated, deleted) in a window."""
        if kind not in ("created", "updated", "deleted"):
            raise InvalidInput("kind", f"must be created, updated or deleted, got {kind!r}")
        span(start, end, required=True)
        return Call("GET", self._path("entities", kind), {"type": entity_type, "start": start, "end": end},
                    parse=EntityChange.model_validate, paged=True, page_size=page_size(limit, "limit"),
                    page_param="limit", first_page=0)

    @operation
    def audit_log(self, actions: list[str], *, start: datetime, end: datetime, author_ids: list[str] | None = None,
                  page: int = 1, size: int = 50) -> Call:
        """Audit-log entries (CREATE_PROJECT, UPDATE_TIME_PERSONAL...) in a window, from Clockify's audit-log
        host; ``author_ids`` keeps those authors (``SYSTEM`` for system entries)."""
        if not actions or not all(isinstance(a, str) and a for a in actions):
            raise InvalidInput("actions", "give at least one audit action, e.g. CREATE_PROJECT")
        span(start, end, required=True)
        if not 1 <= size <= 50:
            raise InvalidInput("size", "must be between 1 and 50")
        return Call("POST", self._path("audit-log"), host="auditlog", idempotent=True,
                    json={"actions": list(dict.fromkeys(actions)), "authors": {"authorIds": author_ids or [],
                                                                               "contains": "CONTAINS"},
                          "start": format_instant(start.timestamp()), "end": format_instant(end.timestamp()),
                          "page": page, "page-size": size})
