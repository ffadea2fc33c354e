"""The ClockEye sandbox backend: state plus ClockEye's rules, with no HTTP in it.

Access, users, projects and screenshots are here; time entries and timers hang off it as
``backend.entries`` (:mod:`~punchclock.sandbox.clockeye.entries`) and the summary report as
``backend.reports`` (:mod:`~punchclock.sandbox.clockeye.reports`). Routes call these; tests may
call them directly to arrange state.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable

from punchclock.sandbox.clockeye import errors, fields
from punchclock.sandbox.clockeye.state import IdFactory, Screenshot, State

ADMINS = ("owner", "admin")
PALETTE = ["#2196F3", "#4CAF50", "#FF9800", "#9C27B0", "#F44336", "#009688", "#795548", "#607D8B"]


@dataclass
class Caller:
    """Who is calling: the user behind the key, and the key (what limits are counted by)."""

    user: dict
    key: str

    @property
    def id(self) -> str:
        """The calling user's id."""
        return self.user["id"]

    @property
    def is_admin(self) -> bool:
        """Owners and admins may see and change everyone's data."""
        return self.user["role"] in ADMINS


class ClockEyeBackend:
    """State and rules of a fake ClockEye; ``reset()`` restores the seeded data."""

    def __init__(self, seeder: Callable[["ClockEyeBackend"], None] | None = None, *, id_seed: int = 0,
                 clock: Callable[[], float] = time.time):
        from punchclock.sandbox.clockeye.entries import EntryRules
        from punchclock.sandbox.clockeye.reports import Reports
        from punchclock.sandbox.clockeye.webhooks import Webhooks

        self.seeder = seeder
        self.id_seed = id_seed
        self.clock = clock
        self.entries = EntryRules(self)
        self.reports = Reports(self)
        self.webhooks = Webhooks(clock)
        self.reset()

    # -- lifecycle -------------------------------------------------------------------------
    def reset(self) -> None:
        """Drop all state and run the seeder again (deterministic for the same seed)."""
        self.state = State(ids=IdFactory(self.id_seed))
        if self.seeder:
            self.seeder(self)

    def now(self) -> int:
        """The sandbox's current time in epoch seconds."""
        return int(self.clock())

    # -- auth and access -------------------------------------------------------------------
    def add_user(self, name: str, email: str, role: str, timezone: str = "UTC", key: str | None = None) -> dict:
        """Create an active user, with an API key when ``key`` is given."""
        user = {"id": self.state.ids.new("usr"), "name": name, "email": email, "role": role,
                "timezone": timezone, "status": "active"}
        self.state.users[user["id"]] = user
        if key:
            self.state.keys[key] = user["id"]
        return user

    def authenticate(self, key: str) -> Caller:
        """The caller behind an API key, or 401."""
        user_id = self.state.keys.get(key)
        if user_id is None:
            raise errors.unknown_key()
        return Caller(self.state.users[user_id], key)

    def users_in_scope(self, caller: Caller, user_id: str | None) -> str | None:
        """Whose data a listing covers: the caller by default, anyone for owners and admins, ``all``
        (None) for owners and admins only; members asking for others get 403."""
        if user_id in (None, "", caller.id):
            return caller.id
        if not caller.is_admin:
            who = "everyone's" if user_id == "all" else "another user's"
            raise errors.forbidden(f"Only owners and admins may list {who} data")
        if user_id == "all":
            return None
        if user_id not in self.state.users:
            raise errors.unknown_reference("user_id", user_id)
        return user_id

    # -- users -----------------------------------------------------------------------------
    def users(self) -> list[dict]:
        """Every user, in the order they joined."""
        return list(self.state.users.values())

    # -- projects --------------------------------------------------------------------------
    def projects(self, archived: bool | None) -> list[dict]:
        """Projects by name (case-insensitive), all of them or only (un)archived ones."""
        rows = [p for p in self.state.projects.values() if archived is None or p["archived"] == archived]
        return sorted(rows, key=lambda p: (p["name"].lower(), p["id"]))

    def project(self, project_id: str) -> dict:
        """One project, or 404."""
        found = self.state.projects.get(project_id)
        if found is None:
            raise errors.not_found("Project", project_id)
        return found

    def create_project(self, caller: Caller, body: dict) -> dict:
        """A new project (owners and admins only); ``name`` required and unique, case-insensitively."""
        if not caller.is_admin:
            raise errors.forbidden("Only owners and admins may create projects")
        return self.add_project(body)

    def add_project(self, body: dict, archived: bool = False) -> dict:
        """Store a project from a checked body (used by the route and the seeder)."""
        name = (body.get("name") or "").strip()
        if not name:
            raise errors.required("name")
        if any(p["name"].lower() == name.lower() for p in self.state.projects.values()):
            raise errors.invalid_request(f"A project named {name!r} already exists", "name", "duplicate")
        rate = body.get("hourly_rate")
        if rate is not None and rate < 0:
            raise errors.invalid_request("The hourly_rate field must not be negative", "hourly_rate")
        color = body.get("color")
        project = {
            "id": self.state.ids.new("prj"), "name": name, "client_name": body.get("client_name") or None,
            "color": fields.color(color) if color is not None else PALETTE[len(self.state.projects) % len(PALETTE)],
            "billable": bool(body.get("billable", False)), "archived": archived,
            "hourly_rate": rate, "created_at": fields.stamp(self.now()),
        }
        self.state.projects[project["id"]] = project
        return project

    def add_task(self, project_id: str, name: str) -> dict:
        """A task of a project (tasks are seeded; the API has no task endpoints)."""
        task = {"id": self.state.ids.new("tsk"), "project_id": project_id, "name": name}
        self.state.tasks[task["id"]] = task
        return task

    # -- screenshots -----------------------------------------------------------------------
    def screenshots(self, caller: Caller, user_id: str | None, first_day: int | None,
                    last_day: int | None) -> list[Screenshot]:
        """Screenshots newest first, for the caller (or, for owners and admins, anyone or all),
        taken on the UTC days ``first_day``..``last_day`` (epoch day starts, inclusive)."""
        who = self.users_in_scope(caller, user_id)
        low = first_day if first_day is not None else float("-inf")
        high = last_day + fields.DAY if last_day is not None else float("inf")
        return [s for s in self.state.screenshots
                if (who is None or s.user_id == who) and low <= s.taken_at < high]

    def add_screenshots(self, rows: list[Screenshot]) -> None:
        """Store screenshots, keeping them newest first."""
        self.state.screenshots.extend(rows)
        self.state.screenshots.sort(key=lambda s: (-s.taken_at, s.id))
