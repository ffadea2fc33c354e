"""Listings walk every page by ``meta`` (no request past the last page), sync and async alike, and
each filter narrows exactly as the sandbox's own data says it should."""

from __future__ import annotations

import asyncio
import math
from datetime import UTC, date, datetime, timedelta

import pytest

from clockeye_harness import make_harness
from punchclock.errors import InvalidInput

ENTRIES_ROUTE = "GET /v1/time-entries"


@pytest.fixture(scope="module")
def h():
    """Six users sharing 1,234 entries (one running timer)."""
    return make_harness(entries=1234)


@pytest.fixture(scope="module")
def even():
    """Six users sharing 1,200 entries: a page size of 150 or 200 fills the last page."""
    return make_harness(entries=1200)


def everyone(h) -> list[str]:
    return [e.id for e in sorted(h.backend.state.entries.values(), key=lambda e: e.sort_key())]


@pytest.mark.parametrize("per_page", [200, 50, 7])
def test_sync_and_async_walk_every_entry_alike_with_one_request_per_page(h, per_page):
    expected = everyone(h)
    assert len(expected) == 1234
    pages = math.ceil(1234 / per_page)

    h.app.stats.reset()
    with h.client() as client:
        sync_ids = [e.id for e in client.time_entries.list("all", per_page=per_page)]
    assert h.app.stats.by_route[ENTRIES_ROUTE] == h.app.stats.total == pages

    async def walk() -> list[str]:
        async with h.aclient() as client:
            return [e.id async for e in client.time_entries.list("all", per_page=per_page)]

    h.app.stats.reset()
    async_ids = asyncio.run(walk())
    assert h.app.stats.by_route[ENTRIES_ROUTE] == h.app.stats.total == pages
    assert sync_ids == async_ids == expected  # every row once, newest first, in the server's order


@pytest.mark.parametrize("per_page", [150, 200])
def test_a_full_last_page_ends_the_walk_by_meta_without_asking_for_an_empty_page(even, per_page):
    # 1200 rows: the last page is full, so only meta (page x per_page >= total) can end the walk.
    even.app.stats.reset()
    with even.client() as client:
        pages = list(client.time_entries.list("all", per_page=per_page).pages())
    assert [len(p) for p in pages] == [per_page] * (1200 // per_page)
    assert even.app.stats.total == 1200 // per_page


def test_a_page_past_the_end_is_empty_and_ends_the_walk_after_one_request(h):
    h.app.stats.reset()
    with h.client() as client:
        assert client.time_entries.list("all", per_page=100, page=14).to_list() == []
        tail = client.time_entries.list("all", per_page=100, page=13).to_list()
    assert [e.id for e in tail] == everyone(h)[1200:] and len(tail) == 34
    assert h.app.stats.total == 2


def test_filters_by_user_project_days_and_instants_match_the_sandboxs_data(h):
    member = h.user_id("member")
    mine = h.entries_of(member)
    project = mine[0].project_id
    day = datetime.fromtimestamp(mine[3].start, UTC).date()
    since = datetime.fromtimestamp(mine[10].start, UTC)
    until = datetime.fromtimestamp(mine[2].start, UTC)
    with h.client() as owner, h.client("member") as me:
        assert [e.id for e in me.time_entries.list()] == [e.id for e in mine]  # the caller by default
        assert [e.id for e in owner.time_entries.list(member)] == [e.id for e in mine]
        by_project = [e.id for e in owner.time_entries.list(member, project_id=project)]
        on_day = [e.id for e in owner.time_entries.list(member, start_date=day, end_date=day)]
        in_span = [e.id for e in owner.time_entries.list(member, start=since, end=until)]
    assert by_project == [e.id for e in mine if e.project_id == project] and len(by_project) < len(mine)
    day_start = datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp()
    assert on_day == [e.id for e in mine if day_start <= e.start < day_start + 86400] and on_day
    assert in_span == [e.id for e in mine if since.timestamp() <= e.start < until.timestamp()]  # [from, to)
    assert [e.id for e in mine[3:11]] == in_span


def test_users_projects_and_screenshots_page_too(h):
    with h.client() as client:
        users = client.users.list(per_page=4).to_list()
        projects = client.projects.list(per_page=3).to_list()
        active = client.projects.list(archived=False, per_page=3).to_list()
        archived = client.projects.list(archived=True).to_list()
        shots = client.screenshots.list(user_id=h.user_id(), start_date=date(2026, 11, 1),
                                        end_date=date(2026, 11, 20), per_page=25).to_list()
    assert [u.id for u in users] == list(h.backend.state.users)
    assert len(projects) == len(h.backend.state.projects) == len(active) + len(archived)
    assert [p.name for p in archived] == ["Legacy Intranet"] and all(not p.archived for p in active)
    first, after = datetime(2026, 11, 1, tzinfo=UTC).timestamp(), datetime(2026, 11, 21, tzinfo=UTC).timestamp()
    own = {s.id for s in h.backend.state.screenshots if s.user_id == h.user_id() and first <= s.taken_at < after}
    assert {s.id for s in shots} == own and len(shots) == len(own) > 25
    assert all(0 <= s.activity_level <= 100 and s.taken_at.tzinfo is UTC for s in shots)


@pytest.mark.parametrize("kwargs, field", [
    ({"per_page": 201}, "per_page"), ({"per_page": 0}, "per_page"), ({"page": 0}, "page"),
    ({"start_date": datetime(2026, 1, 1, tzinfo=UTC)}, "start_date"),
    ({"start_date": date(2026, 2, 1), "end_date": date(2026, 1, 1)}, "end_date"),
    ({"start": datetime(2026, 1, 1)}, "start"),
    ({"start": datetime(2026, 2, 1, tzinfo=UTC), "end": datetime(2026, 1, 1, tzinfo=UTC) - timedelta(1)}, "end"),
])
def test_bad_listing_arguments_fail_before_any_request(h, kwargs, field):
    h.app.stats.reset()
    with h.client() as client, pytest.raises(InvalidInput) as failed:
        client.time_entries.list(**kwargs)
    assert failed.value.field == field
    assert h.app.stats.total == 0
