"""Deterministic seed data: a believable agency workspace, sized by parameters.

The same :class:`SeedConfig` (seed, sizes and anchor time) always yields the same ids, names
and entries. Entries fill working days before the anchor; their density adapts to the total
asked for, so ``entries=1_000_000`` works (shorter entries over a longer history).
"""

from __future__ import annotations

import math
import random
import string
import time
from dataclasses import dataclass, field

from punchclock.sandbox.clockify.backend import ClockifyBackend
from punchclock.sandbox.clockify.state import Entry

FIRST = ["Ada", "Grace", "Linus", "Margaret", "Alan", "Barbara", "Ken", "Radia", "Dennis", "Frances", "Tim",
         "Hedy", "Edsger", "Katherine", "Guido", "Sophie", "Yukihiro", "Anita", "Brian", "Lynn"]
LAST = ["Lovelace", "Hopper", "Torvalds", "Hamilton", "Turing", "Liskov", "Thompson", "Perlman", "Ritchie",
        "Allen", "Berners", "Lamarr", "Dijkstra", "Johnson", "Rossum", "Wilson", "Matsumoto", "Borg", "Kernighan",
        "Conway"]
CLIENTS = ["Acme Corp", "Globex", "Initech", "Umbrella Health", "Stark Industries", "Wayne Foundation",
           "Hooli", "Vandelay Imports", "Soylent Foods", "Tyrell Systems", "Cyberdyne", "Wonka Confections"]
PROJECTS = ["Website Redesign", "Mobile App", "Data Platform", "Brand Refresh", "Customer Portal", "SEO Audit",
            "API Integration", "Analytics Dashboard", "Checkout Revamp", "Support Retainer", "Cloud Migration",
            "Design System", "Marketing Site", "Onboarding Flow", "Billing Service", "Security Review"]
INTERNAL = ["Internal: Admin", "Internal: Sales", "Internal: Training"]
TASKS = ["Discovery", "Design", "Development", "QA", "Project management", "Deployment"]
TAGS = ["meeting", "deep-work", "bugfix", "review", "support", "research", "travel", "overtime"]
WORDS = {
    "Discovery": ["Stakeholder interviews", "Requirements workshop", "Competitor research", "Kick-off call"],
    "Design": ["Wireframes", "High-fidelity mockups", "Design review", "Component styles", "Icon set"],
    "Development": ["Implement login flow", "Fix pagination bug", "Refactor API client", "Write migrations",
                    "Code review", "Pair programming", "Performance tuning", "Build search page"],
    "QA": ["Regression testing", "Write test plan", "Verify bug fixes", "Accessibility checks"],
    "Project management": ["Sprint planning", "Weekly status call", "Update roadmap", "Client email"],
    "Deployment": ["Release to staging", "Production deploy", "Monitor rollout", "Rollback drill"],
}
COLORS = ["#F44336", "#E91E63", "#9C27B0", "#673AB7", "#3F51B5", "#2196F3", "#03A9F4", "#009688", "#4CAF50",
          "#8BC34A", "#FF9800", "#795548", "#607D8B", "#CDDC39", "#FFC107", "#00BCD4"]


@dataclass
class SeedConfig:
    """What to generate."""

    seed: int = 1
    users: int = 8
    entries: int = 5000
    plan: str = "pro"
    api_key: str | None = None
    days: int = 120
    anchor: float | None = None
    running: int = 2
    extra_keys: dict = field(default_factory=dict)
    projects: int | None = None  # client projects to make (default: two per user, at most 16)


@dataclass
class SeedInfo:
    """What the seeder made that callers need: the workspace, the users and their keys."""

    workspace_id: str = ""
    owner_id: str = ""
    keys: dict[str, str] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)
    connections: dict[str, str] = field(default_factory=dict)

    def key_for(self, role: str) -> str:
        """The API key of the first user with ``role`` (owner, admin or member)."""
        for user_id, r in self.roles.items():
            if r == role:
                return self.keys[user_id]
        raise KeyError(role)

    def user_for(self, role: str) -> str:
        """The id of the first user with ``role``."""
        return next(u for u, r in self.roles.items() if r == role)


def _key(rng: random.Random) -> str:
    alphabet = string.ascii_letters + string.digits
    return "".join(rng.choice(alphabet) for _ in range(48))


