"""Clockify's approval requests (paid feature APPROVAL)."""

from __future__ import annotations

from datetime import datetime

from punchclock.http.call import Call, Mode, operation, paged_operation
from punchclock.http.validate import aware, choice, page_size, require_id
from punchclock.providers.clockify.models.extra import ApprovalRequest
from punchclock.providers.clockify.resources._base import Resource, body
from punchclock.timeutil import format_instant


class Approvals(Resource[Mode]):
    """Approval requests (paid feature APPROVAL)."""

    @paged_operation
    def list(self, *, status: str | None = None, size: int = 5000) -> Call:
        """Requests with their tracked time, walked page by page."""
        return Call("GET", self._path("approval-requests"),
                    {"status": choice(status, ("PENDING", "APPROVED", "REJECTED", "WITHDRAWN_SUBMISSION",
                                               "WITHDRAWN_APPROVAL"), "status")},
                    feature="APPROVAL", paged=True, page_size=page_size(size),
                    parse=lambda item: ApprovalRequest.model_validate(item["approvalRequest"]))

    @operation
    def submit(self, week_of: datetime, *, note: str | None = None) -> Call:
        """Submit the week containing ``week_of`` for approval."""
        aware(week_of, "week_of", required=True)
        return Call("POST", self._path("approval-requests"), json=body(period_start=format_instant(week_of.timestamp()),
                                                                       period="WEEKLY", note=note),
                    feature="APPROVAL", parse=ApprovalRequest.model_validate)

    @operation
    def submit_for(self, user_id: str, week_of: datetime) -> Call:
        """Submit another member's week for approval (admins)."""
        aware(week_of, "week_of", required=True)
        return Call("POST", self._path("approval-requests", "users", require_id(user_id, "user_id")),
                    json={"periodStart": format_instant(week_of.timestamp()), "period": "WEEKLY"},
                    feature="APPROVAL", parse=ApprovalRequest.model_validate)

    @operation
    def submit_typed(self, week_of: datetime, kind: str, *, user_id: str | None = None) -> Call:
        """Submit a week with a type (TIMESHEET, EXPENSE or TIMESHEET_AND_EXPENSE); ``user_id`` submits
        another member's (admins)."""
        aware(week_of, "week_of", required=True)
        kind = choice(kind, ("TIMESHEET", "EXPENSE", "TIMESHEET_AND_EXPENSE"), "kind")
        where = ("users", require_id(user_id, "user_id"), kind) if user_id is not None else (kind,)
        return Call("POST", self._path("approval-requests", *where),
                    json={"periodStart": format_instant(week_of.timestamp()), "period": "WEEKLY"},
                    feature="APPROVAL", parse=ApprovalRequest.model_validate)

    @operation
    def resubmit(self, week_of: datetime, *, user_id: str | None = None) -> Call:
        """Send the week containing ``week_of`` again to its existing request (after new entries, a
        rejection or a withdrawal); ``user_id`` does it for another member (admins)."""
        aware(week_of, "week_of", required=True)
        where = ("users", require_id(user_id, "user_id")) if user_id is not None else ()
        return Call("POST", self._path("approval-requests", *where, "resubmit-entries-for-approval"),
                    json={"periodStart": format_instant(week_of.timestamp()), "period": "WEEKLY"},
                    feature="APPROVAL", parse=ApprovalRequest.model_validate)

    @operation
    def decide(self, request_id: str, state: str, *, note: str | None = None) -> Call:
        """Approve, reject, or withdraw a request."""
        state = choice(state, ("APPROVED", "REJECTED", "WITHDRAWN_SUBMISSION", "WITHDRAWN_APPROVAL"), "state")
        return Call("PATCH", self._path("approval-requests", require_id(request_id, "request_id")),
                    json=body(state=state, note=note), feature="APPROVAL", parse=ApprovalRequest.model_validate,
                    idempotent=True)
