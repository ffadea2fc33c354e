"""Pushing to a sandboxed tracker over HTTP: exactly once, whatever happens in between."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from punchclock.providers.base import Draft
from punchclock.sandbox.core.transport import SyncASGITransport
from punchclock.sessions.activity import ActivitySettings
from punchclock.sessions.desired import key_of
from punchclock.sessions.ledger import Ledger, ledger_path
from punchclock.sessions.mapping import parse_rules
from punchclock.sessions.push import Options, apply, prepare
from punchclock.sessions.store import Store
from tests.sessions.conftest import KillAt, Killed
from tests.sessions.transcripts import ClaudeTree, CodexRollout

M = 60
T0 = 1_773_212_400 - 30 * M  # 2026-03-11T06:30Z: 23:30 in Los Angeles, 15:30 in Tokyo
NOW = datetime.fromtimestamp(T0 + 10 * 3600, UTC)
RULES = parse_rules('[[mapping.rule]]\nmatch.path = "/home/dev/projects/spotter-worktrees/*"\nproject = "Spotter"\n')
SPOT = "/home/dev/projects/spotter-worktrees/spotter-dov"


def scenario(root: Path) -> dict:
    """Three sessions with known answers; returns the environment that points at them."""
    tree = ClaudeTree(root / "claude")
    a = tree.session("aaaaaaaa-0000-4000-8000-000000000001", SPOT, branch="SPOT-42-login")
    a.prompt(T0)
    for minute in range(2, 41, 2):                          # 40 minutes, across LA midnight (at 30)
        a.reply(T0 + minute * M)
    a.prompt(T0 + 90 * M).reply(T0 + 100 * M)              # an hour idle, then 10 minutes
    CodexRollout(root / "codex", "cccccccc-0000-4000-8000-000000000002", "/work/api", T0 + 200 * M) \
        .prompt(T0 + 201 * M).call(T0 + 202 * M, "c1", done=T0 + 219 * M).message(T0 + 220 * M)
    tree.session("bbbbbbbb-0000-4000-8000-000000000003", "/tmp/scratch").prompt(T0 + 300 * M).reply(T0 + 305 * M)
    return {"HOME": str(root / "home"), "CLAUDE_CONFIG_DIR": str(root / "claude"), "CODEX_HOME": str(root / "codex")}


def push(tracker, state: Path, env: dict, *, transport=None, zone=ZoneInfo("America/Los_Angeles"), now=NOW,
         write: bool = True, rules=RULES, settings=None, **options):
    """Scan and push as ``punch sessions push`` does; returns the plan and what was done."""
    store = Store(state / "store")
    store.scan(environ=env)
    with tracker.provider(transport) as provider:
        ledger = Ledger(ledger_path(state, provider.name, provider.workspace_id))
        opts = Options(now=now, since=datetime.fromtimestamp(T0 - 3600, UTC), rules=rules,
                       settings=settings or ActivitySettings(zone=zone), **options)
        plan = prepare(provider, store.records(), ledger, opts, create=write)
        return plan, (apply(plan, provider, ledger) if write else None)


def managed(tracker) -> dict[str, list]:
    """The tracker's managed entries by key."""
    with tracker.provider() as provider:
        start, end = datetime.fromtimestamp(T0 - 86400, UTC), datetime.fromtimestamp(T0 + 86400 * 2, UTC)
        found: dict[str, list] = {}
        for page in provider.entry_pages(start, end):
            for entry in page:
                if key_of(entry.description):
                    found.setdefault(key_of(entry.description), []).append(entry)
        return found


def test_first_push_creates_the_known_entries_and_the_second_writes_nothing(tracker, tmp_path):
    env = scenario(tmp_path / "home")
    plan, done = push(tracker, tmp_path / "state", env)
    assert done["created"] == 5 and plan.unmapped and not plan.waiting
    entries = managed(tracker)
    assert len(entries) == 5 and all(len(v) == 1 for v in entries.values())
    with tracker.provider() as provider:
        names = {p.id: p.name for p in provider.projects()}
    found = sorted(((e.start.timestamp() - T0) / M, (e.end.timestamp() - T0) / M, e.description.split(" [")[0],
                    names.get(e.project_id)) for (e,) in entries.values())
    assert found == [(0, 30, "Claude Code: spotter-dov (SPOT-42-login)", "Spotter"),
                     (30, 40, "Claude Code: spotter-dov (SPOT-42-login)", "Spotter"),
                     (90, 100, "Claude Code: spotter-dov (SPOT-42-login)", "Spotter"),
                     (200, 220, "Codex: api (main)", "API"),
                     (300, 305, "Claude Code: scratch (main)", None)]
    assert [d.day for d in sorted(plan.desired, key=lambda d: d.start)][:2] == ["2026-03-10", "2026-03-11"]
    before = tracker.writes()
    plan, done = push(tracker, tmp_path / "state", env)
    assert plan.writes == 0 and tracker.writes() == before and plan.unchanged == 5


def clean_push_writes(tracker, tmp_path) -> int:
    env = scenario(tmp_path / "probe-home")
    before = tracker.writes()
    push(tracker, tmp_path / "probe-state", env)
    return tracker.writes() - before


