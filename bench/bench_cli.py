"""Start-up time of `punch --help` and `punch status` beside `python -c pass`, and a year of entries.

Prints the median of several runs of each and the ratios; the target is `punch --help` under 0.3 s.
`punch status` runs against a sandbox on a real socket, so it includes an HTTP request (two on the very
first run in a config folder, which learns whose key it is).

The second table lists `punch entries --range this-year` (about 5,300 rows) as a table and as CSV,
beside a plain httpx script sending the same listing request, with the time until the first rows
are on screen (punch asks for the newest week first); targets: the table no more than 20% slower
than CSV, first rows under 0.5 s. First rows are timed once more with every answer held back 0.1 s,
where round trips rather than start-up count (punch's first rows need three: the week's entries, the
project and the tag names; the plain script's two). The config folder is a fresh temporary one, as a
user's own: punch's first run there also asks whose key it is (``GET /user``) and keeps the answer in
its state file, so every later run (the ones timed) skips that request; the first run is printed apart.

Every command runs as an installed ``punch`` does, from compiled bytecode: ``PYTHONDONTWRITEBYTECODE``
is dropped and the bytecode goes to a temporary directory (``PYTHONPYCACHEPREFIX``), written by each
command's first (untimed) run. With ``--no-bytecode`` every run compiles punchclock's modules afresh
(about 0.1 s more), as in a shell that sets ``PYTHONDONTWRITEBYTECODE``.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from punchclock.sandbox import create_app
from punchclock.sandbox.clockify.seed import SeedConfig, seeded_backend
from punchclock.sandbox.core.server import running

RUNS = 9
PUNCH = [sys.executable, "-m", "punchclock"]
BYTECODE = "--no-bytecode" not in sys.argv


def installed(env: dict, cache: str) -> dict:
    """``env`` for a run from compiled bytecode kept in ``cache`` (unless ``--no-bytecode``)."""
    if not BYTECODE:
        return {**env, "PYTHONDONTWRITEBYTECODE": "1"}
    return {**{k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}, "PYTHONPYCACHEPREFIX": cache}


def timed(cmd: list[str], env: dict) -> float:
    """Median wall time of ``cmd`` over RUNS runs (after one warm-up run)."""
    subprocess.run(cmd, env=env, capture_output=True, check=True)
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        subprocess.run(cmd, env=env, capture_output=True, check=True)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> None:
    """Run the three commands and print a table."""
    with tempfile.TemporaryDirectory(prefix="punch-bytecode-") as cache:
        startup(cache)
        year(cache)


def startup(cache: str) -> None:
    """``punch --help`` and ``punch status`` beside ``python -c pass``."""
    backend = seeded_backend(SeedConfig(entries=2000, api_key="bench-key"))
    with running(create_app(backend)) as base, tempfile.TemporaryDirectory(prefix="punch-config-") as config:
        env = installed({**os.environ, "CLOCKIFY_API_KEY": "bench-key", "CLOCKIFY_BASE_URL": f"{base}/api/v1",
                         "CLOCKIFY_WORKSPACE_ID": backend.seed_info.workspace_id,
                         "PUNCHCLOCK_CONFIG": str(Path(config) / "punchclock.toml")}, cache)
        baseline = timed([sys.executable, "-c", "pass"], env)
        help_time = timed(PUNCH + ["--help"], env)
        status_time = timed(PUNCH + ["status"], env)
    print(f"bytecode: {'compiled once, cached' if BYTECODE else 'compiled on every run (--no-bytecode)'}")
    print(f"{'command':<22}{'median s':>10}{'x python -c pass':>18}")
    for name, value in [("python -c pass", baseline), ("punch --help", help_time), ("punch status", status_time)]:
        print(f"{name:<22}{value:>10.3f}{value / baseline:>18.1f}")
    print(f"target: punch --help under 0.300 s -> {'met' if help_time < 0.3 else 'MISSED'}")


ANCHOR = 1795180800  # 2026-11-20T13:20:00Z
DISTANT = 0.1
"""Seconds the sandbox holds every answer for the last figure, as a server a continent away would."""
PLAIN = """
import httpx, os, sys
base, ws, key = os.environ["CLOCKIFY_BASE_URL"], os.environ["CLOCKIFY_WORKSPACE_ID"], os.environ["CLOCKIFY_API_KEY"]
with httpx.Client(headers={"X-Api-Key": key}) as http:
    me = http.get(f"{base}/user").json()["id"]
    page, rows = 1, 0
    while True:
        got = http.get(f"{base}/workspaces/{ws}/user/{me}/time-entries", params={
            "start": "2026-01-01T00:00:00Z", "end": "2026-12-31T23:59:59Z", "page": page, "page-size": 5000}).json()
        rows += len(got)
        sys.stdout.write("".join(e["id"] + "\\n" for e in got))
        if len(got) < 5000:
            break
        page += 1
