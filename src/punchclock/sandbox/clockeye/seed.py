"""Deterministic ClockEye seed data: a small agency team, its projects, tasks, entries and screenshots.

The same :class:`SeedConfig` (seed, sizes, anchor time, owner key) always yields the same ids,
keys, names, entries and screenshots. Entries fill working days before the anchor, newest first,
denser when more are asked for; the first member has a timer running at the anchor (when
``running`` is set and there are at least three users). Finished entries get one screenshot per
started half hour (at most four).
"""

from __future__ import annotations

import math
import random
import string
import time
from dataclasses import dataclass, field
from typing import Callable

from punchclock.sandbox.clockeye.backend import ClockEyeBackend
from punchclock.sandbox.clockeye.fields import stamp
from punchclock.sandbox.clockeye.state import Entry, Screenshot

FIRST = ["Ada", "Grace", "Linus", "Margaret", "Alan", "Barbara", "Ken", "Radia", "Dennis", "Frances"]
LAST = ["Lovelace", "Hopper", "Torvalds", "Hamilton", "Turing", "Liskov", "Thompson", "Perlman", "Ritchie", "Allen"]
ZONES = ["Europe/London", "America/New_York", "Europe/Berlin", "Asia/Tokyo", "America/Los_Angeles", "UTC"]
PROJECTS = [("Website Redesign", "Acme Corp"), ("Mobile App", "Globex"), ("Data Platform", "Initech"),
            ("Brand Refresh", "Umbrella Health"), ("Customer Portal", "Acme Corp"), ("SEO Audit", "Hooli"),
            ("API Integration", "Globex"), ("Analytics Dashboard", "Initech"), ("Internal: Admin", None),
            ("Internal: Training", None), ("Support Retainer", "Hooli"), ("Cloud Migration", "Wayne Foundation")]
TASKS = ["Discovery", "Design", "Development", "QA", "Project management", "Deployment"]
TAGS = ["meeting", "deep-work", "bugfix", "review", "support", "research"]
WORDS = ["Stakeholder interviews", "Wireframes", "Implement login flow", "Fix pagination bug", "Code review",
         "Regression testing", "Sprint planning", "Weekly status call", "Release to staging", "Write migrations",
         "Design review", "Performance tuning"]


@dataclass
class SeedConfig:
    """What to generate; ``anchor`` (epoch seconds) is "now" for the data (default: the real now)."""

    seed: int = 1
    users: int = 6
    projects: int = 8
    entries: int = 2000
    anchor: float | None = None
    api_key: str | None = None
    running: int = 1
    days: int = 90


@dataclass
class SeedInfo:
    """What callers need from the seed: the users' roles and keys."""

    keys: dict[str, str] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)

    def key_for(self, role: str) -> str:
        """The API key of the first user with ``role`` (owner, admin or member)."""
        return self.keys[self.user_for(role)]

    def user_for(self, role: str) -> str:
        """The id of the first user with ``role``."""
        for user_id, r in self.roles.items():
            if r == role:
                return user_id
        raise KeyError(role)


def _key(rng: random.Random) -> str:
    return "cek_" + "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(32))


