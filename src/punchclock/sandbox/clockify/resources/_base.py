"""What every resource service shares: access to the backend and small shaping helpers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from punchclock.sandbox.clockify import errors

if TYPE_CHECKING:
    from punchclock.sandbox.clockify.backend import ClockifyBackend
    from punchclock.sandbox.clockify.state import Workspace


class Resource:
    """Base of a resource service: holds the backend it belongs to."""

    def __init__(self, backend: "ClockifyBackend"):
        self.backend = backend


def rate(amount: int | None, currency: str = "USD") -> dict:
    """Clockify's rate object: an integer amount in minor units (cents) and a currency code."""
    return {"amount": int(amount or 0), "currency": currency}


def currency_of(ws: "Workspace") -> str:
    """The workspace's default currency code."""
    return ws.record["currencies"][0]["code"]


def find(collection: dict, entity_id: str, kind: str) -> dict:
    """Fetch by id from a workspace collection, or Clockify's 400/501 'X doesn't belong to Workspace'."""
    item = collection.get(entity_id) if isinstance(entity_id, str) else None
    if item is None:
        raise errors.not_in_workspace(kind)
    return item


def check_unique_name(items: Iterable[dict], name: str, kind: str, *, skip: str | None = None) -> None:
    """Names are unique (case-insensitive), archived entities included."""
    lowered = name.strip().lower()
    for item in items:
        if item["id"] != skip and item["name"].strip().lower() == lowered:
            raise errors.invalid(f"{kind} with this name already exists")


def check_name(name, kind: str, *, low: int = 1, high: int = 250) -> str:
    """A required name within Clockify's length bounds."""
    if not isinstance(name, str) or not name.strip():
        raise errors.invalid(f"{kind} name must not be empty")
    if not low <= len(name.strip()) <= high:
        raise errors.invalid(f"{kind} name has to be between {low} and {high} characters long")
    return name.strip()


def by_name(items: Iterable[dict], name: str | None, strict: bool) -> list[dict]:
    """Filter by name: exact (case-insensitive) when strict, otherwise substring."""
    rows = list(items)
    if not name:
        return rows
    needle = name.lower()
    if strict:
        return [r for r in rows if r["name"].lower() == needle]
    return [r for r in rows if needle in r["name"].lower()]


def sort_rows(rows: list[dict], column: str | None, order: str | None, columns: dict[str, str],
              default: str) -> list[dict]:
    """Sort listing rows by one of Clockify's sort columns (ASCENDING unless told otherwise)."""
    field = columns.get((column or default).upper(), columns[default])
    reverse = (order or "ASCENDING").upper() == "DESCENDING"

    def key(row):
        value = row.get(field)
        return value.lower() if isinstance(value, str) else (value if value is not None else "")

    return sorted(rows, key=key, reverse=reverse)


class NamedResource(Resource):
    """A workspace collection of named things with archive rules (clients, tags).

    Subclasses set ``collection``, ``kind`` (the word in error messages), ``entity_type`` (the
    change-feed type), ``events`` (created, updated, deleted webhook names), ``delete_needs_archive``
    and implement ``shape(ws, record)`` for the wire form.
    """

    collection = ""
    kind = ""
    entity_type = ""
    events = ("", "", "")
    delete_needs_archive = False
    sort_columns = {"ID": "id", "NAME": "name"}

    def items(self, ws: "Workspace") -> dict:
        """The workspace's collection of this resource."""
        return getattr(ws, self.collection)

    def shape(self, ws: "Workspace", record: dict) -> dict:
        """The record as Clockify sends it."""
        return dict(record)

    def get(self, ws: "Workspace", entity_id: str) -> dict:
        """One record, or 400/501."""
        return find(self.items(ws), entity_id, self.kind)

    def list(self, ws: "Workspace", *, name=None, strict=False, archived=None, sort_column=None,
             sort_order=None, excluded_ids=()) -> list[dict]:
        """Filtered, sorted records; ``archived=None`` returns active and archived alike (live quirk)."""
        rows = by_name(self.items(ws).values(), name, strict)
        if archived is not None:
            rows = [r for r in rows if r["archived"] == archived]
        if excluded_ids:
            rows = [r for r in rows if r["id"] not in excluded_ids]
        rows = sort_rows(rows, sort_column, sort_order, self.sort_columns, "NAME")
        return [self.shape(ws, r) for r in rows]

    def _store(self, ws: "Workspace", record: dict, created: bool) -> dict:
        self.items(ws)[record["id"]] = record
        ws.log_change("created" if created else "updated", self.entity_type, record["id"], self.backend.now())
        out = self.shape(ws, record)
        self.backend.emit(ws, self.events[0 if created else 1], out)
        return out

    def delete(self, ws: "Workspace", caller, entity_id: str) -> dict:
        """Delete; refused while active when the resource needs archiving first."""
        self.backend.require_admin(ws, caller)
        record = self.get(ws, entity_id)
        if self.delete_needs_archive and not record["archived"]:
            raise errors.invalid(f"Cannot delete an active {self.kind.lower()}")
        out = self.shape(ws, record)
        del self.items(ws)[entity_id]
        ws.log_change("deleted", self.entity_type, entity_id, self.backend.now())
        self.backend.emit(ws, self.events[2], out)
        return out


class Records(Resource):
    """A workspace collection of plain records (holidays, expenses, invoices...), optionally a paid feature.

    Subclasses set ``collection`` (the name under ``ws.collection``), ``kind`` (the word in error
    messages), ``feature`` (the plan feature, or None), ``entity_type`` (the change-feed type) and
    ``events`` (created, updated, deleted webhook names; empty strings for none).
    """

    collection = ""
    kind = ""
    feature: str | None = None
    entity_type = ""
    events = ("", "", "")

    def items(self, ws) -> dict:
        """The collection, after the plan check."""
        if self.feature:
            self.backend.require_plan(ws, self.feature)
        return ws.collection(self.collection)

    def get(self, ws, record_id: str) -> dict:
        """One record, or 400/501."""
        return find(self.items(ws), record_id, self.kind)

    def save(self, ws, record: dict, created: bool) -> dict:
        """Store, log the change and queue the webhook; returns a copy of the record."""
        self.items(ws)[record["id"]] = record
        if self.entity_type:
            ws.log_change("created" if created else "updated", self.entity_type, record["id"], self.backend.now())
        event = self.events[0 if created else 1]
        if event:
            self.backend.emit(ws, event, dict(record))
        return dict(record)

    def remove(self, ws, record_id: str) -> dict:
        """Delete a record; returns what was deleted."""
        record = self.get(ws, record_id)
        del self.items(ws)[record_id]
        if self.entity_type:
            ws.log_change("deleted", self.entity_type, record_id, self.backend.now())
        if self.events[2]:
            self.backend.emit(ws, self.events[2], dict(record))
        return dict(record)
