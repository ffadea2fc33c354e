"""Start-up time of `punch --help` and `punch status` beside `python -c pass`.

Prints the median of several runs of each and the ratios; the target is `punch --help` under 0.3 s.
`punch status` runs against a sandbox on a real socket, so it includes two HTTP requests.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from punchclock.sandbox import create_app
from punchclock.sandbox.clockify.seed import SeedConfig, seeded_backend
from punchclock.sandbox.core.server import running

RUNS = 9
PUNCH = [sys.executable, "-m", "punchclock"]


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
    backend = seeded_backend(SeedConfig(entries=2000, api_key="bench-key"))
    with running(create_app(backend)) as base:
        env = {**os.environ, "CLOCKIFY_API_KEY": "bench-key", "CLOCKIFY_BASE_URL": f"{base}/api/v1",
               "CLOCKIFY_WORKSPACE_ID": backend.seed_info.workspace_id,
               "PUNCHCLOCK_CONFIG": str(Path("/nonexistent/punchclock.toml"))}
        baseline = timed([sys.executable, "-c", "pass"], env)
        help_time = timed(PUNCH + ["--help"], env)
        status_time = timed(PUNCH + ["status"], env)
    print(f"{'command':<22}{'median s':>10}{'x python -c pass':>18}")
    for name, value in [("python -c pass", baseline), ("punch --help", help_time), ("punch status", status_time)]:
        print(f"{name:<22}{value:>10.3f}{value / baseline:>18.1f}")
    print(f"target: punch --help under 0.300 s -> {'met' if help_time < 0.3 else 'MISSED'}")


if __name__ == "__main__":
    main()
