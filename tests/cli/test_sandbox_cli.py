"""``punch sandbox`` prints ``export`` lines (and ``#`` comments) that a shell takes as they are: eval them
in bash and ``punch status`` reaches the sandbox, for both trackers."""

from __future__ import annotations

import os
import subprocess

import pytest

from conftest import PUNCH, served_sandbox

@pytest.fixture
def served(request):
    """``punch sandbox`` on a free port, with no tracker settings in its environment; yields what it
    printed up to "Press Ctrl+C"."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLOCKIFY_", "CLOCKEYE_", "PUNCH"))}
    with served_sandbox("--provider", request.param, "--port", "0", "--entries", "20", "--users", "3",
                        env=env) as lines:
        yield "\n".join(lines) + "\n"


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
