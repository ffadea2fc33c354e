"""Active segments: idle gaps, provably busy gaps, minimums, local midnight, parallel sessions."""

from __future__ import annotations

import random
from zoneinfo import ZoneInfo

import pytest

from punchclock.errors import InvalidInput
from punchclock.sessions.activity import ActivitySettings, segment_key, segments
from punchclock.sessions.record import SessionRecord

M = 60
T0 = 1_773_212_400  # 2026-03-11T07:00:00Z, local midnight in Los Angeles
LA, TOKYO = ZoneInfo("America/Los_Angeles"), ZoneInfo("Asia/Tokyo")


def record(sid: str, *minutes: float, humans=(), tools=(), turns=(), source="claude") -> SessionRecord:
    rec = SessionRecord(source, sid, {T0 + int(m * M) for m in minutes}, {T0 + int(m * M) for m in humans})
    for call, (a, b, name) in enumerate(tools):
        rec.tool_starts[str(call)] = (T0 + a * M, name)
        rec.tool_ends[str(call)] = T0 + b * M
    rec.turns = {(T0 + a * M, T0 + b * M) for a, b in turns}
    return rec


def spans(found) -> list[tuple[float, float]]:
    return [((s.start - T0) / M, (s.end - T0) / M) for s in found]


def test_a_gap_over_the_idle_gap_splits_and_counts_nothing():
    rec = record("s", 0, 5, 10, 40, 45)
    assert spans(segments([rec])) == [(0, 10), (40, 45)]
    assert spans(segments([rec], ActivitySettings(idle_gap=30 * M))) == [(0, 45)]


def test_a_running_tool_bridges_the_gap_up_to_the_cap_but_a_question_to_the_person_does_not():
    busy = record("s", 0, 10, 35, 40, tools=[(10, 35, "Bash")])
    assert spans(segments([busy])) == [(0, 40)]
    asking = record("s", 0, 10, 35, 40, tools=[(10, 35, "AskUserQuestion")])
    assert spans(segments([asking])) == [(0, 10), (35, 40)]
    long = record("s", 0, 10, 190, 200, tools=[(10, 190, "Bash")])
    assert spans(segments([long])) == [(0, 10), (190, 200)]
    assert spans(segments([long], ActivitySettings(busy_cap=200 * M))) == [(0, 200)]
    turn = record("s", 0, 10, 35, turns=[(0, 35)])
    assert spans(segments([turn])) == [(0, 35)]


def test_short_segments_last_a_minute_and_sessions_under_a_minute_go():
    assert spans(segments([record("s", 0, 0.5, 30)])) == []                              # 30 s of activity in all
    assert spans(segments([record("s", 0, 1, 30)])) == [(0, 1), (30, 31)]
    assert spans(segments([record("s", 0, 1, 30)], ActivitySettings(min_session=120))) == []


@pytest.mark.parametrize("zone, local_start", [(LA, "2026-03-10"), (TOKYO, "2026-03-11")])
def test_segments_are_cut_at_local_midnight(zone, local_start):
    # 2026-03-11T07:00Z is midnight in Los Angeles (PDT, UTC-7) and 16:00 in Tokyo (midnight: 15:00Z)
    midnight = 0 if zone is LA else 8 * 60
    rec = record("s", *range(midnight - 20, midnight + 25, 5))
    found = segments([rec], ActivitySettings(zone=zone))
    assert spans(found) == [(midnight - 20, midnight), (midnight, midnight + 20)]
    assert [s.day(zone) for s in found][0] == local_start
    assert found[0].day(zone) != found[1].day(zone)
    assert found[1].key == segment_key("claude", "s", found[1].start)


def test_parallel_sessions_latest_prompt_owns_the_time():
    a = record("a", *range(0, 61, 5), humans=[0])
    b = record("b", *range(20, 41, 5), humans=[20])
    found = segments([a, b])
    assert [(s.session_id, *span) for s, span in zip(found, spans(found))] == [
        ("a", 0, 20), ("b", 20, 40), ("a", 40, 60)]
    assert found[0].key == segment_key("claude", "a", T0) and found[2].key == segment_key("claude", "a", T0, 1)
    a_back = record("a", *range(0, 61, 5), humans=[0, 30])
    assert spans(segments([a_back, b])) == [(0, 20), (20, 30), (30, 60)]


def test_parallel_sessions_split_or_allowed():
    a = record("a", *range(0, 41, 5), humans=[0])
    b = record("b", *range(20, 61, 5), humans=[20])
    split = segments([a, b], ActivitySettings(policy="split"))
    total = {sid: sum(s.seconds for s in split if s.session_id == sid) / M for sid in "ab"}
    assert total == {"a": 30, "b": 30}
    allowed = segments([a, b], ActivitySettings(policy="allow"))
    assert spans(allowed) == [(0, 40), (20, 60)]


def test_the_same_records_give_the_same_segments_in_any_order():
    rng = random.Random(7)
    recs = [record(f"s{i}", *sorted(rng.sample(range(0, 300), 40)), humans=rng.sample(range(0, 300), 3))
            for i in range(6)]
    first = segments(recs)
    for _ in range(5):
        rng.shuffle(recs)
        assert segments(recs) == first
    starts = [(s.start, s.end) for s in first]
    assert all(b <= c for (_, b), (c, _) in zip(starts, starts[1:]))  # latest leaves no overlap


def test_bad_settings_are_refused():
    with pytest.raises(InvalidInput, match="policy"):
        ActivitySettings(policy="newest")
    with pytest.raises(InvalidInput, match="idle_gap"):
        ActivitySettings(idle_gap=5)
