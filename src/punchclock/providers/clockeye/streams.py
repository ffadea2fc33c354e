"""ClockEye's sync streams: users, projects and every user's time entries, declared as data.

ClockEye has no change feed, so entries are read whole the first time and through a look-back
window on ``start_time`` afterwards; users and projects are small and read whole. Listing
everyone's entries (``user_id=all``) needs an owner's or admin's key; a member's key is refused
and the stream is recorded unavailable. The dashboard's ClockEye webhook receiver writes into the
same tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Callable, Iterator

from punchclock.sync.streams import Batch, Column, Estimate, Neutral, Step, Stream, StreamSet

PAGE = 200  # ClockEye's largest page


def C(name: str, type: str = "VARCHAR", path: str | None = None) -> Column:  # noqa: N802 (a table of columns)
    """A typed column read from the raw JSON."""
    return Column(name, type, path)


@dataclass(frozen=True)
class Pages:
    """A listing read page by page (``open`` gives the client's pager for a step)."""

    open: Callable[[Any, Step], Any]
    label: str

    def estimate(self, step: Step) -> Estimate:
        """At least one request; one more per 200 rows."""
        return Estimate(1, False, (f"GET {self.label} (per_page {PAGE}), one request per {PAGE} rows",))

    def batches(self, client, step: Step) -> Iterator[Batch]:
        """One batch per page, as ClockEye's own JSON."""
        for page in self.open(client, step).pages():
            yield Batch([row.to_wire() for row in page])


def _entries(client, step: Step):
    since = datetime.fromtimestamp(step.since, UTC) if step.mode == "window" and step.since is not None else None
    return client.time_entries.list("all", start=since, per_page=PAGE)


STREAMS: tuple[Stream, ...] = (
    Stream("users", (C("id"), C("name"), C("email"), C("status"), C("role"), C("timezone")),
           Pages(lambda client, step: client.users.list(per_page=PAGE), "/users"),
           neutral=Neutral("users", {"id": "id", "name": "name", "email": "email", "status": "status"})),
    Stream("projects", (C("id"), C("name"), C("client_name"), C("color"), C("billable", "BOOLEAN"),
                        C("archived", "BOOLEAN"), C("hourly_rate", "DOUBLE")),
           Pages(lambda client, step: client.projects.list(per_page=PAGE), "/projects"),
           neutral=Neutral("projects", {"id": "id", "name": "name", "client_name": "client_name",
                                        "billable": "billable", "archived": "archived", "color": "color",
                                        "hourly_rate": "round(hourly_rate * 100)"})),
    Stream("time_entries", (C("id"), C("user_id"), C("project_id"), C("task_id"), C("description"),
                            C("start", "TIMESTAMPTZ", "start_time"), C("end", "TIMESTAMPTZ", "end_time"),
                            C("duration", "BIGINT"), C("billable", "BOOLEAN"), C("tags", "VARCHAR[]"),
                            C("updated_at", "TIMESTAMPTZ")),
           Pages(_entries, "/time-entries?user_id=all"), cursor="start", end="end",
           neutral=Neutral("entries", {"id": "id", "user_id": "user_id", "project_id": "project_id",
                                       "task_id": "task_id", "description": "description", "start": "start",
                                       "end": "end", "billable": "billable", "tag_ids": "tags"}),
           what="everyone's time entries, running timers included"),
)


def stream_set(provider, now: Callable[[], float] | None = None) -> StreamSet:
    """ClockEye's streams for the provider's client (one implicit workspace)."""
    client = provider.client
    return StreamSet("clockeye", provider.workspace_id, client, STREAMS, limiter=client.limiter, now=now)