@pytest.mark.parametrize("after", [False, True], ids=["before-the-write", "after-the-answer"])
def test_a_push_killed_at_any_write_and_run_again_leaves_one_entry_per_segment(tracker, tmp_path, after):
    from tests.sessions.conftest import make_tracker

    total = clean_push_writes(make_tracker(tracker.name), tmp_path)
    assert total == (6 if tracker.name == "clockify" else 5)  # five entries (and the marker tag, where tags are made)
    for n in range(1, total + 1):
        fresh = make_tracker(tracker.name)
        state, env = tmp_path / f"state-{n}", scenario(tmp_path / f"home-{n}")
        with pytest.raises(Killed):
            push(fresh, state, env, transport=KillAt(SyncASGITransport(fresh.app), n, after))
        plan, _ = push(fresh, state, env)
        entries = managed(fresh)
        assert len(entries) == 5 and all(len(v) == 1 for v in entries.values()), f"killed at write {n}"
        before = fresh.writes()
        assert push(fresh, state, env)[0].writes == 0 and fresh.writes() == before


def test_two_machines_and_a_lost_ledger_leave_one_entry_each(tracker, tmp_path):
    env = scenario(tmp_path / "home")
    push(tracker, tmp_path / "laptop", env)
    before = tracker.writes()
    plan, done = push(tracker, tmp_path / "desktop", env)       # same transcripts, synced to another machine
    assert done["adopted"] == 5 and plan.writes == 0 and tracker.writes() == before
    for path in (tmp_path / "laptop" / "ledgers").iterdir():
        path.unlink()
    plan, done = push(tracker, tmp_path / "laptop", env)
    assert done["adopted"] == 5 and plan.writes == 0
    assert len(managed(tracker)) == 5 and all(len(v) == 1 for v in managed(tracker).values())


def test_a_growing_transcript_updates_its_entry_and_a_vanished_segment_is_deleted(tracker, tmp_path):
    env = scenario(tmp_path / "home")
    push(tracker, tmp_path / "state", env)
    ClaudeTree(tmp_path / "home" / "claude").session("aaaaaaaa-0000-4000-8000-000000000001", SPOT) \
        .reply(T0 + 108 * M).reply(T0 + 112 * M)
    plan, done = push(tracker, tmp_path / "state", env)
    assert (len(plan.creates), len(plan.updates), len(plan.deletes)) == (0, 1, 0)
    spans = sorted(((e.start.timestamp() - T0) / M, (e.end.timestamp() - T0) / M) for (e,) in managed(tracker).values())
    assert (90, 112) in spans
    wide = ActivitySettings(zone=ZoneInfo("America/Los_Angeles"), idle_gap=60 * M)  # the hour gap no longer splits
    plan, done = push(tracker, tmp_path / "state", env, settings=wide)
    assert (len(plan.creates), len(plan.updates), len(plan.deletes)) == (0, 1, 1)
    spans = sorted(((e.start.timestamp() - T0) / M, (e.end.timestamp() - T0) / M) for (e,) in managed(tracker).values())
    assert spans == [(0, 30), (30, 112), (200, 220), (300, 305)]


def test_entries_the_person_edited_or_deleted_are_left_alone(tracker, tmp_path):
    env = scenario(tmp_path / "home")
    push(tracker, tmp_path / "state", env)
    entries = sorted((e for (e,) in managed(tracker).values()), key=lambda e: e.start)
    edited, deleted = entries[2], entries[3]                     # 90-100 (Spotter), 200-220 (Codex)
    with tracker.provider() as provider:
        provider.update_entry(edited, Draft(edited.start, edited.end + (edited.end - edited.start),
                                            description=edited.description.replace("Claude Code", "Pairing")))
        provider.delete_entry(deleted.id)
    ClaudeTree(tmp_path / "home" / "claude").session("aaaaaaaa-0000-4000-8000-000000000001", SPOT) \
        .reply(T0 + 108 * M)                                    # would grow the edited entry
    plan, _ = push(tracker, tmp_path / "state", env)
    assert plan.writes == 0 and len(plan.edited) == 1 and len(plan.removed) == 1
    again, _ = push(tracker, tmp_path / "state", env)
    assert again.writes == 0
    now = {e.id: e for (e,) in managed(tracker).values()}
    assert now[edited.id].description.startswith("Pairing") and deleted.id not in now


def test_unknown_projects_wait_unless_they_may_be_created(tracker, tmp_path):
    env = scenario(tmp_path / "home")
    rules = parse_rules('[[mapping.rule]]\nmatch.path = "/tmp/*"\nproject = "Scratchpad"\n')
    plan, done = push(tracker, tmp_path / "state", env, rules=rules)
    assert list(plan.waiting) == ["Scratchpad"] and done["created"] == 4
    with tracker.provider() as provider:
        assert "Scratchpad" not in {p.name for p in provider.projects()}
    plan, done = push(tracker, tmp_path / "state", env, rules=rules, create_projects=True)
    assert done["created"] == 1
    with tracker.provider() as provider:
        assert "Scratchpad" in {p.name for p in provider.projects()}
