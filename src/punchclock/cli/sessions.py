"""``punch sessions scan|plan|push|watch|map``: AI coding sessions (Claude Code, Codex) become time entries.

The work is in :mod:`punchclock.sessions`; these commands parse options, call it and print.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

import typer

from punchclock.cli.common import FORMAT, STATE, YES, check_format, command, confirm
from punchclock.cli.output import Column, render

app = typer.Typer(help="Turn AI coding sessions (Claude Code, Codex) into time entries, exactly once.\n\n"
                       "Example: punch sessions plan --since monday", no_args_is_help=True)

SINCE = typer.Option(None, "--since", help="Start of the window: 'monday', '2026-03-01 9:00'... (default: 14 days ago).")
UNTIL = typer.Option(None, "--until", help="End of the window (default: now); segments ending after it wait.")
RULES = typer.Option(None, "--rules", help="Mapping rules file (default: ~/.config/punchclock/sessions.toml).")
IDLE = typer.Option(15, "--idle-gap", help="Minutes without activity that end a segment (1-60).")
POLICY = typer.Option("latest", "--policy", help="Parallel sessions: allow, latest (most recent prompt wins) or split.")
CREATE = typer.Option(False, "--create-projects", help="Create projects the rules name that do not exist.")
SOURCE = typer.Option(None, "--source", help="Only this source: claude or codex (repeat for both).")


def _store():
    from punchclock.sessions.files import state_dir
    from punchclock.sessions.store import Store

    return Store(state_dir() / "store")


def _sources(source: list[str] | None) -> tuple[str, ...]:
    from punchclock.errors import InvalidInput
    from punchclock.sessions.store import SOURCES

    chosen = tuple(source or SOURCES)
    unknown = [s for s in chosen if s not in SOURCES]
    if unknown:
        raise InvalidInput("--source", f"unknown source {unknown[0]!r}; use {', '.join(SOURCES)}")
    return chosen


def _zone(provider):
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if STATE.tz or os.environ.get("PUNCH_TZ"):
        return STATE.zone()
    name = provider.me().timezone
    try:
        return ZoneInfo(name) if name else UTC
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def _when(text: str | None, zone, now: datetime, option: str) -> datetime | None:
    from punchclock.errors import InvalidInput
    from punchclock.timeutil import parse_when

    if not text:
        return None
    try:
        return parse_when(text, tz=zone, now=now)
    except ValueError as exc:
        raise InvalidInput(option, str(exc)) from None


def _options(provider, window, rules, idle_gap, policy, create_projects):
    from punchclock.sessions.activity import ActivitySettings
    from punchclock.sessions.mapping import load_rules
    from punchclock.sessions.push import Options

    zone = _zone(provider)
    since, until = window
    now = _when(until, zone, datetime.now(UTC), "--until") or datetime.now(UTC)
    start = _when(since, zone, now, "--since")
    settings = ActivitySettings(idle_gap=idle_gap * 60, busy_cap=max(120, idle_gap) * 60, zone=zone, policy=policy)
    return Options(now=now, since=start, settings=settings, rules=load_rules(rules), create_projects=create_projects)


def _ledger(provider):
    from punchclock.sessions.files import state_dir
    from punchclock.sessions.ledger import Ledger, ledger_path

    return Ledger(ledger_path(state_dir(), provider.name, provider.workspace_id))


def _plan(window, rules, idle_gap, policy, create_projects):
    from punchclock.sessions.push import prepare

    store = _store()
    store.scan()
    provider = STATE.provider()
    options = _options(provider, window, rules, idle_gap, policy, create_projects)
    ledger = _ledger(provider)
    return provider, ledger, options, store, prepare(provider, store.records(), ledger, options)


def _summary_rows(plan) -> list[dict]:
    rows: dict[tuple[str, str], dict] = {}
    updated = {d.key for d, _ in plan.updates}
    created = {d.key for d in plan.creates}
    for item in plan.desired:
        project = item.target.project or "(unmapped)"
        row = rows.setdefault((item.day, project), {"day": item.day, "project": project, "create": 0, "update": 0,
                                                    "delete": 0, "hours": 0.0})
        row["hours"] += item.hours
        row["create"] += item.key in created
        row["update"] += item.key in updated
    for key, entry in plan.deletes:
        day = entry.start.date().isoformat() if entry.start else "?"
        row = rows.setdefault((day, "(deleted)"), {"day": day, "project": "(deleted)", "create": 0, "update": 0,
                                                  "delete": 0, "hours": 0.0})
        row["delete"] += 1
    for row in rows.values():
        row["hours"] = round(row["hours"], 2)
    return [rows[k] for k in sorted(rows)]


def _print_plan(plan, fmt: str) -> None:
    columns = [Column("Day", lambda r: r["day"]), Column("Project", lambda r: r["project"]),
               Column("Create", lambda r: r["create"], justify="right"),
               Column("Update", lambda r: r["update"], justify="right"),
               Column("Delete", lambda r: r["delete"], justify="right"),
               Column("Hours", lambda r: f"{r['hours']:.2f}", justify="right")]
    rows = _summary_rows(plan)
    render(rows, columns, fmt, total=f"{len(plan.creates)} to create, {len(plan.updates)} to update, "
                                     f"{len(plan.deletes) + len(plan.duplicates)} to delete, {plan.unchanged} unchanged")
    if fmt != "table":
        return
    if plan.unmapped:
        typer.echo(f"unmapped: {len(plan.unmapped)} entries ({sum(d.hours for d in plan.unmapped):.2f} h) have no "
                   f"project; add a rule or a fallback_project (punch sessions map --explain PATH)")
    for name, items in sorted(plan.waiting.items()):
        typer.echo(f"waiting: project {name!r} does not exist ({len(items)} entries, "
                   f"{sum(d.hours for d in items):.2f} h); create it or pass --create-projects")
    if plan.edited or plan.removed:
        typer.echo(f"left alone: {len(plan.edited)} edited and {len(plan.removed)} deleted in the tracker")
    if plan.unsettled:
        typer.echo(f"still open: {len(plan.unsettled)} segments end less than an idle gap ago (next push)")


@command(app, "scan")
def scan(source: list[str] = SOURCE, fmt: str = FORMAT) -> None:
    """Read new transcript lines into the local record and list the sessions found.

    Example: punch sessions scan --source claude
    """
    from punchclock.sessions.activity import ActivitySettings, session_spans

    check_format(fmt)
    store = _store()
    result = store.scan(_sources(source))
    settings = ActivitySettings()
    rows = []
    for record in store.records():
        if record.source not in _sources(source) or not record.seconds:
            continue
        active = sum(b - a for a, b in session_spans(record, settings)) / 3600
        rows.append({"source": record.source, "session": record.session_id,
                     "first": datetime.fromtimestamp(record.first, UTC).isoformat(),
                     "last": datetime.fromtimestamp(record.last, UTC).isoformat(), "active_hours": round(active, 2),
                     "cwd": record.cwd or "", "branch": record.branch or ""})
    columns = [Column("Source", lambda r: r["source"]), Column("Session", lambda r: r["session"][:8]),
               Column("Last", lambda r: r["last"][:16].replace("T", " ")),
               Column("Active h", lambda r: f"{r['active_hours']:.2f}", justify="right"),
               Column("Directory", lambda r: r["cwd"]), Column("Branch", lambda r: r["branch"])]
    render(rows, columns, fmt, total=f"{len(rows)} sessions; {result.read} files read, {result.unchanged} unchanged, "
                                     f"{result.counts.lines} lines, {result.counts.malformed} malformed")
    for failure in result.failed:
        typer.echo(f"unreadable: {failure}", err=True)


@command(app, "plan")
def plan(since: str = SINCE, until: str = UNTIL, rules: str = RULES, idle_gap: int = IDLE, policy: str = POLICY,
         create_projects: bool = CREATE, fmt: str = FORMAT) -> None:
    """Show what a push would create, update and delete, with hours per day and project.

    Example: punch sessions plan --since monday
    """
    check_format(fmt)
    found = _plan((since, until), rules, idle_gap, policy, create_projects)[-1]
    _print_plan(found, fmt)


@command(app, "push")
def push(since: str = SINCE, until: str = UNTIL, rules: str = RULES, idle_gap: int = IDLE, policy: str = POLICY,
         create_projects: bool = CREATE, yes: bool = YES) -> None:
    """Bring the tracker to what the sessions say (the first push only shows its plan unless --yes).

    Example: punch sessions push --yes
    """
    _push((since, until), rules, idle_gap, policy, create_projects, yes, quiet=False)


def _push(window, rules, idle_gap, policy, create_projects, yes: bool, quiet: bool) -> None:
    from punchclock.sessions.push import apply, needs_catalog, prepare

    provider, ledger, options, store, found = _plan(window, rules, idle_gap, policy, create_projects)
    if not quiet:
        _print_plan(found, "table")
    if not ledger.exists and not yes:
        typer.echo("first push: nothing was written; check the plan, then run `punch sessions push --yes`")
        return
    if found.writes == 0 and not (found.adopted or found.edited or found.removed or needs_catalog(found, options)):
        if not quiet:
            typer.echo("nothing to do")
        return
    if not confirm(f"make {found.writes} writes", yes=yes, dry_run=False):
        return
    if needs_catalog(found, options):
        found = prepare(provider, store.records(), ledger, options, create=True)
    done = apply(found, provider, ledger)
    typer.echo(", ".join(f"{n} {what}" for what, n in done.items()))


@command(app, "watch")
def watch(every: int = typer.Option(300, "--every", help="Seconds between pushes."),
          times: int = typer.Option(0, "--times", help="Stop after this many pushes (0: until Ctrl+C)."),
          since: str = SINCE, until: str = UNTIL, rules: str = RULES, idle_gap: int = IDLE, policy: str = POLICY,
          create_projects: bool = CREATE) -> None:
    """Push finished segments as they happen: scan and push every --every seconds (writes without asking).

    Example: punch sessions watch --every 300
    """
    import threading

    from punchclock.errors import InvalidInput

    if every < 0 or times < 0:
        raise InvalidInput("--every", "--every and --times must not be negative")
    pause, done = threading.Event(), 0
    while True:
        _push((since, until), rules, idle_gap, policy, create_projects, True, quiet=True)
        done += 1
        if times and done >= times:
            return
        pause.wait(every)


@command(app, "map")
def map_(explain: str = typer.Option(..., "--explain", help="A directory: show which rule maps it and why."),
         rules: str = RULES) -> None:
    """Show how a directory's sessions would be mapped to a project, task and tags.

    Example: punch sessions map --explain ~/projects/app
    """
    from punchclock.sessions.mapping import load_rules, place_of, resolve

    loaded = load_rules(rules)
    try:
        names = [p.name for p in STATE.provider().projects()]
    except Exception as exc:  # explaining works offline: auto-match is then shown as unknown
        names = []
        typer.echo(f"(projects not loaded: {str(exc).splitlines()[0]})", err=True)
    target = resolve(place_of(explain), loaded, names)
    typer.echo(f"rules: {loaded.source}")
    for step in target.steps:
        typer.echo(step)
