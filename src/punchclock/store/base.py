"""What every store offers the sync engine, whatever holds the tables (DuckDB now, Iceberg next).

A sync hands the store :class:`Commit` objects: rows to upsert, ids to delete, sweeps (rows of a
full or window read that the read did not see again) and the streams' new sync state. The store
applies one commit atomically, so data and cursor never disagree; a sync killed between commits
resumes from the last one. Reading back goes through :meth:`Store.query` (read-only SQL) and the
provider-neutral views of :mod:`punchclock.store.schema`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ContextManager, Protocol

from punchclock.errors import ConfigError


class StoreError(ConfigError):
    """The store cannot be used as asked; the message says why in one line."""


class StoreLocked(StoreError):
    """Another process (a sync) holds the store."""


class StoreTooNew(StoreError):
    """The store was written by a newer punchclock whose tables this one does not know."""


@dataclass
class Sweep:
    """Delete a stream's rows (in ``column >= since`` when a window is given) not written by ``run``."""

    stream: str
    run: str
    column: str | None = None
    since: float | None = None


@dataclass
class Commit:
    """One atomic change to the store for one provider and workspace. A row is its decoded JSON object
    or, as listings hand rows over, its JSON text exactly as sent (stored as ``_raw`` unchanged)."""

    provider: str
    workspace_id: str
    run: str
    rows: dict[str, list[dict | str]] = field(default_factory=dict)
    deleted: dict[str, list[str]] = field(default_factory=dict)
    sweeps: list[Sweep] = field(default_factory=list)
    states: dict[str, dict] = field(default_factory=dict)
    #: Rows the store's ``stage`` typed ahead, per stream, in the store's own form.
    typed: dict[str, Any] = field(default_factory=dict)
    #: Streams whose rows may go in without looking for stored rows of their keys: the read writing
    #: them found none of the workspace's rows stored, so only its own earlier rows could share a key
    #: (a row that moved between pages while it read). A store may look anyway.
    appends: frozenset[str] = frozenset()
    #: Streams whose rows sharing a key this commit resolves, keeping the last written: the end of a
    #: read that appended.
    dedupe: frozenset[str] = frozenset()


@dataclass
class Counts:
    """Rows a commit added, changed (raw JSON differs) and deleted, per stream."""

    added: int = 0
    changed: int = 0
    deleted: int = 0

    def __iadd__(self, other: "Counts") -> "Counts":
        self.added += other.added
        self.changed += other.changed
        self.deleted += other.deleted
        return self


class Store(Protocol):
    """The interface the sync engine, ``punch sql`` and reports use."""

    #: Rows a sync's commit should hold a whole multiple of: what the store writes most cheaply.
    commit_rows: int

    def prepare(self, provider: str, streams) -> None:
        """Create (or widen) the stream tables of ``provider`` and the neutral views."""

    def state(self, provider: str, workspace_id: str, stream: str) -> dict | None:
        """A stream's sync state (None before its first sync)."""

    def known(self, provider: str, workspace_id: str):
        """Facts the store holds for fetches and plans (:class:`punchclock.sync.streams.Known`)."""

    def workspace_record(self, provider: str, workspace_id: str) -> dict | None:
        """The stored raw record of the workspace itself, when the workspaces stream was synced."""

    def stage(self, commit: Commit) -> Commit:
        """The commit with its rows typed ahead of committing it; safe on another thread while the
        store commits an earlier one (one stager at a time), so parsing overlaps writing."""

    def commit(self, commit: Commit) -> dict[str, Counts]:
        """Apply a commit atomically (staging it first if it was not); what it did per stream."""

    def query(self, sql: str, params: list | None = None) -> tuple[list[str], list[tuple]]:
        """Run a read-only query: column names and rows."""

    def loading(self) -> ContextManager[None]:
        """A sync commits batch after batch within: the store may tune itself for writing meanwhile."""

    def record_event(self, provider: str, event_id: str, kind: str, body: str) -> None:
        """Keep a received webhook event under its id (the dashboard's receivers, before applying it)."""

    def event_seen(self, provider: str, event_id: str) -> bool:
        """Whether a webhook event with this id was already kept."""

    def close(self) -> None:
        """Release the store (and its lock)."""
