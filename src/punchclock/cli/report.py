"""``punch report summary|detailed|weekly``: reports from the synced store (or, for a summary,
``--live`` from the provider's own summary report), as a table, CSV, JSON or XLSX."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from punchclock.cli.common import STATE, command

app = typer.Typer(help="Reports from the synced store: hours, billable time and amounts by project, client, "
                       "user...\n\nExample: punch report summary --range last-week --group client,project",
                  no_args_is_help=True, rich_markup_mode=None)

STORE = typer.Option(None, "--store", "-s", envvar="PUNCHCLOCK_STORE",
                     help="Where the synced tables live: duckdb:PATH (default: punch.duckdb in the user data directory).")
RANGE = typer.Option("this-week", "--range", "-r", help="this-week, last-week, this-month, last-month, today, "
                                                         "yesterday, this-year, or FROM..TO (2026-11-01..2026-11-30).")
BILLABLE = typer.Option(False, "--billable", help="Only billable time.")
NON_BILLABLE = typer.Option(False, "--non-billable", help="Only non-billable time.")
FORMAT = typer.Option("table", "--format", "-o", help="table, csv, json or xlsx.")
OUT = typer.Option(None, "--out", help="Write to this file instead of the screen (xlsx needs it on a terminal).")
RATES = typer.Option(None, "--rates", help="TOML file of local hourly rates for entries without one (ClockEye's); "
                                           "default $PUNCHCLOCK_RATES or rates.toml beside the config file.")
ROUND = typer.Option(None, "--round", help="Round each entry's time: MINUTES or up|down|nearest:MINUTES (up:15).")
WEEK_START = typer.Option(None, "--week-start", help="First day of the week (default monday).")
LIVE_GROUPS = ("project", "client", "user", "tag", "task", "day")


def _tz_name() -> str:
    """The IANA zone reports read days in: ``--tz``, ``$PUNCH_TZ``, ``$TZ``, this machine's, else UTC."""
    name = STATE.tz or os.environ.get("PUNCH_TZ") or os.environ.get("TZ", "").lstrip(":")
    if name:
        return name
    try:
        target = os.path.realpath("/etc/localtime")
    except OSError:
        return "UTC"
    return target.split("zoneinfo/", 1)[1] if "zoneinfo/" in target else "UTC"


