"""Active time: a session's records become segments, the same segments for the same records, always.

1. A session's activity is the union of its seconds (main file and subagents alike), in order.
2. Two neighbouring seconds further apart than ``idle_gap`` split the session, unless the agent was
   provably working the whole gap (inside one tool call, from its start to its result, or one finished
   turn), for at most ``busy_cap``. Tools that wait on the person (``AskUserQuestion``, ``ExitPlanMode``)
   prove nothing. Idle gaps count zero, with no padding at either end.
3. A session whose active total is under ``min_session`` is dropped (opened and closed); a segment
   lasts at least ``min_segment``.
4. Segments are cut at local midnight in ``zone``: each piece belongs to one day.
5. Parallel sessions: ``allow`` keeps overlaps; ``latest`` gives each instant to the session with the
   most recent human prompt (ties: the later-started segment), cutting the others; ``split`` divides
   overlapped time evenly between the segments that share it. Cut pieces under ``min_segment`` go.

Each piece has a stable key (source, session, start of its day piece, and the piece's number when
``latest``/``split`` cut it), so a segment that grows at its end keeps its key.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, tzinfo
from typing import Iterable

from punchclock.errors import InvalidInput
from punchclock.sessions.record import SessionRecord

WAITS_ON_HUMAN = frozenset({"AskUserQuestion", "ExitPlanMode"})
POLICIES = ("allow", "latest", "split")


@dataclass(frozen=True)
class ActivitySettings:
    """Parameters of the algorithm, in seconds (``zone``: where days begin)."""

    idle_gap: int = 15 * 60
    busy_cap: int = 120 * 60
    min_segment: int = 60
    min_session: int = 60
    zone: tzinfo = UTC
    policy: str = "latest"

    def __post_init__(self):
        if self.policy not in POLICIES:
            raise InvalidInput("policy", f"must be one of {', '.join(POLICIES)}, not {self.policy!r}")
        if not 60 <= self.idle_gap <= 3600:
            raise InvalidInput("idle_gap", "must be between 1 and 60 minutes")
        if self.busy_cap < self.idle_gap:
            raise InvalidInput("busy_cap", "must be at least the idle gap")


@dataclass(frozen=True)
class Segment:
    """A stretch of active time of one session, ``[start, end)`` in UTC epoch seconds."""

    key: str
    source: str
    session_id: str
    start: int
    end: int

    @property
    def seconds(self) -> int:
        """Its length in seconds."""
        return self.end - self.start

    def day(self, zone: tzinfo) -> str:
        """The local date it belongs to (``YYYY-MM-DD``)."""
        return datetime.fromtimestamp(self.start, zone).date().isoformat()


def segment_key(source: str, session_id: str, start: int, piece: int = 0) -> str:
    """The stable key of a segment (16 hex digits)."""
    text = f"{source}|{session_id}|{start}" + (f"#{piece}" if piece else "")
    return hashlib.sha1(text.encode()).hexdigest()[:16]


def busy_intervals(record: SessionRecord) -> list[tuple[int, int]]:
    """Stretches when the agent was provably working, merged and sorted."""
    spans = list(record.turns)
    for call, (started, tool) in record.tool_starts.items():
        ended = record.tool_ends.get(call)
        if ended is not None and ended > started and tool not in WAITS_ON_HUMAN:
            spans.append((started, ended))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _bridged(a: int, b: int, busy: list[tuple[int, int]], busy_cap: int) -> bool:
    if b - a > busy_cap:
        return False
    i = bisect_right(busy, (a, float("inf"))) - 1
    return i >= 0 and busy[i][0] <= a and busy[i][1] >= b


def session_spans(record: SessionRecord, settings: ActivitySettings) -> list[tuple[int, int]]:
    """A session's active spans before day cuts and overlap rules (empty when under ``min_session``)."""
    seconds = sorted(record.seconds)
    if not seconds:
        return []
    busy = busy_intervals(record)
    spans, first, previous = [], seconds[0], seconds[0]
    for now in seconds[1:]:
        if now - previous > settings.idle_gap and not _bridged(previous, now, busy, settings.busy_cap):
            spans.append((first, previous))
            first = now
        previous = now
    spans.append((first, previous))
    if sum(b - a for a, b in spans) < settings.min_session:
        return []
    return [(a, max(b, a + settings.min_segment)) for a, b in spans]


def midnight_cuts(start: int, end: int, zone: tzinfo) -> list[tuple[int, int]]:
    """``[start, end)`` cut at each local midnight in ``zone``."""
    pieces = []
    while start < end:
        day = datetime.fromtimestamp(start, zone).date() + timedelta(days=1)
        midnight = int(datetime.combine(day, time(0), tzinfo=zone).timestamp())
        cut = min(end, midnight) if midnight > start else end
        pieces.append((start, cut))
        start = cut
    return pieces


def segments(records: Iterable[SessionRecord], settings: ActivitySettings = ActivitySettings()) -> list[Segment]:
    """Every segment of ``records`` after day cuts and the overlap policy, sorted by start and key."""
    found, humans = [], {}
    for record in records:
        humans[(record.source, record.session_id)] = sorted(record.humans)
        for a, b in session_spans(record, settings):
            for start, end in midnight_cuts(a, b, settings.zone):
                found.append(Segment(segment_key(record.source, record.session_id, start),
                                     record.source, record.session_id, start, end))
    found.sort(key=lambda s: (s.start, s.key))
    if settings.policy != "allow":
        found = _resolve_overlaps(found, humans, settings)
    return sorted(found, key=lambda s: (s.start, s.key))


def _owners(cover: list[Segment], at: int, humans: dict, policy: str) -> list[Segment]:
    """Who gets ``cover``'s shared time from ``at`` on: one owner (latest) or all, in a fixed order (split)."""
    if policy == "split":
        return sorted(cover, key=lambda s: (s.start, s.key))

    def attention(seg: Segment):
        times = humans.get((seg.source, seg.session_id), [])
        i = bisect_right(times, at) - 1
        return (times[i] if i >= 0 else float("-inf"), seg.start, seg.key)

    return [max(cover, key=attention)]


def _resolve_overlaps(found: list[Segment], humans: dict, settings: ActivitySettings) -> list[Segment]:
    points = {p for s in found for p in (s.start, s.end)}
    lo, hi = (min(points), max(points)) if points else (0, 0)
    points |= {t for times in humans.values() for t in times if lo < t < hi}
    ordered = sorted(points)
    owned: dict[str, list[tuple[int, int]]] = {s.key: [] for s in found}
    active: list[Segment] = []
    pending = list(found)
    for x, y in zip(ordered, ordered[1:]):
        while pending and pending[0].start <= x:
            active.append(pending.pop(0))
        active = [s for s in active if s.end > x]
        cover = [s for s in active if s.start <= x < s.end]
        if not cover:
            continue
        if len(cover) == 1:
            owned[cover[0].key].append((x, y))
            continue
        winners = _owners(cover, x, humans, settings.policy)
        for i, seg in enumerate(winners):
            a, b = x + (y - x) * i // len(winners), x + (y - x) * (i + 1) // len(winners)
            if b > a:
                owned[seg.key].append((a, b))
    out = []
    for seg in found:
        pieces = _merge(owned[seg.key])
        if pieces == [(seg.start, seg.end)]:
            out.append(seg)
            continue
        for n, (a, b) in enumerate(p for p in pieces if p[1] - p[0] >= settings.min_segment):
            key = segment_key(seg.source, seg.session_id, seg.start, n) if n else seg.key
            out.append(Segment(key, seg.source, seg.session_id, a, b))
    return out


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and merged[-1][1] == a:
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged
