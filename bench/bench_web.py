"""``punch web`` at a million entries: the dashboard page's time beside the same aggregation in a plain
Python loop. Target: the page under 100 ms.

A small sandbox is synced to make the store's tables and catalog; then 1,000,000 time entries are
generated directly in DuckDB (no API), spread over the sandbox's users and projects and a year.
What is timed is the whole first page a browser receives for ``/?range=this-month&group=project``
(one request through the app in process: cards, table and chart by project, budgets over all time,
team, running timers, the Log Time form, rendered HTML); nothing on it is loaded later, only the
timers are polled afterwards. The Python loop fetches every row and sums the month's per project.

    .venv/bin/python bench/bench_web.py [ENTRIES]
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from fastapi.testclient import TestClient

from punchclock.providers.clockify.client import Clockify
from punchclock.providers.clockify.provider import ClockifyProvider
from punchclock.sandbox import create_app as sandbox_app
from punchclock.sandbox.clockify.seed import SeedConfig, seeded_backend
from punchclock.sandbox.core.transport import SyncASGITransport
from punchclock.store import open_store
from punchclock.sync import Options, make_plan, run
from punchclock.web import Dashboard, create_app

ANCHOR = 1795180800  # 2026-11-20T13:20:00Z
TARGET_MS = 100


def generate(store, n: int) -> None:
    """``n`` finished entries over the last 365 days, straight into the Clockify entries table."""
    store.con.execute("""
        INSERT INTO clockify.time_entries BY NAME
        WITH u AS (SELECT list(id) ids FROM clockify.users), p AS (SELECT list(id) ids FROM clockify.projects),
        g AS (SELECT i, to_timestamp(? - 365 * 86400 + (hash(i) % (365 * 86400))::BIGINT) AS s,
                     900 + (hash(i * 7) % 14400)::BIGINT AS d FROM range(?) t(i))
        SELECT (SELECT any_value(workspace_id) FROM clockify.users) AS workspace_id, 'bench' || i AS id,
               u.ids[1 + (hash(i * 3) % len(u.ids))::BIGINT] AS user_id, p.ids[1 + (hash(i * 5) % len(p.ids))::BIGINT] AS project_id,
               'benchmark entry' AS description, s AS start, s + to_seconds(d) AS "end", (hash(i) % 3)::BIGINT > 0 AS billable,
               12000 AS hourly_rate, 'USD' AS currency, '{}'::JSON AS _raw, 'bench' AS _run, now() AS _synced_at
        FROM g, u, p""", [ANCHOR, n])


def main(n: int = 1_000_000) -> None:
    """Sync the sandbox, add ``n`` entries, time the page and the Python loop and print both."""
    backend = seeded_backend(SeedConfig(entries=200, anchor=ANCHOR))
    app = sandbox_app(backend)
    ws = backend.seed_info.workspace_id
    provider = ClockifyProvider(Clockify(backend.seed_info.key_for("owner"), ws, base_url="http://s/api/v1",
                                         reports_url="http://s/reports/v1", transport=SyncASGITransport(app)))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.duckdb"
        store = open_store(f"duckdb:{path}")
        source = provider.streams()
        run(make_plan(source, store, None, Options()), store)
        started = time.perf_counter()
        generate(store, n)
        print(f"generated {n:,} entries in DuckDB in {time.perf_counter() - started:.1f} s")
        board = Dashboard(store, provider, now=lambda: datetime.fromtimestamp(ANCHOR, UTC))
        board.prepare([source])
        client = TestClient(create_app(board))
        url = "/?range=this-month&group=project"
        assert client.get(url).status_code == 200  # warm: templates compiled, views planned
        page = []
        for _ in range(7):
            t = time.perf_counter()
            client.get(url)
            page.append((time.perf_counter() - t) * 1000)
        start, end = datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC)
        t = time.perf_counter()
        _, rows = store.query("SELECT project_id, duration_seconds, billable, hourly_rate, start FROM entries")
        totals: dict = {}
        for project, seconds, billable, rate, begun in rows:
            if begun is None or not start <= begun < end or seconds is None:
                continue
            acc = totals.setdefault(project, [0, 0, 0.0, 0])
            acc[0] += seconds
            acc[1] += seconds if billable else 0
            acc[2] += seconds * (rate or 0) / 3600 if billable else 0
            acc[3] += 1
        loop = (time.perf_counter() - t) * 1000
        store.close()
    median = statistics.median(page)
    print(f"dashboard page (cards, table, chart, budgets, team, timers) at {n:,} entries: "
          f"median {median:.0f} ms, best {min(page):.0f} ms (target < {TARGET_MS} ms; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
    print(f"same aggregation as a plain Python loop over the rows: {loop:.0f} ms "
          f"({loop / median:.0f}x the page)")
    if median >= TARGET_MS:
        print(f"MISSED the {TARGET_MS} ms target")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