def _filters(range_: str, billable: bool, non_billable: bool, fmt: str, week_start: str | None):
    from punchclock.errors import InvalidInput
    from punchclock.reports import resolve_range
    from punchclock.reports.export import FORMATS

    if fmt not in FORMATS:
        raise InvalidInput("--format", f"must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if billable and non_billable:
        raise InvalidInput("--billable", "give --billable or --non-billable, not both")
    window = resolve_range(range_, now=STATE.now(), tz=_tz_name(), week_start_day=week_start)
    return window, (True if billable else False if non_billable else None)


def _emit(report, fmt: str, out: Path | None) -> None:
    """Write the rendered report to ``out`` or stdout (xlsx to a terminal is refused)."""
    from punchclock.errors import InvalidInput
    from punchclock.reports.export import render

    if fmt == "xlsx" and out is None and sys.stdout.isatty():
        raise InvalidInput("--out", "an xlsx report needs --out FILE (or redirect the output)")
    body = render(report, fmt)
    if out is not None:
        try:
            Path(out).write_bytes(body if isinstance(body, bytes) else body.encode("utf-8"))
        except OSError as exc:
            raise InvalidInput("--out", f"cannot write {out}: {exc.strerror or exc}") from None
        typer.echo(f"wrote {out}", err=True)
    elif isinstance(body, bytes):
        sys.stdout.flush()
        sys.stdout.buffer.write(body)
    else:
        sys.stdout.write(body)


def _from_store(store: str | None, rates_file: Path | None, build):
    """Run ``build(opened_store, local_rates)`` on the store opened read-only."""
    from punchclock.reports import read_rates
    from punchclock.store import open_store

    with open_store(store, read_only=True) as opened:
        from punchclock.reports.queries import ensure_synced

        ensure_synced(opened)
        return build(opened, read_rates(rates_file, opened))


def _live(window, groups: tuple[str, ...], billable: bool | None):
    """A one-level summary from the provider's own summary report (no store needed; no amounts)."""
    from datetime import timedelta

    from punchclock.errors import InvalidInput
    from punchclock.reports.model import Money, Report, Row, Totals

    if len(groups) != 1 or groups[0] not in LIVE_GROUPS:
        raise InvalidInput("--group", f"--live groups by one of {', '.join(LIVE_GROUPS)}")
    provider = STATE.provider()

    def rows_of(group: str) -> list:
        return provider.summary(window.start, window.end, group)

    def seconds(r) -> tuple[int, int]:
        total, bill = int(r.duration / timedelta(seconds=1)), int(r.billable / timedelta(seconds=1))
        return (bill, bill) if billable else (total - bill, 0) if billable is False else (total, bill)

    found = rows_of(groups[0])
    rows = [Row(1, (r.key or "",), (r.name or "",), *seconds(r), r.entries or 0, Money(), Money()) for r in found]
    rows = sorted(rows, key=lambda r: (r.key == "", r.name.lower(), r.key))
    whole = found if groups[0] != "tag" else rows_of("project")  # tags count an entry under each tag
    pairs = [seconds(r) for r in whole]
    totals = Totals(sum(p[0] for p in pairs), sum(p[1] for p in pairs), sum(r.entries or 0 for r in whole))
    return Report(window, groups, tuple(rows), totals, billable=billable)


@command(app, "summary")
def summary(range_: str = RANGE,
            group: str = typer.Option("project", "--group", "-g", help="Up to three of project, client, user, tag, "
                                                                       "task, day, week, month (comma-separated)."),
            billable: bool = BILLABLE, non_billable: bool = NON_BILLABLE, fmt: str = FORMAT, out: Path = OUT,
            store: str = STORE,
            live: bool = typer.Option(False, "--live", help="Ask the provider's own summary report instead of the "
                                                            "store (for people who never sync; no amounts)."),
            rates: Path = RATES, rounding: str = ROUND, week_start: str = WEEK_START,
            sort: str = typer.Option("name", "--sort", help="Rows by name or by duration.")) -> None:
    """Time, billable time, entries and amounts per group, with subtotals and totals.

    Example: punch report summary --range last-month --group client,project --billable --format csv
    """
    from punchclock.reports import summary as build
    from punchclock.reports.queries import check_groups

    window, only = _filters(range_, billable, non_billable, fmt, week_start)
    groups = check_groups(group)
    if live:
        report = _live(window, groups, only)
    else:
        report = _from_store(store, rates, lambda s, r: build(
            s, window.start, window.end, groups, tz=window.tz, week_start=window.week_start, billable=only,
            rounding=rounding, rates=r, sort=sort))
    _emit(report, fmt, out)


@command(app, "detailed")
def detailed(range_: str = RANGE, billable: bool = BILLABLE, non_billable: bool = NON_BILLABLE, fmt: str = FORMAT,
             out: Path = OUT, store: str = STORE,
             live: bool = typer.Option(False, "--live", help="Not available: detailed reports read the store."),
             rates: Path = RATES, rounding: str = ROUND) -> None:
    """Every entry of the range with its user, project, client, task, tags, rate and amount.

    Example: punch report detailed --range 2026-11-01..2026-11-30 --format xlsx --out november.xlsx
    """
    from punchclock.reports import detailed as build

    window, only = _filters(range_, billable, non_billable, fmt, None)
    _no_live(live)
    report = _from_store(store, rates, lambda s, r: build(s, window.start, window.end, tz=window.tz, billable=only,
                                                           rounding=rounding, rates=r))
    _emit(report, fmt, out)


@command(app, "weekly")
def weekly(range_: str = RANGE,
           group: str = typer.Option("project", "--group", "-g", help="Rows: project, client, user, tag or task."),
           billable: bool = BILLABLE, non_billable: bool = NON_BILLABLE, fmt: str = FORMAT, out: Path = OUT,
           store: str = STORE,
           live: bool = typer.Option(False, "--live", help="Not available: weekly grids read the store."),
           rates: Path = RATES, rounding: str = ROUND, week_start: str = WEEK_START) -> None:
    """A timesheet grid: hours per project (or user...) and day.

    Example: punch report weekly --range last-week --group user
    """
    from punchclock.reports import weekly as build
    from punchclock.reports.queries import check_groups

    window, only = _filters(range_, billable, non_billable, fmt, week_start)
    from punchclock.errors import InvalidInput

    groups = check_groups(group)
    if len(groups) != 1:
        raise InvalidInput("--group", "a weekly grid has one group: project, client, user, tag or task")
    _no_live(live)
    report = _from_store(store, rates, lambda s, r: build(s, window.start, window.end, groups[0], tz=window.tz,
                                                           billable=only, rounding=rounding, rates=r))
    _emit(report, fmt, out)


def _no_live(live: bool) -> None:
    from punchclock.errors import InvalidInput

    if live:
        raise InvalidInput("--live", "only `punch report summary` asks the provider live; run `punch sync` for "
                                     "detailed and weekly reports")
