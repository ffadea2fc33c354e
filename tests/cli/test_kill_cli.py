"""``punch log``, ``start``, ``stop`` and ``switch`` killed with SIGKILL at seeded random moments against a slow
sandbox, then run again: exactly the entries the user asked for, and a timer running when ``switch`` was asked for.

Every request to the sandbox takes a while (an injected slow fault), so the kills land before, during and
after the writes. The assertions read the sandbox's state, never how long anything took.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from datetime import UTC, datetime

import httpx
import pytest

from conftest import make_harness
from punchclock.sandbox.core.server import running

DAY = datetime(2026, 11, 20, tzinfo=UTC)
ROUNDS = 3


def epoch(hour: int, minute: int = 0) -> int:
    """Epoch seconds of a moment of the fixed day."""
    return int(DAY.replace(hour=hour, minute=minute).timestamp())


@pytest.fixture
def slow(tmp_path):
    """A sandbox on a socket whose every answer is slowed, and the environment ``punch`` runs with."""
    h = make_harness(entries=30)
    with running(h.app) as base:
        env = {**os.environ, "CLOCKIFY_API_KEY": h.key("owner"), "CLOCKIFY_BASE_URL": f"{base}/api/v1",
               "CLOCKIFY_REPORTS_URL": f"{base}/reports/v1", "CLOCKIFY_WORKSPACE_ID": h.ws_id,
               "PUNCHCLOCK_CONFIG": str(tmp_path / "none.toml"), "PUNCH_TZ": "UTC",
               "PUNCH_NOW": DAY.replace(hour=23).isoformat(), "PUNCH_YES": "1"}
        env.pop("PUNCH_DEBUG", None)
        yield h, base, env


def faults(base: str, **settings) -> None:
    """Set the sandbox's faults (``{}`` switches them off)."""
    assert httpx.post(f"{base}/__sandbox__/faults", json=settings).status_code == 200


def mine(h, description: str) -> list:
    """The owner's entries with this description, in the sandbox's own state."""
    owner = h.user_id("owner")
    return [e for e in h.ws().entries.values() if e.user_id == owner and e.description == description]


def running_timers(h) -> list:
    """The owner's running timers."""
    owner = h.user_id("owner")
    return [e for e in h.ws().entries.values() if e.user_id == owner and e.end is None]


def kill_then_rerun(base: str, env: dict, args: list[str], delay: float, done=(0,)) -> None:
    """Start ``punch args`` against a slow sandbox, SIGKILL it after ``delay`` seconds, then run it again
    to the end with the sandbox back to normal speed."""
    faults(base, slow_rate=1.0, slow_seconds=0.3)
    process = subprocess.Popen([sys.executable, "-m", "punchclock", *args], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        process.wait(timeout=delay)  # a late "kill" finds it done: then the rerun is a plain second run
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
    faults(base)
    rerun = subprocess.run([sys.executable, "-m", "punchclock", *args], env=env, capture_output=True, text=True)
    assert rerun.returncode in done, rerun.stdout + rerun.stderr


def delays(seed: int) -> list[float]:
    """Seeded moments to kill at: during start-up, the reads and the writes, and once too late (the
    command has finished, so the rerun must find its own write)."""
    rng = random.Random(seed)
    return [rng.uniform(0.3, 3.5) for _ in range(ROUNDS)] + [12.0]


def stop_all(h) -> None:
    """End any running timer of the owner directly in the sandbox (arranging the next round)."""
    for entry in running_timers(h):
        entry.end = entry.start + 60


def test_log_killed_and_rerun_makes_exactly_one_entry(slow):
    h, base, env = slow
    for n, delay in enumerate(delays(1)):
        label = f"kill-log-{n}"
        kill_then_rerun(base, env, ["log", label, "--from", f"2026-11-20 0{n + 1}:00", "--to",
                                    f"2026-11-20 0{n + 1}:45"], delay)
        made = mine(h, label)
        assert [(e.start, e.end) for e in made] == [(epoch(n + 1), epoch(n + 1, 45))], (delay, made)


def test_start_killed_and_rerun_leaves_one_running_timer(slow):
    h, base, env = slow
    for n, delay in enumerate(delays(2)):
        stop_all(h)
        label = f"kill-start-{n}"
        kill_then_rerun(base, env, ["start", label, "--at", f"2026-11-20 1{n}:00"], delay)
        timers = running_timers(h)
        assert [(e.description, e.start) for e in timers] == [(label, epoch(10 + n))], delay
        assert len(mine(h, label)) == 1, delay


def test_stop_killed_and_rerun_leaves_the_timer_stopped_once(slow):
    h, base, env = slow
    for n, delay in enumerate(delays(3)):
        stop_all(h)
        label = f"kill-stop-{n}"
        subprocess.run([sys.executable, "-m", "punchclock", "start", label, "--at", f"2026-11-20 1{n}:00"],
                       env=env, check=True, capture_output=True)
        kill_then_rerun(base, env, ["stop", "--at", f"2026-11-20 1{n}:30"], delay, done=(0, 6))
        assert running_timers(h) == [], delay
        assert [(e.start, e.end) for e in mine(h, label)] == [(epoch(10 + n), epoch(10 + n, 30))], delay


def test_switch_killed_and_rerun_leaves_the_new_timer_running(slow):
    h, base, env = slow
    for n, delay in enumerate(delays(4)):
        stop_all(h)
        before, after = f"kill-from-{n}", f"kill-to-{n}"
        subprocess.run([sys.executable, "-m", "punchclock", "start", before, "--at", f"2026-11-20 1{n}:00"],
                       env=env, check=True, capture_output=True)
        kill_then_rerun(base, env, ["switch", after, "--at", f"2026-11-20 1{n}:20"], delay)
        timers = running_timers(h)
        assert [(e.description, e.start) for e in timers] == [(after, epoch(10 + n, 20))], delay
        assert [(e.start, e.end) for e in mine(h, before)] == [(epoch(10 + n), epoch(10 + n, 20))], delay
        assert len(mine(h, after)) == 1, delay
