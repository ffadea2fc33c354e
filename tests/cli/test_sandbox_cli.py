"""``punch sandbox`` prints ``export`` lines (and ``#`` comments) that a shell takes as they are: eval them
in bash and ``punch status`` reaches the sandbox, for both trackers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PUNCH = Path(sys.executable).with_name("punch")


@pytest.fixture
def served(request, tmp_path):
    """``punch sandbox`` on a free port; yields what it printed up to "Press Ctrl+C"."""
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("CLOCKIFY_", "CLOCKEYE_", "PUNCH"))},
           "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([str(PUNCH), "sandbox", "--provider", request.param, "--port", "0", "--entries", "20",
                             "--users", "3"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        printed = ""
        for line in proc.stdout:
            printed += line
            if "Press Ctrl+C" in line:
                break
        yield printed
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.parametrize("served", ["clockify", "clockeye"], indirect=True)
def test_the_printed_settings_can_be_evaled_and_punch_reaches_the_sandbox(served, tmp_path):
    assert all(line.startswith(("export ", "# ")) for line in served.splitlines()), served
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLOCKIFY_", "CLOCKEYE_", "PUNCH"))}
    env.update(SETTINGS=served, PUNCHCLOCK_CONFIG=str(tmp_path / "none.toml"), PUNCH_TZ="UTC")
    script = f'set -eu; eval "$SETTINGS"; "{PUNCH}" status; "{PUNCH}" whoami'
    done = subprocess.run(["bash", "-c", script], check=False, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] in ("no timer is running",) or done.stdout.startswith("running for")
    assert "owner" in done.stdout.lower() or "@" in done.stdout
