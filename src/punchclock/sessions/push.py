"""Pushing sessions: records -> segments -> desired entries -> plan -> writes, through the provider only.

:func:`prepare` reads what it needs in bulk (user, projects with tasks, tags, the managed entries of the
window) and returns the plan; :func:`apply` carries it out, writing the ledger before and after each
write. Missing tags (the marker tag, tags the rules name) are created by a push; missing projects only
with ``create_projects``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from punchclock.errors import NotFound, Unsupported
from punchclock.providers.base import Project, Provider
from punchclock.sessions import activity, mapping
from punchclock.sessions.desired import Desired, description, entry_hash, place_of, rounded, says
from punchclock.sessions.ledger import Ledger
from punchclock.sessions.plan import Plan, managed_entries, reconcile
from punchclock.sessions.record import SessionRecord

TAG = "punchclock-session"


@dataclass
class Options:
    """What a push looks at and how: ``now`` (injected for tests), window start, activity settings."""

    now: datetime
    since: datetime | None = None
    settings: activity.ActivitySettings = field(default_factory=activity.ActivitySettings)
    rules: mapping.Rules = field(default_factory=mapping.Rules)
    tag: str = TAG
    create_projects: bool = False

    @property
    def start(self) -> datetime:
        """The window's start: ``since``, else 14 days before now."""
        return self.since or self.now - timedelta(days=14)


class Catalog:
    """Projects and tags of the workspace, read once, with names looked up case-insensitively."""

    def __init__(self, provider: Provider):
        self.provider = provider
        self.projects: list[Project] = provider.projects()
        self.free_tags = provider.free_form_tags
        try:
            self.tags = None if self.free_tags else provider.tags()
        except Unsupported:
            self.tags = None

    def project(self, name: str | None) -> Project | None:
        """The project of that name (active ones first)."""
        if not name:
            return None
        found = [p for p in self.projects if p.name.lower() == name.lower()]
        return next((p for p in found if not p.archived), found[0] if found else None)

    def tag_id(self, name: str) -> str | None:
        """The id of a tag by name (None: no such tag, or the tracker has no tags; free-form tags are their name)."""
        if self.free_tags:
            return name
        return next((t.id for t in self.tags or () if t.name.lower() == name.lower()), None)

    def task_id(self, project: Project | None, name: str | None) -> str | None:
        """A task of ``project`` named ``name`` or starting with it (an issue key), or None."""
        if project is None or not name:
            return None
        lowered = name.lower()
        for task in project.tasks:
            label = task.name.lower()
            if label == lowered or label.startswith((lowered + " ", lowered + ":", lowered + " -")):
                return task.id
        return None

    def ensure(self, targets: list[mapping.Target], marker_tag: str, create_projects: bool) -> None:
        """Create the tags (and, if allowed, projects) the targets name that do not exist yet."""
        if self.tags is not None:
            for name in dict.fromkeys([marker_tag, *(t for target in targets for t in target.tags)]):
                if self.tag_id(name) is None:
                    self.tags.append(self.provider.create("tags", name))
        if create_projects:
            for name in dict.fromkeys(t.project for t in targets if t.project):
                if self.project(name) is None:
                    self.projects.append(self.provider.create("projects", name))


def _targets(records: list[SessionRecord], options: Options, catalog: Catalog) -> dict:
    names = [p.name for p in sorted(catalog.projects, key=lambda p: p.archived)]
    return {(r.source, r.session_id): mapping.resolve(place_of(r), options.rules, names) for r in records}