"""


def first_rows(cmd: list[str], env: dict, lines: int = 3, runs: int = RUNS) -> float:
    """Median seconds until ``lines`` lines of ``cmd``'s output have arrived, over ``runs`` runs."""
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        for _ in range(lines):
            proc.stdout.readline()
        samples.append(time.perf_counter() - started)
        proc.stdout.read()
        proc.wait()
    return statistics.median(samples)


def year(cache: str) -> None:
    """``punch entries --range this-year``: table vs CSV vs a plain httpx script, and first rows."""
    backend = seeded_backend(SeedConfig(entries=23700, users=2, days=300, anchor=ANCHOR, api_key="bench-key"))
    with running(create_app(backend)) as base, tempfile.TemporaryDirectory(prefix="punch-config-") as config:
        env = installed({**os.environ, "CLOCKIFY_API_KEY": "bench-key", "CLOCKIFY_BASE_URL": f"{base}/api/v1",
                         "CLOCKIFY_WORKSPACE_ID": backend.seed_info.workspace_id, "PUNCH_NOW": "2026-11-20T12:00:00Z",
                         "PUNCH_TZ": "UTC", "PUNCHCLOCK_CONFIG": str(Path(config) / "punchclock.toml")}, cache)
        listing = PUNCH + ["entries", "--range", "this-year"]
        rows = len(subprocess.run(listing + ["-o", "ids"], env=env, capture_output=True, check=True).stdout.split())
        results = [("python -c pass", timed([sys.executable, "-c", "pass"], env)),
                   ("plain httpx script", timed([sys.executable, "-c", PLAIN], env)),
                   ("punch entries (table)", timed(listing, env)),
                   ("punch entries -o csv", timed(listing + ["-o", "csv"], env))]
        first = first_rows(listing, env)
        plain_first = first_rows([sys.executable, "-c", PLAIN], env)
        with tempfile.TemporaryDirectory(prefix="punch-config-") as fresh:
            first_ever = first_rows(listing, {**env, "PUNCHCLOCK_CONFIG": str(Path(fresh) / "punchclock.toml")}, runs=1)
        httpx.post(f"{base}/__sandbox__/faults", json={"slow_rate": 1.0, "slow_seconds": DISTANT}).raise_for_status()
        far, plain_far = first_rows(listing, env), first_rows([sys.executable, "-c", PLAIN], env)
    print(f"\n{rows:,} entries this year")
    print(f"{'command':<24}{'median s':>10}")
    for name, value in results:
        print(f"{name:<24}{value:>10.3f}")
    table, csv_time = results[2][1], results[3][1]
    print(f"table / csv: {table / csv_time:.2f} (target <= 1.20 -> {'met' if table <= 1.2 * csv_time else 'MISSED'})")
    print(f"first rows of the table on screen: {first:.3f} s (target < 0.5 -> {'met' if first < 0.5 else 'MISSED'}); "
          f"the plain httpx script's first rows: {plain_first:.3f} s")
    print(f"the very first run in a fresh config folder (one more request, GET /user): first rows {first_ever:.3f} s")
    print(f"with every answer {DISTANT:.1f} s late (a distant server): first rows {far:.3f} s; "
          f"the plain httpx script's {plain_far:.3f} s")


if __name__ == "__main__":
    main()
