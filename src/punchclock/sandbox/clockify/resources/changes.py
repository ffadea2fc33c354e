"""Entity change feeds: what was created, updated or deleted in a window (``/entities/...``)."""

from __future__ import annotations

from punchclock.sandbox.clockify import errors
from punchclock.sandbox.clockify.resources._base import Resource
from punchclock.timeutil import format_instant

NAME = "changes"
# Our internal types to the feed's document types (Clockify's are plural but for TIME_ENTRY and USER).
DOCUMENT_TYPES = {"TIME_ENTRY": "TIME_ENTRY", "PROJECT": "PROJECTS", "CLIENT": "CLIENTS", "TAG": "TAGS",
                  "TASK": "TASKS", "USER_GROUP": "USER_GROUPS", "HOLIDAYS": "HOLIDAYS", "INVOICES": "INVOICES",
                  "CUSTOM_FIELDS": "CUSTOM_FIELDS", "PTO_POLICY": "PTO_POLICY",
                  "TIME_OFF_REQUEST": "TIME_OFF_REQUEST", "APPROVAL_REQUESTS": "APPROVAL_REQUESTS"}


class Service(Resource):
    """Change feed rules: admins only, one document type at a time, latest change per entity."""

    def feed(self, ws, caller, kind: str, doc_type: str | list[str] | None, start: int | None,
             end: int | None) -> list[dict]:
        """Entities of ``doc_type`` (one type or several, as ``type`` may repeat) whose last ``kind``
        change falls in ``[start, end]``, oldest first. A time entry that still exists carries its own
        fields beside the audit metadata, as the live feed does."""
        self.backend.require_admin(ws, caller)
        if not doc_type:
            raise errors.missing_parameter("type")
        wanted = {doc_type} if isinstance(doc_type, str) else set(doc_type)
        if not wanted <= set(DOCUMENT_TYPES.values()):
            raise errors.invalid("You entered invalid value for field: [type]")
        latest: dict[str, tuple[int, str]] = {}
        for change_kind, entity_type, entity_id, at in ws.changes:
            if DOCUMENT_TYPES.get(entity_type) not in wanted:
                continue
            if change_kind == kind and (start is None or at >= start) and (end is None or at <= end):
                latest[entity_id] = (at, entity_type)
        rows = sorted(latest.items(), key=lambda kv: (kv[1][0], kv[0]))
        return [self._row(ws, kind, entity_id, entity_type, at) for entity_id, (at, entity_type) in rows]

    def _row(self, ws, kind: str, entity_id: str, entity_type: str, at: int) -> dict:
        out = {"id": entity_id, "documentCode": DOCUMENT_TYPES[entity_type],
               "auditMetadata": {"changeType": kind.upper(), "changedAt": format_instant(at)}}
        entry = ws.entries.get(entity_id) if entity_type == "TIME_ENTRY" and kind != "deleted" else None
        if entry is not None:
            out = {**self.backend.entries.shape(ws, entry), **out}
        return out
