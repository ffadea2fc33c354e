"""What ``punch sync`` costs on the issue's workspace (50 users, 300 projects, 200,000 entries).

Prints, for a full sync into a fresh DuckDB file (the sandbox in process):
- requests against the **floor**, the fewest requests that could fetch the same data:
  ``floor = sum over listings of max(1, ceil(rows / 5000))`` where time entries are listed per member
  (``sum over members of max(1, ceil(entries_m / 5000))``: no endpoint lists every member's entries,
  running ones included, at once) and tasks cost nothing (they come inside hydrated projects);
  target: within 1.1x;
- requests of a naive peer-like loop (page size 50, first page read twice, tasks one project at a
  time, entries one user at a time), counted from the workspace's own sizes; target: 10x more;
- requests of an incremental sync after 1% of the entries change (half edited, a quarter deleted,
  a quarter added, old ones included) against the full sync; target: at most 5%;
- wall time, rows per second, and the peak of Python memory (tracemalloc, the in-process sandbox's
  own allocations included) during the full sync.
- with ``--rates 10,50``: a full sync paced by the client's limiter at each rate, its wall time against
  the rate-limit floor (requests / rate); target: within 1.2x.
``--store iceberg`` runs it all into the Iceberg store instead of DuckDB.
Run: ``python bench/bench_sync.py [ENTRIES] [--store duckdb|iceberg] [--rates 10,50] [--no-changes]``.
Asserts nothing.
"""

from __future__ import annotations

import math
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from punchclock.providers.clockify.client import Clockify
from punchclock.providers.clockify.provider import ClockifyProvider
from punchclock.sandbox import create_app
from punchclock.sandbox.clockify.seed import SeedConfig, seeded_backend
from punchclock.sandbox.core.transport import SyncASGITransport
from punchclock.store import open_store
from punchclock.sync import make_plan, run

PAGE, NAIVE = 5000, 50


def pages(rows: int, size: int) -> int:
    """Requests to list ``rows`` at ``size`` a page, stopping on a short page."""
    return max(1, math.ceil(rows / size))


def sizes(backend, ws_id: str) -> dict:
    """Rows per listing in the sandbox, and entries per member."""
    ws = backend.state.workspaces[ws_id]
    per_member = {m: len(ws.by_user.get(m, [])) for m in ws.members}
    return {"listings": {"users": len(ws.members), "groups": len(ws.groups), "clients": len(ws.clients),
                         "projects": len(ws.projects), "tags": len(ws.tags)},
            "tasks_per_project": [sum(1 for t in ws.tasks.values() if t["projectId"] == p) for p in ws.projects],
            "per_member": per_member}


def floor(found: dict, other_listings: int) -> int:
    """The fewest requests for the data (see the module docstring)."""
    return (sum(pages(n, PAGE) for n in found["listings"].values()) + other_listings
            + sum(pages(n, PAGE) for n in found["per_member"].values()))


def naive(found: dict, other_listings: int) -> int:
    """A peer-like loop: 50 a page, the first page twice, tasks per project, entries per user."""
    twice = 1
    return (sum(pages(n, NAIVE) + twice for n in found["listings"].values()) + other_listings
            + sum(pages(n, NAIVE) + twice for n in found["tasks_per_project"])
            + sum(pages(n, NAIVE) + twice for n in found["per_member"].values()))


