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
