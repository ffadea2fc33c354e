"""A sync killed with SIGKILL at random moments and run again loses and duplicates nothing; a
locked, newer or unreadable store, or an unknown stream, is one clear line and leaves the store as it was."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from punchclock.errors import InvalidInput
from punchclock.sandbox.core.server import running
from punchclock.store import StoreError, StoreLocked, StoreTooNew, open_store
from tests.conftest import make_harness
from tests.sync.helpers import rows, spec_of, stored_entries, sync, true_entries

ROOT = Path(__file__).resolve().parents[2]


def _child(base, h, path, commit_rows: int | None) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "tests.sync._child", base, h.key("owner"), h.ws_id, str(path),
                             str(commit_rows or "")],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT, env=env)


def kill_and_rerun(h, store, *, rounds: int, most: int, seed: int, commit_rows: int | None = None) -> tuple[int, int]:
    """Start a sync into ``store`` ``rounds`` times and SIGKILL it after a random number (1 to ``most``) of
    its commits (of ``commit_rows`` rows, if given), deleting an entry in the sandbox between runs; then
    sync to the end. Returns the kills, and how many left the entries' first read unfinished (its rows
    appended without a look-up, for the next run to resume)."""
    rng = random.Random(seed)
    ws, caller = h.ws(), h.backend.authenticate(h.key("owner"))
    kills = unfinished = 0
    with running(h.app) as base:
        for _ in range(rounds):
            child = _child(base, h, store, commit_rows)
            wanted, seen = rng.randint(1, most), 0
            for line in child.stdout:
                seen += 1
                if seen >= wanted or line.startswith("done"):
                    break
            child.send_signal(signal.SIGKILL)
            child.wait()
            kills += child.returncode == -signal.SIGKILL
            with open_store(spec_of(store), read_only=True) as stored:
                state = stored.state("clockify", h.ws_id, "time_entries") or {}
            unfinished += state.get("status") == "running" and state.get("appends") == ["time_entries"]
            victim = rng.choice(list(ws.entries.values()))  # the workspace changes between runs
            h.backend.entries.delete(ws, caller, victim.id)
        child = _child(base, h, store, commit_rows)
        out, _ = child.communicate(timeout=300)
        assert out.strip().endswith("done")
    return kills, unfinished


def test_killed_syncs_resume_without_losing_or_duplicating_rows(tmp_path):
    h = make_harness(users=12, entries=6000)
    path = tmp_path / "s.duckdb"
    # commits of 200 rows: kills land inside the entries' first read, which appends, and the rerun resumes it
    kills, unfinished = kill_and_rerun(h, path, rounds=8, most=30, seed=14, commit_rows=200)
    assert kills >= 6 and unfinished >= 1
    assert rows(path, "select count(*) - count(distinct id) from clockify.time_entries") == [(0,)]
    assert stored_entries(path) == true_entries(h)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_store_locked_by_another_sync_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "s.duckdb"
    open_store(f"duckdb:{path}").close()
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys; c = duckdb.connect(sys.argv[1]); "
                               "print('ready', flush=True); sys.stdin.read()", str(path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        before = _digest(path)
        with pytest.raises(StoreLocked, match="in use by another sync"):
            open_store(f"duckdb:{path}")
        assert _digest(path) == before
    finally:
        holder.stdin.close()
        holder.wait()


def test_a_store_from_a_newer_punchclock_is_refused_unchanged(tmp_path):
    path = tmp_path / "s.duckdb"
    open_store(f"duckdb:{path}").close()
    con = duckdb.connect(str(path))
    con.execute("UPDATE _punch.meta SET value = '99' WHERE key = 'schema_version'")
    con.close()
    before = _digest(path)
    with pytest.raises(StoreTooNew, match="newer punchclock"):
        open_store(f"duckdb:{path}")
    assert _digest(path) == before


def test_unreadable_store_and_unknown_stream_are_one_line_errors(tmp_path):
    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError) as caught:
        open_store(f"duckdb:{junk}")
    assert "\n" not in str(caught.value)
    assert junk.read_bytes() == b"not a database at all" * 100
    with pytest.raises(StoreError, match="unknown store kind"):
        open_store("postgres:somewhere")
    h = make_harness(users=2, entries=10)
    with pytest.raises(InvalidInput, match="unknown stream 'entriez'"):
        sync(h, tmp_path / "s.duckdb", streams=["entriez"])


def test_a_refused_key_stops_the_run_and_a_refused_plan_is_recorded(tmp_path):
    from punchclock.errors import AuthenticationError

    h = make_harness(users=3, entries=50, plan="free")
    path = tmp_path / "s.duckdb"
    plan, report = sync(h, path)
    modes = {r.stream: r.mode for r in report.results}
    assert modes["expenses"] == modes["invoices"] == modes["custom_fields"] == "unavailable"
    # known from the workspace record this run read first: no request is spent to be refused
    assert [r.requests for r in report.results if r.stream in ("expenses", "invoices", "custom_fields")] == [0, 0, 0]
    assert modes["time_entries"] == "full"
    assert stored_entries(path) == true_entries(h)
    h.backend.state.keys.clear()
    with pytest.raises(AuthenticationError):
        sync(h, path, full=True)
