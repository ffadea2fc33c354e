"""Builders of transcript trees in the real formats (Claude Code 2.1 lines, Codex rollouts), for tests.

Lines carry the full envelope Claude Code writes (parentUuid, isSidechain, userType, cwd, sessionId,
version, gitBranch, type, message, uuid, timestamp...), tool results repeat their output under
``toolUseResult`` as real ones do, and every quirk of the research notes can be written on purpose.
"""

from __future__ import annotations

import itertools
import json
import re
from datetime import UTC, datetime
from pathlib import Path

_ids = itertools.count(1)


def iso(epoch: int, ms: int = 123) -> str:
    """An instant as Claude Code writes it: UTC, milliseconds, ``Z``."""
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%S") + f".{ms:03d}Z"


def encode_cwd(cwd: str) -> str:
    """Claude Code's project directory name for a cwd (every non-alphanumeric becomes ``-``)."""
    return re.sub(r"[^a-zA-Z0-9]", "-", cwd)


def _uuid() -> str:
    return f"00000000-0000-4000-8000-{next(_ids):012d}"


class ClaudeSession:
    """Writes one Claude Code transcript file (or a subagent's) line by line."""

    def __init__(self, path: Path, session_id: str, cwd: str, branch: str = "main", agent: str | None = None):
        self.path, self.session_id, self.cwd, self.branch, self.agent = path, session_id, cwd, branch, agent
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()

    def raw(self, text: str) -> "ClaudeSession":
        """Append a line as given (malformed ones too)."""
        with open(self.path, "a", encoding="utf-8") as handle:
            handle.write(text + "\n")
        return self

    def line(self, kind: str, ts: int | None, **fields) -> "ClaudeSession":
        """Append a line of ``kind`` with the full envelope at ``ts``."""
        data = {"parentUuid": _uuid(), "isSidechain": self.agent is not None, "userType": "external",
                "cwd": fields.pop("cwd", self.cwd), "sessionId": self.session_id, "version": "2.1.39",
                "gitBranch": self.branch}
        if self.agent:
            data["agentId"] = self.agent
        data["type"] = kind
        tail = fields.pop("toolUseResult", None)
        data.update(fields)
        data["uuid"] = _uuid()
        if ts is not None:
            data["timestamp"] = iso(ts)
        if tail is not None:
            data["toolUseResult"] = tail
        return self.raw(json.dumps(data, ensure_ascii=False, separators=(",", ":")))

    def prompt(self, ts: int, text: str = "Fix the login bug") -> "ClaudeSession":
        """A prompt the person typed."""
        return self.line("user", ts, message={"role": "user", "content": text},
                         thinkingMetadata={"maxThinkingTokens": 31999}, todos=[], permissionMode="default")

    def reply(self, ts: int, text: str = "Looking at it.") -> "ClaudeSession":
        """An assistant text block."""
        return self.line("assistant", ts, message={"model": "claude-opus-4-6", "id": f"msg_{ts}", "type": "message",
                                                   "role": "assistant", "content": [{"type": "text", "text": text}],
                                                   "stop_reason": None, "usage": {"input_tokens": 3, "output_tokens": 9}},
                         requestId=f"req_{ts}")

    def tool_use(self, ts: int, call: str, name: str = "Bash") -> "ClaudeSession":
        """The assistant calls a tool."""
        return self.line("assistant", ts, message={"model": "claude-opus-4-6", "id": f"msg_{ts}", "type": "message",
                                                   "role": "assistant", "content": [{"type": "tool_use", "id": call, "name": name,
                                                                                     "input": {"command": "make test"}}],
                                                   "stop_reason": "tool_use", "usage": {"input_tokens": 3}},
                         requestId=f"req_{ts}")

    def tool_result(self, ts: int, call: str, output: str = "ok\n") -> "ClaudeSession":
        """The tool's result (its output repeated under toolUseResult, as Claude Code writes it)."""
        return self.line("user", ts, message={"role": "user", "content": [{"tool_use_id": call, "type": "tool_result",
                                                                            "content": output}]},
                         toolUseResult={"stdout": output, "stderr": "", "interrupted": False},
                         sourceToolAssistantUUID=_uuid())

    def progress(self, ts: int) -> "ClaudeSession":
        """A hook progress line."""
        return self.line("progress", ts, data={"type": "hook_progress", "hookEvent": "PostToolUse",
                                               "command": "hook.sh"}, toolUseID="t", parentToolUseID="t")

    def turn_duration(self, ts: int, ms: int) -> "ClaudeSession":
        """The end of a turn that took ``ms``."""
        return self.line("system", ts, subtype="turn_duration", durationMs=ms, isMeta=False)

    def meta(self, ts: int) -> "ClaudeSession":
        """An injected (isMeta) user line: not a person's prompt."""
        return self.line("user", ts, message={"role": "user", "content": "<system-reminder>x</system-reminder>"},
                         isMeta=True)

    def compaction(self, ts: int) -> "ClaudeSession":
        """A compact boundary and its summary (not a person's prompt)."""
        self.line("system", ts, subtype="compact_boundary", content="Conversation compacted",
                  compactMetadata={"trigger": "auto", "preTokens": 170251}, logicalParentUuid=_uuid())
        return self.line("user", ts, message={"role": "user", "content": "This session is being continued..."},
                         isVisibleInTranscriptOnly=True, isCompactSummary=True)

    def untimed(self) -> "ClaudeSession":
        """The lines without a top-level timestamp: a summary and a file-history snapshot."""
        self.raw(json.dumps({"type": "summary", "summary": "Login bug", "leafUuid": _uuid()}))
        return self.raw(json.dumps({"type": "file-history-snapshot", "messageId": _uuid(),
                                    "snapshot": {"messageId": "m", "trackedFileBackups": {},
                                                 "timestamp": "2026-02-12T16:02:25.227Z"}, "isSnapshotUpdate": False}))

    def agent_progress(self, ts: int, nested_ts: int) -> "ClaudeSession":
        """A progress line carrying a subagent's whole message (nested timestamp, nested toolUseResult)."""
        nested = {"type": "user", "timestamp": iso(nested_ts), "sessionId": self.session_id,
                  "message": {"role": "user", "content": [{"tool_use_id": "inner", "type": "tool_result", "content": "x"}]},
                  "toolUseResult": {"stdout": "x"}}
        return self.line("progress", ts, data={"type": "agent_progress", "agentId": "a1", "message": nested})

    def subagent(self, agent: str) -> "ClaudeSession":
        """A 2.1 subagent file of this session (same sessionId, isSidechain, agentId)."""
        path = self.path.parent / self.session_id / "subagents" / f"agent-{agent}.jsonl"
        return ClaudeSession(path, self.session_id, self.cwd, self.branch, agent=agent)


