"""Everyday tracking as library calls: start, stop, status, switch, log, edit, continue, list.

The ``punch`` command and the dashboard call these with any :class:`~punchclock.providers.base.Provider`;
they take names (or ids) for projects, tasks and tags and turn them into ids through a
:class:`~punchclock.catalog.Catalog`. How a provider writes a change (Clockify replaces every field,
ClockEye patches) is the provider's business.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Iterator

from punchclock.catalog import Catalog
from punchclock.errors import InvalidInput, NotFound
from punchclock.providers.base import Draft, Entry


@dataclass
class Fields:
    """What an entry is about, as people name it."""

    description: str | None = None
    project: str | None = None
    task: str | None = None
    tags: tuple[str, ...] = ()
    billable: bool | None = None

    def resolve(self, catalog: Catalog) -> dict:
        """The ids and values a :class:`Draft` takes (None: not said)."""
        project = catalog.project(self.project) if self.project else None
        if self.task and project is None:
            raise InvalidInput("task", "needs a project (-p) too")
        return {
            "description": self.description,
            "project_id": project.id if project else None,
            "task_id": catalog.task(project, self.task).id if self.task else None,
            "tag_ids": tuple(catalog.tag(t).id for t in self.tags) or None,
            "billable": self.billable if self.billable is not None else (project.billable if project else None),
        }


#: Longest entry taken without ``long=True`` (``--long``): longer ones are usually a forgotten timer.
LONGEST = timedelta(hours=24)


def _now() -> datetime:
    return datetime.now(UTC)


def _clock(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M} UTC" if moment.utcoffset() == timedelta(0) else f"{moment:%Y-%m-%d %H:%M %Z}"


def check_interval(start: datetime, end: datetime | None, *, now: datetime | None = None, long: bool = False,
                   future: bool = False, names: tuple[str, str] = ("--from", "--to")) -> None:
    """Refuse, before any request, an end before its start, a future start or end (unless ``future``)
    and a span over 24 hours (unless ``long``). Messages show moments in the zone they come in and
    name the options (``names``) people typed them with."""
    from punchclock.timeutil import GRACE

    now = (now or _now()).astimezone(start.tzinfo)
    first, last = names
    if end is not None and end <= start:
        raise InvalidInput(last, f"{_clock(end)} is not after the start ({_clock(start)})")
    if not future and start > now + GRACE:
        raise InvalidInput(first, f"{_clock(start)} is in the future (it is {_clock(now)}); "
                                  "pass --future if you mean it, or give the day (yesterday 22:00)")
    if not future and end is not None and end > now + GRACE:
        raise InvalidInput(last, f"{_clock(end)} is in the future (it is {_clock(now)}); pass --future if you mean it")
    if end is not None and end - start > LONGEST and not long:
        raise InvalidInput(last, f"the entry would last {_span(end - start)}, over 24 hours; pass --long if that "
                                 "is right, or give an earlier end")


def _span(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    return f"{minutes // 60}:{minutes % 60:02d}"


def start(provider, fields: Fields, *, at: datetime | None = None, catalog: Catalog | None = None,
          now: datetime | None = None, future: bool = False) -> Entry:
    """Start a timer now (or ``at``, not in the future unless ``future``); a running one is stopped then.
    Run again after a crash, it finds the timer it started instead of starting another."""
    catalog = catalog or Catalog(provider)
    moment = _second(at or now or _now())
    check_interval(moment, None, now=now, future=future, names=("--at", "--at"))
    draft = Draft(start=moment, **fields.resolve(catalog))
    current = provider.running()
    if current is not None and _same(current, draft):
        return current
    return provider.start(draft)


def _second(moment: datetime) -> datetime:
    """Trackers keep whole seconds; so do we, so a rerun compares equal."""
    return moment.replace(microsecond=0)


def _same(entry: Entry, draft: Draft) -> bool:
    """Whether ``entry`` is what ``draft`` would write (a rerun after a crash finds its own write)."""
    return (entry.start == draft.start and entry.end == draft.end
            and (entry.description or "") == (draft.description or "")
            and (entry.project_id or None) == (draft.project_id or None))


def stop(provider, *, at: datetime | None = None, now: datetime | None = None, long: bool = False,
         current: Entry | None = None) -> Entry:
    """Stop the running timer at ``at`` (default now): NotFound when none runs, InvalidInput when the
    end would come before its start or make it longer than 24 hours (unless ``long``)."""
    now = now or _now()
    current = current or provider.running()
    if current is None:
        raise NotFound("no timer is running", status=404)
    end = at or now
    _check_end(current, end, now=now, long=long)
    try:
        return provider.stop(end)
    except NotFound:
        raise NotFound("no timer is running", status=404) from None


def _check_end(current: Entry, end: datetime, *, now: datetime, long: bool) -> None:
    """Refuse an end before the timer's start or one that makes it longer than 24 hours (unless ``long``)."""
    if end <= current.start:
        raise InvalidInput("--at", f"{_clock(end)} is not after the timer's start ({_clock(current.start)})")
    check_interval(current.start, end, now=now, long=long, future=current.start > now, names=("--at", "--at"))


