"""A long listing asks for its newest week first (rows on screen at once), then the rest: the same rows
in the same order as one walk, for one request more; short listings stay one walk."""

from __future__ import annotations

from datetime import UTC, datetime

NOW = {"PUNCH_NOW": "2026-11-20T18:00:00Z"}
ROUTE = "GET /api/v1/workspaces/{workspaceId}/user/{userId}/time-entries"


def requests(punch) -> int:
    return punch.h.app.stats.snapshot()["by_route"].get(ROUTE, 0)


def expected(punch, first: str, last: str) -> list[str]:
    lo, hi = (datetime.fromisoformat(t).replace(tzinfo=UTC).timestamp() for t in (first, last))
    mine = [e for e in punch.h.ws().by_user[punch.h.user_id("owner")] if lo <= e.start < hi]
    return [e.id for e in sorted(mine, key=lambda e: e.start, reverse=True)]


def test_a_year_comes_newest_week_first_with_every_row_once(punch):
    out = punch("entries", "--range", "this-year", "-o", "ids", env=NOW)
    assert out.exit_code == 0, out.output
    ids = out.output.split()
    assert ids == expected(punch, "2026-01-01T00:00:00", "2027-01-01T00:00:00")
    split = datetime(2026, 11, 13, 18, tzinfo=UTC).timestamp()  # a week before now
    starts = [punch.h.ws().entries[i].start for i in ids]
    assert any(s >= split for s in starts) and any(s < split for s in starts)  # rows from both requests
    assert requests(punch) == 2  # the week up to now, then the rest of the year


def test_a_week_is_one_request(punch):
    out = punch("entries", "--range", "this-week", "-o", "ids", env=NOW)
    assert out.output.split() == expected(punch, "2026-11-16T00:00:00", "2026-11-23T00:00:00")
    assert requests(punch) == 1
