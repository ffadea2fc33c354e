"""ClockEye stores report like Clockify's: the same times as ClockEye's own summary report, and amounts
from locally configured rates in Clockify's precedence (project member, task, project, member,
workspace), since ClockEye entries carry no rate. Entries that carry their own rate keep it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from punchclock.errors import InvalidInput
from punchclock.reports import read_rates, resolve_range, summary
from punchclock.store import open_store
from tests.clockeye.clockeye_harness import make_harness
from tests.reports.report_fixtures import synced  # noqa: F401 (a fixture)
from tests.sync.helpers import clockeye_provider, sync_clockeye

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


@pytest.fixture(scope="module")
def clockeye(tmp_path_factory):
    """(harness, store spec): a seeded ClockEye sandbox synced into DuckDB."""
    h = make_harness(users=4, projects=6, entries=600)
    spec = f"duckdb:{tmp_path_factory.mktemp('ce') / 's.duckdb'}"
    sync_clockeye(h, spec)
    return h, spec


@pytest.mark.parametrize("group", ["project", "user", "day"])
def test_times_equal_clockeyes_own_summary(clockeye, group):
    h, spec = clockeye
    w = resolve_range("2026-10-01..2026-11-19", tz="UTC")  # ClockEye's summary counts whole UTC days
    with clockeye_provider(h) as p:  # ClockEye's summary holds the caller's own entries
        theirs = {r.key or "": r for r in p.summary(w.start, w.end, group)}
    with open_store(spec, read_only=True) as store:
        ours = summary(store, w.start, w.end, (group,), user_ids=[h.user_id("owner")])
    assert ours.totals.entries == sum(r.entries for r in theirs.values()) > 100
    assert {r.key: (r.seconds, r.billable_seconds, r.entries) for r in ours.rows} == {
        k: (r.duration // timedelta(seconds=1), r.billable // timedelta(seconds=1), r.entries)
        for k, r in theirs.items()}


def _expected_cents(h, rates: dict, w) -> dict[str, int]:
    """Earned cents per project (and, under ``None``, in all: rounded once, not the sum of the rounded
    rows) computed from the sandbox's own entries with the documented precedence."""
    state = h.backend.state
    stored = {p["id"]: round((p.get("hourly_rate") or 0) * 100) for p in state.projects.values()}
    sums: dict[str, int] = {}
    for e in state.entries.values():
        if e.end is None or not e.billable or not w.start.timestamp() <= e.start < w.end.timestamp():
            continue
        rate = (rates["pm"].get((e.project_id, e.user_id)) or rates["tasks"].get(e.task_id)
                or rates["projects"].get(e.project_id) or stored.get(e.project_id)
                or rates["members"].get(e.user_id) or rates["workspace"])
        sums[e.project_id or ""] = sums.get(e.project_id or "", 0) + (e.end - e.start) * rate
    return {**{k: (v + 1800) // 3600 for k, v in sums.items()}, None: (sum(sums.values()) + 1800) // 3600}


def test_local_rates_follow_clockifys_precedence(clockeye, tmp_path):
    h, spec = clockeye
    state = h.backend.state
    users = sorted(state.users.values(), key=lambda u: u["id"])
    projects = sorted(state.projects.values(), key=lambda p: p["id"])
    unrated = [p for p in projects if not p.get("hourly_rate")]
    rated = [p for p in projects if p.get("hourly_rate")]
    # one entry where every level applies: its project member, task and project all have local rates
    first = min((e for e in state.entries.values() if e.task_id and e.billable and e.project_id == rated[1]["id"]),
                key=lambda e: e.id)
    task, pair, user = first.task_id, (rated[1]["id"], first.user_id), state.users[first.user_id]
    rates = {"workspace": 5000, "members": {users[1]["id"]: 7000}, "projects": {unrated[0]["id"]: 11000,
                                                                                  rated[1]["id"]: 13000},
             "tasks": {task: 17000}, "pm": {pair: 19000}}
    (tmp_path / "rates.toml").write_text(f'''currency = "eur"
workspace = 50
[members]
"{users[1]["email"]}" = 70
[projects]
"{unrated[0]["name"]}" = 110
"{rated[1]["id"]}" = 130.00
[tasks]
"{task}" = 170
[project_members."{rated[1]["name"]}"]
"{user["name"]}" = 190
''')
    w = resolve_range("2026-09-01..2026-11-19", tz="UTC")
    with open_store(spec, read_only=True) as store:
        local = read_rates(tmp_path / "rates.toml", store)
        report = summary(store, w.start, w.end, ("project",), rates=local)
    expected = _expected_cents(h, rates, w)
    assert {r.key: r.earned.cents.get("EUR", 0) for r in report.rows} == {k: expected.get(k, 0)
                                                                          for k in (r.key for r in report.rows)}
    assert report.totals.earned.cents == {"EUR": expected[None]}
    assert expected[None] > 0 and len({r.earned.total for r in report.rows}) > 3


def test_without_local_rates_only_stored_project_rates_earn(clockeye):
    h, spec = clockeye
    w = resolve_range("2026-09-01..2026-11-19", tz="UTC")
    none = {"workspace": 0, "members": {}, "projects": {}, "tasks": {}, "pm": {}}
    with open_store(spec, read_only=True) as store:
        report = summary(store, w.start, w.end, ("project",))
    assert {r.key: r.earned.total for r in report.rows} == {k: _expected_cents(h, none, w).get(k, 0)
                                                            for k in (r.key for r in report.rows)}


def test_entries_with_their_own_rate_keep_it(synced, tmp_path):
    _, path = synced
    (tmp_path / "rates.toml").write_text('workspace = 1\n[members]\n"Ada Lovelace" = 2\n')
    w = resolve_range("last-month", now=NOW, tz="UTC")
    with open_store(f"duckdb:{path}", read_only=True) as store:
        plain = summary(store, w.start, w.end, ("user",))
        local = summary(store, w.start, w.end, ("user",), rates=read_rates(tmp_path / "rates.toml", store))
    assert plain.rows == local.rows and plain.totals.earned.total > 0


@pytest.mark.parametrize("text,words", [
    ('[projects]\n"No Such Project" = 10\n', "no project 'No Such Project'"),
    ('[members]\n"Ada Lovelace" = "lots"\n', "members.Ada Lovelace must be a rate per hour"),
    ('rate = 5\n', "unknown keys rate"),
    ('[members\n', "cannot read the rates file"),
])
def test_bad_rates_files_are_one_line_errors(synced, tmp_path, text, words):
    (tmp_path / "rates.toml").write_text(text)
    with open_store(f"duckdb:{synced[1]}", read_only=True) as store, pytest.raises(Exception) as caught:
        read_rates(tmp_path / "rates.toml", store)
    assert words in str(caught.value) and "\n" not in str(caught.value)
    assert isinstance(caught.value, InvalidInput) or "cannot read" in words
