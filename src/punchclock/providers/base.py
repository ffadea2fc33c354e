"""The provider seam: what everything above ``providers/`` (tracking, catalog, CLI, sync, sessions,
reports, dashboard) may ask of a time tracker, in one vocabulary.

A provider package (``providers/clockify``, ``providers/clockeye``...) subclasses :class:`Provider`
and turns its own API into these neutral records. A capability the provider lacks keeps the base
method, which raises :class:`~punchclock.errors.Unsupported` naming the provider, so callers need
no provider checks. Each record keeps the provider's own JSON in ``raw`` (what ``--format json``
prints), so nothing the API said is lost on the way up.

The registry (:mod:`punchclock.providers.registry`) builds a provider from a profile; nothing else
above ``providers/`` imports a provider's package.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, ClassVar, Iterator

from punchclock.errors import Unsupported


@dataclass(frozen=True)
class Record:
    """Base of the neutral records: ``raw`` is the provider's own JSON of the thing."""

    id: str
    raw: dict = field(default_factory=dict, repr=False, compare=False)

    def to_wire(self) -> dict:
        """The provider's own JSON (what machine-readable output shows)."""
        return self.raw


@dataclass(frozen=True)
class Money:
    """An amount in cents and its currency."""

    cents: int
    currency: str | None = None

    def __str__(self) -> str:
        return f"{self.cents / 100:.2f} {self.currency or ''}".strip()


@dataclass(frozen=True)
class Person(Record):
    """A user of the tracker."""

    name: str = ""
    email: str | None = None
    status: str | None = None
    role: str | None = None
    workspace_id: str | None = None
    timezone: str | None = None


@dataclass(frozen=True)
class Workspace(Record):
    """A workspace (providers without workspaces present one)."""

    name: str = ""


@dataclass(frozen=True)
class Task(Record):
    """A task of a project."""

    name: str = ""
    project_id: str | None = None
    status: str | None = None
    estimate: timedelta | None = None
    tracked: timedelta | None = None


@dataclass(frozen=True)
class Project(Record):
    """A project, with its tasks where the provider has them."""

    name: str = ""
    client_id: str | None = None
    client_name: str | None = None
    billable: bool = False
    archived: bool = False
    color: str | None = None
    rate: Money | None = None
    tracked: timedelta | None = None
    tasks: tuple[Task, ...] = ()


@dataclass(frozen=True)
class Client(Record):
    """A client (customer)."""

    name: str = ""
    email: str | None = None
    archived: bool = False


@dataclass(frozen=True)
class Tag(Record):
    """A tag."""

    name: str = ""
    archived: bool = False


@dataclass(frozen=True)
class Group(Record):
    """A group of users."""

    name: str = ""
    user_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Webhook(Record):
    """A webhook: one event to one URL, signed with ``token``."""

    name: str = ""
    event: str = ""
    url: str = ""
    enabled: bool = True
    token: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Entry(Record):
    """A time entry; ``end`` is None while its timer runs."""

    start: datetime | None = None
    end: datetime | None = None
    description: str = ""
    project_id: str | None = None
    task_id: str | None = None
    tag_ids: tuple[str, ...] = ()
    billable: bool = False
    user_id: str | None = None

    @property
    def running(self) -> bool:
        """Whether the timer still runs."""
        return self.end is None

    def elapsed(self, now: datetime) -> timedelta:
        """How long the entry ran (or has run, until ``now``)."""
        return (self.end or now) - self.start


@dataclass(frozen=True)
class Draft:
    """What an entry should say; ``end`` None starts a timer. Fields left None keep their values in an
    update; ``""`` for ``project_id``/``task_id`` and ``()`` for ``tag_ids`` clear them."""

    start: datetime
    end: datetime | None = None
    description: str | None = None
    project_id: str | None = None
    task_id: str | None = None
    tag_ids: tuple[str, ...] | None = None
    billable: bool | None = None


@dataclass(frozen=True)
class SummaryRow:
    """One group of a summary: its key and name, time and billable time."""

    key: str
    name: str
    duration: timedelta
    billable: timedelta
    entries: int | None = None


