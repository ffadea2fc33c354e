"""The planner: which reads a sync makes, and what they cost, decided before any request.

Per stream, from its stored state: a **full** read (first sync, ``--full``, an unfinished read to
resume, or the periodic reconcile), the **feed** (the change feed since the stream's cursor, one
pass for every stream it serves), a **window** (a look-back on the stream's cursor column where no
feed serves), a **refresh** (a full re-read of a small stream no feed covers, once it is older than
``refresh``), or nothing (fresh, or unavailable on the workspace's plan).
"""

from __future__ import annotations

import math
import time
import uuid
from dataclasses import dataclass, field

from punchclock.errors import InvalidInput
from punchclock.http.errors import format_wait
from punchclock.sync.streams import Estimate, Step, Stream, StreamSet


@dataclass
class Options:
    """How a sync behaves: everything in seconds, ``budget`` in requests per hour."""

    full: bool = False
    lookback: float = 14 * 86400
    refresh: float = 6 * 3600
    reconcile: float = 7 * 86400
    overlap: float = 300
    budget: int | None = None
    concurrency: int | None = None  # parts of a stream fetched at once (None: from the limiter's rate)
    commit_rows: int | None = None  # rows a commit holds a multiple of (None: what the store writes best)


@dataclass
class PlannedStep:
    """One read of the plan: a stream (several for the feed), how, why, and its cost."""

    streams: list[str]
    mode: str  # full | window | feed | skip | unavailable
    reason: str
    estimate: Estimate = field(default_factory=lambda: Estimate(0))
    since: float | None = None
    run: str | None = None
    resume: dict | None = None
    started: float | None = None


@dataclass
class Plan:
    """Every step, the requests they make and how long the budget (or rate) needs for them."""

    source: StreamSet
    steps: list[PlannedStep]
    options: Options
    budget: object = None
    rate: float | None = None

    @property
    def requests(self) -> int:
        """Requests the plan makes (a minimum when not ``exact``)."""
        return sum(s.estimate.requests for s in self.steps)

    @property
    def exact(self) -> bool:
        """Whether every step's cost is known exactly."""
        return all(s.estimate.exact for s in self.steps)

    def seconds(self) -> float:
        """How long sending the plan's requests takes within the budget (or at the limiter's rate)."""
        if self.budget is not None:
            return self.budget.seconds_to_send(self.requests)
        return self.requests / self.rate if self.rate else 0.0

    def over_budget(self) -> bool:
        """Whether the plan needs more requests than the budget allows in the next hour."""
        return self.budget is not None and self.requests > self.budget.remaining()

    def describe(self) -> list[str]:
        """The plan in lines: each step and its requests, then the total and the time it needs."""
        lines = []
        for step in self.steps:
            head = f"{','.join(step.streams):<24} {step.mode:<11} {step.estimate.requests:>5} req  {step.reason}"
            lines.append(head.rstrip())
            lines.extend(f"    {line}" for line in step.estimate.lines)
        total = f"{'' if self.exact else 'at least '}{self.requests} requests"
        if self.budget is not None:
            pace = f"within the budget of {self.budget.describe()} ({self.budget.remaining()} left now)"
        else:
            pace = f"at {self.rate:g} requests/s" if self.rate else "unpaced"
        lines.append(f"plan: {total}, {pace}: about {format_wait(self.seconds())}")
        return lines


def select(source: StreamSet, names: list[str] | None) -> list[Stream]:
    """The streams to sync, in declaration order: all, or those named plus the parents they need
    and the children that come with them; an unknown name is bad input."""
    if not names:
        return list(source.streams)
    wanted = set()
    for name in names:
        for part in name.split(","):
            part = part.strip()
            if part and part not in source.names:
                raise InvalidInput("--streams", f"unknown stream {part!r}; {source.provider} has "
                                   f"{', '.join(source.names)}")
            if part:
                wanted.add(part)
    for stream in source.streams:
        if stream.name in wanted and stream.parent:
            wanted.add(stream.parent)
    for stream in source.streams:
        if stream.parent in wanted and stream.child:
            wanted.add(stream.name)
    return [s for s in source.streams if s.name in wanted]


