"""Everyday tracking: start, stop, status, switch, log, edit, delete, continue, entries."""

from __future__ import annotations

from datetime import datetime, timedelta

import typer

from punchclock.cli.common import DRY_RUN, FORMAT, STATE, YES, check_format, command, complete_names, confirm

app = typer.Typer()

PROJECT = typer.Option(None, "--project", "-p", help="Project name, unique prefix or id.",
                       autocompletion=complete_names("projects"))
TASK = typer.Option(None, "--task", "-t", help="Task of the project: name, unique prefix or id.")
TAG = typer.Option(None, "--tag", help="Tag name or id; repeat for several.", autocompletion=complete_names("tags"))
BILLABLE = typer.Option(None, "--billable/--non-billable", help="Billable or not (default: the project's).")


def _when(text: str | None, date: str | None = None) -> datetime | None:
    from punchclock.errors import InvalidInput
    from punchclock.timeutil import parse_when

    if text is None:
        return None
    value = f"{date} {text}" if date and ":" in text and "T" not in text and "-" not in text else text
    try:
        return parse_when(value, tz=STATE.zone())
    except ValueError as exc:
        raise InvalidInput("time", str(exc)) from None


def _fields(description, project, task, tags, billable):
    from punchclock.tracking import Fields

    return Fields(description=description, project=project, task=task, tags=tuple(tags or ()), billable=billable)


def _describe(entry, catalog) -> str:
    local = entry.start.astimezone(STATE.zone()).strftime("%Y-%m-%d %H:%M")
    where = catalog.project_name(entry.project_id)
    task = catalog.task_name(entry.task_id)
    tags = catalog.tag_names(entry.tag_ids)
    parts = [f"'{entry.description}'" if entry.description else "(no description)"]
    if where:
        parts.append(f"on {where}" + (f" / {task}" if task else ""))
    if tags:
        parts.append("[" + ", ".join(tags) + "]")
    return " ".join(parts) + f" from {local} (id {entry.id})"


def _plan(verb: str, fields, at: datetime | None) -> str:
    what = f"'{fields.description}'" if fields.description else "a timer"
    extra = f" on {fields.project}" if fields.project else ""
    when = f" at {at.astimezone(STATE.zone()):%Y-%m-%d %H:%M}" if at else " now"
    return f"{verb} {what}{extra}{when}"


@command(app, "start")
def start(description: str = typer.Argument("", help="What you are working on."), project: str = PROJECT,
          task: str = TASK, tag: list[str] = TAG, billable: bool = BILLABLE,
          at: str = typer.Option(None, "--at", help="Start time: 9:30, 'yesterday 14:00', -15m or ISO."),
          yes: bool = YES, dry_run: bool = DRY_RUN) -> None:
    """Start a timer (a running one is stopped first).

    Example: punch start "Fix login bug" -p web -t dev --tag bugfix --at 9:30
    """
    from punchclock import tracking
    from punchclock.catalog import Catalog

    fields, when = _fields(description, project, task, tag, billable), _when(at)
    provider = STATE.provider()
    catalog = Catalog(provider)
    fields.resolve(catalog)  # names are checked before asking
    if confirm(_plan("start", fields, when), yes=yes, dry_run=dry_run):
        entry = tracking.start(provider, fields, at=when, catalog=catalog)
        typer.echo("started " + _describe(entry, catalog))


@command(app, "stop")
def stop(at: str = typer.Option(None, "--at", help="Stop time (default now)."), yes: bool = YES,
         dry_run: bool = DRY_RUN) -> None:
    """Stop the running timer.

    Example: punch stop --at 17:30
    """
    from punchclock import tracking
    from punchclock.catalog import Catalog

    when = _when(at)
    provider = STATE.provider()
    current = tracking.running(provider)
    if current is None:
        from punchclock.errors import NotFound

        raise NotFound("no timer is running", status=404)
    catalog = Catalog(provider)
    if confirm(f"stop {_describe(current, catalog)}", yes=yes, dry_run=dry_run):
        entry = tracking.stop(provider, at=when)
        typer.echo(f"stopped after {_elapsed(entry)}: " + _describe(entry, catalog))


def _elapsed(entry) -> str:
    from punchclock.cli.output import hours
    from punchclock.tracking import elapsed

    return hours(elapsed(entry).total_seconds())


