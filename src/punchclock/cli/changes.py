"""Finished work: log, edit and delete entries (one, several by id or ``^N``, or a filter).

Edits show each field before and after; several entries are changed or deleted with the provider's
bulk call; deletes ask with No as the default answer.
"""

from __future__ import annotations

import typer

from punchclock.cli import times
from punchclock.cli.common import DRY_RUN, STATE, YES, command, confirm
from punchclock.cli.output import plural
from punchclock.cli.track import BILLABLE, PICKED, PROJECT, TAG, TASK, ask_missing, describe, fields, matched

app = typer.Typer()
REFS = typer.Argument(None, metavar="[ID|^N]...", help="Entries: ids, ^1 (your latest), ^2 (the one before)...")
RANGE = typer.Option(None, "--range", "-r", help="Instead of ids: all your entries in a range (today, this-week...).")
MATCHING = typer.Option(None, "--matching", help="With --range: only entries whose description contains this.")


@command(app, "log")
def log(description: str = typer.Argument("", help="What you worked on."), project: str = PICKED,
        task: str = TASK, tag: list[str] = TAG, billable: bool = BILLABLE,
        start_at: str = typer.Option(None, "--from", help="Start: 9:30, 3pm, 'yesterday 14:00', 'fri 9:00' or ISO."),
        end_at: str = typer.Option(None, "--to", help="End: 17:00 (the first such moment after --from) or ISO."),
        duration: str = typer.Option(None, "--duration", "-d", help="Length: 1h30m, 90m or 1:30."),
        date: str = times.DATE, long: bool = times.LONG, future: bool = times.FUTURE,
        yes: bool = YES, dry_run: bool = DRY_RUN) -> None:
    """Record work already done: --from and --to, or a --duration (ending --to, or now).

    Example: punch log "Client call" -p acme --from 14:00 --duration 45m --date 2026-11-20
    """
    from punchclock import tracking
    from punchclock.catalog import Catalog
    from punchclock.errors import InvalidInput
    from punchclock.timeutil import parse_span

    now, on = times.now(), times.day(date)
    begin = times.when(start_at, "--from", on=on)
    end = times.when(end_at, "--to", on=on, after=begin if begin and not on else None)
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
            end = end or now
            begin = end - span
    if not begin or not end:
        raise InvalidInput("--from", "give --from and --to, or --duration")
    tracking.check_interval(begin, end, now=now, long=long, future=future)
    typed = fields(description, project, task, tag, billable)
    provider = STATE.provider()
    catalog = Catalog(provider)
    typed = ask_missing(typed, catalog, yes=yes, dry_run=dry_run)
    wanted = typed.resolve(catalog)
    plan = f"log '{description}' from {times.local(begin)} to {times.local(end, '%H:%M')}" + (
        f" on {times.local(end, '%Y-%m-%d')}" if begin.date() != end.date() else "")
    if confirm(plan, yes=yes, dry_run=dry_run, detail=matched(wanted, catalog, typed)):
        entry = tracking.log(provider, typed, start_at=begin, end_at=end, catalog=catalog, now=now, long=long,
                             future=future)
        typer.echo(f"logged {_length(entry)}: " + describe(entry, catalog))


def _length(entry) -> str:
    from punchclock.cli.output import hours
    from punchclock.tracking import elapsed

    return hours(elapsed(entry, STATE.now()).total_seconds())


def chosen(provider, refs: list[str] | None, range_: str | None, matching: str | None) -> list:
    """The entries a command acts on: by ids / ``^N``, or yours in a named range (optionally matching text)."""
    from punchclock import tracking
    from punchclock.errors import InvalidInput, NotFound
    from punchclock.timeutil import named_range

    if refs and range_:
        raise InvalidInput("--range", "give entry ids or --range, not both")
    if range_:
        try:
            first, last = named_range(range_, now=STATE.now(), tz=STATE.zone())
        except ValueError as exc:
            raise InvalidInput("--range", str(exc)) from None
        rows = tracking.entries(provider, start_at=first, end_at=last)
        rows = [e for e in rows if not matching or matching.lower() in e.description.lower()]
        if not rows:
            raise NotFound(f"none of your entries in {range_}" + (f" match {matching[:40]!r}" if matching else ""),
                           status=404)
        return rows
    if matching:
        raise InvalidInput("--matching", "goes with --range")
    if not refs:
        raise InvalidInput("entry", "name entries by id or ^N, or choose them with --range")
    found = {}
    for ref in refs:
        entry = tracking.pick(provider, ref)
        found[entry.id] = entry
    return list(found.values())


