"""What a provider declares so ``punch sync`` can copy its data: streams as data (dlt-style).

A provider's ``streams()`` answers a :class:`StreamSet`: its :class:`Stream` declarations (name,
primary key, parent, cursor, typed columns, neutral view, and a :class:`Fetch` saying how to read
it and what that costs), plus its change feed and the limiter its requests pace through. The sync
engine (:mod:`punchclock.sync.runner`) and the stores know only these types, never a provider's
package; a provider package imports them to declare its streams.
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Protocol

import orjson

#: Column types every store understands (DuckDB names; the Iceberg store maps them).
TYPES = ("VARCHAR", "BOOLEAN", "BIGINT", "DOUBLE", "TIMESTAMPTZ", "DATE", "JSON", "VARCHAR[]")


@dataclass(frozen=True)
class Column:
    """A typed column read from the raw JSON at ``path`` (dotted: ``timeInterval.start``)."""

    name: str
    type: str = "VARCHAR"
    path: str | None = None

    @property
    def source(self) -> str:
        """The dotted JSON path the value comes from (the column's name when none is given)."""
        return self.path or self.name


@dataclass(frozen=True)
class Neutral:
    """How a stream fills a provider-neutral view: view column -> this stream's column (or SQL over
    its columns, e.g. ``"'USD'"``). View columns left out read NULL."""

    view: str
    columns: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Estimate:
    """What a step will cost: ``requests`` (a minimum when not ``exact``) and the requests in words."""

    requests: int
    exact: bool = True
    lines: tuple[str, ...] = ()


#: A row as read: its decoded JSON object, or (the sync's hot path) its JSON text exactly as sent,
#: which the stores type without Python ever building the row's dict.
Row = dict | str


@functools.cache
def _array_decoder():
    """A decoder of a JSON array into its elements' raw texts (msgspec, imported when a sync reads)."""
    import msgspec

    return msgspec.json.Decoder(list[msgspec.Raw])


def json_rows(content: bytes) -> Any:
    """A JSON body read for the sync: an array as its rows' JSON texts, exactly as sent (split and
    checked in C, no dicts built: a quarter of the time decoding them takes); any other body (an envelope, one object,
    JSON only the standard library reads) decoded."""
    import msgspec

    from punchclock.http.call import loads

    try:
        return list(map(str, _array_decoder().decode(content), itertools.repeat("utf-8")))
    except msgspec.DecodeError:
        return loads(content)


def row_dict(row: Row) -> dict:
    """A row as its decoded JSON object (a text is decoded)."""
    if not isinstance(row, str):
        return row
    from punchclock.http.call import loads

    return loads(row)


def row_text(row: Row) -> str:
    """A row as its JSON text (a dict is encoded compactly)."""
    return row if isinstance(row, str) else orjson.dumps(row).decode()


def row_texts(rows: list[Row]) -> list[str]:
    """Rows as JSON texts (the list itself when every row is one already)."""
    if all(map(isinstance, rows, itertools.repeat(str))):  # no Python frame per row
        return rows  # type: ignore[return-value]
    return [row_text(row) for row in rows]


def json_array(rows: list[Row]) -> str:
    """Rows as one JSON array text (texts joined as they are, dicts encoded)."""
    return "[" + ",".join(row_texts(rows)) + "]"


@dataclass
class Batch:
    """Rows read together, committed in one transaction with ``resume``: where a rerun picks up after
    this batch (None: the step has no resume point; a rerun restarts it, which upserts harmlessly)."""

    rows: list[Row]
    resume: dict | None = None


@dataclass
class Step:
    """What one fetch is asked to do: a full read, or a look-back window (``since``)."""

    stream: str
    workspace_id: str
    mode: str  # "full" | "window"
    since: float | None = None
    until: float | None = None
    resume: dict | None = None
    known: "Known | None" = None
    workspace: dict | None = None  # the stored record of the workspace (its plan), when synced


class Known(Protocol):
    """Facts the store already holds, so fetches and plans need no requests to learn them."""

    def ids(self, stream: str) -> list[str]:
        """Ids of a stream's rows in this workspace, sorted."""

    def counts(self, stream: str, column: str) -> dict[str, int] | None:
        """Rows per value of ``column`` (None when the stream was never synced)."""

    def oldest_running(self, stream: str) -> float | None:
        """Start (epoch seconds) of the oldest stored row whose ``end`` is NULL."""

    def holds(self, stream: str) -> bool:
        """Whether the store holds any row of the stream in this workspace."""


class Fetch(Protocol):
    """How to read a stream: what it costs, then its batches. A fetch may also offer
    ``parts(client, step)``: the same batches split into independent parts (one member's entries...),
    each a callable answering its batches, which the runner fetches several at once and commits in
    order (see :func:`parts_of`)."""

    def estimate(self, step: Step) -> Estimate:
        """The requests ``batches`` will make for ``step`` (no request is made to know it)."""

    def batches(self, client: Any, step: Step) -> Iterator[Batch]:
        """The stream's rows, a batch (usually a page) at a time."""


Part = Callable[[], Iterator[Batch]]


def parts_of(fetch: Fetch, client: Any, step: Step) -> Iterator[Part]:
    """The independent parts of a read, in commit order: the fetch's own ``parts`` when it has them,
    else its whole ``batches`` as one part."""
    split = getattr(fetch, "parts", None)
    if split is not None:
        return iter(split(client, step))
    return iter([lambda: fetch.batches(client, step)])


#: The stream whose rows are the workspaces' own records (:meth:`punchclock.store.base.Store.workspace_record`).
WORKSPACES = "workspaces"


@dataclass(frozen=True)
class Stream:
    """One table: a name, its primary key, typed columns, and how its rows are fetched.

    ``parent`` + ``parent_field``: rows come inside the parent's rows (tasks in hydrated projects),
    so the stream costs no request of its own. ``cursor``: the column a look-back window filters on
    (a stream with one is read incrementally when no change feed serves it); ``end``: the column
    that is NULL while a row is still open (a running timer). ``feed``: the change
    feed's document type. ``feature``: the paid feature it needs (skipped where the workspace lacks
    it). ``scope``: ``workspace`` streams are per workspace, ``account`` ones (the user, the list of
    workspaces) are the key's own. ``needs``: streams whose stored rows the fetch reads (time entries
    are listed per stored member), so a sync reads them first; a stream with a ``feature`` needs
    :data:`WORKSPACES` too, whose stored record says what the workspace's plan has.
    """

    name: str
    columns: tuple[Column, ...]
    fetch: Fetch | None = None
    key: str = "id"
    parent: str | None = None
    parent_field: str | None = None
    cursor: str | None = None
    end: str | None = None
    feed: str | None = None
    feature: str | None = None
    scope: str = "workspace"
    neutral: Neutral | None = None
    what: str = ""
    needs: tuple[str, ...] = ()

    @property
    def after(self) -> tuple[str, ...]:
        """Streams that must be read before this one starts (its ``needs``, and for a paid feature
        the stream holding the workspace's record)."""
        return self.needs + ((WORKSPACES,) if self.feature else ())

    @property
    def child(self) -> bool:
        """Whether the rows come inside the parent's rows."""
        return self.parent is not None and self.parent_field is not None


@dataclass
class FeedChanges:
    """What a change feed said since the cursor, per stream: rows to upsert (None: the stream changed
    but the feed carries no rows for it, so it is re-read) and ids deleted."""

    rows: dict[str, list[Row] | None] = field(default_factory=dict)
    deleted: dict[str, list[str]] = field(default_factory=dict)


class ChangeFeed(Protocol):
    """A provider's entity change feed (created, updated and deleted since a moment)."""

    def estimate(self, streams: list[Stream]) -> Estimate:
        """Requests one pass over the feed costs (at least)."""

    def read(self, client: Any, streams: list[Stream], since: float, until: float) -> FeedChanges:
        """Everything the feed says changed in ``[since, until]`` for these streams."""


@dataclass
class StreamSet:
    """A provider's answer to ``streams()``: its streams and the means to read them.

    ``limiter`` paces every request (its ``sent``/``limited`` counters and optional ``budget``);
    ``budget_for`` reads a request budget per hour from the workspace's stored record (a free
    workspace's 30) and ``features_for`` the paid features it has; ``now`` is the provider's clock.
    """

    provider: str
    workspace_id: str
    client: Any
    streams: tuple[Stream, ...]
    limiter: Any = None
    feed: ChangeFeed | None = None
    budget_for: Callable[[dict], int | None] | None = None
    features_for: Callable[[dict], set[str] | None] | None = None
    now: Callable[[], float] | None = None

    def stream(self, name: str) -> Stream:
        """The stream of that name (KeyError when there is none)."""
        for stream in self.streams:
            if stream.name == name:
                return stream
        raise KeyError(name)

    @property
    def names(self) -> list[str]:
        """Every stream's name, in declaration (dependency) order."""
        return [s.name for s in self.streams]


@dataclass(frozen=True)
class Cheapest:
    """A stream with several ways to be read: each step takes the one whose estimate needs the fewest
    requests for this workspace (ties go to the first). A rerun resumes with the way its resume point
    names, so a killed read never switches ways halfway."""

    ways: tuple[tuple[str, Fetch], ...]

    def choose(self, step: Step) -> tuple[str, Fetch, Estimate]:
        """The way this step takes, and its estimate."""
        via = (step.resume or {}).get("via")
        if via is not None:
            for name, fetch in self.ways:
                if name == via:
                    return name, fetch, fetch.estimate(step)
        costs = [(fetch.estimate(step), i) for i, (_, fetch) in enumerate(self.ways)]
        estimate, best = min(costs, key=lambda c: (c[0].requests, c[1]))
        return self.ways[best][0], self.ways[best][1], estimate

    def estimate(self, step: Step) -> Estimate:
        """The chosen way's estimate, with what the other ways would cost."""
        name, _, estimate = self.choose(step)
        others = ", ".join(f"{n} {f.estimate(step).requests}" for n, f in self.ways if n != name)
        return Estimate(estimate.requests, estimate.exact,
                        estimate.lines + (f"(cheapest: {name}; {others} requests the other way)",))

    def batches(self, client: Any, step: Step) -> Iterator[Batch]:
        """The chosen way's batches; each resume point names the way."""
        name, fetch, _ = self.choose(step)
        return self._named(name, fetch.batches(client, step), step)

    def parts(self, client: Any, step: Step) -> Iterator[Part]:
        """The chosen way's parts (see :func:`parts_of`); each resume point names the way."""
        name, fetch, _ = self.choose(step)
        for part in parts_of(fetch, client, step):
            yield lambda part=part: self._named(name, part(), step)

    @staticmethod
    def _named(name: str, batches: Iterator[Batch], step: Step) -> Iterator[Batch]:
        for batch in batches:
            yield Batch(batch.rows, {**(batch.resume or {}), "via": name} if batch.resume is not None else
                        {"via": name, **(step.resume or {})})
