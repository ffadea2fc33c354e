"""ClockEye's sync streams, declared as data: users, projects and everyone's time entries.

ClockEye pages by ``meta`` (``page * per_page >= total`` is the last page), at most 200 rows a
page; rows are kept exactly as ClockEye sent them. Users and projects are small listings read
whole. Time entries (newest first, running timers included) are walked as a keyset, not by page
number: each request asks for entries that start before the oldest one seen (``to``, exclusive,
one second later so entries sharing that second come again and are upserted harmlessly), so
entries added or deleted meanwhile never shift a page and hide a row, and a killed read resumes
from its last committed keyset. Listing everyone's entries (``user_id=all``) needs an owner's or
admin's key; a member's key reads its own. ClockEye has no change feed: incremental runs read a
look-back window on ``start`` plus a periodic full reconcile, and rows a read did not see again
are deleted. The dashboard's ClockEye webhook receiver writes into the same tables.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any, Callable, Iterator

from punchclock.errors import PermissionDenied
from punchclock.sync.streams import Batch, Column, Estimate, Neutral, Step, Stream, StreamSet
from punchclock.timeutil import format_instant, parse_instant

PAGE = 200  # ClockEye's largest page


def _get(client, call, **params) -> dict:
    """One request for the raw ``{data, meta}`` body of a listing's page."""
    query = {k: v for k, v in {**(call.params or {}), **params}.items() if v is not None}
    return client._execute(replace(call, paged=False, parse=None, params=query)) or {}


def _last(body: dict) -> bool:
    """Whether the page's ``meta`` says no rows follow it (a short page also ends, without meta)."""
    meta, rows = body.get("meta") or {}, body.get("data") or []
    try:
        return int(meta["page"]) * int(meta["per_page"]) >= int(meta["total"])
    except (KeyError, TypeError, ValueError):
        return len(rows) < PAGE


def _known_rows(step: Step) -> tuple[int, bool]:
    """Rows stored for the stream last time, and whether that is known."""
    counts = step.known.counts(step.stream, "workspace_id") if step.known else None
    return (counts or {}).get(step.workspace_id, 0), counts is not None


def _epoch(instant: str) -> int:
    return int(parse_instant(instant).timestamp())


@dataclass(frozen=True)
class Listing:
    """A small listing read whole, 200 a page, until ``meta`` says the last page."""

    resource: str
    label: str

    def estimate(self, step: Step) -> Estimate:
        """One request per 200 rows stored last time (one when unknown)."""
        rows, known = _known_rows(step)
        pages = max(1, math.ceil(rows / PAGE))
        return Estimate(pages, known or pages == 1, (f"GET {self.label} (per_page {PAGE}) x{pages}",))

    def batches(self, client, step: Step) -> Iterator[Batch]:
        """Each page as a batch."""
        resource = getattr(client, self.resource)
        call = type(resource).list.__wrapped__(resource, per_page=PAGE)
        page = 1
        while True:
            body = _get(client, call, page=page, per_page=PAGE)
            yield Batch(list(body.get("data") or []))
            if _last(body):
                return
            page += 1


@dataclass(frozen=True)
class Entries:
    """Everyone's time entries (``user_id=all``), newest first, walked by a ``to`` keyset; each batch
    carries the keyset a rerun resumes from."""

    label: str = "/time-entries?user_id=all"

    def estimate(self, step: Step) -> Estimate:
        """About one request per 199 entries stored (a page repeats its last second); a window, at least one."""
        rows, _ = _known_rows(step)
        if step.mode == "window":
            return Estimate(1, False, (f"GET {self.label}&from=<since> (per_page {PAGE}) x1 or more",))
        pages = max(1, math.ceil(rows / (PAGE - 1)))
        return Estimate(pages, False, (f"GET {self.label} (per_page {PAGE}, keyset on start) x{pages}",))

    def batches(self, client, step: Step) -> Iterator[Batch]:
        """Pages from the newest entry back (to ``since`` in a window)."""
        resume = step.resume or {}
        since = format_instant(math.floor(step.since)) if step.mode == "window" and step.since is not None else None
        to, page, who = resume.get("to"), resume.get("page", 1), resume.get("user_id", "all")
        resource = client.time_entries
        call = type(resource).list.__wrapped__(resource, per_page=PAGE)
        while True:
            try:
                body = _get(client, call, user_id=None if who == "me" else who, page=page, per_page=PAGE,
                            to=to, **{"from": since})
            except PermissionDenied:
                if who != "all":
                    raise
                who, to, page = "me", None, 1  # a member's key: only its own entries
                continue
            rows = list(body.get("data") or [])
            if _last(body) or not rows:
                yield Batch(rows, {"to": to, "page": page, "user_id": who})
                return
            oldest = min(r["start_time"] for r in rows)
            if all(r["start_time"] == oldest for r in rows):
                page += 1  # a whole page in one second: walk that second by page number
            else:
                to, page = format_instant(_epoch(oldest) + 1), 1
            yield Batch(rows, {"to": to, "page": page, "user_id": who})


def C(name: str, type: str = "VARCHAR", path: str | None = None) -> Column:  # noqa: N802 (a table of columns)
    """A typed column read from the raw JSON."""
    return Column(name, type, path)


STREAMS: tuple[Stream, ...] = (
    Stream("users", (C("id"), C("name"), C("email"), C("status"), C("role"), C("timezone")),
           Listing("users", "/users"),
           neutral=Neutral("users", {"id": "id", "name": "name", "email": "email", "status": "status"}),
           what="members of the organisation"),
    Stream("projects", (C("id"), C("name"), C("client_name"), C("color"), C("billable", "BOOLEAN"),
                        C("archived", "BOOLEAN"), C("hourly_rate", "DOUBLE"), C("created_at", "TIMESTAMPTZ")),
           Listing("projects", "/projects"),
           neutral=Neutral("projects", {"id": "id", "name": "name", "client_name": "client_name",
                                        "billable": "billable", "archived": "archived", "color": "color",
                                        "hourly_rate": "round(hourly_rate * 100)"}),
           what="projects, archived ones included"),
    Stream("time_entries", (C("id"), C("user_id"), C("project_id"), C("task_id"), C("description"),
                            C("start", "TIMESTAMPTZ", "start_time"), C("end", "TIMESTAMPTZ", "end_time"),
                            C("duration", "BIGINT"), C("billable", "BOOLEAN"), C("tags", "VARCHAR[]"),
                            C("updated_at", "TIMESTAMPTZ"), C("created_at", "TIMESTAMPTZ")),
           Entries(), cursor="start", end="end",
           neutral=Neutral("entries", {"id": "id", "user_id": "user_id", "project_id": "project_id",
                                       "task_id": "task_id", "description": "description", "start": "start",
                                       "end": "end", "billable": "billable", "tag_ids": "tags"}),
           what="everyone's time entries, running timers included (tags are names)"),
)


def stream_set(provider, now: Callable[[], float] | None = None) -> StreamSet:
    """ClockEye's streams for the provider's client (one implicit workspace, no change feed)."""
    client = provider.client
    clock: Any = now or getattr(client.limiter, "clock", None)
    return StreamSet("clockeye", provider.workspace_id, client, STREAMS, limiter=client.limiter, now=clock)
