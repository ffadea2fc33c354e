"""What the dashboard shows besides the summary: whether the store holds data, the project list of
the Log Time form, running timers and the team view. All of it reads the store's neutral views."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from punchclock.store import Store, StoreError


@dataclass(frozen=True)
class Timer:
    """A running timer: who, on what, since when (UTC)."""

    id: str
    user: str
    project: str
    description: str
    start: datetime


def synced(store: Store) -> bool:
    """Whether anything was ever synced (or received) into the store."""
    try:
        _, rows = store.query("SELECT EXISTS (SELECT 1 FROM _punch.state) OR EXISTS (SELECT 1 FROM entries)")
    except StoreError:
        return False
    return bool(rows and rows[0][0])


def projects(store: Store) -> list[tuple[str, str]]:
    """Active projects as ``(id, name)``, by name (the Log Time form's choices)."""
    _, rows = store.query("SELECT id, name FROM projects WHERE NOT coalesce(archived, false) ORDER BY lower(name), id")
    return [(r[0], r[1] or r[0]) for r in rows]


def project_ids(store: Store) -> set[str]:
    """Ids of every stored project (archived ones included)."""
    return {r[0] for r in store.query("SELECT id FROM projects")[1]}


def running(store: Store) -> list[Timer]:
    """Every running timer in the store, oldest first."""
    _, rows = store.query(
        "SELECT e.id, coalesce(u.name, e.user_id, ''), coalesce(p.name, ''), coalesce(e.description, ''), e.start "
        "FROM entries e LEFT JOIN users u ON u.id = e.user_id AND u.provider = e.provider "
        "LEFT JOIN projects p ON p.id = e.project_id AND p.provider = e.provider "
        "WHERE e.running ORDER BY e.start, e.id")
    return [Timer(*row) for row in rows]


def members(store: Store) -> list[tuple[str, str]]:
    """Every stored user as ``(id, name)``, so the team view lists people with no time too."""
    _, rows = store.query("SELECT id, coalesce(name, id) FROM users ORDER BY lower(coalesce(name, id)), id")
    return [(r[0], r[1]) for r in rows]
