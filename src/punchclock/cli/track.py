"""Timers: start, stop, status, switch, continue, clone, cancel.

Times without a day are the most recent such moment (``stop --at 23:55`` just after midnight is
yesterday's); a start later than now is refused unless ``--future``; a stop that would make an
entry longer than 24 hours is refused unless ``--long``. A timer set to start in the future can
always be left: ``punch stop`` discards it (it has recorded nothing yet).
"""

from __future__ import annotations

import typer

from punchclock.cli import times
from punchclock.cli.common import DRY_RUN, FORMAT, STATE, YES, check_format, command, complete_names, confirm

app = typer.Typer()

PROJECT = typer.Option(None, "--project", "-p", help="Project name, unique prefix or id.",
                       autocompletion=complete_names("projects"))
PICKED = typer.Option(None, "--project", "-p", help="Project name, unique prefix or id (left out on a terminal: "
                      "pick it, and its task, from a list).", autocompletion=complete_names("projects"))
TASK = typer.Option(None, "--task", "-t", help="Task of the project: name, unique prefix or id.",
                    autocompletion=lambda ctx, incomplete: complete_tasks(ctx, incomplete))
TAG = typer.Option(None, "--tag", help="Tag name or id; repeat for several.", autocompletion=complete_names("tags"))
BILLABLE = typer.Option(None, "--billable/--non-billable", help="Billable or not (default: the project's).")


def complete_tasks(ctx, incomplete: str) -> list[str]:
    """Shell completion of the tasks of the project already on the command line."""
    from punchclock.cli.common import quoted

    try:
        from punchclock.catalog import Catalog

        name = ctx.params.get("project")
        if not name:
            return []
        project = Catalog(STATE.provider()).project(name)
        wanted = (incomplete or "").strip("\"'").lower()
        return [quoted(t.name) for t in project.tasks if t.name.lower().startswith(wanted)]
    except Exception:  # completion must never fail loudly
        return []


def fields(description, project, task, tags, billable):
    """What people typed about an entry, as tracking's :class:`~punchclock.tracking.Fields`."""
    from punchclock.tracking import Fields

    return Fields(description=description, project=project, task=task, tags=tuple(tags or ()), billable=billable)


def ask_missing(typed, catalog, *, yes: bool, dry_run: bool):
    """On a terminal, a project left out is picked from a fuzzy list (then its task, if it has any);
    never with ``--yes``, ``--dry-run`` or no terminal, where leaving it out means no project."""
    import os

    from punchclock.cli import picker

    told = yes or dry_run or os.environ.get("PUNCH_YES", "").lower() in ("1", "true", "yes")
    if typed.project or told or not picker.available():
        return typed
    none = _Choice(None, "(no project)")
    projects = [_Choice(p, p.name + (f" ({p.client_name})" if p.client_name else ""))
                for p in catalog.projects if not p.archived]
    project = picker.pick("project", [none, *projects], lambda c: c.label).value
    if project is None:
        return typed
    typed.project = project.id
    tasks = [t for t in project.tasks or () if (t.status or "ACTIVE").upper() != "DONE"]
    if tasks and not typed.task:
        choices = [_Choice(None, "(no task)"), *(_Choice(t, t.name) for t in tasks)]
        task = picker.pick(f"task of {project.name}", choices, lambda c: c.label).value
        typed.task = task.id if task else None
    return typed


class _Choice:
    """A row of a picker: what it stands for and how it reads."""

    def __init__(self, value, label: str):
        self.value, self.label = value, label


def describe(entry, catalog) -> str:
    """One line about an entry: description, project / task, tags, start, id."""
    where = catalog.project_name(entry.project_id)
    task = catalog.task_name(entry.task_id)
    tags = catalog.tag_names(entry.tag_ids)
    parts = [f"'{entry.description}'" if entry.description else "(no description)"]
    if where:
        parts.append(f"on {where}" + (f" / {task}" if task else ""))
    if tags:
        parts.append("[" + ", ".join(tags) + "]")
    return " ".join(parts) + f" from {times.local(entry.start)} (id {entry.id})"


