"""Everyday tracking as library calls: start, stop, status, switch, log, edit, continue, list.

The ``punch`` command and the dashboard call these with any :class:`~punchclock.providers.base.Provider`;
they take names (or ids) for projects, tasks and tags and turn them into ids through a
:class:`~punchclock.catalog.Catalog`. How a provider writes a change (Clockify replaces every field,
ClockEye patches) is the provider's business.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

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


def _now() -> datetime:
    return datetime.now(UTC)


def start(provider, fields: Fields, *, at: datetime | None = None, catalog: Catalog | None = None) -> Entry:
    """Start a timer now (or ``at``); a running one is stopped at that moment."""
    catalog = catalog or Catalog(provider)
    return provider.start(Draft(start=at or _now(), **fields.resolve(catalog)))


def stop(provider, *, at: datetime | None = None) -> Entry:
    """Stop the running timer; NotFound with a plain message when none runs."""
    try:
        return provider.stop(at or _now())
    except NotFound:
        raise NotFound("no timer is running", status=404) from None


def running(provider) -> Entry | None:
    """The running timer or None."""
    return provider.running()


def elapsed(entry: Entry, now: datetime | None = None) -> timedelta:
    """How long an entry has run (or ran)."""
    return entry.elapsed(now or _now())


def totals(entries: list[Entry], now: datetime | None = None) -> tuple[timedelta, timedelta]:
    """Time and billable time of ``entries`` (running timers count until ``now``)."""
    now = now or _now()
    total = billable = timedelta()
    for entry in entries:
        spent = entry.elapsed(now)
        total += spent
        if entry.billable:
            billable += spent
    return total, billable


def switch(provider, fields: Fields, *, at: datetime | None = None, catalog: Catalog | None = None) -> Entry:
    """Start another timer at the same moment the running one (if any) stops."""
    moment = at or _now()
    if provider.running() is not None:
        stop(provider, at=moment)
    return start(provider, fields, at=moment, catalog=catalog)


def log(provider, fields: Fields, *, start_at: datetime, end_at: datetime, catalog: Catalog | None = None) -> Entry:
    """Record finished work from ``start_at`` to ``end_at``."""
    if end_at <= start_at:
        raise InvalidInput("end", "must be after the start")
    catalog = catalog or Catalog(provider)
    return provider.create_entry(Draft(start=start_at, end=end_at, **fields.resolve(catalog)))


def edit(provider, entry_id: str, *, fields: Fields, start_at: datetime | None = None,
         end_at: datetime | None = None, clear_tags: bool = False, catalog: Catalog | None = None) -> Entry:
    """Change some fields of an entry and keep the rest; a new project drops the old project's task."""
    entry = provider.entry(entry_id)
    catalog = catalog or Catalog(provider)
    wanted = fields.resolve(catalog)
    new_start = start_at or entry.start
    new_end = end_at if end_at is not None else entry.end
    if new_end is not None and new_end < new_start:
        raise InvalidInput("end", "must not be before the start")
    if clear_tags:
        wanted["tag_ids"] = ()
    if wanted["project_id"] and wanted["project_id"] != entry.project_id and not wanted["task_id"]:
        wanted["task_id"] = ""
    return provider.update_entry(entry, Draft(start=new_start, end=new_end, **wanted))


def continue_last(provider, *, at: datetime | None = None) -> Entry:
    """Start a new timer like the most recent finished entry."""
    for entry in provider.recent(10):
        if entry.end is not None:
            return provider.start(Draft(start=at or _now(), description=entry.description,
                                        project_id=entry.project_id, task_id=entry.task_id,
                                        tag_ids=entry.tag_ids, billable=entry.billable))
    raise NotFound("there is no earlier entry to continue", status=404)


def entries(provider, *, start_at: datetime, end_at: datetime, user: str | None = None, project: str | None = None,
            tag: str | None = None, billable: bool | None = None, catalog: Catalog | None = None,
            collect=lambda pages: [row for page in pages for row in page]) -> list[Entry]:
    """Entries of a user (you by default) that start in ``[start_at, end_at)``, newest first, filtered.

    ``collect`` gathers the pages (the CLI passes one that shows progress).
    """
    catalog = catalog or Catalog(provider)
    user_id = catalog.user(user).id if user else None
    project_id = catalog.project(project).id if project else None
    tag_ids = (catalog.tag(tag).id,) if tag else None
    pages = provider.entry_pages(start_at, end_at, user_id=user_id, project_id=project_id, tag_ids=tag_ids)
    return [e for e in collect(pages) if billable is None or e.billable == billable]
