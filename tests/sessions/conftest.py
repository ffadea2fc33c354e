"""A tracker sandbox per test (Clockify, and ClockEye once its provider exists), reached over HTTP."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
import pytest

from punchclock.providers.registry import open_provider
from punchclock.sandbox import create_app
from punchclock.sandbox.core.transport import SyncASGITransport
from tests.conftest import ANCHOR, make_harness

WRITES = ("POST", "PUT", "PATCH", "DELETE")


def provider_names() -> list[str]:
    """Providers to test sessions against: every one the registry has built in."""
    from punchclock.providers.registry import BUILTIN

    return list(BUILTIN)


class Killed(BaseException):
    """Stands for the process dying: nothing in punchclock catches it."""


class KillAt(httpx.BaseTransport):
    """Passes requests to the sandbox and 'dies' at the ``n``-th write, before sending it or after its answer."""

    def __init__(self, inner: httpx.BaseTransport, n: int, after: bool):
        self.inner, self.n, self.after, self.writes = inner, n, after, 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method in WRITES:
            self.writes += 1
            if self.writes == self.n and not self.after:
                raise Killed(f"killed before write {self.n}")
        response = self.inner.handle_request(request)
        if request.method in WRITES and self.writes == self.n and self.after:
            response.read()
            raise Killed(f"killed after write {self.n}")
        return response


@dataclass
class Tracker:
    """A sandboxed tracker: providers for it, its request counters."""

    name: str
    app: object
    key: str
    workspace: str | None
    prefix: str

    def provider(self, transport: httpx.BaseTransport | None = None):
        """A provider for the tracker (through ``transport`` when given)."""
        return open_provider(provider=self.name, transport=transport or SyncASGITransport(self.app),
                             api_key=self.key, base_url=f"http://sandbox{self.prefix}", workspace=self.workspace)

    def writes(self) -> int:
        """Writes answered so far."""
        with httpx.Client(transport=SyncASGITransport(self.app), base_url="http://sandbox") as admin:
            stats = admin.get("/__sandbox__/stats").json()
        return sum(stats["by_method"].get(m, 0) for m in WRITES)


def make_tracker(name: str) -> Tracker:
    """A fresh sandbox of provider ``name`` with the projects the scenarios map to."""
    if name == "clockify":
        harness = make_harness(entries=50)
        tracker = Tracker(name, harness.app, harness.key("owner"), harness.ws_id, "/api/v1")
    else:
        from punchclock.sandbox.clockeye.seed import SeedConfig, seeded_backend

        backend = seeded_backend(SeedConfig(entries=50, anchor=ANCHOR))
        tracker = Tracker(name, create_app(backend, provider=name), backend.seed_info.key_for("owner"), None, "/v1")
    with tracker.provider() as provider:
        existing = {p.name for p in provider.projects()}
        for project in ("Spotter", "API"):
            if project not in existing:
                provider.create("projects", project)
    return tracker


@pytest.fixture(params=provider_names())
def tracker(request) -> Tracker:
    """A fresh sandboxed tracker, once per provider."""
    return make_tracker(request.param)
