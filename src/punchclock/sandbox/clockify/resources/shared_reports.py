"""Shared reports: saved report filters that anyone allowed can open as rendered report data.

Facts (research section 5): create answers 200 (not 201), delete 204; the list takes camelCase
``page``/``pageSize`` and answers ``{count, reports}``; ``GET /shared-reports/{id}`` answers the
rendered report with the saved configuration echoed under ``filters``.

Decisions where no source settles it: an unknown or foreign id is 400/501 "Shared report doesn't
belong to Workspace" like the main API; only the author or an admin may change or delete a report;
a private report opens for admins, its author and the users or groups it is shared with, a public
one for anybody with a key; the report renders with its author's visibility (a member's report
shows that member's entries). SUMMARY, DETAILED, WEEKLY and the two ATTENDANCE types render;
other types are refused with 400/501.
"""

from __future__ import annotations

from punchclock.sandbox.clockify import errors
from punchclock.sandbox.clockify.backend import Caller
from punchclock.sandbox.clockify.resources._base import Resource, check_name
from punchclock.sandbox.clockify.resources.reports import enum

NAME = "shared_reports"
TYPES = ("SUMMARY", "DETAILED", "WEEKLY", "EXPENSE_DETAILED", "INVOICE_TIME", "KIOSK_PIN_LIST",
         "ATTENDANCE_DETAILED", "ATTENDANCE_SUMMARY", "ASSIGNMENT_LIST", "ASSIGNMENT_SCHEDULE",
         "APPROVAL_DETAILED", "APPROVAL_SUMMARY", "BALANCE_LIST", "INVOICE_AMOUNT_LIST", "INVOICE_DETAILED",
         "TIMEOFF_DETAILED", "TIMEOFF_HOLIDAY", "TIMEOFF_BALANCE", "EXPENSE_SUMMARY")
RENDERED = {"SUMMARY": "summary", "DETAILED": "detailed", "WEEKLY": "weekly",
            "ATTENDANCE_DETAILED": "attendance", "ATTENDANCE_SUMMARY": "attendance"}
COLLECTION = "shared_reports"


