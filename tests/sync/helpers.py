"""Shared helpers of the sync tests: a provider bound to a sandbox, a store, and the sandbox's truth."""

from __future__ import annotations

import json

from punchclock.providers.clockify.client import Clockify
from punchclock.providers.clockify.provider import ClockifyProvider
from punchclock.sandbox.core.transport import SyncASGITransport
from punchclock.store import open_store
from punchclock.sync import Options, make_plan, run


def provider(h, role: str = "owner", **settings) -> ClockifyProvider:
    """Clockify behind the seam, talking to the sandbox in process."""
    return ClockifyProvider(Clockify(h.key(role), h.ws_id, base_url="http://sandbox/api/v1",
                                     reports_url="http://sandbox/reports/v1", transport=SyncASGITransport(h.app),
                                     **settings))


def sync(h, path, *, streams=None, role: str = "owner", **options):
    """One ``punch sync`` of the sandbox into the DuckDB file at ``path``: (plan, report)."""
    with provider(h, role) as p, open_store(f"duckdb:{path}") as store:
        plan = make_plan(p.streams(), store, streams, Options(**options))
        return plan, run(plan, store)


def rows(path, sql: str) -> list[tuple]:
    """Rows of a read-only query."""
    with open_store(f"duckdb:{path}", read_only=True) as store:
        return store.query(sql)[1]


def stored_entries(path) -> dict[str, dict]:
    """Stored time entries by id, as their raw JSON."""
    return {i: json.loads(raw) for i, raw in rows(path, "select id, _raw from clockify.time_entries")}


def true_entries(h) -> dict[str, dict]:
    """The sandbox's time entries as Clockify lists them."""
    ws = h.ws()
    return {e.id: h.backend.entries.shape(ws, e) for e in ws.entries.values()}
