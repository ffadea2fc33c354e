"""What ``punch sync`` costs on the issue's workspace (50 users, 300 projects, 200,000 entries).

The sandbox runs in another process (seeded there, served on a local socket), so every figure is
this process's sync alone: its requests, wall time and memory, with the sandbox's own work on the
other side of a real HTTP connection (its CPU seconds are printed next to each wall time). The
sandbox keeps each entry's listing JSON once built, so the first (unpaced) sync also pays for
building every entry's JSON on the sandbox's side, and the paced ones find it ready, as a server's
own work would be out of the client's sight.

Prints, for a full sync into a fresh DuckDB file:
- requests against the **floor**, the fewest requests that could fetch the same data:
  ``floor = sum over listings of max(1, ceil(rows / 5000))`` where time entries are listed per member
  (``sum over members of max(1, ceil(entries_m / 5000))``: no endpoint lists every member's entries,
  running ones included, at once) and tasks cost nothing (they come inside hydrated projects);
  target: within 1.1x;
- requests of a naive peer-like loop (page size 50, first page read twice, tasks one project at a
  time, entries one user at a time), counted from the workspace's own sizes; target: 10x more;
- requests of an incremental sync after 1% of the entries change against the full sync (n = 1%:
  the n/2 oldest and n/4 newest edited, running timers left alone, n/4 deleted, n/4 added: 1.25% of
  the rows touched); target: at most 5%;
- wall time and entries per second of the unpaced full sync.
- with ``--rates 10,50``: a full sync paced by the client's limiter at each rate, its wall time against
  the rate-limit floor (requests / rate); target: within 1.2x. Next to it, the CPU seconds of both
  processes over the machine's CPUs: the least wall time the work itself needs here, whatever the rate
  (the sandbox's share is a server's work a real sync would not pay for on its own machine).
- with ``--memory 200000,1000000``: for each size, a full sync in a fresh process against a sandbox of
  that many entries, and that process's peak resident memory (``VmHWM``) before and after the sync,
  then the largest size's peak against the smallest's; target: flat as the workspace grows (<= 1.15x).
``--store iceberg`` runs it all into the Iceberg store instead of DuckDB.
Run: ``python bench/bench_sync.py [ENTRIES] [--store duckdb|iceberg] [--rates 10,50] [--memory N,N]
[--no-changes]``. Asserts nothing.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from punchclock.http.limiter import AdaptiveLimiter
from punchclock.providers.clockify.client import Clockify
from punchclock.providers.clockify.provider import ClockifyProvider
from punchclock.providers.clockify.streams import STREAMS
from punchclock.store import open_store
from punchclock.sync import make_plan, run

PAGE, NAIVE = 5000, 50
#: CPUs this process may run on: a paced sync whose CPU seconds (ours and the sandbox's, on the same
#: machine) over these exceed the rate-limit floor cannot meet it however its work overlaps.
CPUS = len(os.sched_getaffinity(0))


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
    """With n = 1% of the entries: edit the n/2 oldest and the n/4 newest (not running timers), delete n/4
    and add n/4."""
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


def serve(entries: int) -> None:
    """The sandbox process: seed, serve on a local socket, print how to reach it (one JSON line), then
    obey stdin: ``change`` edits 1% of the entries, end of input stops."""
    from punchclock.sandbox import create_app
    from punchclock.sandbox.clockify.seed import SeedConfig, seeded_backend
    from punchclock.sandbox.core.server import running

    begun = time.perf_counter()
    backend = seeded_backend(SeedConfig(users=50, projects=300, entries=entries, anchor=1795180800))
    info = backend.seed_info
    with running(create_app(backend)) as base:
        print(json.dumps({"base": base, "key": info.key_for("owner"), "workspace": info.workspace_id,
                          "seeded": time.perf_counter() - begun, "sizes": sizes(backend, info.workspace_id)}),
              flush=True)
        for line in sys.stdin:
            if line.strip() == "change":
                change_one_percent(backend, info)
                print("changed", flush=True)


class Sandbox:
    """A sandbox process seeded with ``entries`` entries (``with Sandbox(n) as box: box.base``)."""

    def __init__(self, entries: int):
        self.process = subprocess.Popen([sys.executable, __file__, "--serve", str(entries)], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit("the sandbox process did not start")
        self.__dict__.update(json.loads(line))

    def cpu(self) -> float:
        """CPU seconds the sandbox process has used so far."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def change(self) -> None:
        """Edit, delete and add 1% of the entries."""
        self.process.stdin.write("change\n")
        self.process.stdin.flush()
        self.process.stdout.readline()

    def __enter__(self) -> "Sandbox":
        return self

    def __exit__(self, *exc) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=60)


def _client(box: Sandbox, rate: float) -> Clockify:
    """A client pacing at exactly ``rate`` through its own limiter (not the key's shared one)."""
    return Clockify(box.key, box.workspace, base_url=f"{box.base}/api/v1", reports_url=f"{box.base}/reports/v1",
                    limiter=AdaptiveLimiter(rate, max_rate=rate, adaptive=False))


def _spec(kind: str, path: Path) -> str:
    return f"duckdb:{path}.duckdb" if kind == "duckdb" else f"iceberg:{path}"


def full_sync(box: Sandbox, spec: str, rate: float):
    """One full sync into ``spec``: (report, wall seconds, sandbox CPU seconds, our CPU seconds)."""
    with ClockifyProvider(_client(box, rate)) as provider, open_store(spec) as store:
        plan = make_plan(provider.streams(), store)
        cpu0, ours0, begun = box.cpu(), time.process_time(), time.perf_counter()
        report = run(plan, store)
    return report, time.perf_counter() - begun, box.cpu() - cpu0, time.process_time() - ours0