class Service(Resource):
    """Shared report rules."""

    def _items(self, ws) -> dict:
        return ws.collection(COLLECTION)

    def get(self, ws, report_id: str) -> dict:
        """A stored shared report, or 400/501."""
        report = self._items(ws).get(report_id) if isinstance(report_id, str) else None
        if report is None:
            raise errors.not_in_workspace("Shared report")
        return report

    def _fields(self, body: dict, current: dict | None = None) -> dict:
        merged = {**(current or {}), **{k: v for k, v in body.items() if v is not None}}
        out = {"name": check_name(merged.get("name"), "Shared report")}
        if merged.get("type") is None:
            raise errors.invalid("type: must not be null")
        out["type"] = enum(merged["type"], TYPES, "type")
        report_filter = merged.get("filter")
        if not isinstance(report_filter, dict):
            raise errors.invalid("filter: must not be null")
        for name in ("exportType", "dateRangeStart", "dateRangeEnd"):
            if report_filter.get(name) in (None, ""):
                raise errors.invalid(f"filter.{name}: must not be null")
        out["filter"] = dict(report_filter)
        out["isPublic"] = bool(merged.get("isPublic", False))
        out["fixedDate"] = bool(merged.get("fixedDate", False))
        for name in ("visibleToUsers", "visibleToUserGroups"):
            value = merged.get(name) or []
            if not isinstance(value, list):
                raise errors.invalid(f"You entered invalid value for field: [{name}]")
            out[name] = value
        return out

    def create(self, ws, caller: Caller, body: dict) -> dict:
        """``POST /shared-reports`` (answers 200 with the saved report)."""
        fields = self._fields(body)  # refused before an id is drawn: a refusal changes nothing
        report_id = self.backend.new_id()
        record = {"id": report_id, "workspaceId": ws.id, "userId": caller.id,
                  "reportAuthor": caller.user["name"], "link": f"https://app.clockify.me/shared/{report_id}", **fields}
        self._items(ws)[report_id] = record
        return dict(record)

    def _may_edit(self, ws, caller: Caller, report: dict) -> None:
        if report["userId"] != caller.id:
            self.backend.require_admin(ws, caller)

    def update(self, ws, caller: Caller, report_id: str, body: dict) -> dict:
        """``PUT /shared-reports/{id}``: the given fields replace the saved ones."""
        report = self.get(ws, report_id)
        self._may_edit(ws, caller, report)
        report.update(self._fields(body, report))
        return dict(report)

    def delete(self, ws, caller: Caller, report_id: str) -> None:
        """``DELETE /shared-reports/{id}`` (the route answers 204)."""
        report = self.get(ws, report_id)
        self._may_edit(ws, caller, report)
        del self._items(ws)[report_id]

    def _can_view(self, ws, caller: Caller, report: dict) -> bool:
        if report["isPublic"] or report["userId"] == caller.id:
            return True
        if caller.id not in ws.roles:
            return False
        if ws.roles[caller.id] in ("owner", "admin"):
            return True
        shared_ids = {v.get("id") if isinstance(v, dict) else v for v in report["visibleToUsers"]}
        group_ids = {v.get("id") if isinstance(v, dict) else v for v in report["visibleToUserGroups"]}
        in_groups = any(caller.id in ws.groups[g]["userIds"] for g in group_ids if g in ws.groups)
        return caller.id in shared_ids or in_groups

    def list(self, ws, caller: Caller, page: int, size: int) -> dict:
        """``GET /shared-reports``: the reports the caller may open, one page, with the full count."""
        rows = [dict(r) for r in self._items(ws).values() if self._can_view(ws, caller, r)]
        rows.sort(key=lambda r: r["name"].lower())
        start = (max(1, page) - 1) * size
        return {"count": len(rows), "reports": rows[start:start + size]}

    def find(self, report_id: str) -> tuple[object, dict]:
        """The workspace and record of a shared report by id alone, or 400/501."""
        for ws in self.backend.state.workspaces.values():
            report = ws.extra.get(COLLECTION, {}).get(report_id) if isinstance(report_id, str) else None
            if report is not None:
                return ws, report
        raise errors.not_in_workspace("Shared report")

    def render(self, caller: Caller, report_id: str, *, export: str | None = None, page: int | None = None,
               page_size: int | None = None, page_policy: str = "reject") -> tuple[object, str]:
        """``GET /shared-reports/{id}``: the report run with its author's view, plus ``filters``."""
        ws, report = self.find(report_id)
        if not self._can_view(ws, caller, report):
            raise errors.access_denied()
        kind = RENDERED.get(report["type"])
        if kind is None:
            raise errors.invalid(f"Shared report type {report['type']} is not rendered by the sandbox")
        body = dict(report["filter"])
        body["exportType"] = export or ("JSON" if body.get("exportType") in (None, "JSON_V1") else body["exportType"])
        if page is not None or page_size is not None:
            key = "attendanceFilter" if kind == "attendance" else "detailedFilter"
            paging = {k: v for k, v in (("page", page), ("pageSize", page_size)) if v is not None}
            body[key] = {**(body.get(key) or {}), **paging}
        author = self.backend.state.users.get(report["userId"])
        if author is None or report["userId"] not in ws.roles:
            raise errors.access_denied()
        data, media = self.backend.reports.run(kind, ws, Caller(author, ""), body, page_policy=page_policy)
        if media != "application/json":
            return data, media
        settings = author.get("settings") or {}
        data["filters"] = {
            **report, "workspace": ws.record["name"], "subscriptionPlan": ws.record["featureSubscriptionType"],
            "isAdminOrOwner": ws.roles.get(caller.id) in ("owner", "admin"),
            "timezone": body.get("timeZone") or settings.get("timeZone", "UTC"),
            "dateFormat": settings.get("dateFormat"), "timeFormat": settings.get("timeFormat"),
            "weekStart": settings.get("weekStart"),
        }
        return data, media
