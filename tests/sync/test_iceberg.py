"""The Iceberg store (pyiceberg, a local SQL catalog and warehouse): the same tables, rows and views
as the DuckDB store, read back by a second engine; incremental runs, kill -9 and bad input."""

from __future__ import annotations

import hashlib
import json

import pytest

from punchclock.store import StoreError, StoreLocked, StoreTooNew, open_store
from tests.conftest import make_harness
from tests.sync.helpers import rows, stored_entries, sync, true_entries
from tests.sync.test_full_and_incremental import STREAMS, _edit
from tests.sync.test_kill_and_bad_input import kill_and_rerun


def _catalog(folder):
    from pyiceberg.catalog.sql import SqlCatalog

    return SqlCatalog("punch", uri=f"sqlite:///{folder / 'catalog.db'}", warehouse=(folder / "warehouse").as_uri())


def _tree(folder) -> str:
    """A digest of every file under the store's folder (to show a refused run changed nothing)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.name != ".lock"):
        digest.update(str(path).encode() + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    """One workspace synced into a DuckDB file and into an Iceberg folder."""
    h = make_harness(users=12, projects=40, entries=4000)
    base = tmp_path_factory.mktemp("stores")
    duck, ice = base / "s.duckdb", base / "ice"
    _, duck_report = sync(h, duck)
    _, ice_report = sync(h, f"iceberg:{ice}")
    return h, duck, ice, duck_report, ice_report


def test_full_sync_into_iceberg_equals_the_sandbox_and_the_duckdb_store(both):
    h, duck, ice, duck_report, ice_report = both
    spec = f"iceberg:{ice}"
    assert stored_entries(spec) == true_entries(h)
    assert ice_report.requests == duck_report.requests and ice_report.counts.added == duck_report.counts.added
    with open_store(spec, read_only=True) as iceberg, open_store(f"duckdb:{duck}", read_only=True) as duckdb:
        for stream in STREAMS:
            sql = f"select id, _raw from clockify.{stream} order by id"
            assert iceberg.query(sql)[1] == [(i, str(raw)) for i, raw in duckdb.query(sql)[1]], stream
        for view in ("entries", "projects", "users", "clients", "tags", "tasks"):
            sql = f"select * from {view} order by id"
            assert iceberg.query(sql) == duckdb.query(sql), view
        assert {r[0] for r in iceberg.query("select stream from _punch.state where state->>'status' = 'complete'")[1]} \
            == set(STREAMS)


def test_a_second_engine_reads_the_iceberg_tables_with_the_same_counts(both):
    h, duck, ice, *_ = both
    catalog = _catalog(ice)
    for stream in STREAMS:
        arrow = catalog.load_table(f"clockify.{stream}").scan().to_arrow()  # pyiceberg's own reader (PyArrow)
        (count,), = rows(duck, f"select count(*) from clockify.{stream}")
        assert arrow.num_rows == count, stream
        assert sorted(arrow.column("id").to_pylist()) == [r[0] for r in rows(duck, f"select id from clockify.{stream} "
                                                                                   f"order by id")]
    table = catalog.load_table("clockify.time_entries")
    assert {str(f.name) for f in table.schema().fields} >= {"workspace_id", "id", "start", "end", "tag_ids",
                                                              "_raw", "_run", "_synced_at"}
    assert str(table.schema().find_field("start").field_type) == "timestamptz"


def test_incremental_feed_sync_into_iceberg_converges(tmp_path):
    h = make_harness(users=8, entries=2500)
    spec = f"iceberg:{tmp_path / 'ice'}"
    sync(h, spec)
    _edit(h)
    plan, report = sync(h, spec)
    assert plan.steps[0].mode == "feed"
    assert stored_entries(spec) == true_entries(h)
    assert ("Renamed project",) in rows(spec, "select name from projects")
    assert (report.counts.added, report.counts.deleted) == (1, 20)
    plan, report = sync(h, spec, full=True)  # a full reread changes nothing and removes nothing
    assert stored_entries(spec) == true_entries(h)
    assert (report.counts.added, report.counts.deleted) == (0, 0)


def test_killed_syncs_into_iceberg_resume_without_losing_or_duplicating_rows(tmp_path):
    h = make_harness(users=10, entries=4000)
    spec = f"iceberg:{tmp_path / 'ice'}"
    assert kill_and_rerun(h, spec, rounds=6, most=20, seed=41)[0] >= 4
    assert rows(spec, "select count(*) - count(distinct id) from clockify.time_entries") == [(0,)]
    assert stored_entries(spec) == true_entries(h)


def test_an_unreachable_catalog_is_one_line_and_nothing_is_written(tmp_path):
    with pytest.raises(StoreError) as caught:
        open_store("iceberg:catalog=remote,type=rest,uri=http://127.0.0.1:9")
    assert "cannot reach the Iceberg catalog 'remote'" in str(caught.value) and "\n" not in str(caught.value)
    folder = tmp_path / "ice"
    folder.mkdir()
    (folder / "catalog.db").write_bytes(b"not a catalog at all" * 100)
    before = _tree(folder)
    with pytest.raises(StoreError) as caught:
        open_store(f"iceberg:{folder}")
    assert "cannot reach the Iceberg" in str(caught.value) and "\n" not in str(caught.value)
    assert _tree(folder) == before


def test_a_locked_or_newer_iceberg_store_is_refused_unchanged(tmp_path):
    folder = tmp_path / "ice"
    with open_store(f"iceberg:{folder}"):
        before = _tree(folder)
        with pytest.raises(StoreLocked, match="in use by another sync"):
            open_store(f"iceberg:{folder}")
        assert _tree(folder) == before
    table = _catalog(folder).load_table("_punch.state")
    with table.transaction() as tx:
        tx.set_properties({"punch.schema_version": "99"})
    before = _tree(folder)
    with pytest.raises(StoreTooNew, match="newer punchclock"):
        open_store(f"iceberg:{folder}")
    assert _tree(folder) == before


def test_a_commit_cut_short_leaves_no_trace_and_a_full_disk_is_one_line(tmp_path, monkeypatch):
    from punchclock.store.iceberg import IcebergStore

    h = make_harness(users=3, entries=300)
    spec = f"iceberg:{tmp_path / 'ice'}"
    sync(h, spec, streams=["users", "tags"])
    before = rows(spec, "select id, _raw from clockify.tags order by id")
    store = open_store(spec)
    from tests.sync.helpers import provider

    with provider(h) as p:
        store.prepare("clockify", p.streams().streams)
    from punchclock.store import Commit

    renamed = [{**json.loads(raw), "name": "renamed"} for _, raw in before]
    # killed between the table's snapshot and the state's: the table is ahead of the committed number
    store._write(Commit("clockify", h.ws_id, "r1", rows={"tags": renamed}), "tags", store.committed + 1)
    store.close()
    assert rows(spec, "select id, _raw from clockify.tags order by id") == before  # readers never see it
    open_store(spec).close()  # the next writer rolls the table back
    table = _catalog(tmp_path / "ice").load_table("clockify.tags")
    assert sorted(table.scan().to_arrow().column("_raw").to_pylist()) == sorted(r for _, r in before)

    def full(self, commit, seq):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(IcebergStore, "_write_states", full)
    with open_store(spec) as store:
        with provider(h) as p:
            store.prepare("clockify", p.streams().streams)
        with pytest.raises(StoreError, match="the disk is full; nothing of this commit was kept") as caught:
            store.commit(Commit("clockify", h.ws_id, "r2", rows={"tags": renamed}, states={"tags": {}}))
        assert "\n" not in str(caught.value)
        assert store.query("select id, _raw from clockify.tags order by id")[1] == before
    monkeypatch.undo()
    assert rows(spec, "select id, _raw from clockify.tags order by id") == before
    assert sorted(_catalog(tmp_path / "ice").load_table("clockify.tags").scan().to_arrow().column("_raw")
                  .to_pylist()) == sorted(r for _, r in before)
