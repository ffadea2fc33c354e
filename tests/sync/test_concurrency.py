"""Requests of a stream go out concurrently (the sandbox sees several in flight at once) while
commits, and so resume points, keep the members' order; :func:`punchclock.sync.ahead.ahead` hands
parts over in order, raises a part's error in its place and never runs more parts (nor holds more
items fetched ahead) than asked."""

from __future__ import annotations

import asyncio
import threading

import pytest

from punchclock.sandbox.core.faults import Faults
from punchclock.store import open_store
from punchclock.sync import Options, make_plan, run
from punchclock.sync.ahead import ahead
from tests.conftest import make_harness
from tests.sync.helpers import provider, stored_entries, true_entries

FAILSAFE = 20.0  # seconds a parked request waits for company before going on alone (never reached when concurrent)


class Rendezvous:
    """The sandbox's delay for time-entry listings: the first requests are held until ``wanted`` are in
    flight at once (a client sending them one by one waits out the failsafe and is seen doing so);
    after that meeting every request passes. Counts the most in flight."""

    def __init__(self, wanted: int):
        self.wanted, self.inflight, self.peak = wanted, 0, 0
        self.met: asyncio.Event | None = None

    async def __call__(self, _seconds: float) -> None:
        self.met = self.met or asyncio.Event()
        self.inflight += 1
        self.peak = max(self.peak, self.inflight)
        if self.inflight >= self.wanted:
            self.met.set()
        try:
            await asyncio.wait_for(self.met.wait(), FAILSAFE)
        except asyncio.TimeoutError:
            pass
        finally:
            self.inflight -= 1


def test_member_listings_are_fetched_concurrently_and_committed_in_member_order(tmp_path):
    h = make_harness(users=7, entries=700)
    h.app.faults.configure(Faults(slow_rate=1.0, slow_seconds=1.0, only_paths="/time-entries"))
    meeting = Rendezvous(3)
    h.app.sleep = meeting
    resumes = []
    with provider(h, rate=1000, max_rate=1000) as p, open_store(f"duckdb:{tmp_path / 's.duckdb'}") as store:
        commit = store.commit

        def recorded(c):
            state = c.states.get("time_entries") or {}
            if c.rows.get("time_entries") and state.get("status") == "running":
                resumes.append(state["resume"]["after"])
            return commit(c)

        store.commit = recorded
        plan = make_plan(p.streams(), store, None, Options(concurrency=3, commit_rows=1))
        report = run(plan, store)
    assert meeting.peak >= 3
    members = sorted(h.ws().members)
    assert resumes == members[:len(resumes)] and len(resumes) >= len(members) - 1
    assert sum(r.requests for r in report.results if r.stream == "time_entries") == len(members)  # none wasted
    assert stored_entries(tmp_path / "s.duckdb") == true_entries(h)


def test_parts_come_back_in_order_with_at_most_workers_running():
    running, peak, lock = 0, 0, threading.Lock()
    gates = [threading.Event() for _ in range(6)]

    def part(i: int):
        def items():
            nonlocal running, peak
            with lock:
                running += 1
                peak = max(peak, running)
            gates[i].wait(FAILSAFE)
            yield from (f"{i}a", f"{i}b")
            with lock:
                running -= 1
        return items

    for gate in reversed(gates):  # later parts may finish first; the order stays the parts' order
        gate.set()
    assert list(ahead([part(i) for i in range(6)], workers=2)) == [f"{i}{s}" for i in range(6) for s in "ab"]
    assert peak <= 2


def test_a_parts_error_comes_after_the_parts_before_it():
    def good(i):
        return lambda: iter([i])

    def bad():
        raise PermissionError("refused")

    got = []
    with pytest.raises(PermissionError, match="refused"):
        for item in ahead([good(0), good(1), bad, good(3)], workers=4):
            got.append(item)
    assert got == [0, 1]


def test_a_reader_that_stops_early_stops_the_threads():
    produced = []

    def endless():
        i = 0
        while True:
            produced.append(i)
            yield i
            i += 1

    reader = ahead([endless], workers=1, depth=1)
    assert next(reader) == 0
    reader.close()
    threads = [t for t in threading.enumerate() if t.name == "sync-fetch"]
    for thread in threads:
        thread.join(FAILSAFE)
    assert not any(t.is_alive() for t in threads)
    assert len(produced) <= 3


def test_parts_after_keep_being_fetched_while_the_reader_is_busy():
    started = [threading.Event() for _ in range(4)]

    def part(i: int):
        def items():
            started[i].set()
            yield i
        return items

    reader = ahead([part(i) for i in range(4)], workers=1, depth=1)
    assert next(reader) == 0
    # the reader holds part 0's item (it is committing): part 0 has fetched everything, so part 1
    # starts without waiting for the reader to come back
    assert started[1].wait(FAILSAFE)
    assert list(reader) == [1, 2, 3]


def test_items_fetched_ahead_stay_bounded_however_long_the_parts():
    """Parts of many items (large members) hold no more unread items than parts of one: at most
    ``workers * depth`` ahead, plus the part being read."""
    workers, depth = 3, 2
    produced = consumed = most = 0
    changed = threading.Condition()

    def part(i: int):
        def items():
            nonlocal produced, most
            for j in range(8):
                with changed:
                    produced += 1
                    most = max(most, produced - consumed)
                    changed.notify_all()
                yield (i, j)
        return items

    got, total = [], 12 * 8

    def fetched_ahead() -> bool:
        return produced - consumed >= min(workers, total - consumed)

    for item in ahead([part(i) for i in range(12)], workers=workers, depth=depth):
        with changed:  # a slow reader: before each item, the threads fetch as far as they may
            consumed += 1
            changed.wait_for(fetched_ahead, FAILSAFE)
        got.append(item)
    assert got == [(i, j) for i in range(12) for j in range(8)]
    assert most <= workers * depth + depth + 1
