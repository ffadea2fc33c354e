"""Transcript sources: where each AI coding tool keeps its sessions and how to read them as events.

A source has a ``name``, ``discover()`` (the transcript files, in a stable order) and
``read(path, offset, memo, counts)`` (events of the complete lines after ``offset``; ``memo`` is what the
source keeps per file between reads, ``counts`` tallies lines). See :mod:`.claude_code` and :mod:`.codex`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import orjson


@dataclass
class Counts:
    """Tallies of one scan: lines read, events found, malformed lines, bytes read, files that failed."""

    lines: int = 0
    events: int = 0
    malformed: int = 0
    bytes: int = 0
    unreadable: int = 0


class Position:
    """Where reading a file stopped: the byte after the last complete line taken."""

    def __init__(self, offset: int):
        self.offset = offset


_CHUNK = 1 << 20


def line_batches(path: Path, offset: int, position: Position, counts: Counts) -> Iterator[list[bytes]]:
    """The complete lines of ``path`` after ``offset`` (without newlines), a megabyte's worth at a time.

    Reading a megabyte and splitting it is several times quicker than reading line by line.
    ``position.offset`` moves past each batch once the caller asks for the next, so it never covers a
    line that was not handed out. A last line without its newline is taken only if it parses (a
    transcript being written may end in half a line; that half is read again once it is complete).
    """
    lines = size = 0
    try:
        with open(path, "rb") as handle:
            handle.seek(offset)
            carry = b""
            while True:
                chunk = handle.read(_CHUNK)
                if not chunk:
                    break
                batch = chunk.split(b"\n")
                if carry:
                    batch[0] = carry + batch[0]
                carry = batch.pop()
                if not batch:
                    continue
                yield batch
                lines += len(batch)
                size += sum(map(len, batch)) + len(batch)
                position.offset = offset + size
            if carry:
                try:
                    orjson.loads(carry)
                except orjson.JSONDecodeError:
                    return
                yield [carry]
                lines += 1
                size += len(carry)
                position.offset = offset + size
    finally:
        counts.lines += lines
        counts.bytes += size


def files_under(roots: list[Path], pattern: str, skip: frozenset[str] = frozenset()) -> Iterator[Path]:
    """Files matching ``pattern`` under each existing root, sorted, each once, ``skip`` names left out."""
    seen: set[Path] = set()
    for root in roots:
        if not root.is_dir():
            continue
        for path in sorted(root.rglob(pattern)):
            if path.name in skip or path in seen or not path.is_file():
                continue
            seen.add(path)
            yield path