def seed(backend: ClockifyBackend, config: SeedConfig) -> SeedInfo:
    """Fill an empty backend with an agency workspace; returns its ids and keys."""
    rng = random.Random(config.seed)
    anchor = int(config.anchor if config.anchor is not None else time.time())
    info = SeedInfo()
    n_users = max(1, config.users)
    users = []
    for i in range(n_users):
        first, last = FIRST[i % len(FIRST)], LAST[(i * 7) % len(LAST)]
        suffix = "" if i < len(FIRST) else str(i // len(FIRST))
        users.append(backend.users.create(f"{first} {last}{suffix}", f"{first.lower()}.{last.lower()}{suffix}@agency.test"))
    owner = users[0]
    ws = backend.workspaces.create(owner["id"], "Northwind Digital", plan=config.plan, hourly_rate=9000, cost_rate=4500)
    info.workspace_id, info.owner_id = ws.id, owner["id"]
    for i, user in enumerate(users):
        role = "owner" if i == 0 else ("admin" if i == 1 else "member")
        if i:
            backend.workspaces.add_member(ws, user["id"], role, hourly_rate=rng.choice([7500, 8500, 9500, 11000, 12500]),
                                          cost_rate=rng.choice([3500, 4000, 4500, 5500]))
        key = config.api_key if (i == 0 and config.api_key) else _key(rng)
        backend.add_key(user["id"], key)
        info.keys[user["id"]], info.roles[user["id"]] = key, role
        connection = f"conn-{user['id'][-12:]}"
        backend.state.connections[connection] = user["id"]
        info.connections[user["id"]] = connection
    for key, role in config.extra_keys.items():
        backend.add_key(info.user_for(role), key)
    # a personal free workspace for the owner, so workspace listings have more than one row
    backend.workspaces.create(owner["id"], f"{owner['name']}'s workspace", plan="free")

    caller = backend.authenticate(info.keys[owner["id"]])
    clients = [backend.clients.create(ws, caller, name=name, email=f"billing@{name.split()[0].lower()}.test",
                                      address=f"{rng.randint(1, 999)} Market Street", note="")
               for name in CLIENTS[: max(3, min(len(CLIENTS), n_users + 2))]]
    tags = [backend.tags.create(ws, caller, name=name) for name in TAGS]
    backend.tags.update(ws, caller, tags[-1]["id"], name=tags[-1]["name"], archived=True)
    projects = []
    member_ids = [u["id"] for u in users]
    for i, name in enumerate(_project_names(config.projects, n_users)):
        client = clients[i % len(clients)]
        team = rng.sample(member_ids, k=min(len(member_ids), rng.randint(2, 5)))
        body = {"name": name, "clientId": client["id"], "color": COLORS[i % len(COLORS)], "billable": True,
                "isPublic": i % 3 != 0, "hourlyRate": {"amount": rng.choice([10000, 12000, 15000, 0])},
                "memberships": [{"userId": u} for u in team], "note": f"{name} for {client['name']}"}
        project = backend.projects.create(ws, caller, body)
        hours = rng.choice([80, 120, 200, 400])
        backend.projects.set_estimate(ws, caller, project["id"], {
            "timeEstimate": {"active": True, "estimate": f"PT{hours}H", "type": "MANUAL", "resetOption": None},
            "budgetEstimate": {"active": i % 2 == 0, "estimate": hours * 12000, "type": "MANUAL"},
        })
        for task_name in TASKS[: rng.randint(3, len(TASKS))]:
            backend.tasks.create(ws, caller, project["id"], {"name": task_name, "estimate": f"PT{rng.randint(4, 60)}H",
                                                             "assigneeIds": rng.sample(team, k=1)}, notify=False)
        projects.append(ws.projects[project["id"]])
    for name in INTERNAL:
        project = backend.projects.create(ws, caller, {"name": name, "billable": False, "isPublic": True,
                                                       "color": "#9E9E9E"})
        projects.append(ws.projects[project["id"]])
    old = backend.projects.create(ws, caller, {"name": "Legacy Intranet", "clientId": clients[0]["id"], "isPublic": True})
    backend.projects.update(ws, caller, old["id"], {"archived": True})
    group_names = ["Design", "Engineering", "Management"]
    for g, name in enumerate(group_names):
        group = backend.groups.create(ws, caller, name=name)
        for user_id in member_ids[g::len(group_names)]:
            backend.groups.add_user(ws, caller, group["id"], user_id)
    _extras(backend, ws, caller, rng, users, projects, clients, anchor)
    _entries(backend, ws, rng, users, projects, [t["id"] for t in tags[:-1]], config, anchor)
    ws.changes.clear()
    backend.outbox.clear()
    return info


def _project_names(wanted: int | None, n_users: int) -> list[str]:
    """``wanted`` unique project names (numbered after the first round), or the default count."""
    if wanted is None:
        return PROJECTS[: max(4, min(len(PROJECTS), n_users * 2))]
    return [PROJECTS[i % len(PROJECTS)] + (f" {i // len(PROJECTS) + 1}" if i >= len(PROJECTS) else "")
            for i in range(max(1, wanted))]


def _extras(backend, ws, caller, rng, users, projects, clients, anchor: int) -> None:
    """Holidays for everyone; on paid plans also expenses, an invoice, a custom field and a time-off policy."""
    year = time.gmtime(anchor).tm_year
    for name, day in [("New Year's Day", f"{year}-01-01"), ("Labour Day", f"{year}-05-01"),
                      ("Christmas", f"{year}-12-25")]:
        backend.holidays.write(ws, caller, {"name": name, "datePeriod": {"startDate": day, "endDate": day},
                                            "occursAnnually": True})
    if ws.plan == "free":
        return
    mileage = backend.expenses.categories.write(ws, caller, {"name": "Mileage", "hasUnitPrice": True,
                                                             "priceInCents": 45, "unit": "km"})
    travel = backend.expenses.categories.write(ws, caller, {"name": "Travel"})
    for i in range(6):
        day = time.strftime("%Y-%m-%d", time.gmtime(anchor - rng.randint(1, 60) * 86400))
        user = users[rng.randrange(len(users))]
        body = {"userId": user["id"], "projectId": projects[i % len(projects)]["id"], "date": day, "billable": True}
        if i % 2:
            body.update(categoryId=mileage["id"], quantity=rng.randint(20, 300))
        else:
            body.update(categoryId=travel["id"], amount=rng.randint(20, 400) * 100, notes="Train tickets")
        backend.expenses.write(ws, caller, body)
    issued = time.strftime("%Y-%m-01", time.gmtime(anchor))
    invoice = backend.invoices.create(ws, caller, {"clientId": clients[0]["id"], "issuedDate": issued})
    backend.invoices.update(ws, caller, invoice["id"], {"items": [{"description": "Design sprint", "quantity": 4000,
                                                                     "unitPrice": 12000}]})
    backend.custom_fields.write(ws, caller, {"name": "Ticket", "type": "TXT", "placeholder": "JIRA-123"})
    backend.time_off.write(ws, caller, {"name": "Vacation", "timeUnit": "DAYS", "icon": "PLANE"})
    _assignments(backend, ws, caller, users, projects, anchor)


def _assignments(backend, ws, caller, users, projects, anchor: int) -> None:
    """Next week's schedule: a two-week series and two single assignments; next week is published."""
    day = anchor // 86400
    monday = (day + 7 - (day + 3) % 7) * 86400  # epoch day 0 was a Thursday

    def stamp(days: int) -> str:
        return time.strftime("%Y-%m-%dT00:00:00Z", time.gmtime(monday + days * 86400))

    for i, (first, last, hours, repeat) in enumerate([(0, 4, 6, True), (0, 2, 4, False), (1, 3, 2, False)]):
        body = {"userId": users[(i + 1) % len(users)]["id"], "projectId": projects[i]["id"], "start": stamp(first),
                "end": stamp(last), "hoursPerDay": hours, "note": "Planned work"}
        if repeat:
            body["recurringAssignment"] = {"repeat": True, "weeks": 2}
        backend.scheduling.create(ws, caller, body)
    backend.scheduling.publish(ws, caller, {"start": stamp(0), "end": stamp(6)})


def _entries(backend, ws, rng, users, projects, tag_ids, config: SeedConfig, anchor: int) -> None:
    running = min(config.running, max(0, len(users) - 2), max(0, config.entries))
    total = max(0, config.entries) - running
    if total <= 0 and not running:
        return
    tasks_by_project: dict[str, list[dict]] = {}
    for task in ws.tasks.values():
        tasks_by_project.setdefault(task["projectId"], []).append(task)
    per_user = math.ceil(max(total, 1) / len(users))
    workdays_needed = max(1, math.ceil(per_user / 4))
    days = max(config.days, min(730, math.ceil(workdays_needed * 7 / 5)))
    day0 = (anchor // 86400 - days) * 86400
    workdays = [day0 + d * 86400 for d in range(days + 1) if (4 + (day0 // 86400) + d) % 7 < 5]
    workdays = [d for d in workdays if d + 8 * 3600 < anchor] or [day0]
    per_day = max(1, math.ceil(per_user / max(1, len(workdays) - 1)))  # a spare day: today may end early
    rates = backend.users.hourly_rate_for
    made = 0
    new_id = backend.new_id
    for ui, user in enumerate(users):
        uid = user["id"]
        mine = [p for p in projects if p["public"] or any(m["userId"] == uid for m in p["memberships"])] or projects
        rate_cache = {}
        want = min(per_user, total - made)
        rows = []
        day_i = len(workdays) - 1
        while len(rows) < want and day_i >= 0:
            day = workdays[day_i]
            day_i -= 1
            cursor = day + (7 + rng.random() * 3) * 3600
            budget = (7 + rng.random() * 2.5) * 3600
            slot = budget / per_day
            for _ in range(min(per_day, want - len(rows))):
                length = max(60, int(slot * (0.5 + rng.random() * 0.5)))
                start = int(cursor)
                end = start + length
                if end >= anchor:
                    break
                cursor = end + (slot - length) * rng.random()
                project = mine[rng.randrange(len(mine))]
                ptasks = tasks_by_project.get(project["id"])
                task = ptasks[rng.randrange(len(ptasks))] if ptasks and rng.random() < 0.85 else None
                words = WORDS[task["name"]] if task else WORDS["Project management"]
                key = (project["id"], task["id"] if task else None)
                if key not in rate_cache:
                    rate_cache[key] = rates(ws, uid, project, task)
                hourly, cost = rate_cache[key]
                tags = [tag_ids[rng.randrange(len(tag_ids))]] if rng.random() < 0.4 else None
                rows.append(Entry(new_id(), ws.id, uid, start, end, project_id=project["id"],
                                  task_id=task["id"] if task else None, tag_ids=tags,
                                  description=words[rng.randrange(len(words))],
                                  billable=project["billable"] and rng.random() < 0.85,
                                  hourly_rate=hourly, cost_rate=cost))
        made += len(rows)
        _bulk_load(ws, rows)
    for user in users[2: 2 + running]:
        project = projects[rng.randrange(len(projects))]
        start = anchor - rng.randint(10 * 60, 150 * 60)
        last = ws.by_user.get(user["id"])
        if last and last[0].end and last[0].end > start:
            start = last[0].end + 60
        hourly, cost = rates(ws, user["id"], project, None)
        _bulk_load(ws, [Entry(new_id(), ws.id, user["id"], start, None, project_id=project["id"],
                              description="Working on " + project["name"], billable=project["billable"],
                              hourly_rate=hourly, cost_rate=cost)])


def _bulk_load(ws, rows: list[Entry]) -> None:
    """Index many entries at once: one sort instead of an insertion per entry."""
    if not rows:
        return
    entries = ws.entries
    for e in rows:
        entries[e.id] = e
        if e.end is not None and e.project_id:
            ws.project_seconds[e.project_id] += e.end - e.start
            if e.task_id:
                ws.task_seconds[e.task_id] += e.end - e.start
    mine = ws.by_user.setdefault(rows[0].user_id, [])
    mine.extend(rows)
    mine.sort(key=Entry.sort_key)


def seeded_backend(config: SeedConfig) -> ClockifyBackend:
    """A backend whose ``reset()`` re-runs this seed; its :class:`SeedInfo` is ``backend.seed_info``."""
    anchor = config.anchor if config.anchor is not None else time.time()
    fixed = SeedConfig(**{**config.__dict__, "anchor": anchor})

    def seeder(backend: ClockifyBackend) -> None:
        backend.seed_info = seed(backend, fixed)

    return ClockifyBackend(seeder, id_seed=config.seed, clock=time.time)