def cancel(provider) -> Entry:
    """Discard the running timer (nothing is recorded); returns what it was."""
    current = provider.running()
    if current is None:
        raise NotFound("no timer is running", status=404)
    provider.delete_entry(current.id)
    return current


def running(provider) -> Entry | None:
    """The running timer or None."""
    return provider.running()


def elapsed(entry: Entry, now: datetime | None = None) -> timedelta:
    """How long an entry has run (or ran); a timer set to start later has run for nothing yet."""
    return max(timedelta(0), entry.elapsed(now or _now()))


def totals(entries: list[Entry], now: datetime | None = None) -> tuple[timedelta, timedelta]:
    """Time and billable time of ``entries`` (running timers count until ``now``)."""
    now = now or _now()
    total = billable = timedelta()
    for entry in entries:
        spent = elapsed(entry, now)
        total += spent
        if entry.billable:
            billable += spent
    return total, billable


def switched_already(current: Entry | None, moment: datetime, wanted: dict) -> bool:
    """Whether the running timer is the one a switch to ``wanted`` at ``moment`` starts (a rerun after a crash)."""
    return current is not None and _same(current, Draft(start=_second(moment), **wanted))


def switch(provider, fields: Fields, *, at: datetime | None = None, catalog: Catalog | None = None,
           now: datetime | None = None, long: bool = False) -> tuple[Entry | None, Entry]:
    """Stop the running timer (if any) and start another at the same moment; returns both.

    Where starting a timer stops the running one (``provider.start_stops_running``) this is one write,
    so a switch killed at any moment leaves a timer running; run again, it finds the timer it started.
    """
    now = now or _now()
    moment = _second(at or now)
    catalog = catalog or Catalog(provider)
    draft = Draft(start=moment, **fields.resolve(catalog))
    check_interval(moment, None, now=now, names=("--at", "--at"))
    current = provider.running()
    if current is not None and _same(current, draft):
        return None, current
    if current is None:
        return None, provider.start(draft)
    if not provider.start_stops_running:
        return stop(provider, at=moment, now=now, long=long, current=current), provider.start(draft)
    _check_end(current, moment, now=now, long=long)
    started = provider.start(draft)
    return replace(current, end=moment), started


def log(provider, fields: Fields, *, start_at: datetime, end_at: datetime, catalog: Catalog | None = None,
        now: datetime | None = None, long: bool = False, future: bool = False) -> Entry:
    """Record finished work from ``start_at`` to ``end_at`` (checked first: see :func:`check_interval`).
    Run again after a crash, it finds the entry it made (one read of that second) instead of making another."""
    check_interval(start_at, end_at, now=now, long=long, future=future)
    catalog = catalog or Catalog(provider)
    draft = Draft(start=_second(start_at), end=_second(end_at), **fields.resolve(catalog))
    for page in provider.entry_pages(draft.start, draft.start + timedelta(seconds=1)):
        for entry in page:
            if _same(entry, draft):
                return entry
    return provider.create_entry(draft)


def edit_draft(entry: Entry, wanted: dict, *, start_at: datetime | None = None, end_at: datetime | None = None,
               clear_tags: bool = False, now: datetime | None = None, long: bool = False) -> Draft:
    """The draft that changes ``entry`` as asked (``wanted``: resolved fields), checked; a new project
    drops the old project's task."""
    wanted = dict(wanted)
    new_start = start_at or entry.start
    new_end = end_at if end_at is not None else entry.end
    if start_at or end_at:
        check_interval(new_start, new_end, now=now, long=long, future=new_start > (now or _now()))
    if clear_tags:
        wanted["tag_ids"] = ()
    if wanted["project_id"] and wanted["project_id"] != entry.project_id and not wanted["task_id"]:
        wanted["task_id"] = ""
    return Draft(start=new_start, end=new_end, **wanted)


def edit(provider, entry: Entry | str, *, fields: Fields, start_at: datetime | None = None,
         end_at: datetime | None = None, clear_tags: bool = False, catalog: Catalog | None = None,
         now: datetime | None = None, long: bool = False) -> Entry:
    """Change some fields of an entry (or an entry id) and keep the rest."""
    entry = provider.entry(entry) if isinstance(entry, str) else entry
    catalog = catalog or Catalog(provider)
    draft = edit_draft(entry, fields.resolve(catalog), start_at=start_at, end_at=end_at, clear_tags=clear_tags,
                       now=now, long=long)
    return provider.update_entry(entry, draft)


