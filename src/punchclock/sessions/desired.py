"""The desired state: each settled segment as the entry it should be (times rounded, project resolved).

A segment becomes an entry once it has settled (its last activity is an idle gap old), starting on the
minute it started in and ending on the minute after it ended (clamped so neighbours never overlap).
Its description names the tool, the repository and the branch, and ends with the marker
``[pc:<key>]`` that lets any machine find the entry again; every entry also carries the marker tag
where the tracker has tags.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from punchclock.providers.base import Draft, Entry
from punchclock.sessions.activity import Segment
from punchclock.sessions.mapping import Place, Target
from punchclock.sessions.record import SessionRecord

LABELS = {"claude": "Claude Code", "codex": "Codex"}
MARKER = re.compile(r"\[pc:([0-9a-f]{16})\]")


def marker(key: str) -> str:
    """The description suffix that identifies a managed entry."""
    return f"[pc:{key}]"


def key_of(description: str | None) -> str | None:
    """The segment key in a description, or None."""
    found = MARKER.search(description or "")
    return found.group(1) if found else None


def place_of(record: SessionRecord) -> Place:
    """Where a recorded session ran, as mapping sees it."""
    return Place(record.cwd, record.git_root or None, record.remote, record.branch)


@dataclass(frozen=True)
class Desired:
    """An entry as it should be in the tracker."""

    key: str
    start: datetime
    end: datetime
    description: str
    day: str
    target: Target
    project_id: str | None = None
    task_id: str | None = None
    tag_ids: tuple[str, ...] = ()

    @property
    def hours(self) -> float:
        """Its length in hours."""
        return (self.end - self.start).total_seconds() / 3600

    def draft(self, new: bool = False) -> Draft:
        """The draft to send: every field set, so an update clears what the segment does not say."""
        if new:
            return Draft(self.start, self.end, self.description, self.project_id, self.task_id,
                         self.tag_ids or None, self.target.billable)
        return Draft(self.start, self.end, self.description, self.project_id or "", self.task_id or "",
                     self.tag_ids, self.target.billable)

    @property
    def hash(self) -> str:
        """A hash of everything the draft says."""
        return _digest((self.start.isoformat(), self.end.isoformat(), self.description, self.project_id or "",
                        self.task_id or "", sorted(self.tag_ids), self.target.billable))


def _digest(value) -> str:
    return hashlib.sha1(repr(value).encode()).hexdigest()[:20]


def _instant(value: datetime | None) -> str:
    return value.astimezone(UTC).isoformat() if value else ""


def entry_hash(entry: Entry) -> str:
    """A hash of what a tracker entry says (compared with what we last saw to spot a person's edits)."""
    return _digest((_instant(entry.start), _instant(entry.end), entry.description or "", entry.project_id or "",
                    entry.task_id or "", sorted(entry.tag_ids), bool(entry.billable)))


def says(entry: Entry, wanted: "Desired") -> bool:
    """Whether the entry says what ``wanted`` says (billable only when ``wanted`` sets it)."""
    same = (_instant(entry.start), _instant(entry.end), entry.description or "", entry.project_id or "",
            entry.task_id or "", sorted(entry.tag_ids)) == (
        _instant(wanted.start), _instant(wanted.end), wanted.description, wanted.project_id or "",
        wanted.task_id or "", sorted(wanted.tag_ids))
    return same and (wanted.target.billable is None or bool(entry.billable) == wanted.target.billable)


def description(record: SessionRecord, key: str) -> str:
    """``Claude Code: app (feat/x) [pc:<key>]``."""
    where = (record.remote or "").rsplit("/", 1)[-1] or Path(record.git_root or record.cwd or "").name or "session"
    branch = f" ({record.branch})" if record.branch else ""
    return f"{LABELS.get(record.source, record.source)}: {where}{branch} {marker(key)}"


def _minute_floor(epoch: int) -> int:
    return epoch - epoch % 60


def _minute_ceil(epoch: int) -> int:
    return epoch if epoch % 60 == 0 else epoch + 60 - epoch % 60


def rounded(segments: list[Segment], clamp: bool) -> list[tuple[Segment, int, int]]:
    """Segments with start floored and end ceiled to the minute; with ``clamp``, no two overlap after it."""
    out = [(s, _minute_floor(s.start), _minute_ceil(s.end)) for s in sorted(segments, key=lambda s: (s.start, s.key))]
    if clamp:
        for i in range(len(out) - 1):
            seg, a, b = out[i]
            nxt = out[i + 1][1]
            if b > nxt > a:
                out[i] = (seg, a, nxt)
    return out
