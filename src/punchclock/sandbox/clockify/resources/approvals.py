"""Approval requests (a paid feature): a user submits a week's entries, an admin decides."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from punchclock.sandbox.clockify import errors
from punchclock.sandbox.clockify.resources._base import Records
from punchclock.timeutil import format_duration, format_instant, parse_instant

NAME = "approvals"
STATUSES = ("PENDING", "APPROVED", "REJECTED", "WITHDRAWN_SUBMISSION", "WITHDRAWN_APPROVAL")


class Service(Records):
    """Approval request rules."""

    collection = "approvals"
    kind = "Approval request"
    feature = "approval"
    entity_type = "APPROVAL_REQUESTS"
    events = ("NEW_APPROVAL_REQUEST", "APPROVAL_REQUEST_STATUS_UPDATED", "")

    def submit(self, ws, caller, body: dict, user_id: str | None = None, *, kind: str = "TIME") -> dict:
        """Submit the week starting ``period.start`` (default this week) for approval; ``kind`` is the
        request's type (TIME for the untyped operations, else TIMESHEET, EXPENSE...)."""
        user_id = user_id or caller.id
        self.backend.require_self_or_admin(ws, caller, user_id)
        user = self.backend.member(ws, user_id)
        start = self._week_start(body)
        end = start + timedelta(days=7) - timedelta(seconds=1)
        existing = self._for_period(ws, user_id, start)
        if existing is not None and existing["status"]["state"] == "PENDING":
            raise errors.invalid("Approval request for this period already exists")
        creator = self.backend.state.users[caller.id]
        record = {
            "id": self.backend.new_id(), "workspaceId": ws.id, "type": kind,
            "dateRange": {"start": format_instant(start.timestamp()), "end": format_instant(end.timestamp())},
            "owner": {"userId": user_id, "userName": user["name"], "startOfWeek": "MONDAY", "timeZone": "UTC"},
            "creator": {"userId": caller.id, "userName": creator["name"], "userEmail": creator["email"]},
            "status": self._status("PENDING", caller, body.get("note")),
        }
        return self.save(ws, record, True)

    def resubmit(self, ws, caller, body: dict, user_id: str | None = None) -> dict:
        """Send a period's entries again to its existing request, which becomes PENDING once more.

        Clockify offers this for entries added after a submission and for rejected or withdrawn
        requests; a period with no request yet is refused (submit it first).
        """
        user_id = user_id or caller.id
        self.backend.require_self_or_admin(ws, caller, user_id)
        self.backend.member(ws, user_id)
        record = self._for_period(ws, user_id, self._week_start(body))
        if record is None:
            raise errors.invalid("Approval request for this period doesn't exist; submit it first")
        record["status"] = self._status("PENDING", caller, body.get("note"))
        return self.save(ws, record, False)

    def _status(self, state: str, caller, note: str | None) -> dict:
        """A request's status as set now by ``caller``."""
        name = self.backend.state.users[caller.id]["name"]
        return {"state": state, "note": note or "", "updatedAt": format_instant(self.backend.now()),
                "updatedBy": caller.id, "updatedByUserName": name}

    def _week_start(self, body: dict) -> datetime:
        """Midnight UTC of the Monday of ``periodStart``'s week (this week without one)."""
        try:
            start = (parse_instant(body["periodStart"]) if body.get("periodStart")
                     else datetime.fromtimestamp(self.backend.now(), timezone.utc))
        except ValueError:
            raise errors.invalid("periodStart: must be a timestamp") from None
        return (start - timedelta(days=start.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)

    def _for_period(self, ws, user_id: str, start: datetime) -> dict | None:
        """The user's latest request for the week starting at ``start``, if any."""
        stamp = format_instant(start.timestamp())
        found = [r for r in self.items(ws).values() if r["owner"]["userId"] == user_id and r["dateRange"]["start"] == stamp]
        return max(found, key=lambda r: r["status"]["updatedAt"], default=None)

    def item(self, ws, record: dict) -> dict:
        """A listing item: the request plus the time it covers."""
        start = int(parse_instant(record["dateRange"]["start"]).timestamp())
        end = int(parse_instant(record["dateRange"]["end"]).timestamp())
        rows = [e for e in ws.by_user.get(record["owner"]["userId"], []) if e.end and start <= e.start <= end]
        tracked = sum(e.end - e.start for e in rows)
        billable = sum(e.end - e.start for e in rows if e.billable)
        state = record["status"]["state"]
        return {"approvalRequest": dict(record), "trackedTime": format_duration(tracked),
                "billableTime": format_duration(billable), "breakTime": "PT0S",
                "approvedTime": format_duration(tracked if state == "APPROVED" else 0),
                "pendingTime": format_duration(tracked if state == "PENDING" else 0),
                "billableAmount": sum((e.end - e.start) * e.hourly_rate / 3600 for e in rows if e.billable),
                "costAmount": sum((e.end - e.start) * e.cost_rate / 3600 for e in rows),
                "expenseTotal": 0, "entries": [], "expenses": []}

    def list(self, ws, caller, *, status: str | None = None) -> list[dict]:
        """Requests newest first (members see their own)."""
        rows = sorted(self.items(ws).values(), key=lambda r: (r["dateRange"]["start"], r["id"]), reverse=True)
        if ws.roles.get(caller.id) == "member":
            rows = [r for r in rows if r["owner"]["userId"] == caller.id]
        if status:
            rows = [r for r in rows if r["status"]["state"] == status]
        return [self.item(ws, r) for r in rows]

    def decide(self, ws, caller, request_id: str, state, note: str | None = None) -> dict:
        """Approve or reject (admins), or withdraw your own submission."""
        record = self.get(ws, request_id)
        if state not in STATUSES or state == "PENDING":
            raise errors.invalid("You entered invalid value for field: [state]")
        if state == "WITHDRAWN_SUBMISSION":
            self.backend.require_self_or_admin(ws, caller, record["owner"]["userId"])
        else:
            self.backend.require_admin(ws, caller)
        record["status"] = self._status(state, caller, note)
        return self.save(ws, record, False)
