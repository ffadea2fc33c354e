"""Daily subtotals under ``punch entries`` and ``punch today``: days are local days in ``--tz``, tried with
the clock pinned just after midnight in a zone ahead of UTC (Tokyo) and one behind it (New York)."""

from __future__ import annotations

import pytest

# Two entries on one UTC day that fall on two local days; the clock is 00:30 local the day after the first.
ZONES = {
    "Asia/Tokyo": ("2026-11-20T15:30:00Z", ("2026-11-20T14:00:00Z", "2026-11-20T15:05:00Z"),
                   ("Fri 2026-11-20", "Sat 2026-11-21")),
    "America/New_York": ("2026-11-21T05:30:00Z", ("2026-11-21T04:00:00Z", "2026-11-21T05:05:00Z"),
                         ("Fri 2026-11-20", "Sat 2026-11-21")),
}


def ok(result):
    assert result.exit_code == 0, result.output
    return result.output


def log_two(punch, zone):
    now, (late, early), _ = ZONES[zone]
    env = {"PUNCH_NOW": now, "PUNCH_TZ": zone}
    ok(punch("log", "Late", "-p", "website", "--from", late, "-d", "30m", "--yes", env=env))
    ok(punch("log", "Early", "-p", "website", "--from", early, "-d", "15m", "--yes", env=env))
    return env


@pytest.mark.parametrize("zone", list(ZONES))
def test_entries_add_up_each_local_day(punch, zone):
    env = log_two(punch, zone)
    now, (late, _), (first_day, second_day) = ZONES[zone]
    lines = ok(punch("entries", "--from", late, "--to", now, env=env)).splitlines()
    early_row = next(n for n, line in enumerate(lines) if "Early" in line)
    late_row = next(n for n, line in enumerate(lines) if "Late" in line)
    assert lines[early_row + 1] == f"  {second_day}: 0:15 in 1 entry, billable 0:15"
    assert lines[early_row + 2] == "" and late_row == early_row + 3  # newest first, a blank line between days
    assert lines[late_row + 1] == f"  {first_day}: 0:30 in 1 entry, billable 0:30"
    assert lines[-1] == "total 0:45 in 2 entries, billable 0:45"


@pytest.mark.parametrize("zone", list(ZONES))
def test_one_day_has_no_subtotal_and_machine_formats_none(punch, zone):
    env = log_two(punch, zone)
    now, (late, _), _ = ZONES[zone]
    utc = ok(punch("entries", "--from", late, "--to", now, env={**env, "PUNCH_TZ": "UTC"}))
    assert ": 0:" not in utc and utc.splitlines()[-1] == "total 0:45 in 2 entries, billable 0:45"
    today = ok(punch("today", env=env)).splitlines()
    assert [line for line in today if "Early" in line] and not [line for line in today if "Late" in line]
    assert today[-1] == "today 0:15 in 1 entry, billable 0:15"
    csv = ok(punch("entries", "--from", late, "--to", now, "-o", "csv", env=env))
    assert len(csv.splitlines()) == 3 and not ok(punch("entries", "--from", late, "--to", now, "--template",
                                                         "{description}", env=env)).count(":")


def test_everyone_is_added_up_per_person_and_day(punch):
    env = log_two(punch, "Asia/Tokyo")
    now, (late, _), _ = ZONES["Asia/Tokyo"]
    out = ok(punch("entries", "--from", late, "--to", now, "-u", "all", env=env))
    name = punch.h.backend.state.users[punch.h.user_id("owner")]["name"]
    assert f"  {name}, Sat 2026-11-21: 0:15 in 1 entry" in out and f"  {name}, Fri 2026-11-20: 0:30 in 1 entry" in out
