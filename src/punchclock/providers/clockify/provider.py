"""Clockify behind the provider seam: the client's answers as neutral records, and Clockify's rules
(PUT replaces every field, projects come hydrated with their tasks, archive before delete) kept here
instead of in the callers. Reads take the server's JSON as it is (:func:`~punchclock.http.call.plain`:
no models, about ten times cheaper a row); writes go through the typed models, whose answers are
turned back into JSON (``to_wire``) for the same converters."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Iterator

from punchclock.http.call import plain
from punchclock.providers import base
from punchclock.providers.base import Draft, Entry, Provider
from punchclock.providers.clockify import settings as clockify_settings
from punchclock.providers.clockify.client import AsyncClockify, Clockify
from punchclock.timeutil import duration_of, parse_instant


def _money(rate: dict | None) -> base.Money | None:
    return base.Money(rate["amount"], rate.get("currency")) if rate and rate.get("amount") else None


def person(user: dict) -> base.Person:
    """A Clockify user (its JSON) as a neutral person."""
    zone = (user.get("settings") or {}).get("timeZone")
    return base.Person(user["id"], user, name=user.get("name") or "", email=user.get("email"),
                       status=user.get("status"), workspace_id=user.get("activeWorkspace") or user.get("defaultWorkspace"),
                       timezone=zone)


def task(row: dict) -> base.Task:
    """A Clockify task (its JSON) as a neutral task."""
    return base.Task(row["id"], row, name=row["name"], project_id=row["projectId"], status=row.get("status"),
                     estimate=duration_of(row.get("estimate")) or None, tracked=duration_of(row.get("duration")))


def project(row: dict) -> base.Project:
    """A Clockify project (its JSON, hydrated or not) as a neutral project."""
    return base.Project(row["id"], row, name=row["name"], client_id=row.get("clientId") or None,
                        client_name=row.get("clientName") or None, billable=bool(row.get("billable")),
                        archived=bool(row.get("archived")), color=row.get("color"), rate=_money(row.get("hourlyRate")),
                        tracked=duration_of(row.get("duration")), tasks=tuple(task(t) for t in row.get("tasks") or ()))


def entry(row: dict) -> Entry:
    """A Clockify time entry (its JSON) as a neutral entry."""
    interval = row.get("timeInterval") or {}
    end = interval.get("end")
    return Entry(row["id"], row, start=parse_instant(interval["start"]), end=parse_instant(end) if end else None,
                 description=row.get("description") or "", project_id=row.get("projectId"),
                 task_id=row.get("taskId"), tag_ids=tuple(row.get("tagIds") or ()),
                 billable=bool(row.get("billable")), user_id=row.get("userId"))


def webhook(row) -> base.Webhook:
    """A Clockify webhook as a neutral one."""
    return base.Webhook(row.id, row.to_wire(), name=row.name or "", event=row.webhook_event or "", url=row.url or "",
                        enabled=bool(row.enabled), token=row.auth_token)


def _fields(draft: Draft) -> dict:
    return {"description": draft.description, "project_id": draft.project_id, "task_id": draft.task_id,
            "tag_ids": list(draft.tag_ids) if draft.tag_ids else None, "billable": draft.billable}


def _replacement(current: Entry, draft: Draft) -> dict:
    """Every field of an entry as a PUT must send it: the draft's over the entry's current values."""
    now = {"description": current.description, "project_id": current.project_id, "task_id": current.task_id,
           "tag_ids": list(current.tag_ids) or None, "billable": current.billable}
    wanted = {k: v for k, v in _fields(draft).items() if v is not None}
    wanted.update({k: None for k in ("project_id", "task_id") if getattr(draft, k) == ""})
    if draft.tag_ids == ():
        wanted["tag_ids"] = None
    return {**now, **wanted, "start": draft.start or current.start, "end": draft.end or current.end}


def _by_user(items, value, user=lambda e: e.user_id) -> dict:
    grouped: dict = {}
    for item in items:
        grouped.setdefault(user(item), []).append(value(item))
    return grouped


class ClockifyProvider(Provider):
    """Clockify through :class:`~punchclock.providers.clockify.client.Clockify`."""

    name = "clockify"
    env = clockify_settings.ENV
    settings = clockify_settings.SETTINGS
    key_help = clockify_settings.KEY_HELP

    def __init__(self, client: Clockify, *, start_stops_running: bool = True):
        self.client = client
        self._me: base.Person | None = None
        # Whether a new timer stops the running one is not settled by public evidence (research section 11);
        # the sandbox does, and a profile can say `start_stops_running = false` to stop first instead.
        self.start_stops_running = start_stops_running

    @classmethod
    def from_profile(cls, profile, *, transport=None) -> "ClockifyProvider":
        """A provider over a sync client for the profile; the workspace defaults to the user's active one
        (asked first, so the client and its shared limiter are made for the workspace they serve)."""
        me = None
        if not profile.workspace:
            with Clockify(settings=profile, transport=transport) as asker:
                me = person(plain(asker.user, "me"))
            profile = replace(profile, workspace=me.workspace_id)
        provider = cls(Clockify(settings=profile, transport=transport, user_id=me.id if me else None),
                       start_stops_running=profile.get("start_stops_running") is not False)
        provider._me = me
        return provider

    @classmethod
    def client_class(cls, asynchronous: bool = False) -> type:
        """``Clockify`` or ``AsyncClockify``."""
        return AsyncClockify if asynchronous else Clockify

    @property
    def workspace_id(self) -> str | None:
        """The workspace commands act on."""
        return self.client.workspace_id

    # -- who and where --------------------------------------------------------------------------
    def me(self) -> base.Person:
        """The user behind the key (asked once)."""
        if self._me is None:
            self._me = person(plain(self.client.user, "me"))
            self.client.user_id = self._me.id
        return self._me

    def workspaces(self) -> list[base.Workspace]:
        """Workspaces of the user."""
        return [base.Workspace(w["id"], w, name=w.get("name") or "") for w in plain(self.client.workspaces, "list")]

    def users(self) -> list[base.Person]:
        """Members of the workspace."""
        return [person(u) for u in plain(self.client.users, "list").to_list()]

    def use_workspace(self, workspace_id: str) -> None:
        """Act on another workspace of the user."""
        self.client.workspace_id = workspace_id

    def settings_in_use(self) -> dict:
        """Base URL, Reports URL and workspace of the client (region and subdomain are folded into the URLs)."""
        return {"base_url": self.client.base_url, "reports_url": self.client.reports_url,
                "workspace": self.client.workspace_id}

    # -- the catalog ----------------------------------------------------------------------------
    def projects(self) -> list[base.Project]:
        """Every project with its tasks (hydrated: one request per 5000 projects)."""
        return [project(p) for p in plain(self.client.projects, "list", hydrated=True).to_list()]

    def clients(self) -> list[base.Client]:
        """Every client."""
        return [base.Client(c["id"], c, name=c.get("name") or "", email=c.get("email"), archived=bool(c.get("archived")))
                for c in plain(self.client.clients, "list").to_list()]

    def tags(self) -> list[base.Tag]:
        """Every tag."""
        return [base.Tag(t["id"], t, name=t.get("name") or "", archived=bool(t.get("archived")))
                for t in plain(self.client.tags, "list").to_list()]

    def groups(self) -> list[base.Group]:
        """Every user group."""
        return [base.Group(g["id"], g, name=g.get("name") or "", user_ids=tuple(g.get("userIds") or ()))
                for g in plain(self.client.groups, "list").to_list()]

    def create(self, kind: str, name: str, **options) -> base.Record:
        """Create a project (``client_id``, ``billable``), client, tag or group."""
        if kind == "projects":
            return project(self.client.projects.create(name, **options).to_wire())
        made = self._resource(kind).create(name)
        return {"clients": lambda: base.Client(made.id, made.to_wire(), name=made.name),
                "tags": lambda: base.Tag(made.id, made.to_wire(), name=made.name),
                "groups": lambda: base.Group(made.id, made.to_wire(), name=made.name)}[kind]()

    def rename(self, kind: str, item: base.Record, name: str) -> base.Record:
        """Rename; clients and tags are replaced whole, so their archived flag is sent again."""
        resource = self._resource(kind)
        if kind in ("clients", "tags"):
            made = resource.update(item.id, name=name, archived=item.archived)
        elif kind == "groups":
            made = resource.update(item.id, name)
        else:
            made = resource.update(item.id, name=name)
        return base.Record(made.id, made.to_wire())

    def archive(self, kind: str, item: base.Record) -> None:
        """Archive (Clockify refuses to delete active projects and clients)."""
        if kind == "projects":
            self.client.projects.archive(item.id)
        elif kind in ("clients", "tags"):
            self._resource(kind).update(item.id, name=item.name, archived=True)
        else:
            raise self.unsupported(f"archiving {kind}")

    def delete(self, kind: str, item: base.Record) -> None:
        """Delete a project, client, tag or group."""
        self._resource(kind).delete(item.id)

    def _resource(self, kind: str):
        if kind not in ("projects", "clients", "tags", "groups"):
            raise self.unsupported(kind)
        return getattr(self.client, kind)

    def create_task(self, project: base.Project, name: str) -> base.Task:
        """Add a task to a project."""
        return task(self.client.tasks.create(project.id, name).to_wire())

    def update_task(self, project: base.Project, item: base.Task, *, name: str | None = None,
                    done: bool | None = None) -> base.Task:
        """Rename a task or mark it done (Clockify replaces name and status together)."""
        status = "DONE" if done else ("ACTIVE" if done is False else item.status)
        return task(self.client.tasks.update(project.id, item.id, name=name or item.name, status=status).to_wire())

    def delete_task(self, project: base.Project, item: base.Task) -> None:
        """Delete a task (Clockify wants it done first)."""
        self.client.tasks.delete(project.id, item.id)

    def webhooks(self) -> list[base.Webhook]:
        """The workspace's webhooks."""
        return [webhook(w) for w in self.client.webhooks.list()]

    def create_webhook(self, name: str, url: str, event: str) -> base.Webhook:
        """A webhook for one event of the whole workspace."""
        return webhook(self.client.webhooks.create(name, url, event))

    def update_webhook(self, hook: base.Webhook, *, name: str | None = None, url: str | None = None,
                       event: str | None = None) -> base.Webhook:
        """Replace a webhook's name, URL or event, keeping its trigger source."""
        raw = hook.raw
        return webhook(self.client.webhooks.update(
            hook.id, name or hook.name, url or hook.url, event or hook.event,
            source_type=raw.get("triggerSourceType") or "WORKSPACE_ID", sources=raw.get("triggerSource")))

    def delete_webhook(self, hook: base.Webhook) -> None:
        """Delete a webhook."""
        self.client.webhooks.delete(hook.id)

    # -- time entries ---------------------------------------------------------------------------
    def entry_pages(self, start: datetime, end: datetime, *, user_id: str | None = None,
                    project_id: str | None = None, tag_ids: tuple[str, ...] | None = None) -> Iterator[list[Entry]]:
        """Pages of 5000 entries; Clockify's ``end`` is inclusive, so one second is taken off."""
        pager = plain(self.client.time_entries, "list", user_id, start=start, end=end - timedelta(seconds=1),
                      project_id=project_id, tag_ids=list(tag_ids) if tag_ids else None)
        for page in pager.pages():
            yield [entry(row) for row in page]

    def recent(self, limit: int = 10) -> list[Entry]:
        """Your latest entries (one request)."""
        return [entry(row) for row in plain(self.client.time_entries, "list", size=limit).first_page()]

    def entry(self, entry_id: str) -> Entry:
        """One entry."""
        return entry(plain(self.client.time_entries, "get", entry_id))

    def create_entry(self, draft: Draft) -> Entry:
        """POST an entry; Clockify stops a running timer when a new one starts."""
        return entry(self.client.time_entries.create(start=draft.start, end=draft.end, **_fields(draft)).to_wire())

    def update_entry(self, current: Entry, draft: Draft) -> Entry:
        """Clockify's PUT replaces every field: send the draft over the entry's current values."""
        return entry(self.client.time_entries.update(current.id, **_replacement(current, draft)).to_wire())

    def delete_entry(self, entry_id: str) -> None:
        """Delete an entry."""
        self.client.time_entries.delete(entry_id)

    def delete_entries(self, entries: list[Entry]) -> None:
        """One bulk DELETE per user whose entries these are."""
        for user_id, ids in _by_user(entries, lambda e: e.id).items():
            self.client.time_entries.delete_many(ids, user_id)

    def update_entries(self, changes: list[tuple[Entry, Draft]]) -> list[Entry]:
        """One bulk PUT per user; each entry gets the draft over its current values (PUT replaces all)."""
        done = []
        for user_id, items in _by_user(changes, lambda c: {"id": c[0].id, **_replacement(*c)},
                                       user=lambda c: c[0].user_id).items():
            done += [entry(row.to_wire()) for row in self.client.time_entries.bulk_update(items, user_id)]
        return done

    def stop(self, at: datetime) -> Entry:
        """Stop your running timer (Clockify answers 404 when none runs)."""
        return entry(self.client.time_entries.stop(at=at).to_wire())

    def running(self) -> Entry | None:
        """Your running timer, or None."""
        found = plain(self.client.time_entries, "running")
        return entry(found[0]) if found else None

    # -- reports --------------------------------------------------------------------------------
    def summary(self, start: datetime, end: datetime, group_by: str = "project") -> list[base.SummaryRow]:
        """Clockify's summary report grouped by one field (project, user, client, tag, task, day). Its
        groups carry no billable split, so a second request asks for the billable part alone."""
        group = {"day": "DATE"}.get(group_by, group_by.upper())
        last = end - timedelta(seconds=1)

        def groups(**only) -> dict:
            report = self.client.reports.summary(start, last, groups=(group,), **only)
            return {row.get("_id") or "": row for row in report.get("groupOne") or []}

        every, billable = groups(), groups(billable=True)
        return [base.SummaryRow(key, row.get("name") or "", timedelta(seconds=row.get("duration") or 0),
                                timedelta(seconds=(billable.get(key) or {}).get("duration") or 0))
                for key, row in every.items()]

    # -- sync -----------------------------------------------------------------------------------
    def streams(self):
        """Clockify's sync streams (:mod:`punchclock.providers.clockify.streams`)."""
        from punchclock.providers.clockify.streams import stream_set

        return stream_set(self)

    def close(self) -> None:
        """Close connections."""
        self.client.close()
