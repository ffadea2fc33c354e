"""The client's scheduling against the sandbox, sync and async, plus argument checks that send nothing."""

from __future__ import annotations

from datetime import datetime, timezone

import httpx
import pytest

from conftest import make_harness
from punchclock.errors import InvalidInput, PlanRequired
from punchclock.providers.clockify import AsyncClockify, Clockify
from punchclock.providers.clockify.models.scheduling import Assignment, ProjectTotals, UserTotals
from punchclock.sandbox.core.transport import SyncASGITransport

UTC = timezone.utc
MON, TUE = datetime(2026, 11, 23, tzinfo=UTC), datetime(2026, 11, 24, tzinfo=UTC)
WEEK = (MON, datetime(2026, 11, 29, tzinfo=UTC))


def client_for(h, role="owner"):
    return Clockify(h.key(role), h.ws_id, base_url="http://sandbox/api/v1", transport=SyncASGITransport(h.app),
                    rate=1000)


def empty_schedule(**seed):
    h = make_harness(**seed)
    h.ws().collection("assignments").clear()
    return h


def test_the_schedule_round_trips_through_the_client():
    h = empty_schedule()
    member, admin = h.user_id("member"), h.user_id("admin")
    project = next(p["id"] for p in h.ws().projects.values() if not p["archived"])
    with client_for(h) as clockify:
        series = clockify.scheduling.create(member, project, MON, TUE, 4, note="Sprint", start_time="09:00:00",
                                            repeat_weeks=2)
        assert all(isinstance(a, Assignment) for a in series) and len(series) == 2
        assert series[1].period.start == datetime(2026, 11, 30, tzinfo=UTC)
        assert series[0].recurring.series_id == series[1].recurring.series_id
        [single] = clockify.scheduling.create(admin, project, MON, MON, 8, billable=True)
        listed = list(clockify.scheduling.list(*WEEK, size=1))
        assert {a.id for a in listed} == {series[0].id, single.id} and listed[0].project_name
        total = clockify.scheduling.project_total(project, *WEEK)
        assert isinstance(total, ProjectTotals) and total.total_hours == 2 * 4.0 + 8.0
        assert [d.has_assignment for d in total.assignments][:3] == [True, True, False]
        mine = clockify.scheduling.user_total(member, *WEEK)
        assert isinstance(mine, UserTotals) and mine.capacity_per_day == 8 * 3600
        assert [d.total_hours for d in mine.total_hours_per_day] == [4.0, 4.0, 0.0, 0.0, 0.0, 0.0, 0.0]
        assert clockify.scheduling.user_total(h.user_id("owner"), *WEEK) is None
        assert clockify.scheduling.project_total(project, datetime(2027, 1, 4, tzinfo=UTC),
                                                 datetime(2027, 1, 8, tzinfo=UTC)) is None
        [one] = clockify.scheduling.user_totals(*WEEK, users=[member])
        assert one.user_id == member and one.total_hours_per_day == mine.total_hours_per_day
        assert [p.project_id for p in clockify.scheduling.project_totals(*WEEK, status="UNPUBLISHED")] == [project]
        assert clockify.scheduling.publish(*WEEK, users=[member]) is None
        with client_for(h, "member") as reader:
            assert [a.id for a in reader.scheduling.list(*WEEK)] == [series[0].id]
        assert [p.project_id for p in clockify.scheduling.project_totals(*WEEK, status="PUBLISHED")] == [project]
        moved = clockify.scheduling.update(series[0].id, MON, MON, hours_per_day=5, scope="ALL")
        assert [a.hours_per_day for a in moved] == [5.0, 5.0] and moved[1].period.end == datetime(2026, 11, 30,
                                                                                                  tzinfo=UTC)
        grown = clockify.scheduling.set_series(series[0].id, 3)
        assert len(grown) == 3 and {a.recurring.weeks for a in grown} == {3}
        copies = clockify.scheduling.copy(series[0].id, admin, scope="THIS_AND_FOLLOWING")
        assert len(copies) == 3 and {a.user_id for a in copies} == {admin} and not any(a.published for a in copies)
        gone = clockify.scheduling.delete(grown[1].id, scope="THIS_AND_FOLLOWING")
        assert {a.id for a in gone} == {grown[1].id, grown[2].id}
        assert [a.id for a in clockify.scheduling.delete(single.id)] == [single.id]
    assert len(h.ws().collection("assignments")) == 1 + 3


