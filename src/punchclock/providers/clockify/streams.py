"""Clockify's sync streams, declared as data: what each table holds and how it is read cheapest.

Every listing asks for 5,000 rows a page (Clockify's maximum) and stops on a short page; projects
come hydrated, so tasks cost no request of their own; time entries are read one member at a time
(a member's listing is the only one that includes running timers). The entity change feed (one
request per kind, every document type at once) carries edits and deletions since the last sync.
Rows are kept exactly as Clockify sent them (``_raw``), except webhook tokens, which are secrets: a
listing's rows travel as their JSON texts (:func:`punchclock.sync.streams.json_rows`), never decoded
into dicts, except the webhooks (their tokens are dropped) and rows the feed reshapes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any, Callable, Iterator

from punchclock.http.call import Call, described
from punchclock.providers.clockify.report_entries import ReportEntries
from punchclock.sync.streams import (Batch, Cheapest, Column, Estimate, FeedChanges, Neutral, Step, Stream, StreamSet,
                                     json_rows)

PAGE = 5000          # Clockify's largest page
FEED_PAGE = 5000     # the change feed's largest ``limit``
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
FREE_PLAN_BUDGET = 30  # requests per hour of a new free workspace (Clockify help, 2026)


def C(name: str, type: str = "VARCHAR", path: str | None = None) -> Column:  # noqa: N802 (a table of columns reads better)
    """A column (shorthand for the tables below)."""
    return Column(name, type, path)


def _raw(resource, method: str, **kwargs) -> Call:
    """The call a resource method describes, to be run for raw JSON (no models, nothing dropped)."""
    return replace(described(resource, method, **kwargs), parse=None)


def _send(client, call: Call, texts: bool = False, **params) -> Any:
    """One request: the call (with extra query ``params``) run once, its JSON decoded (with ``texts``, an
    array's rows as their JSON texts)."""
    return client._execute(replace(call, paged=False, parse=None, params={**(call.params or {}), **params},
                                   decode=json_rows if texts else None))


def _unwrap(data: Any, envelope: tuple[str, ...]) -> list:
    """The rows of a bare array (dicts, or texts as :func:`json_rows` reads it) or of an envelope
    (``expenses.expenses``, ``webhooks``...)."""
    for key in envelope:
        if isinstance(data, dict):
            data = data.get(key)
    if isinstance(data, dict):  # an envelope this declaration did not name: its one list
        lists = [v for v in data.values() if isinstance(v, list)]
        data = lists[0] if len(lists) == 1 else []
    return list(data or [])


def _walk(client, call: Call, envelope: tuple[str, ...] = (), size: int = PAGE,
          texts: bool = False) -> Iterator[list]:
    """Pages of a listing, 1-indexed, until a short page (rows as JSON texts with ``texts``, where the
    body is a bare array)."""
    page = call.first_page
    while True:
        rows = _unwrap(_send(client, call, texts, page=page, **{call.page_param: size}), envelope)
        yield rows
        if len(rows) < size:
            return
        page += 1


def _stamp(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


@dataclass(frozen=True)
class Listing:
    """One listing (paged or not) read whole: ``make(client, step)`` returns its call."""

    make: Callable[[Any, Step], Call]
    label: str
    paged: bool = True
    envelope: tuple[str, ...] = ()
    drop: tuple[str, ...] = ()
    size: int = PAGE
    single: bool = False
    verb: str = "GET"

    def estimate(self, step: Step) -> Estimate:
        """One request per ``size`` rows stored last time (one when unknown, plus one on an exact fit)."""
        if not self.paged:
            return Estimate(1, True, (f"{self.verb} {self.label}",))
        counts = step.known.counts(step.stream, "workspace_id") if step.known else None
        rows = (counts or {}).get(step.workspace_id, 0)
        pages = rows // self.size + 1
        return Estimate(pages, counts is not None or pages == 1,
                        (f"{self.verb} {self.label} (page-size {self.size}) x{pages}",))

    def batches(self, client, step: Step) -> Iterator[Batch]:
        """Each page as a batch (rows as JSON texts unless fields are dropped)."""
        call = self.make(client, step)
        texts = not self.drop
        if self.paged:
            pages = _walk(client, call, self.envelope, self.size, texts)
        else:
            data = _send(client, call, texts)
            pages = iter([[data] if self.single else _unwrap(data, self.envelope)])
        for rows in pages:
            if self.drop:
                rows = [{k: v for k, v in row.items() if k not in self.drop} for row in rows]
            yield Batch(rows)


@dataclass(frozen=True)
class MemberEntries:
    """Time entries, one member at a time (5,000 a page; running timers included); a rerun resumes
    after the last member whose entries were all committed."""

    label: str = "/workspaces/{ws}/user/{userId}/time-entries"

    def estimate(self, step: Step) -> Estimate:
        """One request per member (plus one per 5,000 entries of a member, as last stored)."""
        members = step.known.ids("users") if step.known else []
        counts = (step.known.counts(step.stream, "user_id") if step.known else None) or {}
        after = (step.resume or {}).get("after", "")
        todo = [m for m in members if m > after]
        if step.mode == "window":
            return Estimate(max(1, len(todo)), bool(members),
                            (f"GET {self.label}?start=<since> (page-size {PAGE}) x{len(todo) or '1 per member'}",))
        pages = sum(counts.get(m, 0) // PAGE + 1 for m in todo)
        total = sum(counts.get(m, 0) for m in todo)
        lines = (f"GET {self.label} (page-size {PAGE}) x{pages or '1 per member'}"
                 + (f" for {len(todo)} members, {total} entries" if members else
                    " (members unknown until users is read)"),)
        return Estimate(max(1, pages), bool(members) and bool(counts), lines)

    def batches(self, client, step: Step) -> Iterator[Batch]:
        """Each member's pages; the member's last page carries the resume point past them."""
        for part in self.parts(client, step):
            yield from part()

    def parts(self, client, step: Step) -> Iterator[Callable[[], Iterator[Batch]]]:
        """One part per member still to read: the sync fetches several at once and commits them in order."""
        members = step.known.ids("users") if step.known else []
        if not members:
            members = [client.user.me().id]  # a key that may not list members reads its own
        after = (step.resume or {}).get("after", "")
        since = _stamp(step.since) if step.mode == "window" and step.since is not None else None
        done = after
        for member in [m for m in members if m > after]:
            yield lambda member=member, done=done: self._member(client, member, since, done)
            done = member

    @staticmethod
    def _member(client, member: str, since: datetime | None, done: str) -> Iterator[Batch]:
        call = _raw(client.time_entries, "list", user_id=member, start=since, size=PAGE)
        for rows in _walk(client, call, texts=True):
            yield Batch(rows, {"after": member if len(rows) < PAGE else done})


def _assignments(client, step: Step) -> Call:
    now = datetime.now(UTC)
    return _raw(client.scheduling, "list", start=EPOCH, end=now + timedelta(days=3 * 365), size=PAGE)


def _listing(resource: str, method: str = "list", **kwargs) -> Callable[[Any, Step], Call]:
    return lambda client, step: _raw(getattr(client, resource), method, **kwargs)


ENTRY_VIEW = Neutral("entries", {"id": "id", "user_id": "user_id", "project_id": "project_id", "task_id": "task_id",
                                 "description": "description", "start": "start", "end": "end",
                                 "billable": "billable", "tag_ids": "tag_ids", "hourly_rate": "hourly_rate",
                                 "cost_rate": "cost_rate", "currency": "currency"})

def _iso_seconds(text: str) -> str:
    """SQL: seconds of an ISO-8601 duration such as ``PT80H`` or ``P1DT2H30M``."""
    parts = [("(\\d+)D", 86400), ("T.*?(\\d+)H", 3600), ("T.*?(\\d+)M", 60), ("T.*?(\\d+)S", 1)]
    return " + ".join(f"coalesce(TRY_CAST(regexp_extract({text}, '{rx}', 1) AS BIGINT), 0) * {n}" for rx, n in parts)


_TIME_ESTIMATE = "json_extract_string(_raw, '$.timeEstimate.estimate')"
_ACTIVE = "coalesce(TRY_CAST(json_extract(_raw, '$.{}.active') AS BOOLEAN), false)"
#: A project's active time estimate and budget, read from its raw JSON (reports show used percentages).
ESTIMATES = {
    "estimate_seconds": f"CASE WHEN {_ACTIVE.format('timeEstimate')} THEN {_iso_seconds(_TIME_ESTIMATE)} END",
    "estimate_includes_non_billable": "TRY_CAST(json_extract(_raw, '$.timeEstimate.includeNonBillable') AS BOOLEAN)",
    "estimate_reset": "json_extract_string(_raw, '$.timeEstimate.resetOption')",
    "budget": f"CASE WHEN {_ACTIVE.format('budgetEstimate')} "
              "THEN TRY_CAST(json_extract(_raw, '$.budgetEstimate.estimate') AS BIGINT) END",
}

STREAMS: tuple[Stream, ...] = (
    Stream("workspaces", (C("id"), C("name"), C("subscription", path="featureSubscriptionType"),
                          C("hourly_rate", "BIGINT", "hourlyRate.amount"), C("currency", path="hourlyRate.currency"),
                          C("features", "JSON")),
           Listing(lambda client, step: _raw(client.workspaces, "list"), "/workspaces", paged=False),
           scope="account", what="workspaces of the key's user"),
    Stream("user", (C("id"), C("name"), C("email"), C("status"), C("active_workspace", path="activeWorkspace"),
                    C("timezone", path="settings.timeZone")),
           Listing(lambda client, step: _raw(client.user, "me"), "/user", paged=False, single=True),
           scope="account", what="the key's own user"),
    Stream("users", (C("id"), C("name"), C("email"), C("status"), C("timezone", path="settings.timeZone")),
           Listing(_listing("users", size=PAGE), "/workspaces/{ws}/users"),
           neutral=Neutral("users", {"id": "id", "name": "name", "email": "email", "status": "status"})),
    Stream("groups", (C("id"), C("name"), C("user_ids", "VARCHAR[]", "userIds")),
           Listing(_listing("groups", size=PAGE), "/workspaces/{ws}/user-groups"), feed="USER_GROUPS"),
    Stream("clients", (C("id"), C("name"), C("email"), C("archived", "BOOLEAN"), C("address"), C("note"),
                       C("currency", path="currencyCode")),
           Listing(_listing("clients", size=PAGE), "/workspaces/{ws}/clients"), feed="CLIENTS",
           neutral=Neutral("clients", {"id": "id", "name": "name", "email": "email", "archived": "archived"})),
    Stream("projects", (C("id"), C("name"), C("client_id", path="clientId"), C("client_name", path="clientName"),
                        C("billable", "BOOLEAN"), C("archived", "BOOLEAN"), C("color"), C("public", "BOOLEAN"),
                        C("template", "BOOLEAN"), C("hourly_rate", "BIGINT", "hourlyRate.amount"),
                        C("cost_rate", "BIGINT", "costRate.amount"), C("currency", path="hourlyRate.currency"),
                        C("duration"), C("note")),
           Listing(_listing("projects", hydrated=True, size=PAGE), "/workspaces/{ws}/projects?hydrated=true"),
           feed="PROJECTS",
           neutral=Neutral("projects", {"id": "id", "name": "name", "client_id": "client_id",
                                        "client_name": "client_name", "billable": "billable", "archived": "archived",
                                        "color": "color", "hourly_rate": "hourly_rate", "cost_rate": "cost_rate",
                                        "currency": "currency", **ESTIMATES})),
    Stream("tasks", (C("id"), C("name"), C("project_id", path="projectId"), C("status"),
                     C("assignee_ids", "VARCHAR[]", "assigneeIds"), C("estimate"), C("duration"),
                     C("billable", "BOOLEAN"), C("hourly_rate", "BIGINT", "hourlyRate.amount"),
                     C("cost_rate", "BIGINT", "costRate.amount")),
           parent="projects", parent_field="tasks", feed="TASKS",
           neutral=Neutral("tasks", {"id": "id", "project_id": "project_id", "name": "name", "status": "status",
                                     "hourly_rate": "hourly_rate", "cost_rate": "cost_rate"})),
    Stream("tags", (C("id"), C("name"), C("archived", "BOOLEAN")),
           Listing(_listing("tags", size=PAGE), "/workspaces/{ws}/tags"), feed="TAGS",
           neutral=Neutral("tags", {"id": "id", "name": "name", "archived": "archived"})),
    Stream("custom_fields", (C("id"), C("name"), C("type"), C("status"), C("entity_type", path="entityType")),
           Listing(_listing("custom_fields"), "/workspaces/{ws}/custom-fields", paged=False),
           feed="CUSTOM_FIELDS", feature="CUSTOM_FIELDS"),
    Stream("holidays", (C("id"), C("name"), C("start", "DATE", "datePeriod.startDate"),
                        C("end", "DATE", "datePeriod.endDate"), C("annual", "BOOLEAN", "occursAnnually")),
           Listing(_listing("holidays"), "/workspaces/{ws}/holidays", paged=False), feed="HOLIDAYS"),
    Stream("expenses", (C("id"), C("user_id", path="userId"), C("project_id", path="projectId"),
                        C("category_id", path="categoryId"), C("date"), C("billable", "BOOLEAN"),
                        C("quantity", "DOUBLE"), C("total", "DOUBLE")),
           Listing(_listing("expenses", size=PAGE), "/workspaces/{ws}/expenses (page-size 5000)", paged=False,
                   envelope=("expenses", "expenses")), feature="EXPENSES"),
    Stream("expense_categories", (C("id"), C("name"), C("archived", "BOOLEAN"), C("unit"),
                                  C("price", "BIGINT", "priceInCents")),
           Listing(_listing("expenses", "categories"), "/workspaces/{ws}/expenses/categories", paged=False,
                   envelope=("categories",)), feature="EXPENSES"),
    Stream("invoices", (C("id"), C("number"), C("client_id", path="clientId"), C("status"), C("currency"),
                        C("issued", "TIMESTAMPTZ", "issuedDate"), C("due", "TIMESTAMPTZ", "dueDate"),
                        C("amount", "BIGINT")),
           Listing(_listing("invoices", size=PAGE), "/workspaces/{ws}/invoices", envelope=("invoices",)),
           feed="INVOICES", feature="INVOICING"),
    Stream("approval_requests", (C("id", path="approvalRequest.id"), C("user_id", path="approvalRequest.owner.userId"),
                                 C("state", path="approvalRequest.status.state"),
                                 C("start", "TIMESTAMPTZ", "approvalRequest.dateRange.start"),
                                 C("end", "TIMESTAMPTZ", "approvalRequest.dateRange.end")),
           Listing(_listing("approvals", size=PAGE), "/workspaces/{ws}/approval-requests"),
           feed="APPROVAL_REQUESTS", feature="APPROVAL"),
    Stream("time_off_policies", (C("id"), C("name"), C("archived", "BOOLEAN"), C("time_unit", path="timeUnit")),
           Listing(_listing("time_off", "policies", size=200), "/workspaces/{ws}/time-off/policies", size=200),
           feed="PTO_POLICY", feature="TIME_OFF"),
    Stream("time_off_requests", (C("id"), C("policy_id", path="policyId"), C("user_id", path="userId"),
                                 C("status", path="status.statusType"),
                                 C("start", "TIMESTAMPTZ", "timeOffPeriod.period.start"),
                                 C("end", "TIMESTAMPTZ", "timeOffPeriod.period.end")),
           Listing(_listing("time_off", "requests"), "/workspaces/{ws}/time-off/requests", paged=False,
                   envelope=("requests",), verb="POST"),
           feed="TIME_OFF_REQUEST", feature="TIME_OFF"),
    Stream("webhooks", (C("id"), C("name"), C("event", path="webhookEvent"), C("url"), C("enabled", "BOOLEAN")),
           Listing(_listing("webhooks"), "/workspaces/{ws}/webhooks", paged=False, envelope=("webhooks",),
                   drop=("authToken",)),
           what="webhooks (their signing tokens are not stored)"),
    Stream("scheduling_assignments", (C("id"), C("user_id", path="userId"), C("project_id", path="projectId"),
                                      C("start", "TIMESTAMPTZ", "period.start"), C("end", "TIMESTAMPTZ", "period.end"),
                                      C("hours_per_day", "DOUBLE", "hoursPerDay"), C("published", "BOOLEAN")),
           Listing(_assignments, "/workspaces/{ws}/scheduling/assignments/all", size=PAGE),
           feature="SCHEDULING"),
    # the largest read comes last: the small reads before it commit while its pages arrive
    Stream("time_entries", (C("id"), C("user_id", path="userId"), C("project_id", path="projectId"),
                            C("task_id", path="taskId"), C("description"),
                            C("start", "TIMESTAMPTZ", "timeInterval.start"), C("end", "TIMESTAMPTZ", "timeInterval.end"),
                            C("duration", path="timeInterval.duration"), C("billable", "BOOLEAN"),
                            C("tag_ids", "VARCHAR[]", "tagIds"), C("type"),
                            C("hourly_rate", "BIGINT", "hourlyRate.amount"), C("cost_rate", "BIGINT", "costRate.amount"),
                            C("currency", path="hourlyRate.currency"), C("locked", "BOOLEAN", "isLocked"),
                            C("approval_request_id", path="approvalRequestId")),
           Cheapest((("per-member listings", MemberEntries()), ("detailed report", ReportEntries()))),
           cursor="start", end="end", feed="TIME_ENTRY", neutral=ENTRY_VIEW, needs=("users",),
           what="every member's time entries, running timers included"),
)

_FIELDLESS = {"id", "documentCode", "auditMetadata"}


@dataclass
class ClockifyFeed:
    """Clockify's entity change feeds: one request per kind (created, updated, deleted) covers every
    document type; time entries come with their fields, other types mark their stream for a re-read."""

    workspace_id: str
    kinds: tuple[str, ...] = ("created", "updated", "deleted")
    label: str = "/workspaces/{ws}/entities/{kind}"

    def estimate(self, streams: list[Stream]) -> Estimate:
        """One request per kind while fewer than 5,000 entities of a kind changed."""
        types = ",".join(sorted({s.feed for s in streams if s.feed}))
        return Estimate(len(self.kinds), False,
                        tuple(f"GET {self.label.format(ws='{ws}', kind=k)}?type={types}" for k in self.kinds))

    def read(self, client, streams: list[Stream], since: float, until: float) -> FeedChanges:
        """What changed in ``[since, until]`` per stream."""
        by_type = {s.feed: s.name for s in streams if s.feed}
        out = FeedChanges()
        missing: dict[str, str] = {}
        for kind in self.kinds:
            call = Call("GET", f"/workspaces/{self.workspace_id}/entities/{kind}",
                        {"type": sorted(by_type), "start": _stamp(since), "end": _stamp(until)},
                        page_param="limit", first_page=0)
            for rows in _walk(client, call, size=FEED_PAGE):
                for row in rows:
                    stream = by_type.get(row.get("documentCode"))
                    if stream is None:
                        continue
                    if kind == "deleted":
                        out.deleted.setdefault(stream, []).append(row["id"])
                    elif set(row) - _FIELDLESS:
                        if out.rows.get(stream, []) is not None:
                            out.rows.setdefault(stream, []).append(
                                {k: v for k, v in row.items() if k not in ("documentCode", "auditMetadata")})
                    elif row.get("documentCode") == "TIME_ENTRY":
                        missing[row["id"]] = stream
                    else:
                        out.rows[stream] = None  # changed, but the feed has no rows for it: re-read
        gone = {i for ids in out.deleted.values() for i in ids}
        for entry_id, stream in missing.items():  # a time entry the feed named without its fields
            if entry_id not in gone and out.rows.get(stream, []) is not None:
                out.rows.setdefault(stream, []).append(_send(client, _raw(client.time_entries, "get", entry_id=entry_id)))
        for stream, rows in out.rows.items():
            if rows:
                out.rows[stream] = [r for r in rows if r["id"] not in gone]
        return out


def features(workspace: dict) -> set[str] | None:
    """The paid features a stored workspace record lists (None when it lists none)."""
    found = workspace.get("features")
    return set(found) if isinstance(found, list) else None


def budget(workspace: dict) -> int | None:
    """Requests per hour a workspace may send: 30 on the free plan, else no hourly cap."""
    return FREE_PLAN_BUDGET if str(workspace.get("featureSubscriptionType") or "").upper() == "FREE" else None


def stream_set(provider, now: Callable[[], float] | None = None) -> StreamSet:
    """Clockify's streams for the provider's client and workspace."""
    client = provider.client
    return StreamSet("clockify", client.workspace_id, client, STREAMS, limiter=client.limiter,
                     feed=ClockifyFeed(client.workspace_id), budget_for=budget, features_for=features, now=now)
