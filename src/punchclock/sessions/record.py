"""Our own record of a session: the facts its transcripts showed, kept after the transcripts are gone.

Activity is a set of whole seconds, so reading a line twice (a rewritten file read again, a resumed
session copied into a new file, a transcript synced from another machine) changes nothing, and a line
that later vanishes from a rewritten file keeps the time it proved. Tool calls are kept by id, start and
end apart, because their lines arrive in any order and from several files.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from punchclock.sessions.events import Event


@dataclass
class SessionRecord:
    """Everything known about one session of one source."""

    source: str
    session_id: str
    seconds: set[int] = field(default_factory=set)
    humans: set[int] = field(default_factory=set)
    turns: set[tuple[int, int]] = field(default_factory=set)
    tool_starts: dict[str, tuple[int, str]] = field(default_factory=dict)
    tool_ends: dict[str, int] = field(default_factory=dict)
    cwd: str | None = None
    cwd_at: int | None = None
    branch: str | None = None
    remote: str | None = None
    git_root: str | None = None

    def add(self, event: Event) -> bool:
        """Take one event in; True when the session's place (first cwd) changed."""
        self.seconds.add(event.ts)
        if event.human:
            self.humans.add(event.ts)
        if event.busy_ms > 0:
            self.turns.add((event.ts - event.busy_ms // 1000, event.ts))
        for call, tool in event.tool_starts:
            self.tool_starts[call] = (event.ts, tool)
        for call in event.tool_ends:
            self.tool_ends[call] = event.ts
        if event.cwd and (self.cwd_at is None or event.ts < self.cwd_at):
            moved = event.cwd != self.cwd
            self.cwd, self.cwd_at = event.cwd, event.ts
            if event.branch:
                self.branch = event.branch
            return moved
        if event.branch and not self.branch:
            self.branch = event.branch
        return False

    @property
    def first(self) -> int:
        """The first second of activity."""
        return min(self.seconds)

    @property
    def last(self) -> int:
        """The last second of activity."""
        return max(self.seconds)

    def to_json(self) -> dict:
        """A JSON-ready dict (seconds delta-encoded to stay small)."""
        ordered = sorted(self.seconds)
        deltas = [b - a for a, b in zip([0] + ordered, ordered)]
        return {"source": self.source, "session_id": self.session_id, "seconds": deltas,
                "humans": sorted(self.humans), "turns": sorted(self.turns),
                "tool_starts": self.tool_starts, "tool_ends": self.tool_ends, "cwd": self.cwd,
                "cwd_at": self.cwd_at, "branch": self.branch, "remote": self.remote, "git_root": self.git_root}

    @classmethod
    def from_json(cls, data: dict) -> "SessionRecord":
        """The record :meth:`to_json` wrote."""
        seconds, total = set(), 0
        for delta in data.get("seconds", []):
            total += delta
            seconds.add(total)
        return cls(data["source"], data["session_id"], seconds, set(data.get("humans", [])),
                   {tuple(t) for t in data.get("turns", [])},
                   {k: (v[0], v[1]) for k, v in data.get("tool_starts", {}).items()},
                   dict(data.get("tool_ends", {})), data.get("cwd"), data.get("cwd_at"), data.get("branch"),
                   data.get("remote"), data.get("git_root"))