def matched(wanted: dict, catalog, typed) -> list[str]:
    """What the names people typed matched, by full name, for a confirmation."""
    lines = []
    if typed.project and wanted.get("project_id"):
        project = next(p for p in catalog.projects if p.id == wanted["project_id"])
        client = f" (client {project.client_name})" if project.client_name else ""
        lines.append(f"project: {project.name}{client}" + (" [archived]" if project.archived else ""))
    if typed.task and wanted.get("task_id"):
        lines.append(f"task: {catalog.task_name(wanted['task_id'])}")
    if typed.tags and wanted.get("tag_ids"):
        archived = {t.id for t in catalog.tags if t.archived} if not catalog.provider.free_form_tags else set()
        names = catalog.tag_names(wanted["tag_ids"])
        lines.append("tags: " + ", ".join(name + (" [archived]" if tag_id in archived else "")
                                          for tag_id, name in zip(wanted["tag_ids"], names)))
    if wanted.get("billable") is not None:
        lines.append(f"billable: {'yes' if wanted['billable'] else 'no'}")
    return lines


def _elapsed(entry, now=None) -> str:
    from punchclock.cli.output import hours
    from punchclock.tracking import elapsed

    return hours(elapsed(entry, now or STATE.now()).total_seconds())


def _plan(verb: str, typed, at) -> str:
    what = f"'{typed.description}'" if typed.description else "a timer"
    return f"{verb} {what} at {times.local(at)}"


@command(app, "start")
def start(description: str = typer.Argument("", help="What you are working on."), project: str = PICKED,
          task: str = TASK, tag: list[str] = TAG, billable: bool = BILLABLE,
          at: str = typer.Option(None, "--at", help="Start: 9:30, 3pm, 15h30, noon, 'fri 9:00', -15m or ISO."),
          date: str = times.DATE, future: bool = times.FUTURE, yes: bool = YES, dry_run: bool = DRY_RUN) -> None:
    """Start a timer; a running one is stopped at that moment (and named).

    Example: punch start "Fix login bug" -p web -t dev --tag bugfix --at 9:30
    """
    from punchclock import tracking
    from punchclock.catalog import Catalog

    typed, now = fields(description, project, task, tag, billable), times.now()
    moment = times.when(at, "--at", on=times.day(date), prefer="nearest") or now
    tracking.check_interval(moment, None, now=now, future=future, names=("--at", "--at"))
    provider = STATE.provider()
    catalog = Catalog(provider)
    typed = ask_missing(typed, catalog, yes=yes, dry_run=dry_run)
    wanted = typed.resolve(catalog)  # names are checked before asking
    current = tracking.running(provider)
    detail = matched(wanted, catalog, typed)
    if current is not None:
        detail.append(f"stops the running {describe(current, catalog)}")
    if confirm(_plan("start", typed, moment), yes=yes, dry_run=dry_run, detail=detail):
        entry = tracking.start(provider, typed, at=moment, catalog=catalog, now=now, future=future)
        if current is not None:
            typer.echo(f"stopped '{current.description}' after {_elapsed(current, moment)}")
        typer.echo("started " + describe(entry, catalog))


@command(app, "stop")
def stop(at: str = typer.Option(None, "--at", help="Stop time (default now): 17:30, 'yesterday 23:55', -10m."),
         date: str = times.DATE, long: bool = times.LONG, yes: bool = YES, dry_run: bool = DRY_RUN) -> None:
    """Stop the running timer (a timer set to start later is discarded: it has recorded nothing).

    Example: punch stop --at 17:30
    """
    from punchclock import tracking
    from punchclock.catalog import Catalog

    now = times.now()
    moment = times.when(at, "--at", on=times.day(date))
    provider = STATE.provider()
    current = tracking.running(provider)
    if current is None:
        from punchclock.errors import NotFound

        raise NotFound("no timer is running", status=404)
    catalog = Catalog(provider)
    if current.start > now and moment is None:
        if confirm(f"discard the timer {describe(current, catalog)}, which has not started yet", yes=yes,
                   dry_run=dry_run):
            tracking.cancel(provider)
            typer.echo(f"discarded the timer that would have started at {times.local(current.start)}")
        return
    end = moment or now
    _check_stop(current, end, now, long)
    if confirm(f"stop {describe(current, catalog)} at {times.local(end)}", yes=yes, dry_run=dry_run):
        entry = tracking.stop(provider, at=end, now=now, long=long, current=current)
        typer.echo(f"stopped after {_elapsed(entry)}: " + describe(entry, catalog))


def _check_stop(current, end, now, long: bool) -> None:
    """Refuse an end before the timer's start or past 24 hours before asking anything."""
    from punchclock import tracking
    from punchclock.errors import InvalidInput

    if end <= current.start:
        raise InvalidInput("--at", f"{times.local(end)} is not after the timer's start ({times.local(current.start)})")
    tracking.check_interval(current.start, end, now=now, long=long, future=current.start > now,
                            names=("--at", "--at"))


