"""Exports hold the report's numbers (CSV, JSON, and an XLSX that openpyxl opens); rounding, detailed
listings, weekly grids and estimate/budget progress agree with the sandbox's own entries."""

from __future__ import annotations

import csv
import io
import json
import math
from datetime import UTC, datetime

import openpyxl
import pytest

from punchclock.errors import InvalidInput
from punchclock.reports import detailed, progress, resolve_range, summary, weekly
from punchclock.reports.export import render, tabulate
from punchclock.store import open_store
from tests.conftest import make_harness
from tests.reports.report_fixtures import store, synced  # noqa: F401 (fixtures)
from tests.sync.helpers import sync

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


def finished(h, w):
    """The sandbox's finished entries starting in the window."""
    return [e for e in h.ws().entries.values()
            if e.end is not None and w.start.timestamp() <= e.start < w.end.timestamp()]


@pytest.fixture
def month():
    return resolve_range("last-month", now=NOW, tz="Europe/Berlin")


@pytest.mark.parametrize("build", ["summary", "detailed", "weekly"])
def test_csv_json_and_xlsx_hold_the_same_rows(store, month, build, tmp_path):
    if build == "summary":
        report = summary(store, month.start, month.end, ("client", "project"), tz=month.tz)
    elif build == "detailed":
        report = detailed(store, month.start, month.end, tz=month.tz)
    else:
        report = weekly(store, month.start, month.end, "user", tz=month.tz)
    header, rows, total = tabulate(report)
    assert len(rows) > 5
    parsed = list(csv.reader(io.StringIO(render(report, "csv"))))
    assert parsed[0] == header and len(parsed) == len(rows) + 1
    assert parsed[1:] == [["" if v is None else str(v) for v in row] for row in rows]
    (tmp_path / "r.xlsx").write_bytes(render(report, "xlsx"))
    sheet = openpyxl.load_workbook(tmp_path / "r.xlsx").active
    cells = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert cells[0] == header
    assert cells[1:] == [[None if v in ("", None) else v for v in row] for row in [*rows, total]]
    data = json.loads(render(report, "json"))
    assert data["totals"]["seconds"] == report.totals.seconds and data["tz"] == "Europe/Berlin"
    text = render(report, "table")
    assert text.splitlines()[-1].startswith("Total")


def test_summary_exports_match_the_totals(store, month):
    report = summary(store, month.start, month.end, ("project",), tz=month.tz)
    _, rows, total = tabulate(report)
    assert math.isclose(sum(r[1] for r in rows), total[1], abs_tol=0.01 * len(rows))
    assert total[1] == round(report.totals.seconds / 3600, 2)
    assert total[5] == round(report.totals.earned.total / 100, 2)
    tree = json.loads(render(summary(store, month.start, month.end, ("client", "project")), "json"))
    for client in tree["rows"]:
        assert client["seconds"] == sum(p["seconds"] for p in client["children"])


def test_xlsx_keeps_odd_text(tmp_path):
    from punchclock.reports.xlsx import workbook

    odd = ["<&>\"'", " padded ", "bell\x07gone", "ünïcødé", 3.25, 7, True, None]
    (tmp_path / "o.xlsx").write_bytes(workbook(["a", "b", "c", "d", "e", "f", "g", "h"], [odd]))
    row = next(openpyxl.load_workbook(tmp_path / "o.xlsx").active.iter_rows(min_row=2, values_only=True))
    assert list(row) == ["<&>\"'", " padded ", "bellgone", "ünïcødé", 3.25, 7, True, None]


@pytest.mark.parametrize("rule,fn", [("up:15", math.ceil), ("down:6", math.floor), ("30", round)])
def test_rounding_rounds_each_entry_before_summing(store, synced, month, rule, fn):
    h, _ = synced
    minutes = int(rule.rpartition(":")[2])
    step = minutes * 60
    report = summary(store, month.start, month.end, ("project",), tz=month.tz, rounding=rule)
    want = sum(int(fn((e.end - e.start) / step)) * step for e in finished(h, month))
    assert report.totals.seconds == want
    assert report.totals.seconds != summary(store, month.start, month.end, tz=month.tz).totals.seconds


