"""Reconciliation: what must be created, updated and deleted so the tracker says what the sessions say.

Reads are bulk (the user, projects with their tasks, tags, and one listing of the managed entries of the
window); no entry is looked up one by one. Rules, in order:

* entries carrying a key are adopted (after a crash, a lost ledger, another machine's push);
  when several carry one key, the oldest id stays and the others are deleted;
* a desired key with no entry is created; one whose entry says something else is updated;
* a key we wrote whose segment is no longer desired is deleted (a missing transcript never removes
  a segment: records keep it);
* an entry the person edited (it no longer says what we last wrote) or deleted is left alone for good;
* segments whose project does not exist in the tracker wait (listed), unless projects may be created;
  segments nothing maps go without a project and are listed as unmapped.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from punchclock.providers.base import Entry, Provider
from punchclock.sessions.activity import Segment
from punchclock.sessions.desired import Desired, entry_hash, key_of, says
from punchclock.sessions.ledger import LEFT_ALONE, Ledger


@dataclass
class Plan:
    """The writes a push would make, and what it leaves alone and why."""

    start: datetime
    end: datetime
    creates: list[Desired] = field(default_factory=list)
    updates: list[tuple[Desired, Entry]] = field(default_factory=list)
    deletes: list[tuple[str, Entry]] = field(default_factory=list)
    adopted: list[tuple[str, Entry]] = field(default_factory=list)
    duplicates: list[Entry] = field(default_factory=list)
    unchanged: int = 0
    edited: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unmapped: list[Desired] = field(default_factory=list)
    waiting: dict[str, list[Desired]] = field(default_factory=dict)
    unsettled: list[Segment] = field(default_factory=list)
    desired: list[Desired] = field(default_factory=list)

    @property
    def writes(self) -> int:
        """How many writes the plan makes."""
        return len(self.creates) + len(self.updates) + len(self.deletes) + len(self.duplicates)


def managed_entries(provider: Provider, start: datetime, end: datetime, tag_id: str | None) -> dict[str, list[Entry]]:
    """Entries of the window (a day of margin each side) carrying a marker, by key: one bulk listing."""
    found: dict[str, list[Entry]] = defaultdict(list)
    tags = (tag_id,) if tag_id else None
    for page in provider.entry_pages(start - timedelta(days=1), end + timedelta(days=1), tag_ids=tags):
        for entry in page:
            key = key_of(entry.description)
            if key:
                found[key].append(entry)
    return found


def _in_window(row: dict, start: datetime, end: datetime) -> bool:
    at = row.get("start")
    return at is not None and start.timestamp() <= at < end.timestamp()


def reconcile(desired: list[Desired], remote: dict[str, list[Entry]], ledger: Ledger, start: datetime,
              end: datetime) -> Plan:
    """The plan that brings the tracker to ``desired`` (``remote``: managed entries by key)."""
    plan = Plan(start, end, desired=desired)
    current: dict[str, Entry] = {}
    for key, entries in remote.items():
        entries = sorted(entries, key=lambda e: e.id)
        current[key] = entries[0]
        plan.duplicates.extend(entries[1:])
    wanted = {d.key: d for d in desired}
    for item in desired:
        row, entry = ledger.get(item.key), current.get(item.key)
        if row and row.get("state") in LEFT_ALONE:
            (plan.edited if row["state"] == "edited" else plan.removed).append(item.key)
            continue
        if entry is None:
            if row and row.get("id") and row.get("state") == "synced":
                plan.removed.append(item.key)          # we wrote it and it is gone: the person deleted it
                continue
            plan.creates.append(item)
            continue
        if not row or row.get("id") != entry.id:
            plan.adopted.append((item.key, entry))
        elif entry_hash(entry) != row.get("remote"):
            if not (row.get("pending") == item.hash and says(entry, item)):
                plan.edited.append(item.key)           # not what we last wrote, nor what we were writing
                continue
            plan.adopted.append((item.key, entry))     # our write landed; its answer never reached the ledger
        if says(entry, item):
            plan.unchanged += 1
        else:
            plan.updates.append((item, entry))
    for key, row in sorted(ledger.rows.items()):
        if key in wanted or row.get("state") not in ("synced", "pending"):
            continue
        if not _in_window(row, start, end):
            continue
        entry = current.get(key)
        crashed_create = row.get("state") == "pending" and not row.get("id")
        if entry is not None and (crashed_create or entry_hash(entry) == row.get("remote")):
            plan.deletes.append((key, entry))
    return plan


def now_utc() -> datetime:
    """The current instant (UTC), for callers that were not given one."""
    return datetime.now(UTC)