def _changes(entry, draft, catalog) -> list[str]:
    """``field: before -> after`` for each field a draft changes (None in a draft: not said)."""
    pairs = [
        ("description", entry.description, draft.description, repr),
        ("project", entry.project_id, draft.project_id, lambda v: catalog.project_name(v) or "(none)"),
        ("task", entry.task_id, draft.task_id, lambda v: catalog.task_name(v) or "(none)"),
        ("tags", entry.tag_ids, draft.tag_ids, lambda v: ", ".join(catalog.tag_names(v)) or "(none)"),
        ("billable", entry.billable, draft.billable, lambda v: "yes" if v else "no"),
        ("start", entry.start, draft.start, lambda v: times.local(v)),
        ("end", entry.end, draft.end, lambda v: times.local(v) if v else "(running)"),
    ]
    lines = []
    for name, before, after, show in pairs:
        if after is None and name != "end":
            continue
        if name in ("project", "task"):
            before, after = before or None, after or None
        if name == "tags":
            before, after = tuple(before or ()), tuple(after)
        if before != after:
            lines.append(f"{name}: {show(before)} -> {show(after)}")
    return lines


@command(app, "edit")
def edit(refs: list[str] = REFS,
         description: str = typer.Option(None, "--description", "-m", help="New description."),
         project: str = PROJECT, task: str = TASK, tag: list[str] = TAG, billable: bool = BILLABLE,
         start_at: str = typer.Option(None, "--from", help="New start (a time alone is on the entry's own day)."),
         end_at: str = typer.Option(None, "--to", help="New end (a time alone is the first such moment after the start)."),
         date: str = times.DATE, clear_tags: bool = typer.Option(False, "--clear-tags", help="Remove every tag."),
         editor: bool = typer.Option(False, "--editor", "-e", help="Edit one entry as TOML in $EDITOR."),
         range_: str = RANGE, matching: str = MATCHING, long: bool = times.LONG,
         yes: bool = YES, dry_run: bool = DRY_RUN) -> None:
    """Change entries; what you do not mention stays as it is. Several entries change in one bulk call.

    Example: punch edit ^1 --to 17:45 -m "Release 1.2"
    """
    from punchclock import tracking
    from punchclock.catalog import Catalog
    from punchclock.errors import InvalidInput

    provider = STATE.provider()
    catalog = Catalog(provider)
    entries = chosen(provider, refs, range_, matching)
    if len(entries) > 1:
        if start_at or end_at or editor:
            raise InvalidInput("--from", "times and --editor change one entry at a time")
        typed = fields(description, project, task, tag, billable)
        wanted = typed.resolve(catalog)
        detail = [f"{describe(e, catalog)}: "
                  + ("; ".join(_changes(e, tracking.edit_draft(e, wanted, clear_tags=clear_tags), catalog))
                     or "no change") for e in entries]
        if confirm(f"change {plural(len(entries), 'entry')}", yes=yes, dry_run=dry_run, detail=detail):
            done = tracking.edit_many(provider, entries, fields=typed, clear_tags=clear_tags, catalog=catalog)
            typer.echo(f"changed {plural(len(done), 'entry')}")
        return
    [entry] = entries
    if editor:
        from punchclock.cli.editing import edit_in_editor

        description, project, task, tag, billable, start_at, end_at, clear_tags = edit_in_editor(entry, catalog)
    typed = fields(description, project, task, tag, billable)
    on = times.day(date) or entry.start.astimezone(STATE.zone()).date()
    begin = times.when(start_at, "--from", on=on)
    end = times.when(end_at, "--to", on=times.day(date), after=None if date else (begin or entry.start))
    draft = tracking.edit_draft(entry, typed.resolve(catalog), start_at=begin, end_at=end, clear_tags=clear_tags,
                                now=times.now(), long=long)
    detail = _changes(entry, draft, catalog)
    if not detail:
        typer.echo(f"nothing to change in {describe(entry, catalog)}")
        return
    if confirm(f"change {describe(entry, catalog)}", yes=yes, dry_run=dry_run, detail=detail):
        done = provider.update_entry(entry, draft)
        typer.echo("changed " + describe(done, catalog))
        for line in detail:
            typer.echo(f"  {line}")


@command(app, "delete")
def delete(refs: list[str] = REFS, range_: str = RANGE, matching: str = MATCHING, yes: bool = YES,
           dry_run: bool = DRY_RUN) -> None:
    """Delete entries (several in one bulk call); the question defaults to No.

    Example: punch delete ^1 ^2 --yes
    """
    from punchclock import tracking
    from punchclock.catalog import Catalog

    provider = STATE.provider()
    catalog = Catalog(provider)
    entries = chosen(provider, refs, range_, matching)
    plan = (f"delete {describe(entries[0], catalog)}" if len(entries) == 1
            else f"delete {plural(len(entries), 'entry')}")
    detail = [describe(e, catalog) for e in entries] if len(entries) > 1 else []
    if confirm(plan, yes=yes, dry_run=dry_run, detail=detail, default=False):
        tracking.delete_many(provider, entries)
        typer.echo(f"deleted {plural(len(entries), 'entry')}" if len(entries) > 1 else f"deleted {entries[0].id}")
