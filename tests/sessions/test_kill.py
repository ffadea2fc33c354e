"""A real ``kill -9`` in the middle of ``punch sessions push``, then a rerun: one entry per segment."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading

import httpx

from punchclock.providers.registry import open_provider
from punchclock.sandbox.core.server import running
from punchclock.sessions.desired import key_of
from tests.conftest import make_harness
from tests.sessions.test_cli import RULES, SINCE, UNTIL
from tests.sessions.test_push import scenario


def test_kill_minus_nine_mid_push_then_rerun(tmp_path):
    harness = make_harness(entries=20)
    with running(harness.app) as base:
        env = {**os.environ, **scenario(tmp_path / "home"), "CLOCKIFY_BASE_URL": f"{base}/api/v1",
               "CLOCKIFY_API_KEY": harness.key("owner"), "PUNCHCLOCK_STATE_DIR": str(tmp_path / "state"),
               "PUNCHCLOCK_SESSIONS_RULES": str(tmp_path / "rules.toml"), "PUNCH_TZ": "America/Los_Angeles",
               "PUNCHCLOCK_CONFIG": str(tmp_path / "none.toml")}
        (tmp_path / "rules.toml").write_text(RULES)
        with open_provider(provider="clockify", base_url=f"{base}/api/v1", api_key=harness.key("owner")) as provider:
            for name in ("Spotter", "API", "Other"):
                provider.create("projects", name)
        admin = httpx.Client(base_url=base)
        admin.post("/__sandbox__/faults", json={"slow_rate": 1.0, "slow_seconds": 0.2, "only_paths": "time-entries"})
        posts_before = admin.get("/__sandbox__/stats").json()["by_method"].get("POST", 0)
        command = [sys.executable, "-m", "punchclock", "sessions", "push", "--since", SINCE, "--until", UNTIL, "--yes"]
        child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        wait = threading.Event()
        for _ in range(3000):                                  # until two entries are written, or the push ends
            posts = admin.get("/__sandbox__/stats").json()["by_method"].get("POST", 0) - posts_before
            if posts >= 3 or child.poll() is not None:
                break
            wait.wait(0.01)
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        assert child.returncode == -signal.SIGKILL, "the push finished before it could be killed"
        admin.post("/__sandbox__/faults", json={})
        rerun = subprocess.run(command, env=env, capture_output=True, text=True)
        assert rerun.returncode == 0, rerun.stderr
        with open_provider(provider="clockify", base_url=f"{base}/api/v1", api_key=harness.key("owner")) as provider:
            from datetime import datetime, timedelta

            start = datetime.fromisoformat(SINCE) - timedelta(days=1)
            keys = [key_of(e.description) for page in provider.entry_pages(start, start + timedelta(days=3))
                    for e in page if key_of(e.description)]
        assert len(keys) == 5 and len(set(keys)) == 5
        admin.close()