@command(app, "status")
def status(fmt: str = FORMAT) -> None:
    """Show the running timer and how long it has run.

    Example: punch status --format json
    """
    import json

    from punchclock import tracking
    from punchclock.catalog import Catalog

    check_format(fmt)
    provider = STATE.provider()
    current = tracking.running(provider)
    if fmt in ("json", "jsonl"):
        typer.echo(json.dumps(current.to_wire() if current else None))
        return
    if current is None:
        typer.echo("no timer is running")
        return
    typer.echo(f"running for {_elapsed(current)}: " + _describe(current, Catalog(provider)))


@command(app, "switch")
def switch(description: str = typer.Argument("", help="What you switch to."), project: str = PROJECT,
           task: str = TASK, tag: list[str] = TAG, billable: bool = BILLABLE,
           at: str = typer.Option(None, "--at", help="When the switch happened (default now)."),
           yes: bool = YES, dry_run: bool = DRY_RUN) -> None:
    """Stop the running timer and start another at the same moment.

    Example: punch switch "Code review" -p web
    """
    from punchclock import tracking
    from punchclock.catalog import Catalog

    fields, when = _fields(description, project, task, tag, billable), _when(at)
    provider = STATE.provider()
    catalog = Catalog(provider)
    fields.resolve(catalog)
    if confirm(_plan("switch to", fields, when), yes=yes, dry_run=dry_run):
        entry = tracking.switch(provider, fields, at=when, catalog=catalog)
        typer.echo("switched to " + _describe(entry, catalog))


@command(app, "log")
def log(description: str = typer.Argument("", help="What you worked on."), project: str = PROJECT,
        task: str = TASK, tag: list[str] = TAG, billable: bool = BILLABLE,
        start_at: str = typer.Option(None, "--from", help="Start: 9:30, 'yesterday 14:00' or ISO."),
        end_at: str = typer.Option(None, "--to", help="End: 17:00, 'yesterday 16:30' or ISO."),
        duration: str = typer.Option(None, "--duration", "-d", help="Length: 1h30m, 90m or 1:30."),
        date: str = typer.Option(None, "--date", help="Day for times like 9:30 (YYYY-MM-DD)."),
        yes: bool = YES, dry_run: bool = DRY_RUN) -> None:
    """Record work already done: --from and --to, or a --duration (ending --to, or now).

    Example: punch log "Client call" -p acme --from 14:00 --duration 45m --date 2026-11-20
    """
    from punchclock import tracking
    from punchclock.catalog import Catalog
    from punchclock.errors import InvalidInput
    from punchclock.timeutil import parse_span

    begin, end = _when(start_at, date), _when(end_at, date)
    span = None
    if duration:
        try:
            span = parse_span(duration)
        except ValueError as exc:
            raise InvalidInput("--duration", str(exc)) from None
    if span and begin and end:
        raise InvalidInput("--duration", "give --from and --to, or a --duration with one of them, not all three")
    if span:
        if begin:
            end = begin + span
        else:
            end = end or _when("now")
            begin = end - span
    if not begin or not end:
        raise InvalidInput("--from", "give --from and --to, or --duration")
    if end <= begin:
        raise InvalidInput("--to", "must be after --from")
    fields = _fields(description, project, task, tag, billable)
    provider = STATE.provider()
    catalog = Catalog(provider)
    fields.resolve(catalog)
    zone = STATE.zone()
    plan = (f"log '{description}' from {begin.astimezone(zone):%Y-%m-%d %H:%M} to {end.astimezone(zone):%H:%M}"
            + (f" on {project}" if project else ""))
    if confirm(plan, yes=yes, dry_run=dry_run):
        entry = tracking.log(provider, fields, start_at=begin, end_at=end, catalog=catalog)
        typer.echo(f"logged {_elapsed(entry)}: " + _describe(entry, catalog))


@command(app, "edit")
def edit(entry_id: str = typer.Argument(..., help="The entry's id."),
         description: str = typer.Option(None, "--description", "-m", help="New description."),
         project: str = PROJECT, task: str = TASK, tag: list[str] = TAG, billable: bool = BILLABLE,
         start_at: str = typer.Option(None, "--from", help="New start."),
         end_at: str = typer.Option(None, "--to", help="New end."),
         clear_tags: bool = typer.Option(False, "--clear-tags", help="Remove every tag."),
         yes: bool = YES, dry_run: bool = DRY_RUN) -> None:
    """Change an entry; what you do not mention stays as it is.

    Example: punch edit 6504507c821027c4d13c61ec --to 17:45 -m "Release 1.2"
    """
    from punchclock import tracking
    from punchclock.catalog import Catalog

    fields = _fields(description, project, task, tag, billable)
    begin, end = _when(start_at), _when(end_at)
    provider = STATE.provider()
    catalog = Catalog(provider)
    fields.resolve(catalog)
    if confirm(f"change entry {entry_id}", yes=yes, dry_run=dry_run):
        entry = tracking.edit(provider, entry_id, fields=fields, start_at=begin, end_at=end, clear_tags=clear_tags,
                              catalog=catalog)
        typer.echo("changed " + _describe(entry, catalog))


