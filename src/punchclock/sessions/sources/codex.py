"""Codex CLI rollouts: ``$CODEX_HOME/sessions/YYYY/MM/DD/rollout-<time>-<id>.jsonl`` (and ``archived_sessions``).

Each line is ``{"timestamp", "type", "payload"}``. The first, ``session_meta``, names the session and
where it ran (``id``, ``cwd``, ``git.branch``, ``git.repository_url``); the reader keeps those in the
file's memo, so a file read from the middle still knows its session. ``event_msg``/``user_message`` is a
prompt; ``function_call``...``function_call_output`` (by ``call_id``) and ``task_started``...
``task_complete`` bracket work in progress.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

import orjson

from punchclock.sessions.events import Event, epoch_seconds
from punchclock.sessions.sources import Counts, Position, files_under, line_batches

name = "codex"
_CALLS = {"function_call": True, "custom_tool_call": True, "local_shell_call": True,
          "function_call_output": False, "custom_tool_call_output": False}
_TURN_END = ("task_complete", "turn_aborted")


def roots(environ=os.environ) -> list[Path]:
    """The directories holding rollouts."""
    home = Path(environ.get("CODEX_HOME") or Path(environ.get("HOME") or Path.home()) / ".codex")
    return [home / "sessions", home / "archived_sessions"]


def discover(environ=os.environ) -> Iterator[Path]:
    """Every rollout file."""
    return files_under(roots(environ), "*.jsonl")


def _meta(payload: dict, memo: dict) -> None:
    git = payload.get("git") if isinstance(payload.get("git"), dict) else {}
    for key, value in (("session", payload.get("id")), ("cwd", payload.get("cwd")),
                       ("branch", git.get("branch")), ("remote", git.get("repository_url"))):
        if isinstance(value, str) and value:
            memo[key] = value


def event(data: dict, memo: dict) -> Event | None:
    """The event a rollout line stands for (updating the file's memo), or None."""
    kind, payload = data.get("type"), data.get("payload")
    if not isinstance(payload, dict):
        payload = {}
    if kind == "session_meta":
        _meta(payload, memo)
    elif kind == "turn_context" and isinstance(payload.get("cwd"), str):
        memo.setdefault("cwd", payload["cwd"])
    ts, session = epoch_seconds(data.get("timestamp")), memo.get("session")
    if ts is None or not session:
        return None
    inner = payload.get("type")
    human = kind == "event_msg" and inner == "user_message"
    starts, ends = (), ()
    if kind == "response_item" and inner in _CALLS:
        call = payload.get("call_id") or payload.get("id")
        if isinstance(call, str):
            starts, ends = ((call, str(payload.get("name") or inner)),) if _CALLS[inner] else (), \
                () if _CALLS[inner] else (call,)
    elif kind == "event_msg" and inner == "task_started":
        starts = ((f"turn:{payload.get('turn_id') or ''}", "turn"),)
    elif kind == "event_msg" and inner in _TURN_END:
        ends = (f"turn:{payload.get('turn_id') or ''}",)
    return Event(session, ts, memo.get("cwd"), memo.get("branch"), human, starts, ends, 0, memo.get("remote"))


def read(path: Path, offset: int, memo: dict, counts: Counts, position: Position | None = None) -> Iterator[Event]:
    """Events of the complete lines of a rollout after ``offset``."""
    position = position or Position(offset)
    for lines in line_batches(path, offset, position, counts):
        for line in lines:
            if not line.strip():
                continue
            try:
                data = orjson.loads(line)
                if not isinstance(data, dict):
                    raise ValueError("not a JSON object")
            except ValueError:
                counts.malformed += 1
                continue
            found = event(data, memo)
            if found is not None:
                counts.events += 1
                yield found
