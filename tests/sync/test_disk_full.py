"""A disk that fills up while ``punch sync`` writes: one clear line, a non-zero exit, and nothing of the
failing commit kept. The full disk is real to the process: ``punch sync`` runs in a child whose files may
not grow past a limit (``RLIMIT_FSIZE``, with ``SIGXFSZ`` ignored), so DuckDB's writes fail with EFBIG
exactly where a full disk fails them with ENOSPC."""

from __future__ import annotations

import hashlib
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

from punchclock.sandbox.core.server import running
from tests.conftest import make_harness
from tests.sync.helpers import rows, stored_entries, sync, true_entries

ROOT = Path(__file__).resolve().parents[2]


def _sync_with_files_capped(h, path: Path, limit: int, tmp_path: Path) -> subprocess.CompletedProcess:
    """``punch sync --full`` of the sandbox into ``path`` in a child whose files may not exceed ``limit`` bytes."""
    def capped() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    with running(h.app) as base:
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "CLOCKIFY_BASE_URL": f"{base}/api/v1",
               "CLOCKIFY_REPORTS_URL": f"{base}/reports/v1", "CLOCKIFY_API_KEY": h.key("owner"),
               "PUNCHCLOCK_CONFIG": str(tmp_path / "none.toml")}
        return subprocess.run([sys.executable, "-m", "punchclock", "sync", "--store", f"duckdb:{path}", "--yes",
                               "--full"], capture_output=True, text=True, env=env, preexec_fn=capped, timeout=300)


def _files(path: Path) -> dict[str, str]:
    """The store's file and its write-ahead log by digest (an empty log holds nothing)."""
    found = {}
    for name in (path, Path(f"{path}.wal")):
        if name.exists() and name.stat().st_size:
            found[name.name] = hashlib.sha256(name.read_bytes()).hexdigest()
    return found


def _one_line_about_the_disk(out: subprocess.CompletedProcess) -> None:
    assert out.returncode != 0
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert "the disk is full" in lines[0] and "nothing of this commit was kept" in lines[0]
    assert "Traceback" not in out.stderr


def test_a_disk_with_no_room_leaves_the_store_byte_for_byte(tmp_path):
    h = make_harness(users=3, entries=200)
    path = tmp_path / "s.duckdb"
    sync(h, path)
    before = _files(path)
    out = _sync_with_files_capped(h, path, 4096, tmp_path)
    _one_line_about_the_disk(out)
    assert _files(path) == before


def test_a_disk_filling_up_mid_sync_keeps_nothing_of_the_failing_commit(tmp_path):
    h = make_harness(users=4, projects=20, entries=6000)
    path = tmp_path / "s.duckdb"
    sync(h, path)
    state = "select state from _punch.state where stream = 'time_entries'"
    users = "select state from _punch.state where stream = 'users'"
    entries, entries_state, users_state = stored_entries(path), rows(path, state), rows(path, users)
    ws, caller = h.ws(), h.backend.authenticate(h.key("owner"))
    for entry in list(ws.entries.values())[:50]:  # the sandbox changes: the failed sync must not half-apply it
        h.backend.entries.delete(ws, caller, entry.id)
    # room for the small streams' commits in the log, not for the time entries' 6,000 rows
    out = _sync_with_files_capped(h, path, 1_000_000, tmp_path)
    _one_line_about_the_disk(out)
    assert rows(path, users) != users_state  # the small streams' commits went through before the disk filled
    assert stored_entries(path) == entries
    assert rows(path, state) == entries_state
    assert rows(path, "select count(*) - count(distinct id) from clockify.time_entries") == [(0,)]
    sync(h, path)  # with room again, the next sync converges
    assert stored_entries(path) == true_entries(h)