def seed(backend: ClockEyeBackend, config: SeedConfig) -> SeedInfo:
    """Fill an empty backend; returns the users' roles and keys."""
    rng = random.Random(f"clockeye-{config.seed}")
    anchor = int(config.anchor if config.anchor is not None else time.time())
    info = SeedInfo()
    users = []
    for i in range(max(1, config.users)):
        first, last = FIRST[i % len(FIRST)], LAST[(i * 3) % len(LAST)]
        suffix = "" if i < len(FIRST) else str(i // len(FIRST))
        role = "owner" if i == 0 else ("admin" if i == 1 else "member")
        key = config.api_key if (i == 0 and config.api_key) else _key(rng)
        user = backend.add_user(f"{first} {last}{suffix}", f"{first.lower()}.{last.lower()}{suffix}@northwind.test",
                                role, ZONES[i % len(ZONES)], key)
        info.keys[user["id"]], info.roles[user["id"]] = key, role
        users.append(user)
    projects = []
    for i in range(max(1, config.projects)):
        name, client = PROJECTS[i % len(PROJECTS)]
        name += "" if i < len(PROJECTS) else f" {i // len(PROJECTS) + 1}"
        project = backend.add_project({"name": name, "client_name": client, "billable": client is not None,
                                       "hourly_rate": rng.choice([90, 120, 150]) if client else None})
        project["created_at"] = stamp(anchor - (config.days + 30 - i) * 86400)
        for task in TASKS[: rng.randint(3, len(TASKS))]:
            backend.add_task(project["id"], task)
        projects.append(project)
    legacy = backend.add_project({"name": "Legacy Intranet", "client_name": "Acme Corp"}, archived=True)
    legacy["created_at"] = stamp(anchor - 400 * 86400)
    _entries(backend, rng, users, projects, config, anchor)
    return info


def _entries(backend: ClockEyeBackend, rng: random.Random, users: list[dict], projects: list[dict],
             config: SeedConfig, anchor: int) -> None:
    running = min(config.running, max(0, len(users) - 2), max(0, config.entries))
    total = max(0, config.entries) - running
    tasks: dict[str, list[str]] = {}
    for task in backend.state.tasks.values():
        tasks.setdefault(task["project_id"], []).append(task["id"])
    per_user = math.ceil(total / len(users)) if total else 0
    days = max(config.days, math.ceil(per_user / 4 * 7 / 5))
    first_day = anchor // 86400 - days
    workdays = [d * 86400 for d in range(first_day, anchor // 86400 + 1) if (d + 3) % 7 < 5]  # day 0: Thursday
    per_day = max(1, math.ceil(per_user / max(1, len(workdays) - 1)))
    ids = backend.state.ids
    made = 0
    for user in users:
        want, rows, shots = min(per_user, total - made), [], []
        for day in reversed(workdays):
            if len(rows) >= want:
                break
            cursor = day + int((7 + rng.random() * 3) * 3600)
            slot = int(8 * 3600 / per_day)
            for _ in range(min(per_day, want - len(rows))):
                length = max(60, int(slot * (0.5 + rng.random() * 0.5)))
                if cursor + length >= anchor:
                    break
                project = projects[rng.randrange(len(projects))]
                choices = tasks.get(project["id"], [])
                task = choices[rng.randrange(len(choices))] if choices and rng.random() < 0.8 else None
                entry = Entry(ids.new("te"), user["id"], cursor, cursor + length,
                              description=WORDS[rng.randrange(len(WORDS))], project_id=project["id"], task_id=task,
                              billable=project["billable"] and rng.random() < 0.85,
                              tags=[TAGS[rng.randrange(len(TAGS))]] if rng.random() < 0.4 else [],
                              created_at=cursor + length, updated_at=cursor + length)
                rows.append(entry)
                shots.extend(_screenshots(ids, rng, entry))
                cursor += slot
        made += len(rows)
        backend.state.load(user["id"], rows)
        backend.add_screenshots(shots)
    for user in users[2: 2 + running]:
        project = projects[0]
        mine = backend.state.by_user.get(user["id"])
        start = max(anchor - rng.randint(10 * 60, 90 * 60), (mine[0].end + 60) if mine else 0)
        backend.state.add_entry(Entry(ids.new("te"), user["id"], start, None, description="Working on " + project["name"],
                                      project_id=project["id"], billable=project["billable"],
                                      created_at=start, updated_at=start))


def _screenshots(ids, rng: random.Random, entry: Entry) -> list[Screenshot]:
    count = min(4, max(1, math.ceil(entry.duration / 1800)))
    step = entry.duration // count
    return [Screenshot(ids.new("scr"), entry.user_id, entry.id, entry.start + step * i + rng.randrange(max(1, step)),
                       rng.randint(15, 100)) for i in range(count)]


def seeded_backend(config: SeedConfig, clock: Callable[[], float] = time.time) -> ClockEyeBackend:
    """A backend whose ``reset()`` re-runs this seed; its :class:`SeedInfo` is ``backend.seed_info``."""
    anchor = config.anchor if config.anchor is not None else time.time()
    fixed = SeedConfig(**{**config.__dict__, "anchor": anchor})

    def seeder(backend: ClockEyeBackend) -> None:
        backend.seed_info = seed(backend, fixed)

    return ClockEyeBackend(seeder, id_seed=config.seed, clock=clock)