def once(base: str, key: str, workspace: str, spec: str) -> None:
    """The memory probe's process: one unpaced full sync; prints its peak RSS before and after (MiB)."""
    box = Sandbox.__new__(Sandbox)
    box.base, box.key, box.workspace = base, key, workspace
    before = peak_rss()
    with ClockifyProvider(_client(box, 1000)) as provider, open_store(spec) as store:
        report = run(make_plan(provider.streams(), store), store)
        stored = store.query("select count(*) from clockify.time_entries")[1][0][0]
    print(json.dumps({"before": before, "after": peak_rss(), "requests": report.requests, "stored": stored}))


def peak_rss() -> float:
    """This process's peak resident memory so far, in MiB (``VmHWM``: unlike ``ru_maxrss`` it does not
    carry the parent's peak over a fork)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def memory(sizes_: tuple[int, ...], kind: str) -> None:
    """Peak RSS of a full sync in a fresh process, per workspace size, then the largest size's peak
    against the smallest's (target: flat, within 1.15x)."""
    peaks = {}
    for entries in sizes_:
        with Sandbox(entries) as box, tempfile.TemporaryDirectory() as tmp:
            out = subprocess.run([sys.executable, __file__, "--once", box.base, box.key, box.workspace,
                                  _spec(kind, Path(tmp) / "mem")], capture_output=True, text=True, check=True)
            got = json.loads(out.stdout)
        peaks[entries] = got["after"]
        print(f"memory at {entries:,} entries: peak RSS {got['after']:.0f} MiB for the whole sync process "
              f"({got['before']:.0f} MiB before the sync began; {got['stored']:,} entries stored, "
              f"{got['requests']} requests)")
    if len(peaks) > 1:
        small, large = min(peaks), max(peaks)
        print(f"memory: peak RSS {peaks[large]:.0f} MiB at {large:,} entries against {peaks[small]:.0f} MiB at "
              f"{small:,} ({peaks[large] / peaks[small]:.2f}x, target: flat, <= 1.15x)")


def main(entries: int = 200_000, kind: str = "duckdb", rates: tuple[float, ...] = (), changes: bool = True,
         memory_at: tuple[int, ...] = ()) -> None:
    """Seed a sandbox process, sync fully, change 1%, sync again; then full syncs paced at each rate,
    then the memory probes."""
    with Sandbox(entries) as box, tempfile.TemporaryDirectory() as tmp:
        found = box.sizes
        spec = _spec(kind, Path(tmp) / "bench")
        full, seconds, served, ours = full_sync(box, spec, 1000)
        small = len(STREAMS) - 2 - len(found["listings"])  # one request each (user, holidays...)
        fewest = floor(found, small)
        loop = naive(found, small)
        if changes:
            box.change()
            with ClockifyProvider(_client(box, 1000)) as provider, open_store(spec) as store:
                again = run(make_plan(provider.streams(), store), store)
        with open_store(spec, read_only=True) as store:
            stored = store.query("select count(*) from clockify.time_entries")[1][0][0]
        print(f"store {kind}; workspace: 50 users, {len(found['tasks_per_project'])} projects, {entries} entries "
              f"(sandbox process seeded in {box.seeded:.1f} s; {stored} stored at the end)")
        print(f"full sync: {full.requests} requests; floor {fewest} ({full.requests / fewest:.2f}x, target <= 1.1x); "
              f"naive peer loop {loop} ({loop / full.requests:.0f}x more, target >= 10x)")
        if changes:
            print(f"incremental after 1% changed: {again.requests} requests = "
                  f"{100 * again.requests / full.requests:.1f}% of the full sync (target <= 5%); {again.summary()}")
        print(f"unpaced full sync: {seconds:.1f} s ({entries / seconds:,.0f} entries/s); CPU: this process "
              f"{ours:.1f} s, the sandbox process {served:.1f} s; 429s {full.rate_limited}")
        for i, rate in enumerate(rates):
            report, took, served, ours = full_sync(box, _spec(kind, Path(tmp) / f"paced-{i}"), rate)
            least = report.requests / rate
            print(f"at {rate:g} requests/s: {report.requests} requests in {took:.2f} s; rate-limit floor "
                  f"{least:.2f} s ({took / least:.2f}x, target <= 1.2x); CPU: this process {ours:.1f} s, "
                  f"the sandbox {served:.1f} s (all {CPUS} CPUs busy would take {(ours + served) / CPUS:.2f} s, "
                  f"{(ours + served) / CPUS / least:.2f}x); 429s {report.rate_limited}")
    memory(memory_at, kind)


def _args(argv: list[str]) -> dict:
    """``[ENTRIES] [--store duckdb|iceberg] [--rates 10,50] [--memory N,N] [--no-changes]``."""
    out: dict = {}
    rest = list(argv)
    while rest:
        arg = rest.pop(0)
        if arg == "--store":
            out["kind"] = rest.pop(0)
        elif arg == "--rates":
            out["rates"] = tuple(float(r) for r in rest.pop(0).split(","))
        elif arg == "--memory":
            out["memory_at"] = tuple(int(n) for n in rest.pop(0).split(","))
        elif arg == "--no-changes":
            out["changes"] = False
        elif arg in ("-h", "--help"):
            print(__doc__)
            raise SystemExit(0)
        elif arg.isdigit():
            out["entries"] = int(arg)
        else:
            raise SystemExit(f"bench_sync.py: unknown argument {arg!r} (see --help)")
    return out


if __name__ == "__main__":
    if sys.argv[1:2] == ["--serve"]:
        serve(int(sys.argv[2]))
    elif sys.argv[1:2] == ["--once"]:
        once(*sys.argv[2:6])
    else:
        main(**_args(sys.argv[1:]))
