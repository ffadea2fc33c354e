"""Claude Code transcripts: ``<config>/projects/<encoded cwd>/<session>.jsonl`` and their subagent files.

Where: every directory of ``CLAUDE_CONFIG_DIR`` (comma separated) plus ``/projects``, else
``~/.claude/projects`` and ``$XDG_CONFIG_HOME/claude/projects``. Subagents (``<session>/subagents/agent-*.jsonl``
in 2.1, ``agent-*.jsonl`` beside the session in 2.0) carry their parent's ``sessionId``, so lines are
grouped by that field and never by file name; ``journal.jsonl`` (lifecycle records) is skipped.

Lines come out of order, some have no timestamp (``summary``, ``file-history-snapshot``), some are
malformed or half-written: only ``user``, ``assistant``, ``system``, ``progress`` and ``queue-operation``
lines with a valid timestamp and session id become events; the rest are skipped (malformed ones counted).

Speed: lines are read a megabyte at a time. Each is decoded with msgspec into a small typed
struct holding only the fields an event needs: msgspec skips everything else (tool output, message text,
nested subagent messages) without building Python objects for it, several times faster than parsing it all.
A line that does not fit that shape is parsed with orjson; a tool result
line is then parsed without its ``toolUseResult`` tail (the tool output again) when that is the top-level
key (if ``,"toolUseResult":`` is nested, the cut text is not valid JSON and the whole line is parsed).
A test checks that both ways give the same event on every line. (Reading fields with ``bytes.find``
instead of parsing was measured: slower than orjson on every kind of line.)
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Iterator

import msgspec
import orjson

from punchclock.sessions.events import Event, epoch_seconds
from punchclock.sessions.sources import Counts, Position, files_under, line_batches

name = "claude"
TIMED = frozenset(("user", "assistant", "system", "progress", "queue-operation"))
_TAIL = b',"toolUseResult":'
_NOT_HUMAN = ("isMeta", "isCompactSummary", "isSidechain", "isVisibleInTranscriptOnly")
_loads = orjson.loads
_new = tuple.__new__


def roots(environ=os.environ) -> list[Path]:
    """The ``projects`` directories to scan."""
    configured = environ.get("CLAUDE_CONFIG_DIR", "").strip()
    if configured:
        return [Path(p.strip()).expanduser() / "projects" for p in configured.split(",") if p.strip()]
    home = Path(environ.get("HOME") or Path.home())
    xdg = Path(environ.get("XDG_CONFIG_HOME") or home / ".config")
    return [home / ".claude" / "projects", xdg / "claude" / "projects"]


def discover(environ=os.environ) -> Iterator[Path]:
    """Every transcript file, main sessions and subagents alike."""
    return files_under(roots(environ), "*.jsonl", skip=frozenset({"journal.jsonl"}))


class _Block(msgspec.Struct, gc=False):
    type: str = ""
    id: str | None = None
    name: str | None = None
    tool_use_id: str | None = None

class _Message(msgspec.Struct, gc=False):
    content: str | list[_Block] | None = None

class _Line(msgspec.Struct, gc=False):
    type: str = ""
    sessionId: str | None = None
    timestamp: datetime | None = None
    cwd: str | None = None
    gitBranch: str | None = None
    isMeta: bool | None = None
    isSidechain: bool | None = None
    isCompactSummary: bool | None = None
    isVisibleInTranscriptOnly: bool | None = None
    subtype: str | None = None
    durationMs: int | None = None
    message: _Message | None = None

_decode = msgspec.json.Decoder(_Line).decode
_UNFIT = msgspec.MsgspecError


def typed_event(line: bytes) -> Event | None:
    """The event of a line decoded into the typed struct (msgspec); raises ``_UNFIT`` if the line is not of
    that shape (then :func:`parse` and :func:`event` decide)."""
    data = _decode(line)
    kind = data.type
    if kind not in TIMED:
        return None
    session, when = data.sessionId, data.timestamp
    if when is None or when.tzinfo is None or not session:
        return None
    ts = int(when.timestamp())
    cwd, branch = data.cwd or None, data.gitBranch or None
    if kind == "progress" or kind == "queue-operation":
        return _new(Event, (session, ts, cwd, branch, False, (), (), 0, None))
    starts, ends = [], []
    message = data.message
    if message is not None and message.content.__class__ is list:
        for block in message.content:
            if block.type == "tool_use" and block.id is not None:
                starts.append((block.id, block.name or ""))
            elif block.type == "tool_result" and block.tool_use_id is not None:
                ends.append(block.tool_use_id)
    human = kind == "user" and not ends and not (data.isMeta or data.isCompactSummary or data.isSidechain
                                                  or data.isVisibleInTranscriptOnly)
    busy = (data.durationMs or 0) if kind == "system" and data.subtype == "turn_duration" else 0
    return _new(Event, (session, ts, cwd, branch, human, tuple(starts), tuple(ends), busy, None))


def parse(line: bytes) -> dict:
    """The line's JSON object, without the ``toolUseResult`` tail when that is safe (ValueError if malformed)."""
    cut = line.find(_TAIL)
    if cut > 0:
        try:
            head = _loads(line[:cut] + b"}")
        except ValueError:
            head = None
        if head.__class__ is dict and "timestamp" in head:
            return head
    data = _loads(line)
    if data.__class__ is not dict:
        raise ValueError("not a JSON object")
    return data