def edit_many(provider, entries: list[Entry], *, fields: Fields, clear_tags: bool = False,
              catalog: Catalog | None = None) -> list[Entry]:
    """Give several entries the same fields in one go (the provider's bulk call where it has one)."""
    catalog = catalog or Catalog(provider)
    wanted = fields.resolve(catalog)
    return provider.update_entries([(e, edit_draft(e, wanted, clear_tags=clear_tags)) for e in entries])


def delete_many(provider, entries: list[Entry]) -> None:
    """Delete several entries in one go (the provider's bulk call where it has one)."""
    provider.delete_entries(entries)


def like(entry: Entry, at: datetime) -> Draft:
    """A new timer's draft with ``entry``'s description, project, task, tags and billability."""
    return Draft(start=at, description=entry.description, project_id=entry.project_id, task_id=entry.task_id,
                 tag_ids=entry.tag_ids, billable=entry.billable)


def continue_last(provider, *, at: datetime | None = None, now: datetime | None = None,
                  future: bool = False) -> Entry:
    """Start a new timer like the most recent finished entry."""
    for entry in provider.recent(10):
        if entry.end is not None:
            return clone(provider, entry, at=at, now=now, future=future)
    raise NotFound("there is no earlier entry to continue", status=404)


def clone(provider, entry: Entry, *, at: datetime | None = None, now: datetime | None = None,
          future: bool = False) -> Entry:
    """Start a new timer like ``entry`` (any entry, not only the last)."""
    moment = at or now or _now()
    check_interval(moment, None, now=now, future=future, names=("--at", "--at"))
    return provider.start(like(entry, moment))


def pick(provider, ref: str) -> Entry:
    """The entry ``ref`` names: an id, ``^1`` (your latest entry), ``^2`` (the one before)... or ``last``."""
    text = (ref or "").strip()
    if text == "last":
        text = "^1"
    if text.startswith("^"):
        if not text[1:].isdigit() or int(text[1:]) < 1:
            raise InvalidInput("entry", f"{text[:20]!r}: use ^1 for your latest entry, ^2 for the one before...")
        back = int(text[1:])
        recent = provider.recent(max(10, back))
        if back > len(recent):
            raise NotFound(f"you have only {len(recent)} entries, so there is no {text}", status=404)
        return recent[back - 1]
    try:
        return provider.entry(text)
    except NotFound:
        raise NotFound(f"no entry {text[:40]!r} in this workspace", status=404) from None


def entry_pages(provider, *, start_at: datetime, end_at: datetime, user: str | None = None,
                project: str | None = None, tag: str | None = None, billable: bool | None = None,
                catalog: Catalog | None = None, quick_first: bool = False,
                now: datetime | None = None) -> Iterator[list[Entry]]:
    """Pages of the entries of a user (you by default; ``all``: every active member) that start in
    ``[start_at, end_at)``, newest first per user, filtered; names are resolved before the first page.
    With ``quick_first``, a long listing asks for the week up to ``now`` first (see :func:`first_windows`),
    for a screen that shows rows as they come."""
    catalog = catalog or Catalog(provider)
    project_id = catalog.project(project).id if project else None
    tag_ids = (catalog.tag(tag).id,) if tag else None
    if user and user.strip().lower() == "all":
        people = [u.id for u in catalog.users if (u.status or "ACTIVE").upper() not in ("INACTIVE", "DECLINED")]
    else:
        people = [catalog.user(user).id if user else None]

    def pages() -> Iterator[list[Entry]]:
        for n, user_id in enumerate(people):
            split = quick_first and n == 0
            for first, last in first_windows(start_at, end_at, now=now or _now()) if split else [(start_at, end_at)]:
                for page in provider.entry_pages(first, last, user_id=user_id, project_id=project_id,
                                                 tag_ids=tag_ids):
                    yield [e for e in page if billable is None or e.billable == billable]

    return pages()


#: The newest part of a long listing asked for first, so its rows are on screen while the rest comes.
FIRST_WINDOW = timedelta(days=7)


def first_windows(start_at: datetime, end_at: datetime, *, now: datetime) -> list[tuple[datetime, datetime]]:
    """``[start_at, end_at)`` as the windows to ask for, newest first: a listing longer than four weeks
    starts with the week up to now (one small, quick page), then the rest in full pages (one request more)."""
    split = min(end_at, now) - FIRST_WINDOW
    if end_at - start_at <= 4 * FIRST_WINDOW or not start_at < split:
        return [(start_at, end_at)]
    return [(split, end_at), (start_at, split)]


def entries(provider, **options) -> list[Entry]:
    """Every entry :func:`entry_pages` yields (same options), newest first."""
    rows = [row for page in entry_pages(provider, **options) for row in page]
    if (options.get("user") or "").strip().lower() == "all":
        rows.sort(key=lambda e: e.start, reverse=True)
    return rows
