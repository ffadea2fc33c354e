"""Human times, durations, preset ranges and name resolution."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from punchclock.errors import InvalidInput
from punchclock.resolve import resolve
from punchclock.timeutil import format_duration, named_range, parse_duration, parse_span, parse_when

NOW = datetime(2026, 11, 20, 15, 45, tzinfo=UTC)  # a Friday
BELGRADE = ZoneInfo("Europe/Belgrade")


@pytest.mark.parametrize("text,seconds", [("1h30m", 5400), ("90m", 5400), ("1.5h", 5400), ("45s", 45),
                                          ("1:30", 5400), ("PT2H", 7200), ("2h 5m", 7500)])
def test_spans(text, seconds):
    assert parse_span(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["", "soon", "1:75", "0m", "h", "1x"])
def test_bad_spans(text):
    with pytest.raises(ValueError):
        parse_span(text)


def test_iso_durations_round_trip():
    for seconds in (0, 59, 3600, 5400, 86400 + 61):
        assert parse_duration(format_duration(seconds)) == timedelta(seconds=seconds)
    with pytest.raises(ValueError):
        format_duration(-1)


@pytest.mark.parametrize("text,expected", [
    ("now", NOW),
    ("9:30", datetime(2026, 11, 20, 9, 30, tzinfo=UTC)),
    ("2pm", datetime(2026, 11, 20, 14, 0, tzinfo=UTC)),
    ("yesterday 14:00", datetime(2026, 11, 19, 14, 0, tzinfo=UTC)),
    ("monday 9:00", datetime(2026, 11, 16, 9, 0, tzinfo=UTC)),
    ("-15m", NOW - timedelta(minutes=15)),
    ("2026-11-01 08:00", datetime(2026, 11, 1, 8, 0, tzinfo=UTC)),
    ("2026-11-01T08:00:00+02:00", datetime(2026, 11, 1, 6, 0, tzinfo=UTC)),
])
def test_when(text, expected):
    assert parse_when(text, now=NOW) == expected


def test_when_in_a_time_zone():
    assert parse_when("9:30", now=NOW, tz=BELGRADE) == datetime(2026, 11, 20, 8, 30, tzinfo=UTC)
    assert parse_when("yesterday 0:00", now=NOW, tz=BELGRADE) == datetime(2026, 11, 18, 23, 0, tzinfo=UTC)


@pytest.mark.parametrize("text", ["", "teatime", "25:00", "yesterday noonish", "13pm"])
def test_bad_when(text):
    with pytest.raises(ValueError):
        parse_when(text, now=NOW)


def test_named_ranges():
    assert named_range("today", now=NOW) == (datetime(2026, 11, 20, tzinfo=UTC), datetime(2026, 11, 21, tzinfo=UTC))
    assert named_range("this-week", now=NOW) == (datetime(2026, 11, 16, tzinfo=UTC), datetime(2026, 11, 23, tzinfo=UTC))
    assert named_range("last week", now=NOW)[0] == datetime(2026, 11, 9, tzinfo=UTC)
    assert named_range("last-month", now=NOW) == (datetime(2026, 10, 1, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC))
    start, end = named_range("this-month", now=NOW, tz=BELGRADE)
    assert start == datetime(2026, 10, 31, 23, 0, tzinfo=UTC) and end == datetime(2026, 11, 30, 23, 0, tzinfo=UTC)
    with pytest.raises(ValueError):
        named_range("fortnight", now=NOW)


@dataclass
class Thing:
    id: str
    name: str


THINGS = [Thing("a1", "Website Redesign"), Thing("a2", "Web App"), Thing("a3", "Mobile App"),
          Thing("a4", "Data Platform")]


def test_resolve_by_id_name_prefix_word_and_fuzzy():
    assert resolve("a3", THINGS, "project").name == "Mobile App"
    assert resolve("web app", THINGS, "project").id == "a2"
    assert resolve("webs", THINGS, "project").id == "a1"
    assert resolve("mob", THINGS, "project").id == "a3"
    assert resolve("platform", THINGS, "project").id == "a4"
    assert resolve("Data Platfrom", THINGS, "project").id == "a4"


def test_resolve_errors_name_the_candidates():
    with pytest.raises(InvalidInput) as ambiguous:
        resolve("we", THINGS, "project")
    assert "ambiguous" in str(ambiguous.value) and "a1" in str(ambiguous.value) and "a2" in str(ambiguous.value)
    with pytest.raises(InvalidInput) as unknown:
        resolve("zebra", THINGS, "project")
    assert "no project named 'zebra'" in str(unknown.value)
    with pytest.raises(InvalidInput) as words:
        resolve("app", THINGS, "project")
    assert "Web App" in str(words.value) and "Mobile App" in str(words.value)


def test_resolve_ignores_punctuation_and_does_not_drop_a_trailing_word():
    things = THINGS + [Thing("b1", "Internal: Admin"), Thing("b2", "Client-work (billable)")]
    assert resolve("internal admin", things, "project").id == "b1"
    assert resolve("client work", things, "project").id == "b2"
    assert resolve("data plat", things, "project").id == "a4"
    with pytest.raises(InvalidInput, match="no project named 'data zebra'"):
        resolve("data zebra", things, "project")


def test_resolve_says_did_you_mean_for_a_near_miss_it_cannot_pick():
    things = [Thing("c1", "Marketing"), Thing("c2", "Marketeer"), Thing("c3", "Market")]
    with pytest.raises(InvalidInput, match="did you mean 'Marketing' or 'Market'"):
        resolve("Marketng", things, "project")
    assert resolve("Markting", things[:2], "project").id == "c1"  # one close spelling is taken


MIDNIGHT_TOKYO = datetime(2026, 11, 20, 15, 2, tzinfo=UTC)  # Saturday 00:02 in Tokyo
TOKYO = ZoneInfo("Asia/Tokyo")
NEW_YORK = ZoneInfo("America/New_York")


@pytest.mark.parametrize("text,prefer,expected", [
    ("23:55", "past", datetime(2026, 11, 20, 23, 55)),
    ("23:55", "nearest", datetime(2026, 11, 20, 23, 55)),
    ("0:01", "past", datetime(2026, 11, 21, 0, 1)),
    ("0:03", "past", datetime(2026, 11, 21, 0, 3)),      # within the grace: still today
    ("9:00", "past", datetime(2026, 11, 20, 9, 0)),
    ("9:00", "nearest", datetime(2026, 11, 21, 9, 0)),   # a start 9 hours ahead beats 15 hours ago
    ("noon", "past", datetime(2026, 11, 20, 12, 0)),
    ("15h30", "past", datetime(2026, 11, 20, 15, 30)),
    ("3:30pm", "past", datetime(2026, 11, 20, 15, 30)),
    ("midnight", "past", datetime(2026, 11, 21, 0, 0)),
    ("fri 9:00", "past", datetime(2026, 11, 20, 9, 0)),
    ("sat 9:00", "past", datetime(2026, 11, 14, 9, 0)),  # this Saturday's 9:00 is still ahead
    ("last friday 9:00", "past", datetime(2026, 11, 20, 9, 0)),
    ("last sat", "past", datetime(2026, 11, 14, 0, 0)),
    ("yesterday at 3pm", "past", datetime(2026, 11, 20, 15, 0)),
    ("15m ago", "past", datetime(2026, 11, 20, 23, 47)),
    ("in 1h", "past", datetime(2026, 11, 21, 1, 2)),
])
def test_when_just_after_midnight_ahead_of_utc(text, prefer, expected):
    got = parse_when(text, now=MIDNIGHT_TOKYO, tz=TOKYO, prefer=prefer)
    assert got.astimezone(TOKYO).replace(tzinfo=None) == expected


def test_when_just_after_midnight_behind_utc_and_on_a_given_day():
    now = datetime(2026, 11, 21, 5, 2, tzinfo=UTC)  # Saturday 00:02 in New York
    assert parse_when("23:55", now=now, tz=NEW_YORK).astimezone(NEW_YORK).day == 20
    on = parse_when("3pm", now=now, tz=NEW_YORK, on=datetime(2026, 11, 18).date())
    assert on == datetime(2026, 11, 18, 20, 0, tzinfo=UTC)
    start = datetime(2026, 11, 18, 20, 0, tzinfo=NEW_YORK)
    assert parse_when("1:00", now=now, tz=NEW_YORK, after=start) == datetime(2026, 11, 19, 1, 0, tzinfo=NEW_YORK)
    # 9:00 the next day would be 13 hours on: it stays the start's day (an end before the start)
    assert parse_when("9:00", now=now, tz=NEW_YORK, after=start) == datetime(2026, 11, 18, 9, 0, tzinfo=NEW_YORK)


def test_a_bad_time_is_echoed_cut_short():
    with pytest.raises(ValueError) as bad:
        parse_when("x" * 1000, now=NOW)
    assert len(str(bad.value)) < 200
