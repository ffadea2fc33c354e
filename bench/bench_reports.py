"""Summary report time over 10 million entries in the store, beside the same aggregation done with a
plain Python loop over the rows.

The entries are generated inside DuckDB (not synced through HTTP) into Clockify's tables, so the
neutral views and the report SQL are the real ones. The report sums time, billable time, entries,
earned and cost per project over the whole range. The Python loop reads the same rows in batches
(each entry's seconds computed by DuckDB, so the loop only groups and sums) and sums the same
figures in a dict. Target: the summary under 0.5 s at 10 million. Other groupings (client, user,
tag, day, week and user) are timed after it, the calendar ones in Europe/Berlin (four clock changes
in the range), beside the target for reference.

    python bench/bench_reports.py [ENTRIES]      # default 10_000_000
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from punchclock.providers.clockify.streams import STREAMS
from punchclock.reports import summary
from punchclock.store import open_store

USERS, PROJECTS, TASKS_PER_PROJECT = 50, 300, 5
START = datetime(2025, 1, 1, tzinfo=UTC)
END = datetime(2027, 1, 1, tzinfo=UTC)
RUNS = 5
#: More groupings, each (groups, time zone), timed as the median of OTHER_RUNS after one warm-up.
OTHERS = ((("client",), "UTC"), (("user",), "UTC"), (("tag",), "UTC"), (("day",), "Europe/Berlin"),
          (("week", "user"), "Europe/Berlin"))
OTHER_RUNS = 3


def build(path: Path, entries: int) -> None:
    """A store with USERS members, PROJECTS projects and ``entries`` finished entries over two years."""
    with open_store(f"duckdb:{path}") as store:
        store.prepare("clockify", STREAMS)
        con, ws = store.con, "bench-ws"
        con.execute("INSERT INTO clockify.users (workspace_id, id, name, email, status) SELECT ?, 'u' || i, "
                    "'User ' || i, 'u' || i || '@example.com', 'ACTIVE' FROM range(?) t(i)", [ws, USERS])
        con.execute("INSERT INTO clockify.projects (workspace_id, id, name, client_id, billable, archived, hourly_rate, "
                    "cost_rate, currency, _raw) SELECT ?, 'p' || i, 'Project ' || i, 'c' || (i % 20), true, false, "
                    "10000 + (i % 5) * 2500, 4500, 'USD', '{}' FROM range(?) t(i)", [ws, PROJECTS])
        con.execute(f"""INSERT INTO clockify.time_entries (workspace_id, id, user_id, project_id, task_id, description,
            start, "end", billable, tag_ids, type, hourly_rate, cost_rate, currency)
            SELECT ?, 'e' || i, 'u' || (hash(i) % {USERS}), 'p' || (hash(i * 7) % {PROJECTS}),
                   't' || (hash(i * 13) % {PROJECTS * TASKS_PER_PROJECT}), 'work',
                   TIMESTAMPTZ '2025-01-01 00:00:00+00' + to_seconds(CAST((hash(i * 3) % (730 * 86400)) AS BIGINT)),
                   TIMESTAMPTZ '2025-01-01 00:00:00+00' + to_seconds(CAST((hash(i * 3) % (730 * 86400))
                       + 600 + hash(i * 5) % 28800 AS BIGINT)),
                   hash(i * 11) % 10 < 7, ['tag' || (hash(i * 17) % 12)], 'REGULAR',
                   9000 + (hash(i * 19) % 4) * 1500, 4500, 'USD'
            FROM range(?) t(i)""", [ws, entries])
        con.execute("CHECKPOINT")


def report_time(path: Path) -> tuple[float, object]:
    """Median seconds of ``summary(..., group_by=("project",))`` over RUNS runs, after one warm-up."""
    with open_store(f"duckdb:{path}", read_only=True) as store:
        report = summary(store, START, END, ("project",))
        samples = []
        for _ in range(RUNS):
            started = time.perf_counter()
            summary(store, START, END, ("project",))
            samples.append(time.perf_counter() - started)
    return statistics.median(samples), report


def other_times(path: Path) -> list[tuple[str, float, int]]:
    """(groups, median seconds, rows) of each of :data:`OTHERS`."""
    out = []
    with open_store(f"duckdb:{path}", read_only=True) as store:
        for groups, tz in OTHERS:
            rows = len(summary(store, START, END, groups, tz=tz).rows)
            samples = []
            for _ in range(OTHER_RUNS):
                started = time.perf_counter()
                summary(store, START, END, groups, tz=tz)
                samples.append(time.perf_counter() - started)
            out.append((f"{','.join(groups)} ({tz})", statistics.median(samples), rows))
    return out


def python_loop(path: Path) -> tuple[float, dict]:
    """The same per-project sums with a plain Python loop over the rows (read in batches)."""
    started = time.perf_counter()
    sums: dict[str, list] = {}
    with open_store(f"duckdb:{path}", read_only=True) as store:
        cur = store.con.execute('SELECT project_id, billable, (epoch_us("end") - epoch_us(start)) // 1000000, '
                                'hourly_rate, cost_rate FROM entries WHERE "end" IS NOT NULL AND start >= ? AND start < ?',
                                [START, END])
        while rows := cur.fetchmany(100_000):
            for project, billable, seconds, rate, cost in rows:
                acc = sums.get(project)
                if acc is None:
                    acc = sums[project] = [0, 0, 0, 0, 0]
                acc[0] += seconds
                acc[2] += 1
                acc[4] += seconds * cost
                if billable:
                    acc[1] += seconds
                    acc[3] += seconds * rate
    return time.perf_counter() - started, sums


def main() -> None:
    """Build the store, time both, check they agree and print the figures."""
    entries = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.duckdb"
        started = time.perf_counter()
        build(path, entries)
        print(f"store built: {entries:,} entries, {USERS} users, {PROJECTS} projects in "
              f"{time.perf_counter() - started:.1f} s ({path.stat().st_size / 1e6:.0f} MB)")
        seconds, report = report_time(path)
        print(f"summary by project (DuckDB, median of {RUNS}): {seconds:.3f} s  "
              f"target < 0.5 s: {'met' if seconds < 0.5 else 'MISSED'}  "
              f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
        loop_seconds, sums = python_loop(path)
        print(f"the same aggregation, Python loop over rows: {loop_seconds:.2f} s  "
              f"({loop_seconds / seconds:.0f}x slower)")
        ours = {r.key: (r.seconds, r.billable_seconds, r.entries) for r in report.rows}
        loop = {k: tuple(v[:3]) for k, v in sums.items()}
        assert ours == loop, "the report and the Python loop disagree"
        assert report.totals.entries == entries
        print(f"both agree on {len(ours)} projects, {report.totals.seconds / 3600:,.0f} hours, "
              f"{report.totals.earned.text()} earned")
        for label, other, rows in other_times(path):
            print(f"summary by {label}: {other:.3f} s, {rows:,} rows")


if __name__ == "__main__":
    main()