class Provider:
    """A time tracker as punchclock sees it. Subclasses override what their API can do."""

    #: The registry name (``clockify``, ``clockeye``).
    name: ClassVar[str] = "provider"
    #: Environment variables of the provider's settings, by setting name (``api_key``...).
    env: ClassVar[dict[str, str]] = {}
    #: Settings a profile may hold for this provider beyond the neutral ones.
    settings: ClassVar[tuple[str, ...]] = ()
    #: Where people create an API key, for error messages.
    key_help: ClassVar[str] = ""
    #: Whether entries carry tags by name with no tag list to choose from (any name is a tag).
    free_form_tags: ClassVar[bool] = False
    #: Whether starting a timer stops the running one on the server (then a switch is one write).
    start_stops_running: bool = False

    workspace_id: str | None = None

    @classmethod
    def from_profile(cls, profile, *, transport=None) -> "Provider":
        """A ready provider for a :class:`~punchclock.config.Profile` (``transport``: an httpx transport)."""
        raise NotImplementedError

    @classmethod
    def client_class(cls, asynchronous: bool = False) -> type:
        """The provider's own typed client class, sync or async."""
        raise NotImplementedError

    def unsupported(self, what: str) -> Unsupported:
        """The error for a capability this provider lacks."""
        return Unsupported(self.name, what)

    # -- who and where --------------------------------------------------------------------------
    def me(self) -> Person:
        """The user behind the key."""
        raise self.unsupported("current user")

    def workspaces(self) -> list[Workspace]:
        """Workspaces the user belongs to."""
        raise self.unsupported("workspaces")

    def users(self) -> list[Person]:
        """Members of the workspace."""
        raise self.unsupported("users")

    def use_workspace(self, workspace_id: str) -> None:
        """Act on another of the user's workspaces from now on."""
        raise self.unsupported("workspaces")

    def settings_in_use(self) -> dict:
        """The connection settings this provider actually uses (what ``login`` checked and saves)."""
        return {"workspace": self.workspace_id}

    # -- the catalog ----------------------------------------------------------------------------
    def projects(self) -> list[Project]:
        """Every project, tasks included where the provider has them."""
        raise self.unsupported("projects")

    def clients(self) -> list[Client]:
        """Every client."""
        raise self.unsupported("clients")

    def tags(self) -> list[Tag]:
        """Every tag."""
        raise self.unsupported("tags")

    def groups(self) -> list[Group]:
        """Every user group."""
        raise self.unsupported("user groups")

    def create(self, kind: str, name: str, **options: Any) -> Record:
        """Create a project, client, tag or group (``options``: ``client_id``, ``billable`` for projects)."""
        raise self.unsupported(f"creating {kind}")

    def rename(self, kind: str, item: Record, name: str) -> Record:
        """Rename a project, client, tag or group."""
        raise self.unsupported(f"renaming {kind}")

    def archive(self, kind: str, item: Record) -> None:
        """Archive a project, client or tag."""
        raise self.unsupported(f"archiving {kind}")

    def delete(self, kind: str, item: Record) -> None:
        """Delete a project, client, tag or group."""
        raise self.unsupported(f"deleting {kind}")

    def create_task(self, project: Project, name: str) -> Task:
        """Add a task to a project."""
        raise self.unsupported("tasks")

    def update_task(self, project: Project, task: Task, *, name: str | None = None, done: bool | None = None) -> Task:
        """Rename a task or mark it done."""
        raise self.unsupported("tasks")

    def delete_task(self, project: Project, task: Task) -> None:
        """Delete a task."""
        raise self.unsupported("tasks")

    def webhooks(self) -> list[Webhook]:
        """Webhooks of the workspace (with their signing tokens)."""
        raise self.unsupported("webhooks")

    def create_webhook(self, name: str, url: str, event: str) -> Webhook:
        """A new webhook for one event."""
        raise self.unsupported("webhooks")

    def update_webhook(self, hook: Webhook, *, name: str | None = None, url: str | None = None,
                       event: str | None = None) -> Webhook:
        """Change a webhook's name, URL or event."""
        raise self.unsupported("webhooks")

    def delete_webhook(self, hook: Webhook) -> None:
        """Delete a webhook."""
        raise self.unsupported("webhooks")

    # -- time entries ---------------------------------------------------------------------------
    def entry_pages(self, start: datetime, end: datetime, *, user_id: str | None = None,
                    project_id: str | None = None, tag_ids: tuple[str, ...] | None = None) -> Iterator[list[Entry]]:
        """Entries that start in ``[start, end)``, newest first, a page at a time (you by default)."""
        raise self.unsupported("time entries")

    def recent(self, limit: int = 10) -> list[Entry]:
        """Your latest entries, newest first."""
        raise self.unsupported("time entries")

    def entry(self, entry_id: str) -> Entry:
        """One entry by id (NotFound when there is none)."""
        raise self.unsupported("time entries")

    def create_entry(self, draft: Draft) -> Entry:
        """A new entry (a running timer when ``draft.end`` is None)."""
        raise self.unsupported("creating time entries")

    def update_entry(self, entry: Entry, draft: Draft) -> Entry:
        """Make ``entry`` say what ``draft`` says; fields the draft leaves None keep their values."""
        raise self.unsupported("updating time entries")

    def delete_entry(self, entry_id: str) -> None:
        """Delete an entry."""
        raise self.unsupported("deleting time entries")

    def delete_entries(self, entries: list[Entry]) -> None:
        """Delete several entries (one by one unless the provider has a bulk call)."""
        for item in entries:
            self.delete_entry(item.id)

    def update_entries(self, changes: list[tuple[Entry, Draft]]) -> list[Entry]:
        """Apply several ``(entry, draft)`` updates (one by one unless the provider has a bulk call)."""
        return [self.update_entry(item, draft) for item, draft in changes]

    def start(self, draft: Draft) -> Entry:
        """Start a timer at ``draft.start``; a running one is stopped at that moment."""
        return self.create_entry(draft)

    def stop(self, at: datetime) -> Entry:
        """Stop the running timer at ``at`` (NotFound when none runs)."""
        raise self.unsupported("timers")

    def running(self) -> Entry | None:
        """The running timer, or None."""
        raise self.unsupported("timers")

    # -- reports --------------------------------------------------------------------------------
    def summary(self, start: datetime, end: datetime, group_by: str = "project") -> list[SummaryRow]:
        """Totals per project (or user, day...) of entries in ``[start, end)``, computed by the provider."""
        raise self.unsupported("summary reports")

    # -- sync -----------------------------------------------------------------------------------
    def streams(self):
        """What ``punch sync`` copies: a :class:`punchclock.sync.streams.StreamSet` of the provider's
        streams (declared as data), its change feed and its request pacing."""
        raise self.unsupported("sync")

    # -- lifecycle ------------------------------------------------------------------------------
    def close(self) -> None:
        """Close connections."""

    def __enter__(self) -> "Provider":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
