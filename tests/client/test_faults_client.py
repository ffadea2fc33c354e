"""Writes through the client under seeded faults (20% each of 5xx, timeout and drop-after-write):
every reported outcome is true. No create is written twice, no write reported done is missing, no
write reported failed was in fact done, and every write whose fate stays unknown says so with
``OutcomeUnknown``. The sandbox's own state is the truth; time is simulated.

Deletes and replaces (PUT) whose last attempt got no answer are read back before anything is reported
(gone: deleted; showing the new values: replaced). Run with ``-s`` to see the figures.
"""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from conftest import make_harness

from punchclock.cli.errors import exit_code
from punchclock.errors import OutcomeUnknown, PunchclockError
from punchclock.http import AdaptiveLimiter, RetryPolicy
from punchclock.providers.clockify.client import AsyncClockify, Clockify
from punchclock.sandbox.core.clock import SimulatedClock
from punchclock.sandbox.core.transport import SyncASGITransport

API = "http://sandbox/api/v1"
DAY = datetime(2026, 3, 2, 9, tzinfo=UTC)
FAULTS = {"error_rate": 0.2, "timeout_rate": 0.2, "drop_rate": 0.2, "timeout_seconds": 0.0}


def set_faults(h, **faults) -> None:
    """Configure the sandbox's faults through its admin endpoint."""
    with httpx.Client(transport=SyncASGITransport(h.app), base_url="http://sandbox") as admin:
        resp = admin.post("/__sandbox__/faults", json=faults)
        assert resp.status_code == 200, resp.text


def settings(seed: int) -> dict:
    """Client settings on simulated time, with a seeded retry policy."""
    clock = SimulatedClock()
    limiter = AdaptiveLimiter(1000, clock=clock, sleep=clock.sleep, async_sleep=clock.async_sleep)
    return {"limiter": limiter, "retry": RetryPolicy(rng=random.Random(seed))}


class Tally:
    """Reported outcomes against the sandbox's truth, per kind of operation."""

    def __init__(self) -> None:
        self.counts: Counter = Counter()

    def record(self, kind: str, reported: str, happened: bool) -> None:
        """``reported`` is ok, unknown or failed; ``happened`` is what the sandbox holds."""
        self.counts[kind, reported, happened] += 1

    def wrong(self, kind: str) -> dict:
        """Lost writes (reported ok, not done) and false failures (reported failed, done)."""
        return {"lost": self.counts[kind, "ok", False], "false failures": self.counts[kind, "failed", True]}

    def line(self, kind: str) -> str:
        """One line of figures for ``kind``."""
        c = self.counts
        return (f"{kind:<9} ok {c[kind, 'ok', True] + c[kind, 'ok', False]:>4} (lost {c[kind, 'ok', False]})  "
                f"failed {c[kind, 'failed', True] + c[kind, 'failed', False]:>3} (done anyway {c[kind, 'failed', True]})  "
                f"unknown {c[kind, 'unknown', True] + c[kind, 'unknown', False]:>3} (done {c[kind, 'unknown', True]})")


def attempt(fn) -> tuple[str, object]:
    """Run one operation: (``ok``, result), (``unknown``, error) or (``failed``, error)."""
    try:
        return "ok", fn()
    except OutcomeUnknown as exc:
        return "unknown", exc
    except PunchclockError as exc:
        return "failed", exc


