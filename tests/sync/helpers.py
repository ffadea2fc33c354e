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


def spec_of(path) -> str:
    """A ``--store`` value: ``path`` as given when it names its kind (``iceberg:...``), else a DuckDB file."""
    return str(path) if str(path).startswith(("duckdb:", "iceberg:")) else f"duckdb:{path}"


def sync(h, path, *, streams=None, role: str = "owner", **options):
    """One ``punch sync`` of the sandbox into the store at ``path`` (a DuckDB file unless it names
    its kind): (plan, report)."""
    with provider(h, role) as p, open_store(spec_of(path)) as store:
        plan = make_plan(p.streams(), store, streams, Options(**options))
        return plan, run(plan, store)


def rows(path, sql: str) -> list[tuple]:
    """Rows of a read-only query."""
    with open_store(spec_of(path), read_only=True) as store:
        return store.query(sql)[1]


def stored_entries(path) -> dict[str, dict]:
    """Stored time entries by id, as their raw JSON."""
    return {i: json.loads(raw) for i, raw in rows(path, "select id, _raw from clockify.time_entries")}


def true_entries(h) -> dict[str, dict]:
    """The sandbox's time entries as Clockify lists them."""
    ws = h.ws()
    return {e.id: h.backend.entries.shape(ws, e) for e in ws.entries.values()}


def clockeye_provider(h, role: str = "owner"):
    """ClockEye behind the seam, talking to its sandbox in process (simulated time)."""
    from punchclock.providers.clockeye.provider import ClockEyeProvider

    return ClockEyeProvider(h.client(role))


def sync_clockeye(h, spec: str, *, streams=None, role: str = "owner", **options):
    """One ``punch sync`` of the ClockEye sandbox into the store ``spec``: (plan, report)."""
    with clockeye_provider(h, role) as p, open_store(spec) as store:
        plan = make_plan(p.streams(), store, streams, Options(**options))
        return plan, run(plan, store)


def query(spec: str, sql: str) -> list[tuple]:
    """Rows of a read-only query of the store ``spec``."""
    with open_store(spec, read_only=True) as store:
        return store.query(sql)[1]


def clockeye_truth(h) -> dict[str, dict]:
    """The ClockEye sandbox's time entries as it lists them."""
    from punchclock.sandbox.clockeye import shapes

    return {e.id: shapes.entry(e) for e in h.backend.state.entries.values()}
