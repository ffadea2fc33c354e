"""A first read of a stream (the store holds none of the workspace's rows) appends its batches without
looking for stored rows of their keys; a row that moved between pages while it read is stored twice
until the read's end, which keeps its last version. A resumed read keeps appending and still resolves
at its end; a read into a stream that holds rows looks its keys up as before."""

from __future__ import annotations

import pytest

from punchclock.store import open_store
from punchclock.store.base import Commit
from punchclock.sync import Options, make_plan, run
from tests.conftest import make_harness
from tests.sync.helpers import provider, rows, stored_entries, true_entries


class _Crash(Exception):
    """Stops a sync right after a commit, as a kill would."""


def _moving(h, store, *, crash_when_twice: bool = False):
    """Wrap ``store.commit``: after the first commit of entries, move an entry of the first member
    (already read) to the last member (not yet fetched), edited; answers the largest number of stored
    rows the moved entry had after any commit (and raises :class:`_Crash` once it had two, if asked)."""
    ws = h.ws()
    members = sorted(ws.members)
    seen = {"moved": None, "most": 0}
    commit = store.commit

    def wrapped(c):
        out = commit(c)
        if "time_entries" in c.rows and seen["moved"] is None:
            entry = ws.by_user[members[0]][0]
            ws.remove_entry(entry)
            entry.user_id, entry.description = members[-1], "moved to the last member"
            ws.add_entry(entry)
            seen["moved"] = entry.id
        elif seen["moved"] is not None:
            found = store.query("select count(*) from clockify.time_entries where id = ?", [seen["moved"]])[1][0][0]
            seen["most"] = max(seen["most"], found)
            if crash_when_twice and found == 2:
                raise _Crash
        return out

    store.commit = wrapped
    return seen


def _equal(path, h) -> None:
    """The stored entries are the sandbox's, one row each."""
    assert rows(path, "select count(*) from clockify.time_entries") == [(len(h.ws().entries),)]
    assert stored_entries(path) == true_entries(h)


def test_an_entry_moved_while_a_first_sync_reads_is_stored_once_in_its_last_version(tmp_path):
    h = make_harness(users=30, entries=1200)
    with provider(h) as p, open_store(f"duckdb:{tmp_path / 's.duckdb'}") as store:
        seen = _moving(h, store)
        report = run(make_plan(p.streams(), store, None, Options(commit_rows=50)), store)
    assert seen["most"] == 2  # appended without a look-up: both copies stood until the read's end
    _equal(tmp_path / "s.duckdb", h)
    entries = next(r for r in report.results if r.stream == "time_entries")
    assert entries.counts.added == 1200  # the second copy is not counted as another entry


def test_a_resumed_first_read_keeps_appending_and_resolves_at_its_end(tmp_path):
    h = make_harness(users=30, entries=1200)
    path = tmp_path / "s.duckdb"
    with provider(h) as p, open_store(f"duckdb:{path}") as store:
        _moving(h, store, crash_when_twice=True)
        with pytest.raises(_Crash):
            run(make_plan(p.streams(), store, None, Options(commit_rows=50)), store)
    assert rows(path, "select count(*) - count(distinct id) from clockify.time_entries") == [(1,)]
    with provider(h) as p, open_store(f"duckdb:{path}") as store:
        plan = make_plan(p.streams(), store, None, Options(commit_rows=50))
        assert any(s.resume is not None for s in plan.steps if s.streams == ["time_entries"])
        commits, commit = [], store.commit
        store.commit = lambda c: commits.append(c) or commit(c)
        run(plan, store)
    resumed = [c for c in commits if "time_entries" in c.rows]
    # the rerun appends as the first run did (the table now holds rows), and its end resolves
    assert resumed and all(c.appends == {"time_entries"} for c in resumed)
    assert resumed[-1].dedupe == {"time_entries"}
    _equal(path, h)


def test_a_read_into_a_stream_with_rows_looks_its_keys_up(tmp_path):
    h = make_harness(users=30, entries=1200)
    path = tmp_path / "s.duckdb"
    one = next(iter(true_entries(h).values()))
    with provider(h) as p, open_store(f"duckdb:{path}") as store:
        store.prepare("clockify", p.streams().streams)
        store.commit(Commit("clockify", h.ws_id, "before", rows={"time_entries": [one]}))  # one row stored
        seen = _moving(h, store)
        run(make_plan(p.streams(), store, None, Options(commit_rows=50)), store)
    assert seen["moved"] is not None and seen["most"] == 1  # the moved entry's stored row was replaced
    _equal(path, h)