class ClaudeTree:
    """A ``CLAUDE_CONFIG_DIR`` with project directories named as Claude Code names them."""

    def __init__(self, root: Path):
        self.root = root
        (root / "projects").mkdir(parents=True, exist_ok=True)

    def session(self, session_id: str, cwd: str, branch: str = "main", file_id: str | None = None) -> ClaudeSession:
        """A transcript for ``session_id`` (``file_id``: another file name, as resumes write)."""
        path = self.root / "projects" / encode_cwd(cwd) / f"{file_id or session_id}.jsonl"
        return ClaudeSession(path, session_id, cwd, branch)


class CodexRollout:
    """Writes one Codex rollout file."""

    def __init__(self, home: Path, session_id: str, cwd: str, start: int, branch: str = "main",
                 remote: str | None = "git@github.com:acme/api.git"):
        day = datetime.fromtimestamp(start, UTC)
        stamp = day.strftime("%Y-%m-%dT%H-%M-%S")
        self.path = home / "sessions" / day.strftime("%Y/%m/%d") / f"rollout-{stamp}-{session_id}.jsonl"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        git = {"commit_hash": "abc", "branch": branch, "repository_url": remote} if remote else None
        self.item(start, "session_meta", {"id": session_id, "timestamp": iso(start), "cwd": cwd, "originator": "codex_cli_rs",
                                          "cli_version": "0.46.0", "source": "cli", "model_provider": "openai",
                                          **({"git": git} if git else {})})
        self.item(start, "turn_context", {"cwd": cwd, "model": "gpt-5-codex", "approval_policy": "never"})

    def item(self, ts: int, kind: str, payload: dict) -> "CodexRollout":
        """Append one rollout line."""
        with open(self.path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps({"timestamp": iso(ts), "type": kind, "payload": payload}) + "\n")
        return self

    def prompt(self, ts: int, text: str = "List the files.") -> "CodexRollout":
        """A person's message."""
        return self.item(ts, "event_msg", {"type": "user_message", "message": text})

    def call(self, ts: int, call: str, done: int) -> "CodexRollout":
        """A function call at ``ts`` whose output arrives at ``done``."""
        self.item(ts, "response_item", {"type": "function_call", "name": "exec_command",
                                        "arguments": "{\"cmd\":\"ls\"}", "call_id": call})
        return self.item(done, "response_item", {"type": "function_call_output", "call_id": call, "output": "a\nb"})

    def message(self, ts: int) -> "CodexRollout":
        """An agent message."""
        return self.item(ts, "event_msg", {"type": "agent_message", "message": "Done."})

    def tokens(self, ts: int) -> "CodexRollout":
        """A token count event."""
        return self.item(ts, "event_msg", {"type": "token_count", "info": {"last_token_usage": {"input_tokens": 10}}})
