"""Shared fixtures: a seeded sandbox reached over HTTP (in process, or on a real socket)."""

from __future__ import annotations

import os
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import httpx
import pytest

from punchclock.sandbox import create_app
from punchclock.sandbox.clockify.app import ClockifyApp
from punchclock.sandbox.clockify.backend import ClockifyBackend
from punchclock.sandbox.clockify.seed import SeedConfig, SeedInfo, seeded_backend
from punchclock.sandbox.core.server import running
from punchclock.sandbox.core.transport import SyncASGITransport

PUNCH = Path(sys.executable).with_name("punch")  # the console script, as a user runs it

ANCHOR = 1795180800  # 2026-11-20T13:20:00Z: seeded data does not move with the clock


@dataclass
class Harness:
    """A seeded sandbox app plus helpers to reach it as any of its users."""

    backend: ClockifyBackend
    app: ClockifyApp
    info: SeedInfo

    @property
    def ws_id(self) -> str:
        """The agency workspace's id."""
        return self.info.workspace_id

    def key(self, role: str = "owner") -> str:
        """The API key of the first user with that role."""
        return self.info.key_for(role)

    def user_id(self, role: str = "owner") -> str:
        """The id of the first user with that role."""
        return self.info.user_for(role)

    def client(self, role: str = "owner", *, prefix: str = "/api/v1", headers: dict | None = None) -> httpx.Client:
        """A sync client bound to the app in process, authenticated as ``role``."""
        auth = {"X-Api-Key": self.key(role)} if role else {}
        return httpx.Client(transport=SyncASGITransport(self.app), base_url=f"http://sandbox{prefix}",
                            headers={**auth, **(headers or {})})

    def aclient(self, role: str = "owner", *, prefix: str = "/api/v1") -> httpx.AsyncClient:
        """An async client bound to the app in process, authenticated as ``role``."""
        return httpx.AsyncClient(transport=httpx.ASGITransport(self.app), base_url=f"http://sandbox{prefix}",
                                 headers={"X-Api-Key": self.key(role)} if role else {})

    def ws(self):
        """The agency workspace's state (for asserting on real outcomes)."""
        return self.backend.state.workspaces[self.ws_id]


def make_harness(*, strict: bool = False, **seed) -> Harness:
    """A fresh sandbox seeded with ``SeedConfig(**seed)`` (small and anchored by default); ``strict``
    refuses requests that do not validate against the spec's request schemas."""
    config = SeedConfig(**{"entries": 400, "anchor": ANCHOR, **seed})
    backend = seeded_backend(config)
    return Harness(backend, create_app(backend, strict=strict), backend.seed_info)


@pytest.fixture
def sandbox() -> Harness:
    """A fresh, small, deterministic sandbox for one test."""
    return make_harness()


@pytest.fixture
def owner(sandbox: Harness):
    """A sync client as the workspace owner."""
    with sandbox.client("owner") as client:
        yield client


@pytest.fixture
def anyio_backend():
    """Async tests run on asyncio."""
    return "asyncio"


@pytest.fixture(autouse=True)
def _isolated_settings(monkeypatch, tmp_path):
    """No test reads the developer's Clockify settings or config file."""
    import os

    for name in list(os.environ):
        if name.startswith("CLOCKIFY_") or name == "PUNCHCLOCK_PROFILE":
            monkeypatch.delenv(name)
    monkeypatch.setenv("PUNCHCLOCK_CONFIG", str(tmp_path / "no-config.toml"))
    from punchclock.http.limiter import forget_limiters

    forget_limiters()



class Punch:
    """Runs ``punch`` as a user would (in process, through Typer's runner) against a sandbox."""

    def __init__(self, harness, base: str, monkeypatch):
        self.h = harness
        self.base = base
        from typer.testing import CliRunner

        self.runner = CliRunner()
        monkeypatch.setenv("CLOCKIFY_BASE_URL", f"{base}/api/v1")
        monkeypatch.setenv("CLOCKIFY_REPORTS_URL", f"{base}/reports/v1")
        monkeypatch.setenv("CLOCKIFY_API_KEY", harness.key("owner"))
        monkeypatch.setenv("PUNCH_TZ", "UTC")

    def __call__(self, *args: str, input: str | None = None, env: dict | None = None):
        from punchclock.cli import app

        return self.runner.invoke(app, list(args), input=input, env=env, catch_exceptions=False)


@pytest.fixture
def punch(monkeypatch):
    """``punch(...)`` against a fresh sandbox with a known week of data."""
    harness = make_harness(entries=200)
    with running(harness.app) as base:
        yield Punch(harness, base, monkeypatch)


@contextmanager
def served_sandbox(*args: str, env: dict | None = None) -> Iterator[list[str]]:
    """``punch sandbox ARGS`` in a child process: yields the lines it printed up to "Press Ctrl+C" (``export``
    lines and ``#`` comments), and stops it afterwards."""
    proc = subprocess.Popen([str(PUNCH), "sandbox", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env={**(os.environ if env is None else env), "PYTHONUNBUFFERED": "1"})
    try:
        lines = []
        for line in proc.stdout:
            lines.append(line.rstrip("\n"))
            if "Press Ctrl+C" in line:
                break
        yield lines
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def exported(lines: list[str], prefix: str) -> dict[str, str]:
    """The ``export NAME=value`` lines of ``punch sandbox`` whose name starts with ``prefix``, as a dict."""
    return dict(line.removeprefix("export ").split("=", 1) for line in lines if line.startswith(f"export {prefix}"))