@pytest.mark.anyio
async def test_async_client_gives_the_same_answers():
    h = make_harness()
    async with AsyncClockify(h.key(), h.ws_id, base_url="http://sandbox/api/v1", transport=httpx.ASGITransport(h.app),
                             rate=1000) as clockify:
        listed = [a async for a in clockify.scheduling.list(*WEEK, size=2)]
        projects = await clockify.scheduling.project_totals(*WEEK)
        admin = await clockify.scheduling.user_total(h.user_id("admin"), *WEEK)
    with client_for(h) as sync:
        assert [a.id for a in listed] == [a.id for a in sync.scheduling.list(*WEEK)] and len(listed) == 3
        assert projects == sync.scheduling.project_totals(*WEEK) and len(projects) == 3
        assert admin == sync.scheduling.user_total(h.user_id("admin"), *WEEK)
    assert sum(d.total_hours for d in admin.total_hours_per_day) == 5 * 6.0


@pytest.mark.parametrize("call,field", [
    (lambda s: s.list(datetime(2026, 11, 23), WEEK[1]), "start"),
    (lambda s: s.list(WEEK[1], WEEK[0]), "end"),
    (lambda s: s.list(MON, None), "end"),
    (lambda s: s.list("2026-11-23", WEEK[1]), "start"),
    (lambda s: s.list(*WEEK, sort_column="PLANET"), "sort_column"),
    (lambda s: s.list(*WEEK, size=0), "size"),
    (lambda s: s.project_totals(*WEEK, size=201), "size"),
    (lambda s: s.project_totals(*WEEK, status="DRAFT"), "status"),
    (lambda s: s.project_totals(*WEEK, page=0), "page"),
    (lambda s: s.project_total("", *WEEK), "project_id"),
    (lambda s: s.user_totals(*WEEK, users="u1"), "users"),
    (lambda s: s.user_total("a b", *WEEK), "user_id"),
    (lambda s: s.publish(MON, None), "end"),
    (lambda s: s.create("u1", "p1", MON, TUE, 0), "hours_per_day"),
    (lambda s: s.create("u1", "p1", MON, TUE, 24.5), "hours_per_day"),
    (lambda s: s.create("u1", "p1", MON, TUE, True), "hours_per_day"),
    (lambda s: s.create("u1", "p1", MON, TUE, 4, repeat_weeks=100), "repeat_weeks"),
    (lambda s: s.create("u1", "p1", MON, TUE, 4, note="x" * 101), "note"),
    (lambda s: s.create("u1", "p1", MON, TUE, 4, start_time="9am"), "start_time"),
    (lambda s: s.create("", "p1", MON, TUE, 4), "user_id"),
    (lambda s: s.update("a1", MON, TUE, hours_per_day=-1), "hours_per_day"),
    (lambda s: s.update("a1", MON, TUE, scope="THIS"), "scope"),
    (lambda s: s.delete("a1", scope="SOME"), "scope"),
    (lambda s: s.set_series("a1", 0), "weeks"),
    (lambda s: s.copy("a1", ""), "user_id"),
])
def test_bad_arguments_fail_before_any_request(call, field):
    h = make_harness(entries=10)
    with client_for(h) as clockify:
        with pytest.raises(InvalidInput) as caught:
            call(clockify.scheduling)
    assert caught.value.field == field
    assert h.app.stats.total == 0


def test_scheduling_raises_plan_required_on_a_free_workspace():
    h = make_harness(entries=10, plan="free")
    project = next(iter(h.ws().projects))
    with client_for(h) as clockify:
        with pytest.raises(PlanRequired) as caught:
            clockify.scheduling.list(*WEEK).to_list()
        assert caught.value.feature == "SCHEDULING" and caught.value.status == 403
        with pytest.raises(PlanRequired):
            clockify.scheduling.create(h.user_id("owner"), project, MON, TUE, 4)
        with pytest.raises(PlanRequired):
            clockify.scheduling.project_totals(*WEEK)
    assert not h.ws().collection("assignments")
