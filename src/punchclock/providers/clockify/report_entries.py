"""Time entries through Clockify's detailed report: every member's entries in one stream, 1,000 a
page, walked as a keyset on the start (so entries added or deleted meanwhile never shift a page),
plus the running timers the report leaves out (the workspace's in-progress list, then each running
member's own listing of them, which carries their rates). Cheaper than one listing per member
on a workspace of many members with few entries each; rows are turned into the listing's shape.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Iterator

from punchclock.http.call import Call
from punchclock.providers.clockify.resources.reports import report_body
from punchclock.sync.streams import Batch, Estimate, Step
from punchclock.timeutil import format_duration, parse_instant

REPORT_PAGE = 1000   # the detailed report's largest page
RUNNING_PAGE = 1000  # the in-progress listing's largest page
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
NEVER = 10**9  # the cost of a way that cannot be taken


def listing_shape(row: dict, workspace_id: str) -> dict:
    """A detailed-report row as the time-entry listing sends the entry."""
    start, end = row["timeInterval"]["start"], row["timeInterval"]["end"]
    seconds = row["timeInterval"].get("duration")
    tags = [t["id"] for t in row.get("tags") or []]
    currency = row.get("currency") or "USD"
    return {"id": row["_id"], "description": row.get("description", ""), "tagIds": tags or None,
            "userId": row.get("userId"), "billable": row.get("billable"), "taskId": row.get("taskId") or None,
            "projectId": row.get("projectId") or None, "workspaceId": workspace_id,
            "timeInterval": {"start": _utc(start), "end": _utc(end),
                             "duration": format_duration(seconds) if seconds is not None else None},
            "customFieldValues": list(row.get("customFields") or []), "type": row.get("type"), "kioskId": None,
            "approvalRequestId": row.get("approvalRequestId"), "isLocked": row.get("locked"),
            "hourlyRate": {"amount": int(row.get("earnedRate") or 0), "currency": currency},
            "costRate": {"amount": int(row.get("costRate") or 0), "currency": currency}}


def _utc(instant: str | None) -> str | None:
    if instant is None:
        return None
    return parse_instant(instant).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class ReportEntries:
    """Every member's entries from the detailed report (plus running timers), keyset on start."""

    label: str = "POST /reports/detailed"

    def estimate(self, step: Step) -> Estimate:
        """One request per 1,000 entries stored (a page repeats the entries of its last second), one
        for the running timers and one per member running one (at least)."""
        if str((step.workspace or {}).get("featureSubscriptionType") or "").upper() == "FREE":
            return Estimate(NEVER, False, ("the free plan's reports cover 31 days at most",))
        counts = step.known.counts(step.stream, "workspace_id") if step.known else None
        if counts is None:  # never read: a guess could cost many times the listings; they go first
            return Estimate(NEVER, False, ("entries not counted yet (the first read lists them per member)",))
        rows = counts.get(step.workspace_id, 0)
        pages = max(1, math.ceil(rows / (REPORT_PAGE - 1))) if step.mode == "full" else 1
        return Estimate(pages + 1, False, (f"{self.label} (pageSize {REPORT_PAGE}, keyset on start) x{pages}",
                                           "GET /workspaces/{ws}/time-entries/status/in-progress x1"))

    def batches(self, client, step: Step) -> Iterator[Batch]:
        """Report pages oldest first; then the running timers. Each batch carries where a rerun resumes."""
        resume = step.resume or {}
        if not resume.get("running"):
            since = step.since if step.mode == "window" and step.since is not None else EPOCH.timestamp()
            start = resume.get("from", since)
            page = resume.get("page", 1)
            until = datetime.now(UTC) + timedelta(days=366)
            while True:
                call = client.reports._call("detailed", report_body(
                    datetime.fromtimestamp(start, UTC), until, sortOrder="ASCENDING",
                    detailedFilter={"page": page, "pageSize": REPORT_PAGE, "sortColumn": "DATE"}))
                body = client._execute(replace(call, parse=None)) or {}
                rows = [listing_shape(r, step.workspace_id) for r in body.get("timeentries") or []]
                if len(rows) < REPORT_PAGE:
                    yield Batch(rows, {"running": True})
                    break
                last = parse_instant(rows[-1]["timeInterval"]["start"]).timestamp()
                if last == start:
                    page += 1  # a whole page in one second: walk that second by page number
                else:
                    start, page = last, 1
                yield Batch(rows, {"from": start, "page": page})
        call = Call("GET", f"/workspaces/{step.workspace_id}/time-entries/status/in-progress", paged=False)
        running = client._execute(replace(call, params={"page": 1, "page-size": RUNNING_PAGE})) or []
        rows = []
        for user in sorted({r["userId"] for r in running}):  # the in-progress list has no rates: ask the owner's
            mine = type(client.time_entries).list.__wrapped__(client.time_entries, user_id=user, in_progress=True)
            rows += client._execute(replace(mine, paged=False, parse=None, params={**mine.params, "page": 1}))
        yield Batch(rows, {"running": True})
