"""Listing entries: ``punch entries`` (any range, any user or everyone) and ``punch today``.

Rows stream to the screen as pages arrive (a long listing asks for its newest week first, so rows
show at once). A table has a subtotal under each local day (per person with ``-u all``) when it
spans more than one, and the total under all. ``--fields`` picks columns, ``--template`` formats each
row for scripts, ``--hours`` chooses ``7:05`` (clock, the table's default) or ``7.08`` (decimal,
the default in CSV; JSON gets an ``hours`` field when asked).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import typer

from punchclock.cli import times
from punchclock.cli.common import FORMAT, STATE, check_format, command
from punchclock.cli.track import BILLABLE, PROJECT

app = typer.Typer()

RANGES = ("today", "yesterday", "this-week", "last-week", "this-month", "last-month", "this-year", "last-7-days",
          "last-30-days")
USER = typer.Option(None, "--user", "-u", help="Member name, email or id; 'all' for everyone (adds a User column).")
FIELDS = typer.Option(None, "--fields", help="Columns to show, comma-separated: id,start,end,time,project...")
TEMPLATE = typer.Option(None, "--template", help="Format each row, e.g. '{start} {time} {description}'.")
HOURS = typer.Option(None, "--hours", help="Durations as clock (7:05) or decimal (7.08).",
                     autocompletion=lambda incomplete: [h for h in ("clock", "decimal") if h.startswith(incomplete)])


def _end(entry, zone) -> str:
    """The end's time of day, with ``+1d`` when it falls on a later day than the start."""
    if entry.end is None:
        return ""
    start, end = entry.start.astimezone(zone), entry.end.astimezone(zone)
    days = (end.date() - start.date()).days
    return f"{end:%H:%M}" + (f" +{days}d" if days else "")


def columns(catalog, style: str, *, everyone: bool) -> list:
    """The columns of an entries listing (a User column when listing everyone's)."""
    from punchclock.cli.output import Column, hours
    from punchclock.tracking import elapsed

    now, zone = STATE.now(), STATE.zone()
    users = {u.id: u.name for u in catalog.users} if everyone else {}
    chosen = [
        Column("ID", lambda e: e.id, wrap=False),
        Column("Start", lambda e: f"{e.start.astimezone(zone):%Y-%m-%d %H:%M}", wrap=False),
        Column("End", lambda e: _end(e, zone), wrap=False),
        Column("Time", lambda e: hours(elapsed(e, now).total_seconds(), style) + ("*" if e.running else ""),
               justify="right", wrap=False),
    ]
    if everyone:
        chosen.append(Column("User", lambda e: users.get(e.user_id, e.user_id)))
    return chosen + [
        Column("Project", lambda e: catalog.project_name(e.project_id)),
        Column("Task", lambda e: catalog.task_name(e.task_id)),
        Column("Description", lambda e: e.description),
        Column("Tags", lambda e: ", ".join(catalog.tag_names(e.tag_ids))),
        Column("Billable", lambda e: "yes" if e.billable else "no", wrap=False),
    ]


def show(first: datetime, last: datetime, *, user, project, tag, billable, fmt, fields, template, hours_style,
         label: str = "total") -> None:
    """List entries that start in ``[first, last)`` in ``fmt``, streaming, with a total under a table."""
    from punchclock import tracking
    from punchclock.catalog import Catalog
    from punchclock.cli.output import HOURS as STYLES
    from punchclock.cli.output import check_template, choose, hours, plural, progress, stream
    from punchclock.errors import InvalidInput

    check_format(fmt)
    if hours_style is not None and hours_style not in STYLES:
        raise InvalidInput("--hours", f"must be clock or decimal, not {hours_style[:20]!r}")
    style = hours_style or ("decimal" if fmt == "csv" else "clock")
    everyone = (user or "").strip().lower() == "all"
    provider = STATE.provider()
    catalog = Catalog(provider)
    every = columns(catalog, style, everyone=everyone)
    shown = choose(every, fields)
    template = check_template(template, every) if template is not None else None
    pages = tracking.entry_pages(provider, start_at=first, end_at=last, user=user, project=project, tag=tag,
                                 billable=billable, catalog=catalog, quick_first=True, now=STATE.now())
    now = STATE.now()

    def wire(entry):
        raw = entry.to_wire()
        if hours_style is None:
            return raw
        return {**raw, "hours": (round(tracking.elapsed(entry, now).total_seconds() / 3600, 4)
                                 if style == "decimal" else hours(tracking.elapsed(entry, now).total_seconds()))}

    def total(rows) -> str:
        spent, billable_time = tracking.totals(rows, now)
        return (f"{label} {hours(spent.total_seconds(), style)} in {plural(len(rows), 'entry')}, "
                f"billable {hours(billable_time.total_seconds(), style)}"
                + (" (* running)" if any(e.running for e in rows) else ""))

    stream(progress(pages, "entries"), shown, fmt, total=total, template=template, wire=wire,
           subtotals=daily(catalog, style, now, everyone=everyone))


