"""The store's summary gives the same numbers as Clockify's own summary report (the sandbox's Reports
API) for the same range: totals, per-group durations, billable time and amounts, nested groups too,
in time zones ahead of and behind UTC."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from punchclock.reports import resolve_range, summary
from tests.reports.report_fixtures import clockify_summary, store, synced  # noqa: F401 (fixtures)

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)  # the seed's anchor
ZONES = ("UTC", "Asia/Tokyo", "America/Los_Angeles")


def money(value) -> float:
    """A Clockify report amount (cents, unrounded) as a number."""
    return float(value or 0)


def assert_rows_match(ours, theirs, report, depth=1):
    """Every group of Clockify's answer (nested by ``children``) is ours, time and money alike."""
    assert sorted(r.key for r in ours) == sorted(t["_id"] for t in theirs)
    by_key = {r.key: r for r in ours}
    for t in theirs:
        r = by_key[t["_id"]]
        assert r.name == t["name"], (r, t)
        assert r.seconds == t["duration"], (r.name, r.seconds, t["duration"])
        assert abs((r.earned.total or 0) - money(t["amount"])) <= 0.5, (r.name, r.earned, t["amount"])
        if "children" in t:
            assert_rows_match(report.children(r), t["children"], report, depth + 1)


@pytest.mark.parametrize("tz", ZONES)
@pytest.mark.parametrize("range_", ["last-month", "this-month", "2026-11-09..2026-11-15"])
def test_summary_by_project_equals_clockify(store, synced, tz, range_):
    h, _ = synced
    w = resolve_range(range_, now=NOW, tz=tz)
    ours = summary(store, w.start, w.end, ("project",), tz=tz)
    theirs = clockify_summary(h, w, ("PROJECT",))
    total = theirs["totals"][0]
    assert ours.totals.entries == total["entriesCount"] > 0
    assert ours.totals.seconds == total["totalTime"]
    assert ours.totals.billable_seconds == total["totalBillableTime"]
    assert abs(ours.totals.earned.total - money(total["totalAmount"])) <= 0.5
    cost = next(a["value"] for a in total["amounts"] if a["type"] == "COST")
    assert abs(ours.totals.cost.total - money(cost)) <= 0.5
    assert_rows_match(ours.rows, theirs["groupOne"], ours)
    billable = clockify_summary(h, w, ("PROJECT",), billable=True)
    by_key = {r.key: r for r in ours.rows}
    for t in billable["groupOne"]:
        assert by_key[t["_id"]].billable_seconds == t["duration"]


@pytest.mark.parametrize("groups,tz", [
    (("client", "project"), "UTC"),
    (("user", "day"), "Asia/Tokyo"),
    (("project", "tag"), "America/Los_Angeles"),
    (("tag", "week", "task"), "Europe/Berlin"),
    (("month", "client", "user"), "Pacific/Auckland"),
])
def test_nested_groups_equal_clockify(store, synced, groups, tz):
    h, _ = synced
    w = resolve_range("2026-09-20..2026-11-19", tz=tz)
    ours = summary(store, w.start, w.end, groups, tz=tz)
    theirs = clockify_summary(h, w, tuple(g.upper() if g != "day" else "DATE" for g in groups))
    assert ours.totals.seconds == theirs["totals"][0]["totalTime"]
    assert ours.totals.entries == theirs["totals"][0]["entriesCount"]
    assert_rows_match(ours.children(), theirs["groupOne"], ours)


def test_billable_only_report_equals_clockify(store, synced):
    h, _ = synced
    w = resolve_range("last-month", now=NOW, tz="UTC")
    ours = summary(store, w.start, w.end, ("client", "project"), billable=True)
    theirs = clockify_summary(h, w, ("CLIENT", "PROJECT"), billable=True)
    assert ours.totals.seconds == ours.totals.billable_seconds == theirs["totals"][0]["totalTime"]
    assert_rows_match(ours.children(), theirs["groupOne"], ours)
    non = summary(store, w.start, w.end, ("project",), billable=False)
    assert non.totals.billable_seconds == 0 and non.totals.earned.total == 0
    assert non.totals.seconds + ours.totals.seconds == summary(store, w.start, w.end).totals.seconds