@command(app, "cancel")
def cancel(yes: bool = YES, dry_run: bool = DRY_RUN) -> None:
    """Discard the running timer: nothing is recorded.

    Example: punch cancel --yes
    """
    from punchclock import tracking
    from punchclock.catalog import Catalog
    from punchclock.errors import NotFound

    provider = STATE.provider()
    current = tracking.running(provider)
    if current is None:
        raise NotFound("no timer is running", status=404)
    if confirm(f"discard the running timer {describe(current, Catalog(provider))}", yes=yes, dry_run=dry_run,
               default=False):
        tracking.cancel(provider)
        typer.echo(f"discarded '{current.description}' ({_elapsed(current)} not recorded)")


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
    if current.start > STATE.now():
        typer.echo("set to start later: " + describe(current, Catalog(provider)))
        return
    typer.echo(f"running for {_elapsed(current)}: " + describe(current, Catalog(provider)))


@command(app, "switch")
def switch(description: str = typer.Argument("", help="What you switch to."), project: str = PICKED,
           task: str = TASK, tag: list[str] = TAG, billable: bool = BILLABLE,
           at: str = typer.Option(None, "--at", help="When the switch happened (default now)."),
           date: str = times.DATE, long: bool = times.LONG, yes: bool = YES, dry_run: bool = DRY_RUN) -> None:
    """Stop the running timer and start another at the same moment.

    Example: punch switch "Code review" -p web
    """
    from punchclock import tracking
    from punchclock.catalog import Catalog

    typed, now = fields(description, project, task, tag, billable), times.now()
    moment = times.when(at, "--at", on=times.day(date)) or now
    tracking.check_interval(moment, None, now=now, names=("--at", "--at"))
    provider = STATE.provider()
    catalog = Catalog(provider)
    typed = ask_missing(typed, catalog, yes=yes, dry_run=dry_run)
    wanted = typed.resolve(catalog)
    current = tracking.running(provider)
    detail = matched(wanted, catalog, typed)
    if tracking.switched_already(current, moment, wanted):
        detail.append("that timer is already running (an earlier switch went through): nothing to change")
    elif current is not None:
        _check_stop(current, moment, now, long)
        detail.append(f"stops the running {describe(current, catalog)}")
    if confirm(_plan("switch to", typed, moment), yes=yes, dry_run=dry_run, detail=detail):
        stopped, entry = tracking.switch(provider, typed, at=moment, catalog=catalog, now=now, long=long)
        if stopped is not None:
            typer.echo(f"stopped '{stopped.description}' after {_elapsed(stopped)}")
        typer.echo("switched to " + describe(entry, catalog))


@command(app, "continue")
def continue_(at: str = typer.Option(None, "--at", help="Start time (default now)."), date: str = times.DATE,
              future: bool = times.FUTURE, yes: bool = YES, dry_run: bool = DRY_RUN) -> None:
    """Start a new timer like your most recent finished entry.

    Example: punch continue --at 13:00
    """
    from punchclock import tracking
    from punchclock.catalog import Catalog

    now = times.now()
    moment = times.when(at, "--at", on=times.day(date), prefer="nearest") or now
    tracking.check_interval(moment, None, now=now, future=future, names=("--at", "--at"))
    provider = STATE.provider()
    if confirm(f"continue your last entry at {times.local(moment)}", yes=yes, dry_run=dry_run):
        entry = tracking.continue_last(provider, at=moment, now=now, future=future)
        typer.echo("started " + describe(entry, Catalog(provider)))


@command(app, "clone")
def clone(entry_ref: str = typer.Argument(..., metavar="ID|^N", help="The entry: an id, ^1 (your latest), ^2..."),
          at: str = typer.Option(None, "--at", help="Start time (default now)."), date: str = times.DATE,
          future: bool = times.FUTURE, yes: bool = YES, dry_run: bool = DRY_RUN) -> None:
    """Start a new timer like any entry (same description, project, task, tags, billability).

    Example: punch clone ^3 --at 14:00
    """
    from punchclock import tracking
    from punchclock.catalog import Catalog

    now = times.now()
    moment = times.when(at, "--at", on=times.day(date), prefer="nearest") or now
    tracking.check_interval(moment, None, now=now, future=future, names=("--at", "--at"))
    provider = STATE.provider()
    catalog = Catalog(provider)
    source = tracking.pick(provider, entry_ref)
    if confirm(f"start a timer like {describe(source, catalog)} at {times.local(moment)}", yes=yes,
               dry_run=dry_run):
        entry = tracking.clone(provider, source, at=moment, now=now, future=future)
        typer.echo("started " + describe(entry, catalog))
