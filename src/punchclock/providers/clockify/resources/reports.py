"""The Reports API (its own host): summary, detailed and expenses (paged in the body), weekly, attendance.

Report bodies are built from keyword arguments; ``start``/``end`` are aware datetimes sent as
wall-clock times in ``time_zone`` (the Reports API's convention). ``export="CSV"`` returns the
file's bytes instead of JSON.
"""

from __future__ import annotations

from datetime import datetime

from punchclock.errors import InvalidInput
from punchclock.http.call import Call, Mode, operation
from punchclock.http.validate import choice, ids, require_id, span
from punchclock.http.validate import page_size as checked_page_size
from punchclock.providers.clockify.resources._base import Resource

GROUPS = ("PROJECT", "CLIENT", "USER", "TAG", "TASK", "DATE", "WEEK", "MONTH", "TIMEENTRY")
EXPORTS = ("JSON", "CSV", "XLSX", "PDF")


def _filter(values, field: str) -> dict | None:
    chosen = ids(values, field)
    return {"ids": chosen, "contains": "CONTAINS", "status": "ALL"} if chosen else None


def report_body(start: datetime, end: datetime, *, time_zone: str = "UTC", users=None, projects=None, clients=None,
                tags=None, billable: bool | None = None, export: str = "JSON", **extra) -> dict:
    """The common part of every report request, checked before sending."""
    span(start, end, required=True)
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        zone = ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput("time_zone", f"unknown time zone {time_zone!r}") from None
    out = {"dateRangeStart": start.astimezone(zone).strftime("%Y-%m-%dT%H:%M:%S"),
           "dateRangeEnd": end.astimezone(zone).strftime("%Y-%m-%dT%H:%M:%S"), "timeZone": time_zone,
           "exportType": choice(export, EXPORTS, "export"), "users": _filter(users, "users"),
           "projects": _filter(projects, "projects"), "clients": _filter(clients, "clients"),
           "tags": _filter(tags, "tags"), "billable": billable, "amountShown": "EARNED", **extra}
    return {k: v for k, v in out.items() if v is not None}


