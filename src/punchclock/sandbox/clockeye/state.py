"""What the ClockEye sandbox holds: users and keys, projects and tasks, time entries, screenshots.

Users, projects and tasks are dicts in ClockEye's wire shape; entries and screenshots are small
records (times in epoch seconds) shaped on the way out. Each user's entries are kept newest first,
so listings are a filter over an already sorted list.
"""

from __future__ import annotations

import bisect
import random
import string
from dataclasses import dataclass, field

ID_ALPHABET = string.ascii_lowercase + string.digits


class IdFactory:
    """Prefixed ids (``usr_`` + 10 lowercase letters and digits), reproducible by seed, never repeated."""

    def __init__(self, seed: int = 0):
        self._rng = random.Random(f"clockeye-ids-{seed}")
        self._seen: set[str] = set()

    def new(self, prefix: str) -> str:
        """The next id with ``prefix`` (``usr``, ``prj``, ``tsk``, ``te``, ``scr``)."""
        while True:
            ident = f"{prefix}_" + "".join(self._rng.choice(ID_ALPHABET) for _ in range(10))
            if ident not in self._seen:
                self._seen.add(ident)
                return ident


@dataclass(slots=True)
class Entry:
    """One time entry; ``end`` is None while its timer runs."""

    id: str
    user_id: str
    start: int
    end: int | None
    description: str = ""
    project_id: str | None = None
    task_id: str | None = None
    billable: bool = False
    tags: list[str] = field(default_factory=list)
    created_at: int = 0
    updated_at: int = 0

    @property
    def duration(self) -> int | None:
        """Tracked seconds; None while running."""
        return None if self.end is None else self.end - self.start

    def sort_key(self) -> tuple:
        """Newest first, ties broken by id: the order listings use."""
        return (-self.start, self.id)


@dataclass(slots=True)
class Screenshot:
    """A screenshot the desktop app took during an entry."""

    id: str
    user_id: str
    time_entry_id: str
    taken_at: int
    activity_level: int


@dataclass
class State:
    """Everything the sandbox knows."""

    ids: IdFactory
    users: dict[str, dict] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    projects: dict[str, dict] = field(default_factory=dict)
    tasks: dict[str, dict] = field(default_factory=dict)
    entries: dict[str, Entry] = field(default_factory=dict)
    by_user: dict[str, list[Entry]] = field(default_factory=dict)
    screenshots: list[Screenshot] = field(default_factory=list)

    def add_entry(self, entry: Entry) -> None:
        """Store and index an entry."""
        self.entries[entry.id] = entry
        bisect.insort(self.by_user.setdefault(entry.user_id, []), entry, key=Entry.sort_key)

    def remove_entry(self, entry: Entry) -> None:
        """Drop an entry from every index."""
        del self.entries[entry.id]
        rows = self.by_user[entry.user_id]
        i = bisect.bisect_left(rows, entry.sort_key(), key=Entry.sort_key)
        del rows[i]

    def load(self, user_id: str, rows: list[Entry]) -> None:
        """Index many entries of one user at once (one sort instead of an insertion each)."""
        for entry in rows:
            self.entries[entry.id] = entry
        mine = self.by_user.setdefault(user_id, [])
        mine.extend(rows)
        mine.sort(key=Entry.sort_key)