def change_one_percent(backend, info) -> None:
    """Edit, delete and add 1% of the entries, oldest and newest alike."""
    ws = backend.state.workspaces[info.workspace_id]
    caller = backend.authenticate(info.key_for("owner"))
    entries = sorted(ws.entries.values(), key=lambda e: e.start)
    n = len(entries) // 100
    for e in entries[: n // 2: 1] + entries[-n // 4:]:
        if e.end is None:
            continue
        shape = backend.entries.shape(ws, e)
        backend.entries.update(ws, caller, e.id, {"start": shape["timeInterval"]["start"],
                                                  "end": shape["timeInterval"]["end"], "description": "changed",
                                                  "projectId": e.project_id})
    for e in entries[n // 2: n // 2 + n // 4]:
        backend.entries.delete(ws, caller, e.id)
    members = list(ws.members)
    for i in range(n // 4):
        day = 1_600_000_000 + i * 3600
        backend.entries.create(ws, caller, members[i % len(members)], {
            "start": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(day)),
            "end": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(day + 1800)), "description": "added"})


def _client(app, info, rate: float, adaptive: bool = False) -> Clockify:
    return Clockify(info.key_for("owner"), info.workspace_id, base_url="http://sandbox/api/v1",
                    reports_url="http://sandbox/reports/v1", transport=SyncASGITransport(app), rate=rate,
                    max_rate=rate, adaptive=adaptive)


def main(entries: int = 200_000, kind: str = "duckdb", rates: tuple[float, ...] = (), changes: bool = True) -> None:
    """Seed, sync fully (memory traced), change 1%, sync again; then full syncs paced at each rate."""
    begun = time.perf_counter()
    backend = seeded_backend(SeedConfig(users=50, projects=300, entries=entries, anchor=1795180800))
    seeded = time.perf_counter() - begun
    info = backend.seed_info
    app = create_app(backend)
    client = _client(app, info, 1000)
    found = sizes(backend, info.workspace_id)
    with tempfile.TemporaryDirectory() as tmp:
        spec = f"duckdb:{Path(tmp) / 'bench.duckdb'}" if kind == "duckdb" else f"iceberg:{Path(tmp) / 'ice'}"
        with ClockifyProvider(client) as provider, open_store(spec) as store:
            source = provider.streams()
            plan = make_plan(source, store)
            tracemalloc.start()
            begun = time.perf_counter()
            full = run(plan, store)
            seconds = time.perf_counter() - begun
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            small = len(source.streams) - 2 - len(found["listings"])  # one request each (user, holidays...)
            fewest = floor(found, small)
            loop = naive(found, small)
            if changes:
                change_one_percent(backend, info)
                again = run(make_plan(source, store), store)
            stored = store.query("select count(*) from clockify.time_entries")[1][0][0]
        print(f"store {kind}; workspace: 50 users, {len(found['tasks_per_project'])} projects, {entries} entries "
              f"(seeded in {seeded:.1f} s; {stored} stored at the end)")
        print(f"full sync: {full.requests} requests; floor {fewest} ({full.requests / fewest:.2f}x, target <= 1.1x); "
              f"naive peer loop {loop} ({loop / full.requests:.0f}x more, target >= 10x)")
        if changes:
            print(f"incremental after 1% changed: {again.requests} requests = "
                  f"{100 * again.requests / full.requests:.1f}% of the full sync (target <= 5%); {again.summary()}")
        print(f"full sync time {seconds:.1f} s ({entries / seconds:,.0f} entries/s, sandbox included); "
              f"peak Python memory {peak / 2**20:.0f} MiB (tracemalloc, after seeding); 429s {full.rate_limited}")
        for rate in rates:
            paced = _client(app, info, rate)
            target = Path(tmp) / f"paced-{rate:g}"
            with ClockifyProvider(paced) as provider, \
                    open_store(f"duckdb:{target}.duckdb" if kind == "duckdb" else f"iceberg:{target}") as store:
                plan = make_plan(provider.streams(), store)
                begun = time.perf_counter()
                report = run(plan, store)
                took = time.perf_counter() - begun
            least = report.requests / rate
            print(f"at {rate:g} requests/s: {report.requests} requests in {took:.1f} s; rate-limit floor "
                  f"{least:.1f} s ({took / least:.2f}x, target <= 1.2x); 429s {report.rate_limited}")


def _args(argv: list[str]) -> dict:
    """``[ENTRIES] [--store duckdb|iceberg] [--rates 10,50] [--no-changes]``."""
    out: dict = {}
    rest = list(argv)
    while rest:
        arg = rest.pop(0)
        if arg == "--store":
            out["kind"] = rest.pop(0)
        elif arg == "--rates":
            out["rates"] = tuple(float(r) for r in rest.pop(0).split(","))
        elif arg == "--no-changes":
            out["changes"] = False
        else:
            out["entries"] = int(arg)
    return out


if __name__ == "__main__":
    main(**_args(sys.argv[1:]))