def _tools(content: list) -> tuple[tuple, tuple]:
    starts, ends = [], []
    for block in content:
        if isinstance(block, dict):
            block_type = block.get("type")
            if block_type == "tool_use" and isinstance(block.get("id"), str):
                starts.append((block["id"], str(block.get("name") or "")))
            elif block_type == "tool_result" and isinstance(block.get("tool_use_id"), str):
                ends.append(block["tool_use_id"])
    return tuple(starts), tuple(ends)


def event(data: dict) -> Event | None:
    """The event a parsed line stands for, or None when the line carries no time of a session."""
    kind = data.get("type")
    if kind not in TIMED:
        return None
    session, ts = data.get("sessionId"), epoch_seconds(data.get("timestamp"))
    if ts is None or session.__class__ is not str or not session:
        return None
    cwd, branch = data.get("cwd"), data.get("gitBranch")
    cwd = cwd if cwd.__class__ is str and cwd else None
    branch = branch if branch.__class__ is str and branch else None
    if kind == "progress" or kind == "queue-operation":
        return _new(Event, (session, ts, cwd, branch, False, (), (), 0, None))
    starts = ends = ()
    message = data.get("message")
    if message.__class__ is dict:
        content = message.get("content")
        if content.__class__ is list:
            starts, ends = _tools(content)
    human = kind == "user" and not ends and not any(data.get(flag) for flag in _NOT_HUMAN)
    busy = 0
    if kind == "system" and data.get("subtype") == "turn_duration":
        busy = data.get("durationMs") if isinstance(data.get("durationMs"), int) else 0
    return _new(Event, (session, ts, cwd, branch, human, starts, ends, busy, None))


def read(path: Path, offset: int, memo: dict, counts: Counts, position: Position | None = None) -> Iterator[Event]:
    """Events of the complete lines of a transcript after ``offset`` (``memo`` is unused: every line is whole)."""
    position = position or Position(offset)
    malformed = events = 0
    try:
        for lines in line_batches(path, offset, position, counts):
            for line in lines:
                try:
                    found = typed_event(line)
                except (ValueError, _UNFIT):
                    try:
                        found = event(parse(line))
                    except ValueError:
                        if line.strip():
                            malformed += 1
                        continue
                if found is not None:
                    events += 1
                    yield found
    finally:
        counts.malformed += malformed
        counts.events += events