class Reports(Resource[Mode]):
    """Report operations; they are reads sent as POST, so they may be retried."""

    def _call(self, kind: str, payload: dict) -> Call:
        raw = payload.get("exportType", "JSON") != "JSON"
        return Call("POST", self._path("reports", kind), json=payload, host="reports", idempotent=True,
                    parse=None if raw else dict)

    @operation
    def summary(self, start: datetime, end: datetime, *, groups: tuple[str, ...] = ("PROJECT",), **filters) -> Call:
        """Totals grouped by up to three of PROJECT, CLIENT, USER, TAG, TASK, DATE, WEEK, MONTH, TIMEENTRY."""
        if not 1 <= len(groups) <= 3:
            raise InvalidInput("groups", "give one to three groups")
        chosen = [choice(g, GROUPS, "groups") for g in groups]
        return self._call("summary", report_body(start, end, summaryFilter={"groups": chosen}, **filters))

    @operation
    def detailed_page(self, start: datetime, end: datetime, *, page: int = 1, page_size: int = 1000,
                      **filters) -> Call:
        """One page of the detailed report (``timeentries`` and ``totals``); page size up to 1000."""
        page_size = checked_page_size(page_size, maximum=1000)
        return self._call("detailed", report_body(start, end, detailedFilter={"page": page, "pageSize": page_size},
                                                  **filters))

    def detailed(self, start: datetime, end: datetime, *, page_size: int = 1000, **filters):
        """Every row of the detailed report, walking the pages in the body until a short one.

        A generator for the sync client, an async generator for the async client.
        """
        return self._walk(lambda page: self.detailed_page(start, end, page=page, page_size=page_size, **filters),
                          "timeentries", page_size)

    @operation
    def expenses_page(self, start: datetime, end: datetime, *, page: int = 1, page_size: int = 1000,
                      categories=None, **filters) -> Call:
        """One page of the detailed expense report (``expenses`` and ``totals``); page size up to 1000."""
        page_size = checked_page_size(page_size, maximum=1000)
        payload = report_body(start, end, page=page, pageSize=page_size, categories=_filter(categories, "categories"),
                              amountShown=None, **filters)  # time reports' amounts mean nothing here
        return self._call("expenses/detailed", payload)

    def expenses(self, start: datetime, end: datetime, *, page_size: int = 1000, **filters):
        """Every expense of the detailed expense report (filters as :meth:`expenses_page`), page by page.

        A generator for the sync client, an async generator for the async client.
        """
        return self._walk(lambda page: self.expenses_page(start, end, page=page, page_size=page_size, **filters),
                          "expenses", page_size)

    def _walk(self, fetch, key: str, page_size: int):
        """Rows under ``key`` of ``fetch(page)`` for pages 1, 2... until a short page."""
        if getattr(self._client, "is_async", False):
            return _walk_async(fetch, key, page_size)
        return _walk_sync(fetch, key, page_size)

    @operation
    def weekly(self, start: datetime, end: datetime, *, group: str = "USER", **filters) -> Call:
        """The weekly report (the range must be exactly seven days)."""
        return self._call("weekly", report_body(start, end, weeklyFilter={"group": choice(group, ("USER", "PROJECT"), "group"),
                                                                          "subgroup": "TIME"}, **filters))

    @operation
    def attendance(self, start: datetime, end: datetime, **filters) -> Call:
        """First start, last end, work and breaks per user and day."""
        return self._call("attendance", report_body(start, end, attendanceFilter={"page": 1, "pageSize": 1000},
                                                    **filters))

    @operation
    def shared(self, *, page: int = 1, size: int = 50) -> Call:
        """One page of the shared reports the caller may open (Clockify pages them with ``pageSize``)."""
        return Call("GET", self._path("shared-reports"), {"page": page, "pageSize": size}, host="reports",
                    parse=lambda d: d["reports"])

    @operation
    def share(self, name: str, kind: str, start: datetime, end: datetime, *, public: bool = False,
              **filters) -> Call:
        """Save a report (SUMMARY, DETAILED, WEEKLY...) under a link others can open."""
        kind = choice(kind, ("SUMMARY", "DETAILED", "WEEKLY", "ATTENDANCE", "EXPENSE_DETAILED"), "kind")
        defaults = {"SUMMARY": {"summaryFilter": {"groups": ["PROJECT"]}},
                    "DETAILED": {"detailedFilter": {"page": 1, "pageSize": 1000}},
                    "WEEKLY": {"weeklyFilter": {"group": "USER", "subgroup": "TIME"}}}.get(kind, {})
        payload = {"name": name, "type": kind, "isPublic": public,
                   "filter": report_body(start, end, **{**defaults, **filters})}
        return Call("POST", self._path("shared-reports"), json=payload, host="reports", parse=dict)

    @operation
    def update_shared(self, report_id: str, *, name: str | None = None, public: bool | None = None) -> Call:
        """Rename a shared report or change who may open it (Clockify merges: the filter stays)."""
        payload = {k: v for k, v in {"name": name, "isPublic": public}.items() if v is not None}
        return Call("PUT", self._path("shared-reports", require_id(report_id, "report_id")), json=payload,
                    host="reports", parse=dict)

    @operation
    def delete_shared(self, report_id: str) -> Call:
        """Delete a shared report."""
        return Call("DELETE", self._path("shared-reports", require_id(report_id, "report_id")), host="reports")

    @operation
    def open_shared(self, report_id: str, *, export: str = "JSON") -> Call:
        """A shared report's data (JSON) or file (CSV...)."""
        export = choice(export, EXPORTS, "export")
        return Call("GET", f"/shared-reports/{require_id(report_id, 'report_id')}", {"exportType": export},
                    host="reports", parse=dict if export == "JSON" else None)


def _walk_sync(fetch, key: str, page_size: int):
    page = 1
    while True:
        rows = fetch(page).get(key) or []
        yield from rows
        if len(rows) < page_size:
            return
        page += 1


async def _walk_async(fetch, key: str, page_size: int):
    page = 1
    while True:
        rows = (await fetch(page)).get(key) or []
        for row in rows:
            yield row
        if len(rows) < page_size:
            return
        page += 1
