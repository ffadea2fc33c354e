"""The sandbox's state: users and their keys, workspaces and everything inside them.

Small collections (projects, clients, tags...) are dicts in Clockify's wire shape, keyed by id.
Time entries are compact :class:`Entry` records, because a sandbox may hold a million of them;
each user's entries are also kept in a list sorted newest-first, so listing a page or a date
window is a bisect and a slice.
"""

from __future__ import annotations

import bisect
import random
import time
from collections import Counter
from dataclasses import dataclass, field

ROLES = ("owner", "admin", "member")


class IdFactory:
    """Makes 24-hex ids shaped like MongoDB ObjectIds (timestamp then counter), reproducible by seed."""

    def __init__(self, seed: int = 0, epoch: int | None = None):
        rng = random.Random(seed)
        self._epoch = epoch if epoch is not None else 0x65000000 + rng.randrange(0x100000)
        self._machine = rng.randrange(1 << 40)
        self._counter = rng.randrange(1 << 24)

    def new(self) -> str:
        """Return the next id."""
        self._counter += 1
        stamp = self._epoch + (self._counter >> 12)
        return f"{stamp & 0xFFFFFFFF:08x}{self._machine:010x}{self._counter & 0xFFFFFF:06x}"


class Entry:
    """One time entry. ``start``/``end`` are epoch seconds; ``end`` is None while the timer runs."""

    __slots__ = (
        "id", "workspace_id", "user_id", "project_id", "task_id", "tag_ids", "description",
        "billable", "start", "end", "type", "is_locked", "custom_fields", "hourly_rate",
        "cost_rate", "invoiced", "approval_request_id",
    )

    def __init__(self, id, workspace_id, user_id, start, end=None, *, project_id=None, task_id=None,
                 tag_ids=None, description="", billable=False, type="REGULAR", is_locked=False,
                 custom_fields=None, hourly_rate=0, cost_rate=0, invoiced=False,
                 approval_request_id=None):
        self.id = id
        self.workspace_id = workspace_id
        self.user_id = user_id
        self.project_id = project_id
        self.task_id = task_id
        self.tag_ids = tag_ids
        self.description = description
        self.billable = billable
        self.start = start
        self.end = end
        self.type = type
        self.is_locked = is_locked
        self.custom_fields = custom_fields
        self.hourly_rate = hourly_rate
        self.cost_rate = cost_rate
        self.invoiced = invoiced
        self.approval_request_id = approval_request_id

    @property
    def seconds(self) -> int:
        """Tracked seconds; 0 while running."""
        return 0 if self.end is None else self.end - self.start

    def sort_key(self) -> tuple:
        """Newest first, ties broken by id: the order user listings use."""
        return (-self.start, self.id)


@dataclass
class Workspace:
    """One workspace and everything that belongs to it."""

    record: dict
    plan: str = "pro"
    roles: dict[str, str] = field(default_factory=dict)
    members: dict[str, dict] = field(default_factory=dict)
    clients: dict[str, dict] = field(default_factory=dict)
    projects: dict[str, dict] = field(default_factory=dict)
    tasks: dict[str, dict] = field(default_factory=dict)
    tags: dict[str, dict] = field(default_factory=dict)
    groups: dict[str, dict] = field(default_factory=dict)
    webhooks: dict[str, dict] = field(default_factory=dict)
    webhook_logs: dict[str, list] = field(default_factory=dict)
    extra: dict[str, dict] = field(default_factory=dict)
    entries: dict[str, Entry] = field(default_factory=dict)
    by_user: dict[str, list] = field(default_factory=dict)
    project_seconds: Counter = field(default_factory=Counter)
    task_seconds: Counter = field(default_factory=Counter)
    changes: list = field(default_factory=list)

    @property
    def id(self) -> str:
        """The workspace id."""
        return self.record["id"]

    def collection(self, name: str) -> dict:
        """A named collection of extra resources (holidays, expenses...), created on first use."""
        return self.extra.setdefault(name, {})

    def add_entry(self, entry: Entry) -> None:
        """Index a new entry and count its time towards its project and task."""
        self.entries[entry.id] = entry
        bisect.insort(self.by_user.setdefault(entry.user_id, []), entry, key=Entry.sort_key)
        self._count(entry, +1)

    def remove_entry(self, entry: Entry) -> None:
        """Drop an entry from every index."""
        del self.entries[entry.id]
        rows = self.by_user[entry.user_id]
        i = bisect.bisect_left(rows, entry.sort_key(), key=Entry.sort_key)
        while rows[i] is not entry:
            i += 1
        del rows[i]
        self._count(entry, -1)

    def _count(self, entry: Entry, sign: int) -> None:
        if entry.project_id:
            self.project_seconds[entry.project_id] += sign * entry.seconds
        if entry.task_id:
            self.task_seconds[entry.task_id] += sign * entry.seconds

    def log_change(self, kind: str, entity_type: str, entity_id: str, at: float | None = None) -> None:
        """Record a created/updated/deleted event for the entity change feeds."""
        self.changes.append((kind, entity_type, entity_id, int(at if at is not None else time.time())))


@dataclass
class State:
    """Everything a sandbox knows."""

    ids: IdFactory
    users: dict[str, dict] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    connections: dict[str, str] = field(default_factory=dict)
    addon_tokens: dict[str, tuple[str, str]] = field(default_factory=dict)  # token -> (workspace, add-on)
    workspaces: dict[str, Workspace] = field(default_factory=dict)
