"""Every resource against the sandbox, sync and async: users, projects, entry CRUD, the timer,
the summary report. Outcomes are checked in the sandbox's own state, not only in the answers."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

import pytest

from clockeye_harness import ANCHOR, make_harness
from punchclock.errors import InvalidInput, NotFound
from punchclock.providers.clockeye import Project, Summary, TimeEntry

NOW = datetime.fromtimestamp(ANCHOR, UTC)


@pytest.fixture
def h():
    """A fresh sandbox per test (these tests write)."""
    return make_harness(entries=120)


def test_me_and_users(h):
    with h.client("member") as client:
        me = client.users.me()
        everyone = client.users.list().to_list()
    assert me.id == h.user_id("member") and me.role == "member" and me.status == "active"
    assert {u.id for u in everyone} == set(h.backend.state.users)


def test_projects_create_get_and_list(h):
    with h.client("admin") as client:
        made = client.projects.create("  Audit 2027 ", client_name="Hooli", billable=True, hourly_rate=135.5)
        fetched = client.projects.get(made.id)
        listed = {p.id for p in client.projects.list(archived=False)}
    assert isinstance(made, Project) and made.id.startswith("prj_")
    assert fetched == made and made.name == "Audit 2027" and made.hourly_rate == 135.5 and made.billable
    assert made.created_at.tzinfo is UTC and made.id in listed
    assert h.backend.state.projects[made.id]["client_name"] == "Hooli"
    with h.client() as client, pytest.raises(NotFound):
        client.projects.get("prj_0000000000")


def test_entry_create_get_update_delete(h):
    project = next(iter(h.backend.state.projects))
    start = NOW - timedelta(days=1, hours=3)
    with h.client() as client:
        made = client.time_entries.create("Write the ClockEye client", start_time=start,
                                          end_time=start + timedelta(minutes=90), project_id=project,
                                          billable=True, tags=["deep-work"])
        assert isinstance(made, TimeEntry) and made.id.startswith("te_")
        assert made.duration == timedelta(minutes=90) and made.start_time == start and not made.running
        assert client.time_entries.get(made.id) == made
        changed = client.time_entries.update(made.id, description="Review the ClockEye client",
                                             end_time=start + timedelta(hours=2))
        stored = h.backend.state.entries[made.id]
        assert (stored.description, stored.end - stored.start, stored.project_id, stored.tags) == (
            "Review the ClockEye client", 7200, project, ["deep-work"])  # fields not given are kept
        assert changed.duration == timedelta(hours=2) and changed.billable
        assert client.time_entries.delete(made.id) is None
        assert made.id not in h.backend.state.entries
        with pytest.raises(NotFound) as gone:
            client.time_entries.get(made.id)
    assert gone.value.code == "not_found" and made.id in gone.value.message


def test_the_timer_starts_switches_and_stops(h):
    with h.client() as client:
        assert client.time_entries.running() is None
        first = client.time_entries.start("Standup", tags=["meeting"])
        assert first.running and first.start_time == NOW and first.duration is None
        assert client.time_entries.running() == first
        h.clock.sleep(900)
        second = client.time_entries.start("Deep work")  # stops the first at the new start
        assert h.backend.state.entries[first.id].end == ANCHOR + 900
        h.clock.sleep(1800)
        stopped = client.time_entries.stop()
        assert stopped.id == second.id and stopped.duration == timedelta(minutes=30)
        assert client.time_entries.running() is None
        with pytest.raises(NotFound):
            client.time_entries.stop()
        at = NOW + timedelta(hours=2)
        third = client.time_entries.start("Later", at=at)
        assert client.time_entries.stop(at=at + timedelta(minutes=5)).duration == timedelta(minutes=5)
    assert third.start_time == at


def test_summary_report_sums_what_the_sandbox_holds(h):
    first, last = date(2026, 11, 1), date(2026, 11, 20)
    with h.client() as client:
        by_project = client.reports.summary(first, last)
        by_day = client.reports.summary(first, last, group_by="DAY")
    lo, hi = datetime(2026, 11, 1, tzinfo=UTC).timestamp(), datetime(2026, 11, 21, tzinfo=UTC).timestamp()
    mine = [e for e in h.entries_of(h.user_id()) if lo <= e.start < hi and e.end is not None]
    assert isinstance(by_project, Summary) and by_project.group_by == "project"
    assert by_project.total_duration == timedelta(seconds=sum(e.duration for e in mine)) > timedelta(0)
    assert by_project.billable_duration == timedelta(seconds=sum(e.duration for e in mine if e.billable))
    assert sum(r.entries for r in by_project.rows) == len(mine)
    assert sum((r.duration for r in by_day.rows), timedelta(0)) == by_project.total_duration
    assert (by_day.start_date, by_day.end_date, by_day.group_by) == (first, last, "day")


def test_the_async_client_does_the_same_over_the_same_calls(h):
    async def run():
        async with h.aclient() as client:
            me = await client.users.me()
            made = await client.time_entries.create("async entry", start_time=NOW - timedelta(hours=5),
                                                    end_time=NOW - timedelta(hours=4))
            got = await client.time_entries.get(made.id)
            timer = await client.time_entries.start("async timer")
            running = await client.time_entries.running()
            h.clock.sleep(60)
            stopped = await client.time_entries.stop()
            await client.time_entries.delete(made.id)
            projects = await client.projects.list().to_list()
            summary = await client.reports.summary(date(2026, 11, 1), date(2026, 11, 20), group_by="user")
            return me, made, got, timer, running, stopped, projects, summary

    me, made, got, timer, running, stopped, projects, summary = asyncio.run(run())
    assert me.id == h.user_id() and got == made and running == timer
    assert stopped.duration == timedelta(seconds=60) and made.id not in h.backend.state.entries
    assert len(projects) == len(h.backend.state.projects)
    assert [r.key for r in summary.rows] == [h.user_id()]


@pytest.mark.parametrize("call, field", [
    (lambda c: c.time_entries.create("x", start_time=None), "start_time"),
    (lambda c: c.time_entries.create("x", start_time=datetime(2026, 1, 1)), "start_time"),
    (lambda c: c.time_entries.create("x", start_time=NOW, end_time=NOW - timedelta(1)), "end_time"),
    (lambda c: c.time_entries.update("te_abcdefghij"), "update"),
    (lambda c: c.time_entries.create("x", start_time=NOW, tags="urgent"), "tags"),
    (lambda c: c.time_entries.get("te_a/../b"), "entry_id"),
    (lambda c: c.projects.create(""), "name"),
    (lambda c: c.projects.create("P", hourly_rate=-1), "hourly_rate"),
    (lambda c: c.reports.summary(date(2026, 2, 1), date(2026, 1, 1)), "end_date"),
    (lambda c: c.reports.summary(date(2026, 1, 1), date(2026, 1, 2), group_by="client"), "group_by"),
])
def test_bad_arguments_fail_before_any_request(h, call, field):
    h.app.stats.reset()
    with h.client() as client, pytest.raises(InvalidInput) as failed:
        call(client)
    assert failed.value.field == field and h.app.stats.total == 0