def daily(catalog, style: str, now: datetime, *, everyone: bool):
    """Subtotals per local day (in ``--tz``) under a table: an entry counts on the day it starts;
    listing everyone's, per person and day."""
    from punchclock import tracking
    from punchclock.cli.output import Subtotals, hours, plural

    zone = STATE.zone()
    users = {u.id: u.name for u in catalog.users} if everyone else {}

    def key(entry):
        day = entry.start.astimezone(zone).date()
        return (entry.user_id, day) if everyone else (None, day)

    def line(which, rows) -> str:
        user_id, day = which
        spent, billable_time = tracking.totals(rows, now)
        who = f"{users.get(user_id, user_id)}, " if everyone else ""
        return (f"  {who}{day:%a %Y-%m-%d}: {hours(spent.total_seconds(), style)} in {plural(len(rows), 'entry')}, "
                f"billable {hours(billable_time.total_seconds(), style)}")

    return Subtotals(key, line)


@command(app, "entries")
def entries(start_at: str = typer.Option(None, "--from", help="First day or time (default: start of this week)."),
            end_at: str = typer.Option(None, "--to", help="Last day (included) or time."),
            range_: str = typer.Option(None, "--range", "-r", help=", ".join(RANGES) + ".",
                                       autocompletion=lambda incomplete: [r for r in RANGES
                                                                          if r.startswith(incomplete)]),
            project: str = PROJECT, user: str = USER,
            tag: str = typer.Option(None, "--tag", help="Only entries with this tag."),
            billable: bool = BILLABLE, fmt: str = FORMAT, fields: str = FIELDS, template: str = TEMPLATE,
            hours: str = HOURS) -> None:
    """List time entries (default: this week), newest first; a table adds up each day (in --tz) and the total.

    Example: punch entries --range last-week -p web --format csv --hours decimal
    """
    from punchclock.errors import InvalidInput
    from punchclock.timeutil import named_range

    zone = STATE.zone()
    try:
        first, last = named_range(range_ or "this-week", now=STATE.now(), tz=zone)
    except ValueError as exc:
        raise InvalidInput("--range", str(exc)) from None
    if start_at:
        first = _day_or_time(start_at, "--from")
    if end_at:
        last = _day_or_time(end_at, "--to", end=True)
    if last <= first:
        raise InvalidInput("--to", "must be after --from")
    show(first, last, user=user, project=project, tag=tag, billable=billable, fmt=fmt, fields=fields,
         template=template, hours_style=hours)


@command(app, "today")
def today(user: str = USER, fmt: str = FORMAT, fields: str = FIELDS, template: str = TEMPLATE,
          hours: str = HOURS) -> None:
    """Today's entries and how much time they add up to (the running timer included).

    Example: punch today
    """
    from punchclock.timeutil import named_range

    first, last = named_range("today", now=STATE.now(), tz=STATE.zone())
    show(first, last, user=user, project=None, tag=None, billable=None, fmt=fmt, fields=fields, template=template,
         hours_style=hours, label="today")


def _day_or_time(text: str, option: str, *, end: bool = False) -> datetime:
    """A day (``2026-11-20``, ``yesterday``, ``fri``) means the whole day (``--to`` includes it);
    anything else is a point in time."""
    from punchclock.timeutil import parse_day

    try:
        day = parse_day(text, now=STATE.now(), tz=STATE.zone())
    except ValueError:
        return times.when(text, option)
    start = datetime(day.year, day.month, day.day, tzinfo=STATE.zone())
    return start + timedelta(days=1) if end else start
