"""``punch sync`` (every stream of the provider into a store) and ``punch sql`` (query it, read-only)."""

from __future__ import annotations

import csv
import json
import sys
from datetime import date, datetime
from decimal import Decimal

import typer

from punchclock.cli.common import STATE, command

app = typer.Typer(rich_markup_mode=None)

STORE = typer.Option(None, "--store", "-s", envvar="PUNCHCLOCK_STORE",
                     help="Where the tables live: duckdb:PATH (default: punch.duckdb in the user data "
                          "directory), iceberg:FOLDER (a local Iceberg catalog and warehouse) or "
                          "iceberg:catalog=NAME[,key=value...] (any catalog pyiceberg is configured for).")
SQL_FORMATS = ("table", "csv", "json", "jsonl")


@command(app, "sync")
def sync(streams: list[str] = typer.Option(None, "--streams", help="Only these streams (repeat or comma-separate)."),
         full: bool = typer.Option(False, "--full", help="Read everything again instead of only what changed."),
         plan_only: bool = typer.Option(False, "--plan", help="Print the requests the sync would make, and stop."),
         store: str = STORE,
         budget: int = typer.Option(None, "--budget", min=1,
                                    help="Requests per hour the workspace allows (a free one: 30)."),
         yes: bool = typer.Option(False, "--yes", "-y", help="Go ahead even when the plan needs more than an "
                                                              "hour's budget.")) -> None:
    """Copy every stream (users, projects, tasks, time entries...) into a local store, with the fewest requests.

    The first run reads everything; later runs read only what changed (the change feed, or a look-back
    window), and a killed run resumes where it stopped. On a terminal each stream gets a progress bar.

    Example: punch sync --plan && punch sync --yes
    """
    from punchclock.store import open_store
    from punchclock.sync import Options, make_plan, run
    from punchclock.sync.progress import bars_for

    source = STATE.provider().streams()
    with open_store(store) as opened:
        plan = make_plan(source, opened, streams or None, Options(full=full, budget=budget))
        for line in plan.describe():
            typer.echo(line)
        if plan_only:
            return
        if plan.over_budget():
            from punchclock.cli.common import confirm

            confirm(f"spend {plan.requests} requests, more than the {plan.budget.remaining()} the budget allows "
                    f"this hour", yes=yes, dry_run=False)
        bars = bars_for(sys.stderr)
        if bars is None:
            report = run(plan, opened, progress=_progress)
        else:
            with bars:
                report = run(plan, opened, watcher=bars)
    typer.echo(report.summary())


def _progress(result) -> None:
    c = result.counts
    detail = f"{result.rows} rows (+{c.added} ~{c.changed} -{c.deleted}), {result.requests} requests, " \
             f"{result.seconds:.1f} s" if result.mode not in ("skip", "unavailable") else result.note
    typer.echo(f"{result.stream:<24} {result.mode:<11} {detail}")


@command(app, "sql")
def sql(query: str = typer.Argument(..., help="One SQL query (the store is opened read-only)."),
        store: str = STORE,
        fmt: str = typer.Option("table", "--format", "-o", help="Output: table, csv, json or jsonl.")) -> None:
    """Query the synced tables read-only: the neutral views entries, projects, users, clients, tags, tasks,
    and each provider's own tables (clockify.time_entries...).

    Example: punch sql "select user_id, sum(duration_seconds)/3600 as hours from entries group by 1"
    """
    from punchclock.errors import InvalidInput
    from punchclock.store import open_store

    if fmt not in SQL_FORMATS:
        raise InvalidInput("--format", f"must be one of {', '.join(SQL_FORMATS)}, not {fmt!r}")
    with open_store(store, read_only=True) as opened:
        names, rows = opened.query(query)
    _render(names, rows, fmt)


def _plain(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def _render(names: list[str], rows: list[tuple], fmt: str) -> None:
    out = sys.stdout
    if fmt == "json":
        json.dump([{n: _plain(v) for n, v in zip(names, row)} for row in rows], out, default=str, indent=2)
        out.write("\n")
    elif fmt == "jsonl":
        for row in rows:
            out.write(json.dumps({n: _plain(v) for n, v in zip(names, row)}, default=str) + "\n")
    elif fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(names)
        writer.writerows([["" if v is None else _plain(v) for v in row] for row in rows])
    else:
        cells = [[("" if v is None else str(_plain(v))) for v in row] for row in rows]
        widths = [min(60, max([len(n)] + [len(r[i]) for r in cells])) for i, n in enumerate(names)]
        out.write("  ".join(n.ljust(w) for n, w in zip(names, widths)).rstrip() + "\n")
        for row in cells:
            out.write("  ".join(c[:w].ljust(w) for c, w in zip(row, widths)).rstrip() + "\n")
        out.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")