@command(app, "delete")
def delete(entry_id: str = typer.Argument(..., help="The entry's id."), yes: bool = YES,
           dry_run: bool = DRY_RUN) -> None:
    """Delete an entry.

    Example: punch delete 6504507c821027c4d13c61ec --yes
    """
    from punchclock.catalog import Catalog

    provider = STATE.provider()
    entry = provider.entry(entry_id)
    if confirm(f"delete {_describe(entry, Catalog(provider))}", yes=yes, dry_run=dry_run):
        provider.delete_entry(entry_id)
        typer.echo(f"deleted {entry_id}")


@command(app, "continue")
def continue_(at: str = typer.Option(None, "--at", help="Start time (default now)."), yes: bool = YES,
              dry_run: bool = DRY_RUN) -> None:
    """Start a new timer like your most recent entry.

    Example: punch continue --at 13:00
    """
    from punchclock import tracking
    from punchclock.catalog import Catalog

    when = _when(at)
    provider = STATE.provider()
    if confirm("continue your last entry" + (f" at {when.astimezone(STATE.zone()):%H:%M}" if when else " now"),
               yes=yes, dry_run=dry_run):
        entry = tracking.continue_last(provider, at=when)
        typer.echo("started " + _describe(entry, Catalog(provider)))


@command(app, "entries")
def entries(start_at: str = typer.Option(None, "--from", help="First day or time (default: start of this week)."),
            end_at: str = typer.Option(None, "--to", help="Last day or time (inclusive day)."),
            range_: str = typer.Option(None, "--range", "-r", help="today, yesterday, this-week, last-week, "
                                                                    "this-month, last-month, last-7-days..."),
            project: str = PROJECT, user: str = typer.Option(None, "--user", "-u", help="Member name, email or id."),
            tag: str = typer.Option(None, "--tag", help="Only entries with this tag."),
            billable: bool = BILLABLE, fmt: str = FORMAT) -> None:
    """List time entries (default: this week) with a total under the table.

    Example: punch entries --range last-week -p web --format csv
    """
    from punchclock import tracking
    from punchclock.catalog import Catalog
    from punchclock.cli.output import Column, collect, hours, render
    from punchclock.errors import InvalidInput
    from punchclock.timeutil import named_range

    check_format(fmt)
    zone = STATE.zone()
    try:
        first, last = named_range(range_ or "this-week", tz=zone)
    except ValueError as exc:
        raise InvalidInput("--range", str(exc)) from None
    if start_at:
        first = _day_or_time(start_at, zone)
    if end_at:
        last = _day_or_time(end_at, zone, end=True)
    if last <= first:
        raise InvalidInput("--to", "must be after --from")
    provider = STATE.provider()
    catalog = Catalog(provider)
    rows = tracking.entries(provider, start_at=first, end_at=last, user=user, project=project, tag=tag,
                            billable=billable, catalog=catalog, collect=lambda pages: collect(pages, "entries"))
    seconds = lambda e: tracking.elapsed(e).total_seconds()
    columns = [
        Column("ID", lambda e: e.id, wrap=False),
        Column("Start", lambda e: e.start.astimezone(zone).strftime("%Y-%m-%d %H:%M"), wrap=False),
        Column("Time", lambda e: hours(seconds(e)) + ("*" if e.running else ""), justify="right"),
        Column("Project", lambda e: catalog.project_name(e.project_id)),
        Column("Task", lambda e: catalog.task_name(e.task_id)),
        Column("Description", lambda e: e.description),
        Column("Tags", lambda e: ", ".join(catalog.tag_names(e.tag_ids))),
        Column("Billable", lambda e: "yes" if e.billable else "no"),
    ]
    total, billable_total = tracking.totals(rows)
    render(rows, columns, fmt, total=f"total {hours(total.total_seconds())} in {len(rows)} entries, "
                                     f"billable {hours(billable_total.total_seconds())}"
           + (" (* running)" if any(e.running for e in rows) else ""))


def _day_or_time(text: str, zone, *, end: bool = False) -> datetime:
    """A bare date means the whole day (``--to`` includes it); anything else is a point in time."""
    try:
        day = datetime.strptime(text, "%Y-%m-%d")
    except ValueError:
        return _when(text)
    start = day.replace(tzinfo=zone)
    return start + timedelta(days=1) if end else start