def desired_entries(records: list[SessionRecord], options: Options, catalog: Catalog,
                    targets: dict) -> tuple[list[Desired], dict[str, list[Desired]], list[activity.Segment]]:
    """Settled segments of the window as desired entries; those waiting for a missing project; unsettled ones."""
    by_id = {(r.source, r.session_id): r for r in records}
    settings = options.settings
    start, now = int(options.start.timestamp()), int(options.now.timestamp())
    found = [s for s in activity.segments(records, settings) if s.start >= start and s.start < now]
    unsettled = [s for s in found if s.end > now - settings.idle_gap]
    settled = [s for s in found if s.end <= now - settings.idle_gap]
    wanted, waiting = [], {}
    marker_tag = catalog.tag_id(options.tag) or (f"(new tag {options.tag})" if catalog.tags is not None else None)
    tagged = catalog.tags is not None or catalog.free_tags
    for seg, a, b in rounded(settled, clamp=settings.policy != "allow"):
        record, target = by_id[(seg.source, seg.session_id)], targets[(seg.source, seg.session_id)]
        project = catalog.project(target.project)
        tag_ids = () if not tagged else tuple(
            dict.fromkeys([marker_tag, *(catalog.tag_id(t) or f"(new tag {t})" for t in target.tags)]))
        item = Desired(seg.key, datetime.fromtimestamp(a, UTC), datetime.fromtimestamp(b, UTC),
                       description(record, seg.key), seg.day(settings.zone), target,
                       project.id if project else None, catalog.task_id(project, target.task), tag_ids)
        if target.project and project is None:
            waiting.setdefault(target.project, []).append(item)
            if not options.create_projects:
                continue
        wanted.append(item)
    return wanted, waiting, unsettled


def prepare(provider: Provider, records: list[SessionRecord], ledger: Ledger, options: Options,
            *, create: bool = False) -> Plan:
    """The plan for ``records``; with ``create``, missing tags (and projects if allowed) are made first."""
    provider.me()
    catalog = Catalog(provider)
    targets = _targets(records, options, catalog)
    if create:
        catalog.ensure(list(targets.values()), options.tag, options.create_projects)
    wanted, waiting, unsettled = desired_entries(records, options, catalog, targets)
    tag_id = catalog.tag_id(options.tag)
    remote = managed_entries(provider, options.start, options.now, tag_id) if tag_id or catalog.tags is None else {}
    plan = reconcile(wanted, remote, ledger, options.start, options.now)
    plan.waiting, plan.unsettled = waiting, unsettled
    plan.unmapped = [d for d in wanted if d.target.project is None]
    return plan


def needs_catalog(plan: Plan, options: Options) -> bool:
    """Whether pushing ``plan`` first needs tags (or, when allowed, projects) that do not exist yet."""
    missing_tag = any(t.startswith("(new tag") for d in plan.desired for t in d.tag_ids)
    return missing_tag or bool(options.create_projects and plan.waiting)


def apply(plan: Plan, provider: Provider, ledger: Ledger) -> dict[str, int]:
    """Carry out a plan, the ledger written before and after each write; returns counts of what was done."""
    done = {"created": 0, "updated": 0, "deleted": 0, "adopted": 0}
    by_key = {d.key: d for d in plan.desired}
    for key in plan.edited:
        ledger.set(key, state="edited", pending=None)
    for key in plan.removed:
        ledger.set(key, state="removed", pending=None)
    for key, entry in plan.adopted:
        item = by_key[key]
        ledger.set(key, id=entry.id, remote=entry_hash(entry), hash=item.hash if says(entry, item) else "adopted",
                   state="synced", pending=None, start=int(item.start.timestamp()), day=item.day)
        done["adopted"] += 1
    for extra in plan.duplicates:
        _delete(provider, extra.id)
        done["deleted"] += 1
    for item in plan.creates:
        ledger.set(item.key, state="pending", pending=item.hash, id=None, start=int(item.start.timestamp()),
                   day=item.day)
        made = provider.create_entry(item.draft(new=True))
        ledger.set(item.key, id=made.id, remote=entry_hash(made), hash=item.hash, state="synced", pending=None)
        done["created"] += 1
    for item, entry in plan.updates:
        ledger.set(item.key, pending=item.hash, start=int(item.start.timestamp()), day=item.day)
        try:
            made = provider.update_entry(entry, item.draft())
        except NotFound:
            ledger.set(item.key, state="removed", pending=None)
            continue
        ledger.set(item.key, id=made.id, remote=entry_hash(made), hash=item.hash, state="synced", pending=None)
        done["updated"] += 1
    for key, entry in plan.deletes:
        ledger.set(key, pending="delete")
        _delete(provider, entry.id)
        ledger.set(key, state="deleted", pending=None)
        done["deleted"] += 1
    return done


def _delete(provider: Provider, entry_id: str) -> None:
    try:
        provider.delete_entry(entry_id)
    except NotFound:
        pass