def make_plan(source: StreamSet, store, names: list[str] | None = None, options: Options | None = None) -> Plan:
    """Decide every step from the store's state; no request is made."""
    options = options or Options()
    now = (source.now or time.time)()
    chosen = select(source, names)
    store.prepare(source.provider, source.streams)
    known = store.known(source.provider, source.workspace_id)
    record = store.workspace_record(source.provider, source.workspace_id) or {}
    features = source.features_for(record) if (record and source.features_for) else None
    feed_state = store.state(source.provider, source.workspace_id, "_feed") or {}
    feed_ok = source.feed is not None and not (
        feed_state.get("status") == "unavailable" and now - feed_state.get("at", 0) < options.reconcile)
    steps: list[PlannedStep] = []
    feed_streams: list[Stream] = []
    for stream in chosen:
        if stream.child:
            continue
        step = _step(stream, store.state(source.provider, source.workspace_id, stream.name) or {}, now, options,
                     features, feed_ok and not options.full)
        if step.mode == "feed":
            feed_streams.append(stream)
            continue
        if step.mode == "window" and step.run is None:
            running = known.oldest_running(stream.name)  # a timer still open is re-read too
            step.since = min(step.since, running) if running is not None else step.since
        if step.mode in ("full", "window"):
            step.estimate = stream.fetch.estimate(Step(stream.name, source.workspace_id, step.mode, since=step.since,
                                                       resume=step.resume, known=known, workspace=record or None))
        steps.append(step)
    if feed_streams:
        states = [store.state(source.provider, source.workspace_id, s.name) or {} for s in feed_streams]
        since = min(st["feed_since"] for st in states) - options.overlap
        feed = source.feed.estimate(feed_streams + [c for c in chosen if c.parent in {s.name for s in feed_streams}])
        steps.insert(0, PlannedStep([s.name for s in feed_streams], "feed",
                                    f"changes since {_when(since)} (a changed stream without rows is re-read)",
                                    feed, since=since))
    limiter = source.limiter
    budget = getattr(limiter, "budget", None)
    if budget is None:
        per_hour = options.budget or (source.budget_for(record) if (record and source.budget_for) else None)
        if per_hour:
            from punchclock.http.limiter import RequestBudget

            budget = RequestBudget(per_hour, clock=getattr(limiter, "clock", time.monotonic))
            if limiter is not None:
                limiter.budget = budget  # the key's limiter keeps counting across syncs in this process
    return Plan(source, steps, options, budget, getattr(limiter, "rate", None))


def _step(stream: Stream, state: dict, now: float, options: Options, features: set | None,
          feed_ok: bool) -> PlannedStep:
    name = [stream.name]
    if stream.feature and features is not None and stream.feature not in features:
        return PlannedStep(name, "unavailable", f"the workspace's plan lacks {stream.feature}")
    if state.get("status") == "unavailable" and not options.full and now - state.get("at", 0) < options.reconcile:
        return PlannedStep(name, "unavailable", state.get("reason") or "refused for this plan")
    if state.get("status") == "running" and not options.full:
        return PlannedStep(name, state["mode"], f"resuming an unfinished {state['mode']} read", since=state.get("since"),
                           run=state["run"], resume=state.get("resume"), started=state.get("started"))
    full_at = state.get("full_at")
    if options.full or not full_at or now - full_at >= options.reconcile:
        why = "--full" if options.full else ("first read" if not full_at else
                                             f"reconcile (last full read {_ago(now - full_at)})")
        return PlannedStep(name, "full", why)
    if feed_ok and stream.feed and state.get("feed_since") is not None:
        return PlannedStep(name, "feed", "")
    if stream.cursor:
        return PlannedStep(name, "window", f"look-back of {format_wait(options.lookback)}",
                           since=now - options.lookback)
    read_at = state.get("read_at") or full_at
    if now - read_at >= options.refresh:
        return PlannedStep(name, "full", f"refresh (read {_ago(now - read_at)})")
    return PlannedStep(name, "skip", f"fresh (read {_ago(now - read_at)})")


def new_run() -> str:
    """A fresh run id."""
    return uuid.uuid4().hex[:12]


def _ago(seconds: float) -> str:
    return f"{format_wait(max(0.0, seconds))} ago"


def _when(epoch: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(math.floor(epoch)))
