"""``punch report``: summary, detailed and weekly from the store in every format, ``--live`` from
Clockify's own summary report, and bad input as one line with exit 2."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest

from punchclock.reports import resolve_range, summary
from punchclock.store import open_store
from tests.cli.test_errors_cli import one_line
from tests.reports.report_fixtures import synced  # noqa: F401 (a fixture)
from tests.sync.helpers import sync

NOW = "2026-11-20T12:00:00Z"


@pytest.fixture
def cli(punch, synced, monkeypatch):
    """``punch`` reading the module's synced store, the clock pinned to the seed's anchor."""
    monkeypatch.setenv("PUNCHCLOCK_STORE", f"duckdb:{synced[1]}")
    monkeypatch.setenv("PUNCH_NOW", NOW)
    punch.path = synced[1]
    return punch


def test_summary_table_shows_groups_subtotals_and_total(cli):
    result = cli("report", "summary", "--range", "last-week", "--group", "client,project")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[:3] == ["Client", "/", "Project"] and lines[-1].startswith("Total")
    w = resolve_range("last-week", now=__import__("punchclock.timeutil").timeutil.parse_instant(NOW), tz="UTC")
    with open_store(f"duckdb:{cli.path}", read_only=True) as store:
        report = summary(store, w.start, w.end, ("client", "project"))
    hours, minutes = divmod(round(report.totals.seconds / 60), 60)
    assert f"{hours}:{minutes:02d}" in lines[-1] and report.totals.earned.text() in lines[-1]
    assert any(line.startswith("  ") for line in lines)  # projects indented under their client


def test_csv_json_and_xlsx_files_agree(cli, tmp_path):
    args = ("report", "summary", "--range", "2026-11-01..2026-11-19", "--group", "user", "--billable")
    as_csv = list(csv.DictReader(io.StringIO(cli(*args, "--format", "csv").output)))
    as_json = json.loads(cli(*args, "--format", "json").output)
    out = tmp_path / "r.xlsx"
    made = cli(*args, "--format", "xlsx", "--out", str(out))
    assert made.exit_code == 0 and out.exists(), made.output
    sheet = [r for r in openpyxl.load_workbook(out).active.iter_rows(values_only=True)]
    assert [r["User"] for r in as_csv] == [r["name"] for r in as_json["rows"]] == [r[0] for r in sheet[1:-1]]
    assert [float(r["Hours"]) for r in as_csv] == [round(r["seconds"] / 3600, 2) for r in as_json["rows"]]
    assert all(r["Non-billable hours"] == "0.0" for r in as_csv) and as_json["billable"] is True
    assert sheet[-1][0] == "Total" and sheet[-1][1] == round(as_json["totals"]["seconds"] / 3600, 2)


def test_detailed_and_weekly(cli):
    listing = cli("report", "detailed", "--range", "2026-11-16..2026-11-16", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(listing.output)))
    assert listing.exit_code == 0 and rows and {r["Date"] for r in rows} == {"2026-11-16"}
    grid = cli("report", "weekly", "--range", "last-week", "--group", "user")
    assert grid.exit_code == 0, grid.output
    assert grid.output.splitlines()[0].split()[:3] == ["User", "Mon", "09"]


def test_live_summary_asks_clockify(cli, tmp_path, monkeypatch):
    sync(cli.h, tmp_path / "own.duckdb")  # this sandbox's own data, stored
    monkeypatch.setenv("PUNCHCLOCK_STORE", f"duckdb:{tmp_path / 'own.duckdb'}")
    stored = json.loads(cli("report", "summary", "--range", "last-week", "--format", "json").output)
    live = json.loads(cli("report", "summary", "--range", "last-week", "--format", "json", "--live",
                          env={"PUNCHCLOCK_STORE": "duckdb:/nonexistent/never.duckdb"}).output)
    assert [(r["key"], r["seconds"], r["billable_seconds"]) for r in live["rows"]] == \
        [(r["key"], r["seconds"], r["billable_seconds"]) for r in stored["rows"]]
    assert live["totals"]["seconds"] == stored["totals"]["seconds"] > 0


@pytest.mark.parametrize("args,code,words", [
    (["summary", "--range", "fortnight"], 2, "--range: unknown range 'fortnight'"),
    (["summary", "--range", "2026-11-30..2026-11-01"], 2, "ends before it starts"),
    (["summary", "--range", "2026-13-01..2026-11-01"], 2, "is not a date"),
    (["summary", "--group", "project,planet"], 2, "unknown group 'planet'"),
    (["summary", "--format", "pdf"], 2, "--format: must be one of"),
    (["summary", "--round", "sideways"], 2, "--round"),
    (["summary", "--billable", "--non-billable"], 2, "not both"),
    (["weekly", "--group", "day"], 2, "a weekly grid's rows"),
    (["detailed", "--live"], 2, "only `punch report summary` asks the provider live"),
    (["summary", "--live", "--group", "month"], 2, "--live groups by one of"),
    (["summary", "--format", "xlsx", "--out", "/nonexistent/dir/r.xlsx"], 2, "cannot write"),
])
def test_bad_input_is_one_line(cli, args, code, words):
    assert words in one_line(cli("report", *args), code)


def test_a_store_never_synced_says_how_to_sync(punch, tmp_path):
    missing = one_line(punch("report", "summary", "--store", f"duckdb:{tmp_path / 'none.duckdb'}"), 3)
    assert "run `punch sync` first" in missing
    empty = tmp_path / "empty.duckdb"
    open_store(f"duckdb:{empty}").close()  # created, never synced
    assert "has no synced data yet: run `punch sync` first" in one_line(
        punch("report", "weekly", "--store", f"duckdb:{empty}"), 3)
