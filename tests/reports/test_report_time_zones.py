"""Day boundaries follow the report's time zone: entries near midnight land on the day (and in the
range) their start has in that zone, ahead of UTC (Tokyo, +9) and behind it (New York, -5)."""

from __future__ import annotations

from datetime import timedelta

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
