"""The hourly rate in effect for each entry.

An entry that carries its own rate (Clockify's, fixed when the entry was written: a later rate
change does not reach old entries) keeps it. An entry without one (ClockEye's: its API has no
rates) takes the first of, in Clockify's precedence: the locally configured rate of the project's
member, of the task, the task's stored rate, the local rate of the project, the project's stored
rate, the local rate of the member, and the local workspace rate. A stored rate of 0 counts as
unset, as Clockify does.

Local rates live in a TOML file (``--rates FILE``, ``$PUNCHCLOCK_RATES``, else ``rates.toml`` beside
the config file), in currency units per hour; members, projects and tasks are named by id or name
(a member also by email, a task also as ``Project/Task``)::

    currency = "EUR"
    workspace = 80
    [members]
    "Ada Lovelace" = 95
    [projects]
    "Website" = 120
    [tasks]
    "Website/Design" = 140
    [project_members.Website]
    "ada@example.com" = 150
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from punchclock.config_file import config_path
from punchclock.errors import ConfigError, InvalidInput
from punchclock.timeutil import short

SECTIONS = ("currency", "workspace", "members", "projects", "tasks", "project_members")


@dataclass(frozen=True)
class LocalRates:
    """Locally configured hourly rates in cents, by id, for entries that carry no rate."""

    currency: str = ""
    workspace: int | None = None
    members: dict[str, int] = field(default_factory=dict)
    projects: dict[str, int] = field(default_factory=dict)
    tasks: dict[str, int] = field(default_factory=dict)
    project_members: dict[tuple[str, str], int] = field(default_factory=dict)


def default_path() -> Path | None:
    """``$PUNCHCLOCK_RATES``, else ``rates.toml`` beside the config file when it exists."""
    if os.environ.get("PUNCHCLOCK_RATES"):
        return Path(os.environ["PUNCHCLOCK_RATES"])
    found = config_path().parent / "rates.toml"
    return found if found.exists() else None


def _cents(where: str, value) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise InvalidInput("rates", f"{where} must be a rate per hour such as 95 or 95.50, not {short(value)}")
    return round(value * 100)


def _table(data: dict, name: str, path: Path) -> dict:
    value = data.get(name) or {}
    if not isinstance(value, dict):
        raise InvalidInput("rates", f"[{name}] in {path} must be a table")
    return value


def read(path: str | Path | None, store) -> LocalRates:
    """The rates file at ``path`` (or :func:`default_path`; none at all is no local rates), its
    names resolved to ids in ``store``. An unknown name or a bad value is :class:`InvalidInput`."""
    path = Path(path).expanduser() if path else default_path()
    if path is None:
        return LocalRates()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"no rates file at {path}") from None
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the rates file {path}: {exc}") from None
    unknown = set(data) - set(SECTIONS)
    if unknown:
        raise InvalidInput("rates", f"{path} has unknown keys {', '.join(sorted(unknown))}; "
                                    f"use {', '.join(SECTIONS)}")
    names = _Names(store)
    members = {names.user(k): _cents(f"members.{k}", v) for k, v in _table(data, "members", path).items()}
    projects = {names.project(k): _cents(f"projects.{k}", v) for k, v in _table(data, "projects", path).items()}
    tasks = {names.task(k): _cents(f"tasks.{k}", v) for k, v in _table(data, "tasks", path).items()}
    pairs: dict[tuple[str, str], int] = {}
    for project, people in _table(data, "project_members", path).items():
        if not isinstance(people, dict):
            raise InvalidInput("rates", f"[project_members.{project}] in {path} must be a table of members")
        pid = names.project(project)
        for user, value in people.items():
            pairs[(pid, names.user(user))] = _cents(f"project_members.{project}.{user}", value)
    workspace = data.get("workspace")
    currency = data.get("currency") or ""
    if not isinstance(currency, str):
        raise InvalidInput("rates", f"currency in {path} must be a code such as EUR")
    return LocalRates(currency.upper(), None if workspace is None else _cents("workspace", workspace),
                      members, projects, tasks, pairs)


class _Names:
    """Ids of users, projects and tasks by id, name (email, ``Project/Task``) as the store has them."""

    def __init__(self, store):
        self.store = store

    def _one(self, kind: str, text: str, sql: str, params: list) -> str:
        found = sorted({r[0] for r in self.store.query(sql, params)[1]})
        if len(found) == 1:
            return found[0]
        if not found:
            raise InvalidInput("rates", f"no {kind} {short(text)} in the store (check the name, or run `punch sync`)")
        raise InvalidInput("rates", f"{kind} {short(text)} is ambiguous ({len(found)} match); use its id")

    def user(self, text: str) -> str:
        """A member's id."""
        return self._one("member", text, "SELECT id FROM users WHERE ? IN (id, name, email)", [text])

    def project(self, text: str) -> str:
        """A project's id."""
        return self._one("project", text, "SELECT id FROM projects WHERE ? IN (id, name)", [text])

    def task(self, text: str) -> str:
        """A task's id (by id, also one only entries name, by a name unique in the store, or as
        ``Project/Task``)."""
        project, slash, name = text.rpartition("/")
        if slash and project:
            pid = self.project(project)
            return self._one("task", text, "SELECT id FROM tasks WHERE project_id = ? AND name = ?", [pid, name])
        return self._one("task", text, "SELECT id FROM tasks WHERE ? IN (id, name) UNION "
                                       "SELECT task_id FROM entries WHERE task_id = ?", [text, text])
