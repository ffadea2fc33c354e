"""Times mean what people mean: the clock pinned just after midnight in a zone ahead of UTC (Tokyo)
and one behind it (New York), through ``PUNCH_NOW`` and ``--tz``, against the sandbox's real state."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

UTC = timezone.utc
# 00:02 local on Saturday 2026-11-21, in a zone ahead of UTC and in one behind it
MIDNIGHT = {"Asia/Tokyo": "2026-11-20T15:02:00Z", "America/New_York": "2026-11-21T05:02:00Z"}
ZONES = pytest.mark.parametrize("zone", sorted(MIDNIGHT))


def run(punch, zone, *args, now=None):
    return punch("--tz", zone, *args, env={"PUNCH_NOW": now or MIDNIGHT[zone]})


def mine(punch):
    return punch.h.ws().by_user[punch.h.user_id("owner")]


def local(stamp, zone):
    return datetime.fromtimestamp(stamp, UTC).astimezone(ZoneInfo(zone)).replace(tzinfo=None)


def refused(result, words):
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:") and words in lines[0], result.output


@ZONES
def test_stop_at_23_55_just_after_midnight_is_yesterdays(punch, zone):
    assert run(punch, zone, "start", "Late work", "--at", "23:00", "--yes").exit_code == 0
    result = run(punch, zone, "stop", "--at", "23:55", "--yes")
    assert result.exit_code == 0, result.output
    entry = next(e for e in mine(punch) if e.description == "Late work")
    assert (local(entry.start, zone), local(entry.end, zone)) == (datetime(2026, 11, 20, 23, 0),
                                                                  datetime(2026, 11, 20, 23, 55))
    assert "stopped after 0:55" in result.output


@ZONES
def test_a_future_start_is_refused_unless_asked_and_stop_can_always_leave_it(punch, zone):
    nine_pm = {"Asia/Tokyo": "2026-11-21T12:00:00Z", "America/New_York": "2026-11-22T02:00:00Z"}[zone]
    before = len(punch.h.ws().entries)
    refused(run(punch, zone, "start", "x", "--at", "22:00", "--yes", now=nine_pm), "is in the future")
    assert len(punch.h.ws().entries) == before
    assert run(punch, zone, "start", "Later", "--at", "22:00", "--future", "--yes", now=nine_pm).exit_code == 0
    assert "set to start later" in run(punch, zone, "status", now=nine_pm).output
    left = run(punch, zone, "stop", "--yes", now=nine_pm)
    assert left.exit_code == 0 and "discarded" in left.output, left.output
    assert not [e for e in mine(punch) if e.end is None] and len(punch.h.ws().entries) == before


@ZONES
def test_date_applies_to_every_form_of_time(punch, zone):
    for start, end, text in (("3pm", "15h45", "a"), ("noon", "12:30", "b"), ("9:30am", "10", "c")):
        result = run(punch, zone, "log", text, "--from", start, "--to", end, "--date", "2026-11-18", "--yes")
        assert result.exit_code == 0, result.output
    got = {e.description: (local(e.start, zone), local(e.end, zone)) for e in mine(punch)
           if e.description in "abc"}
    assert got == {"a": (datetime(2026, 11, 18, 15, 0), datetime(2026, 11, 18, 15, 45)),
                   "b": (datetime(2026, 11, 18, 12, 0), datetime(2026, 11, 18, 12, 30)),
                   "c": (datetime(2026, 11, 18, 9, 30), datetime(2026, 11, 18, 10, 0))}


@ZONES
def test_weekday_forms_are_the_most_recent_such_day(punch, zone):
    # it is Saturday 00:02: "fri 9:00" is yesterday's, "last friday 9:00" too, "last sat 9:00" a week ago
    for text, at in (("f", "fri 9:00"), ("l", "last friday 17:00"), ("s", "last sat 9:00")):
        assert run(punch, zone, "log", text, "--from", at, "-d", "1h", "--yes").exit_code == 0
    got = {e.description: local(e.start, zone) for e in mine(punch) if e.description in ("f", "l", "s")}
    assert got == {"f": datetime(2026, 11, 20, 9, 0), "l": datetime(2026, 11, 20, 17, 0),
                   "s": datetime(2026, 11, 14, 9, 0)}


@ZONES
def test_impossible_entries_are_refused_before_any_request(punch, zone):
    sent = punch.h.app.stats.total
    refused(run(punch, zone, "log", "x", "--from", "10:00", "--to", "9:00", "--date", "2026-11-18", "--yes"),
            "--to: 2026-11-18 09:00")
    refused(run(punch, zone, "log", "x", "--from", "mon 9:00", "--to", "wed 9:00", "--yes"), "over 24 hours")
    refused(run(punch, zone, "log", "x", "--from", "23:00", "--to", "+2h", "--yes"), "in the future")
    refused(run(punch, zone, "start", "x", "--at", "tomorrow 9:00", "--yes"), "pass --future")
    assert punch.h.app.stats.total == sent
    assert run(punch, zone, "log", "x", "--from", "mon 9:00", "--to", "wed 9:00", "--long", "--yes").exit_code == 0


@ZONES
def test_a_night_shift_crosses_midnight_but_a_reversed_day_does_not(punch, zone):
    result = run(punch, zone, "log", "night", "--from", "22:00", "--to", "1:00", "--date", "", "--yes",
                 now={"Asia/Tokyo": "2026-11-21T00:00:00Z", "America/New_York": "2026-11-21T14:00:00Z"}[zone])
    assert result.exit_code == 0, result.output
    entry = next(e for e in mine(punch) if e.description == "night")
    assert (local(entry.start, zone), local(entry.end, zone)) == (datetime(2026, 11, 20, 22, 0),
                                                                  datetime(2026, 11, 21, 1, 0))


@ZONES
def test_edit_to_a_time_is_on_the_entrys_own_day(punch, zone):
    run(punch, zone, "log", "Old", "--from", "22:00", "--to", "23:00", "--date", "2026-11-18", "--yes")
    entry = next(e for e in mine(punch) if e.description == "Old")
    result = run(punch, zone, "edit", entry.id, "--to", "23:30", "--yes")
    assert result.exit_code == 0, result.output
    assert "end: 2026-11-18 23:00 -> 2026-11-18 23:30" in result.output
    assert local(entry.end, zone) == datetime(2026, 11, 18, 23, 30)


@ZONES
def test_a_forgotten_timer_needs_long_or_an_earlier_end(punch, zone):
    assert run(punch, zone, "start", "Forgot", "--at", "-30h", "--yes").exit_code == 0
    refused(run(punch, zone, "stop", "--yes"), "pass --long")
    assert [e for e in mine(punch) if e.end is None]
    assert run(punch, zone, "stop", "--at", "-20h", "--yes").exit_code == 0
    entry = next(e for e in mine(punch) if e.description == "Forgot")
    assert entry.end - entry.start == 10 * 3600


def test_tz_decides_what_today_means(punch):
    # 2026-11-20T15:02Z is Saturday in Tokyo and still Friday in New York
    run(punch, "UTC", "log", "edge", "--from", "2026-11-20T14:30:00Z", "--to", "2026-11-20T15:00:00Z", "--yes",
        now="2026-11-20T15:02:00Z")
    tokyo = run(punch, "Asia/Tokyo", "today", "-o", "ids", now="2026-11-20T15:02:00Z").output.split()
    york = run(punch, "America/New_York", "today", "-o", "ids", now="2026-11-20T15:02:00Z").output.split()
    edge = next(e.id for e in mine(punch) if e.description == "edge")
    assert edge in york and edge not in tokyo
