"""The session store: reads transcripts incrementally into our own records.

Per file it remembers inode, size, mtime, the offset read to and a fingerprint of the first bytes; an
unchanged file costs one ``stat``, a grown one is read from where reading stopped, and a rewritten one
(another inode, shrunk, or different first bytes) is read again from the start, which adds nothing twice
because records are sets. Records of sessions whose transcripts were deleted stay: a missing file never
removes time.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from punchclock.sessions import gitinfo
from punchclock.sessions.files import read_json, write_json
from punchclock.sessions.record import SessionRecord
from punchclock.sessions.sources import Counts, Position, claude_code, codex

SOURCES = {claude_code.name: claude_code, codex.name: codex}
_HEAD = 4096


@dataclass
class ScanResult:
    """What one scan did: files read, skipped as unchanged, failed; sessions touched; line tallies."""

    read: int = 0
    unchanged: int = 0
    failed: list[str] = field(default_factory=list)
    sessions: set[tuple[str, str]] = field(default_factory=set)
    counts: Counts = field(default_factory=Counts)


def _fingerprint(path: Path, size: int) -> str:
    with open(path, "rb") as handle:
        return hashlib.sha1(handle.read(min(size, _HEAD))).hexdigest()


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", name)[:120] + "-" + hashlib.sha1(name.encode()).hexdigest()[:8]


class Store:
    """Records and file watermarks under one directory."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self._records: dict[tuple[str, str], SessionRecord] = {}
        self._dirty: set[tuple[str, str]] = set()

    @property
    def _marks_path(self) -> Path:
        return self.root / "files.json"

    def _record_path(self, source: str, session_id: str) -> Path:
        return self.root / "records" / source / f"{_safe(session_id)}.json"

    def record(self, source: str, session_id: str) -> SessionRecord:
        """The record of a session (a new, empty one if never seen)."""
        key = (source, session_id)
        if key not in self._records:
            data = read_json(self._record_path(source, session_id), None)
            self._records[key] = SessionRecord.from_json(data) if data else SessionRecord(source, session_id)
        return self._records[key]

    def records(self) -> list[SessionRecord]:
        """Every stored record, sorted by source and session id."""
        found = []
        for path in sorted((self.root / "records").glob("*/*.json")):
            data = read_json(path, None)
            if data:
                found.append(self.record(data["source"], data["session_id"]))
        return sorted(found, key=lambda r: (r.source, r.session_id))

    def scan(self, sources: Iterable[str] = tuple(SOURCES), environ=os.environ) -> ScanResult:
        """Read what is new in every transcript of ``sources`` and save the records it touched."""
        marks = read_json(self._marks_path, {})
        result = ScanResult()
        for source_name in sources:
            source = SOURCES[source_name]
            for path in source.discover(environ):
                self._scan_file(source, path, marks, result)
        self._save(marks)
        return result

    def _scan_file(self, source, path: Path, marks: dict, result: ScanResult) -> None:
        name = str(path)
        try:
            st = path.stat()
            mark = marks.get(name)
            if mark and (mark["inode"], mark["size"], mark["mtime_ns"]) == (st.st_ino, st.st_size, st.st_mtime_ns):
                result.unchanged += 1
                return
            fresh = (not mark or mark["inode"] != st.st_ino or st.st_size < mark["offset"]
                     or mark.get("head") != _fingerprint(path, min(mark["offset"], _HEAD)))
            offset, memo = (0, {}) if fresh else (mark["offset"], dict(mark.get("memo", {})))
            position = Position(offset)
            for event in source.read(path, offset, memo, result.counts, position):
                self._take(source.name, event, result)
        except OSError as exc:
            result.failed.append(f"{name}: {exc.strerror or exc}")
            result.counts.unreadable += 1
            return
        result.read += 1
        marks[name] = {"inode": st.st_ino, "size": st.st_size, "mtime_ns": st.st_mtime_ns,
                       "offset": position.offset, "memo": memo,
                       "head": _fingerprint(path, min(position.offset, _HEAD)) if position.offset else ""}

    def _take(self, source: str, event, result: ScanResult) -> None:
        key = (source, event.session_id)
        record = self.record(*key)
        given = gitinfo.normalize_remote(event.remote)
        if record.add(event) or (record.cwd and record.git_root is None):
            place = gitinfo.locate(record.cwd)
            record.git_root = place.root or ""
            record.remote = given or place.remote or record.remote
        elif given and not record.remote:
            record.remote = given
        self._dirty.add(key)
        result.sessions.add(key)

    def _save(self, marks: dict) -> None:
        for key in sorted(self._dirty):
            write_json(self._record_path(*key), self._records[key].to_json())
        self._dirty.clear()
        write_json(self._marks_path, marks)