def test_detailed_lists_every_entry_with_names_and_amounts(store, synced, month):
    h, _ = synced
    listing = detailed(store, month.start, month.end, tz=month.tz)
    truth = {e.id: e for e in finished(h, month)}
    assert [line.id for line in listing.lines] == sorted(truth, key=lambda i: (truth[i].start, i))
    for line in listing.lines:
        e = truth[line.id]
        assert line.seconds == e.end - e.start and line.rate == e.hourly_rate
        assert line.earned == ((e.end - e.start) * e.hourly_rate + 1800) // 3600 if e.billable else line.earned == 0
        assert line.start.utcoffset().total_seconds() in (3600, 7200)  # shown in Berlin time
    page = detailed(store, month.start, month.end, tz=month.tz, limit=5, offset=3)
    assert [x.id for x in page.lines] == [x.id for x in listing.lines[3:8]] and page.totals == listing.totals


def test_weekly_grid_rows_add_up(store, month):
    grid = weekly(store, month.start, month.end, "project", tz=month.tz)
    assert len(grid.days) == 31 and sum(grid.day_totals) == grid.totals.seconds
    assert all(sum(r.days) == r.seconds for r in grid.rows)
    assert sum(r.seconds for r in grid.rows) == grid.totals.seconds
    tags = weekly(store, month.start, month.end, "tag", tz=month.tz)
    assert sum(tags.day_totals) == grid.totals.seconds <= sum(r.seconds for r in tags.rows)


def test_progress_uses_all_tracked_time_against_estimates_and_budgets(store, synced):
    h, _ = synced
    ws = h.ws()
    found = {p.project_id: p for p in progress(store, now=NOW)}
    assert found and any(p.over for p in found.values())
    for pid, p in found.items():
        project = ws.projects[pid]
        entries = [e for e in ws.entries.values() if e.project_id == pid and e.end is not None]
        assert p.used_seconds == sum(e.end - e.start for e in entries)
        assert p.estimate_seconds == int(project["timeEstimate"]["estimate"][2:-1]) * 3600
        budget = project["budgetEstimate"]
        assert p.budget == (budget["estimate"] if budget["active"] else None)
        earned = sum((e.end - e.start) * e.hourly_rate for e in entries if e.billable)
        assert p.spent == (earned + 1800) // 3600
        assert p.estimate_used == pytest.approx(100 * p.used_seconds / p.estimate_seconds)


@pytest.mark.parametrize("kwargs,words", [
    ({"group_by": ("project", "nope")}, "unknown group 'nope'"),
    ({"group_by": ("project", "user", "tag", "day")}, "one to three"),
    ({"group_by": ("user", "user")}, "one to three different"),
    ({"rounding": "sideways:15"}, "up|down|nearest"),
    ({"tz": "Mars/Olympus"}, "unknown time zone"),
])
def test_bad_arguments_are_one_line_invalid_input(store, month, kwargs, words):
    with pytest.raises(InvalidInput) as caught:
        summary(store, month.start, month.end, **kwargs)
    assert words in str(caught.value) and "\n" not in str(caught.value)


def test_an_estimate_that_resets_monthly_counts_this_months_time_only(tmp_path):
    h = make_harness(users=2, entries=0)
    ws, b = h.ws(), h.backend
    caller = b.authenticate(h.key("owner"))
    monthly, whole = list(ws.projects.values())[:2]
    monthly["timeEstimate"] = {"active": True, "estimate": "PT10H", "type": "MANUAL", "resetOption": "MONTHLY",
                               "includeNonBillable": False}
    whole["timeEstimate"] = {"active": True, "estimate": "PT10H", "type": "MANUAL", "resetOption": None,
                             "includeNonBillable": True}
    for project in (monthly, whole):  # October: 3 h billable; November (this month): 2 h billable, 1 h not
        for start, end, billable in (("2026-10-10T09:00:00Z", "2026-10-10T12:00:00Z", True),
                                     ("2026-11-02T09:00:00Z", "2026-11-02T11:00:00Z", True),
                                     ("2026-11-03T09:00:00Z", "2026-11-03T10:00:00Z", False)):
            b.entries.create(ws, caller, h.user_id("owner"), {"start": start, "end": end, "billable": billable,
                                                              "projectId": project["id"]})
    path = tmp_path / "s.duckdb"
    sync(h, path)
    with open_store(f"duckdb:{path}", read_only=True) as opened:
        found = {p.project_id: p for p in progress(opened, now=NOW)}
    assert found[monthly["id"]].used_seconds == 2 * 3600 and found[monthly["id"]].reset == "MONTHLY"
    assert found[whole["id"]].used_seconds == 6 * 3600
