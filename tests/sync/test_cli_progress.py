"""``punch sync`` on a terminal draws a bar per stream; piped, it prints only result lines and the
summary; ``punch sql`` reads either store."""

from __future__ import annotations

import io
import json

from rich.console import Console

from punchclock.sync import make_plan, run
from punchclock.sync.progress import Bars, bars_for
from punchclock.store import open_store
from tests.conftest import make_harness
from tests.sync.helpers import provider


def test_piped_sync_is_quiet_but_for_results_and_the_summary(punch, tmp_path):
    store = f"iceberg:{tmp_path / 'ice'}"
    out = punch("sync", "--store", store, "--yes")
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert lines[-1].startswith("synced: ") and "requests" in lines[-1]
    assert not any("━" in line or "\x1b[" in line for line in lines)
    assert any(line.startswith("time_entries") and "full" in line for line in lines)
    got = punch("sql", "--store", store, "--format", "json", "select count(*) as n from entries")
    assert json.loads(got.output) == [{"n": len(punch.h.ws().entries)}]


def test_on_a_terminal_each_stream_gets_a_bar(tmp_path):
    h = make_harness(users=4, entries=300)
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=120)
    with provider(h) as p, open_store(f"duckdb:{tmp_path / 's.duckdb'}") as store:
        plan = make_plan(p.streams(), store)
        with Bars(console) as bars:
            report = run(plan, store, watcher=bars)
    drawn = screen.getvalue()
    assert "time_entries" in drawn and "users" in drawn and "━" in drawn
    done = {bars.progress.tasks[t].description: bars.progress.tasks[t] for t in bars.tasks.values()}
    assert all(task.finished for task in done.values())
    assert done["time_entries"].fields["rows"] == len(h.ws().entries) == report.counts.added - sum(
        r.counts.added for r in report.results if r.stream != "time_entries")


def test_bars_only_on_a_terminal():
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert bars_for(io.StringIO()) is None
    assert isinstance(bars_for(Tty()), Bars)
