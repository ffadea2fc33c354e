"""ClockEye behind the provider seam: one implicit workspace, free-form tags (an entry's tags are
names), partial updates, its own timer endpoints and summary report.

What ClockEye's public API does not have (clients, tag lists, groups, tasks of a project, webhooks
managed by API, renaming or deleting projects) keeps the base class's methods, which raise
:class:`~punchclock.errors.Unsupported` naming ClockEye.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Iterator

from punchclock.providers import base
from punchclock.providers.base import Draft, Entry, Provider
from punchclock.providers.clockeye import settings as clockeye_settings
from punchclock.providers.clockeye.client import AsyncClockEye, ClockEye
from punchclock.providers.clockeye.errors import KEY_HELP

WORKSPACE = "clockeye"
"""ClockEye has no workspaces: everything happens in this one implicit workspace."""

PAGE = 200  # ClockEye's largest page


def person(user) -> base.Person:
    """A ClockEye user as a neutral person."""
    return base.Person(user.id, user.to_wire(), name=user.name or "", email=user.email, status=user.status,
                       role=user.role, workspace_id=WORKSPACE, timezone=user.timezone)


def project(row) -> base.Project:
    """A ClockEye project; its rate is a decimal per hour."""
    rate = base.Money(round(row.hourly_rate * 100)) if row.hourly_rate else None
    return base.Project(row.id, row.to_wire(), name=row.name, client_name=row.client_name, billable=row.billable,
                        archived=row.archived, color=row.color, rate=rate)


def entry(row) -> Entry:
    """A ClockEye time entry as a neutral entry (tags by name)."""
    return Entry(row.id, row.to_wire(), start=row.start_time, end=row.end_time, description=row.description or "",
                 project_id=row.project_id, task_id=row.task_id, tag_ids=tuple(row.tags), billable=row.billable,
                 user_id=row.user_id)


class ClockEyeProvider(Provider):
    """ClockEye through :class:`~punchclock.providers.clockeye.client.ClockEye`."""

    name = "clockeye"
    env = clockeye_settings.ENV
    settings = ("auth_scheme",)
    key_help = KEY_HELP
    free_form_tags = True
    start_stops_running = True  # its developer page: starting a timer stops any running one
    workspace_id = WORKSPACE

    def __init__(self, client: ClockEye):
        self.client = client
        self._me: base.Person | None = None

    @classmethod
    def from_profile(cls, profile, *, transport=None) -> "ClockEyeProvider":
        """A provider over a sync client for the profile."""
        return cls(ClockEye(profile.api_key, base_url=profile.base_url, auth_scheme=profile.get("auth_scheme"),
                            transport=transport))

    @classmethod
    def client_class(cls, asynchronous: bool = False) -> type:
        """``ClockEye`` or ``AsyncClockEye``."""
        return AsyncClockEye if asynchronous else ClockEye

    def me(self) -> base.Person:
        """The user behind the key (asked once)."""
        if self._me is None:
            self._me = person(self.client.users.me())
        return self._me

    def settings_in_use(self) -> dict:
        """Base URL and auth scheme of the client (what ``login`` checked and saves)."""
        return {"base_url": self.client.base_url, "auth_scheme": self.client.settings.auth_scheme}

    def workspaces(self) -> list[base.Workspace]:
        """The one implicit workspace."""
        return [base.Workspace(WORKSPACE, {}, name="ClockEye")]

    def users(self) -> list[base.Person]:
        """Members of the organisation."""
        return [person(u) for u in self.client.users.list(per_page=PAGE).to_list()]

    def projects(self) -> list[base.Project]:
        """Every project (ClockEye projects have no task list)."""
        return [project(p) for p in self.client.projects.list(per_page=PAGE).to_list()]

    def create(self, kind: str, name: str, **options) -> base.Record:
        """Create a project (``billable``; a ``client_id`` cannot be given: ClockEye names clients freely)."""
        if kind != "projects":
            raise self.unsupported(f"creating {kind}")
        if options.get("client_id"):
            raise self.unsupported("clients")
        return project(self.client.projects.create(name, billable=options.get("billable")))

    # -- time entries ---------------------------------------------------------------------------
    def entry_pages(self, start: datetime, end: datetime, *, user_id: str | None = None,
                    project_id: str | None = None, tag_ids: tuple[str, ...] | None = None) -> Iterator[list[Entry]]:
        """Pages of entries starting in ``[start, end)``; tags are filtered here (the API has no tag filter)."""
        pager = self.client.time_entries.list(user_id, project_id=project_id, start=start, end=end, per_page=PAGE)
        wanted = set(tag_ids or ())
        for page in pager.pages():
            rows = [entry(row) for row in page]
            yield [e for e in rows if wanted <= set(e.tag_ids)] if wanted else rows

    def recent(self, limit: int = 10) -> list[Entry]:
        """Your latest entries (one request)."""
        return [entry(row) for row in self.client.time_entries.list(per_page=min(limit, PAGE)).first_page()]

    def entry(self, entry_id: str) -> Entry:
        """One entry."""
        return entry(self.client.time_entries.get(entry_id))

    def create_entry(self, draft: Draft) -> Entry:
        """POST an entry (a running timer when it has no end)."""
        return entry(self.client.time_entries.create(
            draft.description or "", start_time=draft.start, end_time=draft.end, project_id=draft.project_id or None,
            task_id=draft.task_id or None, billable=draft.billable,
            tags=list(draft.tag_ids) if draft.tag_ids else None))

    def update_entry(self, current: Entry, draft: Draft) -> Entry:
        """ClockEye's PUT changes only the fields sent. A new project drops a task of the old one on
        the server's side; an empty project id cannot be sent, so clearing a project is left out."""
        changes = {
            "description": draft.description,
            "start_time": draft.start if draft.start != current.start else None,
            "end_time": draft.end if draft.end != current.end else None,
            "project_id": draft.project_id or None, "task_id": draft.task_id or None, "billable": draft.billable,
            "tags": list(draft.tag_ids) if draft.tag_ids is not None else None,
        }
        if all(v is None for v in changes.values()):
            return current
        return entry(self.client.time_entries.update(current.id, **changes))

    def delete_entry(self, entry_id: str) -> None:
        """Delete an entry."""
        self.client.time_entries.delete(entry_id)

    def start(self, draft: Draft) -> Entry:
        """ClockEye's own start endpoint (it stops a running timer at the new start)."""
        return entry(self.client.time_entries.start(
            draft.description, project_id=draft.project_id or None, task_id=draft.task_id or None,
            billable=draft.billable, tags=list(draft.tag_ids) if draft.tag_ids else None, at=draft.start))

    def stop(self, at: datetime) -> Entry:
        """Stop your timer (NotFound when none runs)."""
        return entry(self.client.time_entries.stop(at=at))

    def running(self) -> Entry | None:
        """Your running timer, or None."""
        found = self.client.time_entries.running()
        return entry(found) if found is not None else None

    def summary(self, start: datetime, end: datetime, group_by: str = "project") -> list[base.SummaryRow]:
        """ClockEye's summary report (whole UTC days from ``start`` to the day before ``end``)."""
        report = self.client.reports.summary(start.date(), (end - timedelta(seconds=1)).date(), group_by=group_by)
        return [base.SummaryRow(r.key or "", r.name or "", r.duration, r.billable_duration, r.entries)
                for r in report.rows]

    # -- sync -----------------------------------------------------------------------------------
    def streams(self):
        """ClockEye's sync streams (:mod:`punchclock.providers.clockeye.streams`)."""
        from punchclock.providers.clockeye.streams import stream_set

        return stream_set(self)

    def close(self) -> None:
        """Close connections."""
        self.client.close()
