"""Ctrl+C while the store types or commits a batch (a real SIGINT, arriving inside a DuckDB
statement, where DuckDB turns it into an error) is an interrupt, not an unexpected failure: the
batch is not kept, the stream's state is as it was, and the store goes on working."""

from __future__ import annotations

import os
import signal
import threading

import pytest

from punchclock.store import Commit, open_store
from punchclock.sync.streams import Column, Stream

THINGS = Stream("things", (Column("id"), Column("note")), key="id")


def interrupted_soon() -> threading.Timer:
    """SIGINT to this process a moment from now (delivered to the main thread, as Ctrl+C is)."""
    timer = threading.Timer(0.15, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    return timer


@pytest.mark.parametrize("when", ["typing", "committing"])
def test_ctrl_c_inside_a_commit_is_an_interrupt_and_keeps_nothing(tmp_path, when):
    rows = [f'{{"id": "{i}", "note": "{"n" * 200}"}}' for i in range(300_000)]  # a second or so of DuckDB's work
    with open_store(f"duckdb:{tmp_path / 's.duckdb'}") as store:
        store.prepare("p", [THINGS])
        store.commit(Commit("p", "w", "r0", rows={"things": rows[:2]}, states={"things": {"done": 2}}))
        commit = Commit("p", "w", "r1", rows={"things": rows}, states={"things": {"done": len(rows)}})
        if when == "committing":
            commit = store.stage(commit)
        timer = interrupted_soon()
        with pytest.raises(KeyboardInterrupt):
            store.commit(commit)
        timer.join()
        assert store.query("select count(*) from p.things")[1] == [(2,)]
        assert store.state("p", "w", "things") == {"done": 2}
        store.commit(Commit("p", "w", "r2", rows={"things": rows[:5]}))
        assert store.query("select count(*) from p.things")[1] == [(5,)]


@pytest.mark.parametrize("kind", ["duckdb", "iceberg"])
def test_ctrl_c_during_a_long_query_is_an_interrupt(tmp_path, kind):
    spec = f"duckdb:{tmp_path / 's.duckdb'}" if kind == "duckdb" else f"iceberg:{tmp_path / 'warehouse'}"
    with open_store(spec) as store:
        timer = interrupted_soon()
        with pytest.raises(KeyboardInterrupt):
            store.query("select count(*) from range(100000000000)")
        timer.join()
        assert store.query("select 1 + 1")[1] == [(2,)]
