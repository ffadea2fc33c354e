"""A sync commits whole multiples of the store's ``commit_rows`` (the last commit holds the rest), each
commit resuming only past members whose entries it holds to the end; the DuckDB store writes its
file in row groups of that many rows, so those commits go straight into the file."""

from __future__ import annotations

import collections

from punchclock.store import open_store
from punchclock.store.duckdb import ROW_GROUP_ROWS
from punchclock.sync import Options, make_plan, run
from tests.conftest import make_harness
from tests.sync.helpers import provider, rows, stored_entries, true_entries


def test_commits_hold_whole_multiples_and_resume_only_past_members_they_hold_whole(tmp_path):
    h = make_harness(users=6, entries=900)
    per_member = collections.Counter(e.user_id for e in h.ws().entries.values())
    members = sorted(h.ws().members)
    commits = []  # (entry rows, resume member or None) of each commit of the entries' read
    with provider(h) as p, open_store(f"duckdb:{tmp_path / 's.duckdb'}") as store:
        commit = store.commit

        def recorded(c):
            state = c.states.get("time_entries") or {}
            if "time_entries" in c.rows:
                commits.append((len(c.rows["time_entries"]), state.get("status"), (state.get("resume") or {})))
            return commit(c)

        store.commit = recorded
        run(make_plan(p.streams(), store, None, Options(commit_rows=70)), store)
    *middle, (_, status, _) = commits
    assert status == "complete" and len(middle) >= 3
    assert all(size % 70 == 0 for size, _, _ in middle)
    held = 0
    for size, _, resume in middle:
        held += size
        if resume.get("after"):  # every entry of the members up to the resume point is committed
            assert sum(per_member[m] for m in members[:members.index(resume["after"]) + 1]) <= held
    assert stored_entries(tmp_path / "s.duckdb") == true_entries(h)


def test_the_duckdb_store_writes_row_groups_of_its_commit_rows(tmp_path):
    h = make_harness(users=3, entries=30_000)
    with provider(h) as p, open_store(f"duckdb:{tmp_path / 's.duckdb'}") as store:
        assert store.commit_rows == ROW_GROUP_ROWS
        run(make_plan(p.streams(), store), store)
    groups = rows(tmp_path / "s.duckdb", "select row_group_id, sum(count) from pragma_storage_info("
                                         "'clockify.time_entries') where column_path = '[0]' group by 1 order by 1")
    sizes = [int(n) for _, n in groups]
    assert sum(sizes) == 30_000
    assert max(sizes) == ROW_GROUP_ROWS and len(sizes) >= 30_000 // ROW_GROUP_ROWS


def test_the_duckdb_store_lets_go_of_what_it_wrote_while_a_sync_runs(tmp_path, monkeypatch):
    from punchclock.store import duckdb as store_module

    monkeypatch.setattr(store_module, "TRIM_ROWS", 200)
    trims = []
    trim = store_module.DuckDBStore._trim
    monkeypatch.setattr(store_module.DuckDBStore, "_trim", lambda self: (trims.append(1), trim(self)))
    h = make_harness(users=4, entries=900)
    with provider(h) as p, open_store(f"duckdb:{tmp_path / 's.duckdb'}") as store:
        limit = store.query("select current_setting('memory_limit')")[1]
        run(make_plan(p.streams(), store, None, Options(commit_rows=70)), store)
        assert store.query("select current_setting('memory_limit')")[1] == limit  # the limit is back
    assert len(trims) >= 900 // 200
    assert stored_entries(tmp_path / "s.duckdb") == true_entries(h)
