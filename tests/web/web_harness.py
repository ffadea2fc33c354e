"""A dashboard over a store synced from a seeded sandbox, the provider writing to that sandbox in process,
and the sandbox's webhooks delivered to the dashboard (in process too)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import httpx
from fastapi.testclient import TestClient

from punchclock.store import open_store
from punchclock.web import Dashboard, create_app
from tests.conftest import ANCHOR, make_harness
from tests.sync.helpers import clockeye_provider, provider, sync, sync_clockeye

NOW = datetime.fromtimestamp(ANCHOR, UTC)  # the dashboard's clock: the sandbox's seeded "now"


@dataclass
class Web:
    """A sandbox harness, the store path, the dashboard and a client of its app."""

    sandbox: object
    path: str
    board: Dashboard
    app: object

    def client(self) -> TestClient:
        """A test client of the dashboard (in process)."""
        return TestClient(self.app)

    def stored(self, sql: str, params: list | None = None) -> list[tuple]:
        """Rows of a query on the dashboard's own store connection."""
        with self.board.lock:
            return self.board.store.query(sql, params)[1]


def clockify_web(tmp_path, *, synced: bool = True, tz: str = "UTC", **seed) -> Web:
    """A Clockify sandbox synced into a store with a dashboard over it; the sandbox delivers webhooks to it."""
    h = make_harness(**{"entries": 400, **seed})
    path = tmp_path / "punch.duckdb"
    if synced:
        sync(h, path)
    p = provider(h)
    board = Dashboard(open_store(f"duckdb:{path}"), p, tz=ZoneInfo(tz), now=lambda: NOW, store_label=f"duckdb:{path}")
    board.prepare([p.streams()])
    app = create_app(board)
    h.app.webhook_transport = httpx.ASGITransport(app)
    return Web(h, str(path), board, app)


def clockeye_web(tmp_path, secret: str = "ce-secret", **seed) -> Web:
    """A ClockEye sandbox synced into a store with a dashboard over it; the sandbox's receiver is the dashboard."""
    from tests.clockeye.clockeye_harness import make_harness as clockeye_harness

    h = clockeye_harness(**{"entries": 300, **seed})
    path = tmp_path / "punch.duckdb"
    sync_clockeye(h, f"duckdb:{path}")
    p = clockeye_provider(h)
    board = Dashboard(open_store(f"duckdb:{path}"), p, now=lambda: datetime.fromtimestamp(h.clock(), UTC),
                      clockeye_secret=secret)
    board.prepare([p.streams()])
    app = create_app(board)
    h.app.webhook_transport = httpx.ASGITransport(app)
    return Web(h, str(path), board, app)