def test_creates_updates_deletes_and_listings_under_20_percent_faults_report_the_truth():
    h = make_harness(entries=50)
    set_faults(h, **FAULTS, seed=7)
    tally = Tally()
    made: dict[str, str] = {}  # description -> id, of entries known to exist
    listings = 0
    with Clockify(h.key(), h.ws_id, base_url=API, transport=SyncASGITransport(h.app), **settings(7)) as client:
        for i in range(240):
            description, start = f"fault probe {i:03d}", DAY + timedelta(hours=i)
            reported, result = attempt(lambda: client.time_entries.create(
                start=start, end=start + timedelta(minutes=30), description=description))
            stored = [e for e in h.ws().entries.values() if e.description == description]
            assert len(stored) <= 1, f"{description} was written {len(stored)} times"
            tally.record("create", reported, bool(stored))
            if reported == "ok":
                assert stored and result.id == stored[0].id and result.description == description
            if stored:
                made[description] = stored[0].id

        for description, entry_id in list(made.items())[:150]:
            start = next(e for e in h.ws().entries.values() if e.id == entry_id).start
            changed = description + " (edited)"
            reported, _ = attempt(lambda: client.time_entries.update(
                entry_id, start=datetime.fromtimestamp(start, UTC), end=datetime.fromtimestamp(start + 3600, UTC),
                description=changed))
            tally.record("update", reported, h.ws().entries[entry_id].description == changed)

        for entry_id in list(made.values())[-80:]:
            reported, _ = attempt(lambda: client.time_entries.delete(entry_id))
            tally.record("delete", reported, entry_id not in h.ws().entries)

        window = {"start": DAY - timedelta(hours=1), "end": DAY + timedelta(hours=250), "size": 50}
        for _ in range(40):
            reported, rows = attempt(lambda: [e.id for e in client.time_entries.list(**window)])
            truth = {e.id for e in h.ws().entries.values() if e.user_id == h.user_id()
                     and window["start"].timestamp() <= e.start <= window["end"].timestamp()}
            if reported == "ok":
                listings += 1
                assert sorted(rows) == sorted(truth) and len(rows) == len(set(rows))
            assert reported != "unknown"  # a read is never of unknown outcome

    print()
    for kind in ("create", "update", "delete"):
        print(tally.line(kind))
    print(f"listings  ok {listings} of 40, every one complete and exact; requests {h.app.stats.total}")
    for kind in ("create", "update", "delete"):
        assert tally.wrong(kind) == {"lost": 0, "false failures": 0}, tally.line(kind)
    c = tally.counts
    assert c["create", "unknown", False] + c["create", "unknown", True] > 0  # the faults did leave some unknown
    assert c["create", "ok", True] > 120 and listings >= 35  # the rest failed (5xx: nothing written) or unknown
    assert c["delete", "ok", True] > 70 and c["update", "ok", True] > 130
    # a replace or delete retried into silence is read back: done shows as done (this seed left 3 updates
    # and 4 deletes unknown before the read-back); unknown stays for a read that also got no answer
    assert c["update", "unknown", True] == 0 and c["delete", "unknown", True] == 0, (tally.line("update"),
                                                                                   tally.line("delete"))


def test_a_create_whose_answer_was_dropped_is_looked_up_and_returned_or_reported_unknown():
    h = make_harness(entries=20)
    start = DAY + timedelta(days=3)
    with Clockify(h.key(), h.ws_id, base_url=API, transport=SyncASGITransport(h.app), user_id=h.user_id(),
                  **settings(1)) as client:
        before = len(h.ws().entries)
        set_faults(h, drop_rate=1.0, only_paths=f"/workspaces/{h.ws_id}/time-entries")  # the POST, not the lookup
        h.app.stats.reset()
        entry = client.time_entries.create(start=start, description="dropped once")
        assert entry.description == "dropped once" and entry.id in h.ws().entries
        assert len(h.ws().entries) == before + 1
        assert h.app.stats.by_method == {"POST": 1, "GET": 1}  # sent once, found with one lookup

        set_faults(h, drop_rate=1.0, only_paths="/time-entries")  # the lookup's answers are lost too
        with pytest.raises(OutcomeUnknown) as unknown:
            client.time_entries.create(start=start + timedelta(hours=1), description="dropped twice")
    assert "may have been created: check with `punch entries`" in str(unknown.value)
    assert exit_code(unknown.value) == 11
    assert len(h.ws().entries) == before + 2  # it was in fact written, once


def test_async_creates_under_faults_are_never_duplicated_nor_reported_failed_when_done():
    h = make_harness(entries=20)
    set_faults(h, **FAULTS, seed=3)
    outcomes = Counter()

    async def run() -> None:
        async with AsyncClockify(h.key(), h.ws_id, base_url=API, transport=httpx.ASGITransport(h.app),
                                 **settings(3)) as client:
            for i in range(80):
                description, start = f"async probe {i:03d}", DAY + timedelta(hours=i)
                try:
                    entry = await client.time_entries.create(start=start, end=start + timedelta(minutes=5),
                                                             description=description)
                    reported = "ok"
                    assert entry.description == description
                except OutcomeUnknown:
                    reported = "unknown"
                except PunchclockError:
                    reported = "failed"
                stored = [e for e in h.ws().entries.values() if e.description == description]
                assert len(stored) <= 1
                outcomes[reported, bool(stored)] += 1

    asyncio.run(run())
    assert outcomes["ok", False] == 0 and outcomes["failed", True] == 0, outcomes
    print(dict(outcomes))
    assert outcomes["ok", True] > 40
