"""Day boundaries follow the report's time zone: entries near midnight land on the day (and in the
range) their start has in that zone, ahead of UTC (Tokyo, +9) and behind it (New York, -5)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from punchclock.reports import resolve_range, summary, weekly
from punchclock.store import open_store
from tests.conftest import make_harness
from tests.reports.report_fixtures import clockify_summary
from tests.sync.helpers import sync

# start, end (UTC); the day each starts on in UTC, Tokyo and New York
ENTRIES = [
    ("2026-11-10T23:30:00Z", "2026-11-11T00:30:00Z", "late UTC evening"),   # Tokyo 11-11 08:30, NY 11-10 18:30
    ("2026-11-11T04:30:00Z", "2026-11-11T05:15:00Z", "NY late evening"),    # Tokyo 11-11 13:30, NY 11-10 23:30
    ("2026-11-11T15:30:00Z", "2026-11-11T17:30:00Z", "Tokyo past midnight"),  # Tokyo 11-12 00:30, NY 11-11 10:30
]
DAYS = {
    "UTC": {"2026-11-10": 3600, "2026-11-11": 2700 + 7200},
    "Asia/Tokyo": {"2026-11-11": 3600 + 2700, "2026-11-12": 7200},
    "America/New_York": {"2026-11-10": 3600 + 2700, "2026-11-11": 7200},
}


@pytest.fixture(scope="module")
def midnight(tmp_path_factory):
    """A sandbox holding only the three entries above, synced."""
    h = make_harness(users=2, entries=0)
    ws, b = h.ws(), h.backend
    caller = b.authenticate(h.key("owner"))
    project = next(iter(ws.projects.values()))
    for start, end, text in ENTRIES:
        b.entries.create(ws, caller, h.user_id("owner"), {"start": start, "end": end, "description": text,
                                                          "projectId": project["id"], "billable": True})
    path = tmp_path_factory.mktemp("tz") / "s.duckdb"
    sync(h, path)
    return h, path


@pytest.mark.parametrize("tz", sorted(DAYS))
def test_entries_near_midnight_fall_on_their_local_day(midnight, tz):
    h, path = midnight
    w = resolve_range("2026-11-09..2026-11-13", tz=tz)
    with open_store(f"duckdb:{path}", read_only=True) as store:
        report = summary(store, w.start, w.end, ("day",), tz=tz)
        grid = weekly(store, w.start, w.end, "project", tz=tz)
    assert {r.key: r.seconds for r in report.rows} == DAYS[tz]
    theirs = clockify_summary(h, w, ("DATE",))
    assert {t["_id"]: t["duration"] for t in theirs["groupOne"]} == DAYS[tz]
    by_day = dict(zip((d.isoformat() for d in grid.days), grid.day_totals))
    assert {d: s for d, s in by_day.items() if s} == DAYS[tz]
    assert grid.days[0].isoformat() == "2026-11-09" and len(grid.days) == 5


@pytest.mark.parametrize("tz,seconds", [("UTC", 2700 + 7200), ("Asia/Tokyo", 3600 + 2700), ("America/New_York", 7200)])
def test_a_one_day_range_holds_the_entries_starting_that_local_day(midnight, tz, seconds):
    h, path = midnight
    w = resolve_range("2026-11-11..2026-11-11", tz=tz)
    assert w.end - w.start == timedelta(days=1)
    with open_store(f"duckdb:{path}", read_only=True) as store:
        assert summary(store, w.start, w.end, tz=tz).totals.seconds == seconds
    assert clockify_summary(h, w, ("PROJECT",))["totals"][0]["totalTime"] == seconds


# Days around clock changes: New York and Havana turn back (Havana's midnight comes twice), Santiago
# springs forward at midnight (its midnight never comes) and turns back at midnight, Lord Howe moves by
# half an hour, Kolkata is half an hour off UTC all year.
CHANGES = {"America/New_York": "2026-10-31..2026-11-02", "America/Havana": "2026-10-31..2026-11-02",
           "America/Santiago": "2026-09-05..2026-09-07", "Australia/Lord_Howe": "2026-10-03..2026-10-05",
           "Asia/Kolkata": "2026-10-31..2026-11-02"}
SANTIAGO_BACK = "2027-04-02..2027-04-05"


def _local_day(moment: datetime, zone: ZoneInfo, days: list[date]) -> str:
    """The day whose local midnight (its first, where it comes twice) is the last at or before ``moment``."""
    return max(d for d in days if datetime.combine(d, time(), zone) <= moment).isoformat()


@pytest.fixture(scope="module")
def clock_changes(tmp_path_factory):
    """A sandbox with a 10-minute entry starting every 20 minutes over the days of every clock change above."""
    h = make_harness(users=2, entries=0)
    ws, b = h.ws(), h.backend
    caller = b.authenticate(h.key("owner"))
    project = next(iter(ws.projects.values()))
    starts = set()
    for text in [*CHANGES.values(), SANTIAGO_BACK]:
        first, last = (date.fromisoformat(d) for d in text.split(".."))
        moment = datetime.combine(first - timedelta(days=1), time(), UTC)
        while moment < datetime.combine(last + timedelta(days=2), time(), UTC):
            starts.add(moment)
            moment += timedelta(minutes=20)
    for start in sorted(starts):
        b.entries.create(ws, caller, h.user_id("owner"), {
            "start": start.isoformat().replace("+00:00", "Z"),
            "end": (start + timedelta(minutes=10)).isoformat().replace("+00:00", "Z"),
            "projectId": project["id"], "billable": True})
    path = tmp_path_factory.mktemp("dst") / "s.duckdb"
    sync(h, path)
    return h, path, sorted(starts)


@pytest.mark.parametrize("tz,days", [*sorted(CHANGES.items()), ("America/Santiago", SANTIAGO_BACK)])
def test_days_around_clock_changes_match_clockify_and_local_midnights(clock_changes, tz, days):
    h, path, starts = clock_changes
    w = resolve_range(days, tz=tz)
    zone = ZoneInfo(tz)
    first, last = (date.fromisoformat(d) for d in days.split(".."))
    calendar = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    expected: dict[str, int] = {}
    for start in starts:
        if w.start <= start < w.end:
            day = _local_day(start, zone, calendar)
            expected[day] = expected.get(day, 0) + 600
    with open_store(f"duckdb:{path}", read_only=True) as store:
        report = summary(store, w.start, w.end, ("day",), tz=tz)
        grid = weekly(store, w.start, w.end, "project", tz=tz)
        by_week = summary(store, w.start, w.end, ("week", "day"), tz=tz)
    assert {r.key: r.seconds for r in report.rows} == expected
    assert len(set(expected.values())) > 1 or tz == "Asia/Kolkata"  # a 23- or 25-hour day is among them
    theirs = clockify_summary(h, w, ("DATE",))
    assert {t["_id"]: t["duration"] for t in theirs["groupOne"]} == expected
    assert {d.isoformat(): s for d, s in zip(grid.days, grid.day_totals) if s} == expected
    assert {r.key: r.seconds for r in by_week.rows if r.level == 2} == expected
    assert sum(r.seconds for r in by_week.rows if r.level == 1) == sum(expected.values())


@pytest.mark.parametrize("week_start", ["monday", "sunday", "saturday"])
def test_weeks_start_on_the_chosen_day(clock_changes, week_start):
    _, path, _ = clock_changes
    w = resolve_range("2026-10-20..2026-11-12", tz="America/New_York")
    first = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday").index(week_start)
    with open_store(f"duckdb:{path}", read_only=True) as store:
        days = summary(store, w.start, w.end, ("day",), tz=w.tz)
        weeks = summary(store, w.start, w.end, ("week",), tz=w.tz, week_start=week_start)
    expected: dict[str, int] = {}
    for row in days.rows:
        day = date.fromisoformat(row.key)
        week = (day - timedelta(days=(day.weekday() - first) % 7)).isoformat()
        expected[week] = expected.get(week, 0) + row.seconds
    assert {r.key: r.seconds for r in weeks.rows} == expected and len(expected) >= 2
    assert all(date.fromisoformat(r.key).weekday() == first for r in weeks.rows)
