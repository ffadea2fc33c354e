"""Everyday tracking as library calls: start, stop, status, switch, log, edit, continue, list.

The ``punch`` command and the dashboard call these; they take names (or ids) for projects,
tasks and tags and turn them into ids through a :class:`~punchclock.catalog.Catalog`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from punchclock.catalog import Catalog
from punchclock.errors import InvalidInput, NotFound


@dataclass
class Fields:
    """What an entry is about, as people name it."""

    description: str | None = None
    project: str | None = None
    task: str | None = None
    tags: tuple[str, ...] = ()
    billable: bool | None = None

    def resolve(self, catalog: Catalog) -> dict:
        """The ids and values the API wants."""
        out: dict = {"description": self.description}
        project = catalog.project(self.project) if self.project else None
        if self.task and project is None:
            raise InvalidInput("task", "needs a project (-p) too")
        out["project_id"] = project.id if project else None
        out["task_id"] = catalog.task(project, self.task).id if self.task else None
        out["tag_ids"] = [catalog.tag(t).id for t in self.tags] or None
        out["billable"] = self.billable if self.billable is not None else (project.billable if project else None)
        return out


def _now() -> datetime:
    return datetime.now(UTC)


def start(client, fields: Fields, *, at: datetime | None = None, catalog: Catalog | None = None):
    """Start a timer now (or ``at``); Clockify stops a running one first."""
    catalog = catalog or Catalog(client)
    return client.time_entries.create(start=at or _now(), **fields.resolve(catalog))


def stop(client, *, at: datetime | None = None):
    """Stop the running timer; NotFound with a plain message when none runs."""
    try:
        return client.time_entries.stop(at=at or _now())
    except NotFound:
        raise NotFound("no timer is running", status=404) from None


def running(client):
    """The running timer or None."""
    found = client.time_entries.running()
    return found[0] if found else None


def elapsed(entry, now: datetime | None = None) -> timedelta:
    """How long an entry has run (or ran)."""
    interval = entry.time_interval
    return (interval.end or now or _now()) - interval.start


def switch(client, fields: Fields, *, at: datetime | None = None, catalog: Catalog | None = None):
    """Stop the running timer (if any) and start another at the same moment."""
    moment = at or _now()
    if running(client) is not None:
        stop(client, at=moment)
    return start(client, fields, at=moment, catalog=catalog)


def log(client, fields: Fields, *, start_at: datetime, end_at: datetime, catalog: Catalog | None = None):
    """Record finished work from ``start_at`` to ``end_at``."""
    if end_at <= start_at:
        raise InvalidInput("end", "must be after the start")
    catalog = catalog or Catalog(client)
    return client.time_entries.create(start=start_at, end=end_at, **fields.resolve(catalog))


def edit(client, entry_id: str, *, fields: Fields, start_at: datetime | None = None, end_at: datetime | None = None,
         clear_tags: bool = False, catalog: Catalog | None = None):
    """Change some fields of an entry and keep the rest (Clockify's PUT replaces everything)."""
    entry = client.time_entries.get(entry_id)
    catalog = catalog or Catalog(client)
    changes = {k: v for k, v in fields.resolve(catalog).items() if v is not None}
    if fields.description is not None:
        changes["description"] = fields.description
    new_start = start_at or entry.time_interval.start
    new_end = end_at if end_at is not None else entry.time_interval.end
    if new_end is not None and new_end < new_start:
        raise InvalidInput("end", "must not be before the start")
    current = {"description": entry.description, "project_id": entry.project_id, "task_id": entry.task_id,
               "tag_ids": entry.tag_ids, "billable": entry.billable}
    if clear_tags:
        current["tag_ids"] = None
    if "project_id" in changes and changes["project_id"] != entry.project_id and "task_id" not in changes:
        current["task_id"] = None
    merged = {**current, **changes}
    return client.time_entries.update(entry_id, start=new_start, end=new_end, **merged)


def continue_last(client, *, at: datetime | None = None):
    """Start a new timer like the most recent finished entry."""
    for entry in client.time_entries.list(size=10).first_page():
        if entry.time_interval.end is not None:
            return client.time_entries.create(
                start=at or _now(), description=entry.description, project_id=entry.project_id,
                task_id=entry.task_id, tag_ids=entry.tag_ids, billable=entry.billable)
    raise NotFound("there is no earlier entry to continue", status=404)


def entries(client, *, start_at: datetime, end_at: datetime, user: str | None = None, project: str | None = None,
            tag: str | None = None, billable: bool | None = None, catalog: Catalog | None = None,
            collect=lambda pages: [row for page in pages for row in page]):
    """Entries of a user (you by default) in ``[start_at, end_at)``, newest first, filtered.

    ``collect`` gathers the pages (the CLI passes one that shows progress).
    """
    catalog = catalog or Catalog(client)
    user_id = catalog.user(user).id if user else None
    project_id = catalog.project(project).id if project else None
    tag_ids = [catalog.tag(tag).id] if tag else None
    pager = client.time_entries.list(user_id, start=start_at, end=end_at - timedelta(seconds=1),
                                     project_id=project_id, tag_ids=tag_ids)
    return [e for e in collect(pager.pages()) if billable is None or e.billable == billable]
