"""The runner: carries out a :class:`~punchclock.sync.plan.Plan`, committing each batch of rows with
the stream's state so a killed sync resumes where its last commit left it.

A full or window read writes its rows under a run id; when the read ends, one commit deletes the
rows of that scope the run did not see again (deletions propagate) and marks the stream complete.
The feed step applies created, updated and deleted entities in one commit with the new cursor.
A stream the plan refuses (403) is recorded unavailable and the run goes on; a refused key (401)
stops the run. Requests pace through the provider's limiter; with a request budget they wait for
room instead of drawing a 429. A stream's parts (one member's entries...) are fetched several at once
on threads (:mod:`punchclock.sync.ahead`) while the runner commits what came before, in order, so
requests go out at the limiter's rate and commits keep the order a plain loop would have. Each
batch is staged (typed by the store) on a thread of its own while the batch before it commits.
Without a request budget, every read starts at once unless it needs a stream not yet read
(:attr:`~punchclock.sync.streams.Stream.after`) or a change feed comes first, and the runner commits
whichever read's next batch is ready (each read's batches in order): the small reads commit between
the large one's batches instead of holding it back. Under a budget, one read runs at a time, in the
plan's order. Each read counts its own requests.
"""

from __future__ import annotations

import contextlib
import math
import queue as queues
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Iterator

from punchclock.errors import AuthenticationError, PermissionDenied
from punchclock.http.tally import Tally, tallying
from punchclock.store.base import Commit, Counts, Sweep
from punchclock.sync.ahead import OneAhead, Reading, ahead
from punchclock.sync.plan import Plan, PlannedStep, new_run
from punchclock.sync.streams import WORKSPACES, Batch, Step, Stream, StreamSet, parts_of, row_dict


@dataclass
class StreamResult:
    """What one step did."""

    stream: str
    mode: str
    rows: int = 0
    counts: Counts = field(default_factory=Counts)
    requests: int = 0
    seconds: float = 0.0
    note: str = ""


@dataclass
class Report:
    """What the whole sync did."""

    results: list[StreamResult] = field(default_factory=list)
    requests: int = 0
    rate_limited: int = 0
    seconds: float = 0.0

    @property
    def counts(self) -> Counts:
        """Rows added, changed and deleted over every stream."""
        total = Counts()
        for result in self.results:
            total += result.counts
        return total

    def summary(self) -> str:
        """One line: rows added/changed/deleted, requests, 429s and time."""
        c = self.counts
        return (f"synced: {c.added} added, {c.changed} changed, {c.deleted} deleted; {self.requests} requests, "
                f"{self.rate_limited} answered 429; {self.seconds:.1f} s")


class _Patient:
    """A request budget that waits for room (on the limiter's clock) instead of refusing."""

    def __init__(self, budget, sleep: Callable[[float], None], margin: float):
        self.budget, self.sleep, self.margin = budget, sleep, margin

    def spend(self) -> None:
        """Wait until the budget has room for one more request, then count it. A request is counted
        when its slot is claimed and sent up to a pacing interval later, so a wait adds a
        ``margin``: the server, counting on arrival, must see the old request leave its window first."""
        while self.budget.remaining() < 1:
            wait = self.budget.seconds_until_free(1)
            if not math.isfinite(wait):
                break  # a budget that never frees: let it refuse
            self.sleep(max(wait, 0.001) + self.margin)
        self.budget.spend()

    def __getattr__(self, name):
        return getattr(self.budget, name)


@contextlib.contextmanager
def _paced(source: StreamSet, budget):
    limiter = source.limiter
    if limiter is None or budget is None:
        yield
        return
    before = limiter.budget
    limiter.budget = _Patient(budget, limiter.sleep, max(1.0, 1.0 / limiter.rate))
    try:
        yield
    finally:
        limiter.budget = before


class Watcher:
    """What a progress display hears from a run (every method optional to override): a step
    starting with its estimate, each committed batch, and the step's end."""

    def started(self, step: PlannedStep) -> None:
        """A full or window read (or the feed) begins."""

    def advanced(self, result: StreamResult) -> None:
        """A batch of ``result.stream`` was committed; ``rows`` and ``requests`` are so far."""

    def finished(self, result: StreamResult) -> None:
        """The step is over (skipped and unavailable steps too)."""


