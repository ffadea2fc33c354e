"""Shared fixtures of the report tests (imported by name: a second ``conftest`` module would shadow
the one other test packages import): a seeded Clockify sandbox synced into a store."""

from __future__ import annotations

import pytest

from punchclock.store import open_store
from tests.conftest import make_harness
from tests.sync.helpers import provider, sync


@pytest.fixture(scope="module")
def synced(tmp_path_factory):
    """(harness, store path): the default seeded workspace (400 entries, 8 users) after one sync."""
    h = make_harness()
    path = tmp_path_factory.mktemp("reports") / "s.duckdb"
    sync(h, path)
    return h, path


@pytest.fixture
def store(synced):
    """The synced store, opened read-only."""
    with open_store(f"duckdb:{synced[1]}", read_only=True) as opened:
        yield opened


def clockify_summary(h, window, groups, **filters) -> dict:
    """The sandbox's own summary report (Clockify's Reports API) for a report window."""
    from datetime import timedelta

    with provider(h) as p:
        return p.client.reports.summary(window.start, window.end - timedelta(seconds=1), groups=groups,
                                        time_zone=window.tz, amounts=["EARNED", "COST"], **filters)