_UNREAD = object()  # the workspace record is yet to be read

#: Pages each fetch thread may hold ready while the runner commits (fetching never waits on a commit
#: shorter than that many pages take to arrive). One is enough now that a batch types while the one
#: before commits: two were as fast at 50 requests/s and unpaced, and held 15-20 MB more at a million
#: entries, whose members' pages are full (peak 246-251 MiB against 259-271).
AHEAD = 1


def coalesced(batches: Iterator[Batch], rows: int) -> Iterator[tuple[Batch, bool]]:
    """The batches' rows in batches of a whole multiple of ``rows`` rows, each with whether it ends the
    read (the rest, possibly empty, comes last): fewer transactions and look-ups of stored keys, memory
    bounded by ``rows`` and a page, and commits a store writes whole (see ``commit_rows``). A batch
    resumes where the last of the batches it holds to their end does; rows of a batch split across two
    are read again on a resume, and upserted again harmlessly."""
    held: list = []
    ends: list[tuple[int, dict]] = []  # where each held batch with a resume point ends, and its point
    for batch in batches:
        held.extend(batch.rows)
        if batch.resume is not None:
            ends.append((len(held), batch.resume))
        cut = len(held) - len(held) % rows
        if cut:
            resume = next((point for end, point in reversed(ends) if end <= cut), None)
            yield Batch(held[:cut], resume), False
            held = held[cut:]
            ends = [(end - cut, point) for end, point in ends if end > cut]
    yield Batch(held, ends[-1][1] if ends else None), True


class _Guarded:
    """A store (or the facts it knows) whose every call holds one lock: fetch threads may ask the
    facts while the runner commits, and a store connection serves one caller at a time."""

    def __init__(self, target, lock: threading.Lock):
        self._target, self._lock = target, lock

    def __getattr__(self, name):
        found = getattr(self._target, name)
        if not callable(found):
            return found

        def guarded(*args, **kwargs):
            with self._lock:
                out = found(*args, **kwargs)
            return _Guarded(out, self._lock) if name == "known" else out

        return guarded


def concurrency(plan: Plan) -> int:
    """Parts of a stream fetched at once, and reads run at once: the plan's option, else one per 10
    requests/s the limiter may reach (2 to 4), so requests go out at its rate with a few pages in flight
    (each thread holds at most ``AHEAD`` pages ready: memory stays bounded); one under a request
    budget, whose pace a single thread keeps."""
    if plan.options.concurrency:
        return plan.options.concurrency
    if plan.budget is not None:
        return 1
    limiter = plan.source.limiter
    top = getattr(limiter, "max_rate", None) or getattr(limiter, "rate", None) or 10.0
    return max(2, min(4, math.ceil(top / 10)))


@dataclass
class _Opened:
    """A read begun: its result so far, the states it commits, and its fetch (None when the
    workspace's plan lacks the stream: ``lacking`` says why)."""

    planned: PlannedStep
    stream: Stream
    result: StreamResult
    run: str
    kids: list[Stream]
    keep: dict
    running: dict
    done: dict
    tally: Tally
    lacking: str | None = None
    fetched: Reading | None = None
    stager: OneAhead | None = None
    begun: float = 0.0

    @property
    def names(self) -> list[str]:
        """The stream and its children."""
        return [self.stream.name, *(k.name for k in self.kids)]

    @property
    def appends(self) -> frozenset[str]:
        """The streams it writes without looking stored keys up (kept in its running state for a resume)."""
        return frozenset(self.running["appends"])

    def close(self) -> None:
        """Stop staging and fetching (a read that ended, failed, or was given up)."""
        if self.stager is not None:
            self.stager.close()
        if self.fetched is not None:
            self.fetched.close()


class Runner:
    """Runs one plan against one store."""

    def __init__(self, plan: Plan, store, progress: Callable[[StreamResult], None] | None = None,
                 watcher: Watcher | None = None):
        self.plan, self.store, self.progress = plan, _Guarded(store, threading.Lock()), progress
        self.stager = store  # staging runs beside commits, outside the lock (a store stages one batch at a time)
        self.workers = concurrency(plan)
        self.rows = plan.options.commit_rows or store.commit_rows
        self.watcher = watcher or Watcher()
        self.source: StreamSet = plan.source
        self.provider, self.ws = self.source.provider, self.source.workspace_id
        self.now = self.source.now or time.time
        self.report = Report()
        self._sizes: dict[int, int] = {}
        self._record: dict | None | object = _UNREAD

    def _sent(self) -> tuple[int, int]:
        limiter = self.source.limiter
        return (getattr(limiter, "sent", 0), getattr(limiter, "limited", 0)) if limiter is not None else (0, 0)

    def run(self) -> Report:
        """Every step of the plan, then the report."""
        begun, (sent0, limited0) = time.perf_counter(), self._sent()
        with _paced(self.source, self.plan.budget), self.store.loading():
            queue = list(self.plan.steps)
            active: list[_Opened] = []
            ready: queues.Queue = queues.Queue()  # (read, ok, item) from every active read's stager
            try:
                while queue or active:
                    self._start(queue, active, ready)
                    if active:
                        self._take(active, *ready.get())
            finally:
                for read in active:
                    read.close()
        sent, limited = self._sent()
        self.report.requests, self.report.rate_limited = sent - sent0, limited - limited0
        self.report.seconds = time.perf_counter() - begun
        return self.report

    def _start(self, queue: list[PlannedStep], active: list[_Opened], ready: queues.Queue) -> None:
        """Start queued reads whose needed streams are read (none queued before them, none active), up
        to the first feed, which runs once no read is active. At most as many reads run as parts of a
        read are fetched at once, the largest first, so its pages are not queued behind every small
        read's request; under a request budget, one read at a time, in the plan's order. Steps that
        read nothing are reported on the way."""
        pending = {name for read in active for name in read.names}
        startable: list[PlannedStep] = []
        for step in list(queue):
            if step.mode == "feed":
                if not active and not startable and step is queue[0]:
                    queue.remove(step)
                    queue[0:0] = self._feed(step)  # its re-reads start on the next call
                    return
                break
            if step.mode not in ("full", "window"):
                queue.remove(step)
                self._done(StreamResult(",".join(step.streams), step.mode, note=step.reason))
            elif not pending.intersection(self.source.stream(step.streams[0]).after):
                startable.append(step)
            pending.update(step.streams)
        room = 1 if self.plan.budget is not None else self.workers
        if self.plan.budget is None:
            startable.sort(key=lambda step: -self._size(step))
        for step in startable[:max(0, room - len(active))]:
            queue.remove(step)
            read = self._open(step)
            if self._begin(read, ready):
                active.append(read)

    def _size(self, planned: PlannedStep) -> int:
        """The requests a read will make: the plan's estimate, or for a stream that needs others (its
        size unknown to the plan before they were read), its estimate now that they are."""
        stream = self.source.stream(planned.streams[0])
        if not stream.needs:
            return planned.estimate.requests
        if id(planned) not in self._sizes:
            self._sizes[id(planned)] = stream.fetch.estimate(self._step(planned)).requests
        return self._sizes[id(planned)]

    def _done(self, result: StreamResult) -> None:
        self.report.results.append(result)
        self.watcher.finished(result)
        if self.progress:
            self.progress(result)

    def _children(self, stream: Stream) -> list[Stream]:
        return [s for s in self.source.streams if s.parent == stream.name and s.child]

    def _state(self, stream: str) -> dict:
        return self.store.state(self.provider, self.ws, stream) or {}

    # -- full and window reads ------------------------------------------------------------------
    def _open(self, planned: PlannedStep) -> _Opened:
        """Begin a read: its states, and its fetch started (unless the workspace's plan lacks it)."""
        stream = self.source.stream(planned.streams[0])
        run = planned.run or new_run()
        started = planned.started or self.now()
        previous = self._state(stream.name)
        keep = {k: previous[k] for k in ("full_at", "read_at", "feed_since") if k in previous}
        running = {**keep, "status": "running", "mode": planned.mode, "run": run, "since": planned.since,
                   "started": started, "resume": planned.resume}
        done = {**keep, "status": "complete", "read_at": started}
        if planned.mode != "window":
            done.update(full_at=started, feed_since=started)
        kids, lacking = self._children(stream), self._lacking(stream)
        running["appends"] = [] if lacking else self._appends(planned, previous, [stream, *kids])
        with tallying() as tally:
            read = _Opened(planned, stream, StreamResult(stream.name, planned.mode, note=planned.reason), run,
                           kids, keep, running, done, tally, lacking)
            if read.lacking is None:
                read.fetched = ahead(parts_of(stream.fetch, self.source.client, self._step(planned)), self.workers,
                                     AHEAD)
        return read

    def _appends(self, planned: PlannedStep, previous: dict, streams: list[Stream]) -> list[str]:
        """The read's streams whose rows go in without a look-up of stored rows (the store holds none of
        the workspace's, so each commit would scan a growing key column only to find this read's own
        rows; the read's end resolves a key written twice instead). A resumed read keeps its own choice."""
        if planned.run is not None:  # resuming the read that state recorded
            return list(previous.get("appends") or [])
        if planned.mode != "full":
            return []
        known = self.store.known(self.provider, self.ws)
        return [s.name for s in streams if not known.holds(s.name)]

    def _step(self, planned: PlannedStep) -> Step:
        """What the read's fetch is asked to do, with the facts the store holds now."""
        return Step(planned.streams[0], self.ws, planned.mode, since=planned.since, resume=planned.resume,
                    known=self.store.known(self.provider, self.ws), workspace=self._workspace())

    def _workspace(self) -> dict | None:
        """The stored workspace record: read once, and again after a commit writes it."""
        if self._record is _UNREAD:
            self._record = self.store.workspace_record(self.provider, self.ws)
        return self._record  # type: ignore[return-value]

    def _begin(self, read: _Opened, ready: queues.Queue) -> bool:
        """Stage a begun read's batches on a thread (handed over on ``ready``); False when the
        workspace's plan lacks the stream, which is recorded unavailable at once."""
        read.begun = time.perf_counter()
        self.watcher.started(read.planned)
        if read.lacking:
            self._unavailable(read, read.lacking, read.lacking)
            self._finish(read.result, read.begun, read.tally)
            return False
        read.stager = OneAhead(self._staged(read), ready, read)
        return True

    def _staged(self, read: _Opened) -> Iterator[tuple[Commit, int]]:
        """A read's commits, typed by the store: its batches with the running state, then the rest of
        its rows with what the read did not see again and the stream complete."""
        stream, run = read.stream, read.run
        window = read.planned.mode == "window"
        # only a read that committed before its last batch (or before a crash) can have written a key twice
        earlier = read.planned.run is not None
        for batch, last in coalesced(read.fetched, self.rows):
            rows = {stream.name: batch.rows}
            for kid in read.kids:
                rows[kid.name] = [child for row in batch.rows for child in (row_dict(row).get(kid.parent_field) or [])]
            if batch.resume is not None:
                read.running["resume"] = batch.resume
            if last:
                sweeps = [Sweep(stream.name, run, stream.cursor, read.planned.since)] if window else \
                    [Sweep(name, run) for name in read.names if name not in read.appends]  # appended: all this run's
                commit = Commit(self.provider, self.ws, run, rows=rows, sweeps=sweeps,
                                states={name: read.done for name in read.names}, appends=read.appends,
                                dedupe=read.appends if earlier else frozenset())
            else:  # its own copy: the next batch moves the resume point before this one commits
                commit = Commit(self.provider, self.ws, run, rows=rows, appends=read.appends,
                                states={name: dict(read.running) for name in read.names})
            earlier = True
            yield self.stager.stage(commit), len(batch.rows)

    def _take(self, active: list[_Opened], read: _Opened, ok: bool, item) -> None:
        """Commit what a read's stager handed over (and have it stage the next), or end the read: its
        end, a refusal (recorded unavailable), or an error, which ends the run."""
        result = read.result
        if ok:
            commit, size = item
            read.stager.more()  # the next batch is typed while this one commits
            self._commit(commit, result)
            result.rows += size
            result.requests = read.tally.requests
            self.watcher.advanced(result)
            return
        active.remove(read)
        read.close()
        if isinstance(item, PermissionDenied):
            self._unavailable(read, item.message, f"unavailable: {item.message}")
        elif item is not None:
            raise item
        self._finish(result, read.begun, read.tally)

    def _unavailable(self, read: _Opened, reason: str, note: str) -> None:
        """Record the read's streams unavailable for ``reason`` (their other state kept)."""
        self.store.commit(Commit(self.provider, self.ws, read.run, states={
            name: {**read.keep, "status": "unavailable", "at": self.now(), "reason": reason} for name in read.names}))
        read.result.mode, read.result.note = "unavailable", note

    def _lacking(self, stream: Stream) -> str | None:
        """Why the workspace (as just read) cannot have this stream: its plan lacks the feature."""
        if not stream.feature or self.source.features_for is None:
            return None
        record = self._workspace()
        features = self.source.features_for(record) if record else None
        if features is not None and stream.feature not in features:
            return f"the workspace's plan lacks {stream.feature}"
        return None

    def _commit(self, commit: Commit, result: StreamResult) -> None:
        if WORKSPACES in commit.rows:
            self._record = _UNREAD
        for counts in self.store.commit(commit).values():
            result.counts += counts

    def _finish(self, result: StreamResult, begun: float, tally: Tally) -> None:
        result.requests = tally.requests
        result.seconds = time.perf_counter() - begun
        self._done(result)

    # -- the change feed ------------------------------------------------------------------------
    def _feed(self, planned: PlannedStep) -> list[PlannedStep]:
        """Apply the feed; answers the steps it adds (re-reads of streams it has no rows for)."""
        streams = [self.source.stream(n) for n in planned.streams]
        served = streams + [k for s in streams for k in self._children(s)]
        result = StreamResult(",".join(planned.streams), "feed", note=planned.reason)
        begun = time.perf_counter()
        self.watcher.started(planned)
        until = self.now()
        try:
            with tallying() as tally:
                changes = self.source.feed.read(self.source.client, served, planned.since, until)
        except AuthenticationError:
            raise
        except PermissionDenied as refused:
            self.store.commit(Commit(self.provider, self.ws, "feed", states={
                "_feed": {"status": "unavailable", "at": self.now(), "reason": refused.message}}))
            result.note = f"change feed unavailable ({refused.message}); reading windows instead"
            self._finish(result, begun, tally)
            from punchclock.sync.plan import make_plan

            again = make_plan(self.source, self.store, planned.streams, self.plan.options)
            return again.steps
        reread = []
        for name, rows in changes.rows.items():
            if rows is None:
                stream = self.source.stream(name)
                reread.append(stream.parent if stream.child else name)
        rows = {n: r for n, r in changes.rows.items() if r}
        deleted = {n: ids for n, ids in changes.deleted.items()
                   if not self.source.stream(n).child or self.source.stream(n).parent not in reread}
        states = {}
        for stream in served:
            states[stream.name] = {**self._state(stream.name), "feed_since": until}
        self._commit(Commit(self.provider, self.ws, f"feed-{new_run()}", rows=rows, deleted=deleted, states=states),
                     result)
        result.rows = sum(len(r) for r in rows.values())
        self._finish(result, begun, tally)
        order = [s.name for s in self.source.streams]
        return [PlannedStep([name], "full", "the change feed says it changed")
                for name in sorted(set(reread), key=order.index)]


def run(plan: Plan, store, progress: Callable[[StreamResult], None] | None = None,
        watcher: Watcher | None = None) -> Report:
    """Carry out ``plan`` against ``store``; ``progress`` hears each step's result, ``watcher`` every batch."""
    return Runner(plan, store, progress, watcher).run()
