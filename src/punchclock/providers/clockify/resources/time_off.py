"""Clockify's time-off policies and requests (paid feature TIME_OFF)."""

from __future__ import annotations

from datetime import date

from punchclock.errors import InvalidInput
from punchclock.http.call import Call, Mode, operation, paged_operation
from punchclock.http.validate import choice, ids, page_size, require_id
from punchclock.providers.clockify.models.extra import Policy, TimeOffRequest
from punchclock.providers.clockify.resources._base import Resource, as_day, body


class TimeOff(Resource[Mode]):
    """Time-off policies and requests (paid feature TIME_OFF)."""

    @paged_operation
    def policies(self, *, size: int = 200) -> Call:
        """Every policy, walked page by page (Clockify allows 200 a page here)."""
        return Call("GET", self._path("time-off", "policies"), feature="TIME_OFF", parse=Policy.model_validate,
                    paged=True, page_size=page_size(size, maximum=200))

    @operation
    def create_policy(self, name: str, *, unit: str = "DAYS", requires_approval: bool = True) -> Call:
        """A new policy."""
        return Call("POST", self._path("time-off", "policies"), feature="TIME_OFF", parse=Policy.model_validate,
                    json=body(name=name, time_unit=choice(unit, ("DAYS", "HOURS"), "unit"),
                              approve={"requiresApproval": requires_approval}))

    @operation
    def policy(self, policy_id: str) -> Call:
        """One policy."""
        return Call("GET", self._path("time-off", "policies", require_id(policy_id, "policy_id")), feature="TIME_OFF",
                    parse=Policy.model_validate)

    @operation
    def update_policy(self, policy_id: str, name: str, *, requires_approval: bool = True, half_days: bool = False,
                      negative_balance: bool = False, expires: bool = False, archived: bool = False,
                      user_ids: list[str] | None = None, group_ids: list[str] | None = None) -> Call:
        """Replace a policy's settings (Clockify's update is a full replace; the unit stays as created).
        It applies to ``user_ids`` and ``group_ids``, or to everyone, new members included, when both
        are left out."""
        users, groups = ids(user_ids, "user_ids"), ids(group_ids, "group_ids")
        payload = {"name": name, "approve": {"requiresApproval": bool(requires_approval)},
                   "allowHalfDay": bool(half_days), "allowNegativeBalance": bool(negative_balance),
                   "hasExpiration": bool(expires), "archived": bool(archived),
                   "everyoneIncludingNew": not (users or groups), "users": {"ids": users or []},
                   "userGroups": {"ids": groups or []}}
        return Call("PUT", self._path("time-off", "policies", require_id(policy_id, "policy_id")), feature="TIME_OFF",
                    json=payload, parse=Policy.model_validate)

    @operation
    def archive_policy(self, policy_id: str, archived: bool = True) -> Call:
        """Archive (or restore) a policy."""
        return Call("PATCH", self._path("time-off", "policies", require_id(policy_id, "policy_id")), feature="TIME_OFF",
                    json={"status": "ARCHIVED" if archived else "ACTIVE"}, parse=Policy.model_validate, idempotent=True)

    @operation
    def delete_policy(self, policy_id: str) -> Call:
        """Delete an archived policy."""
        return Call("DELETE", self._path("time-off", "policies", require_id(policy_id, "policy_id")), feature="TIME_OFF",
                    parse=Policy.model_validate)

    @operation
    def request(self, policy_id: str, start: date, end: date, *, user_id: str | None = None,
                note: str | None = None) -> Call:
        """Ask for time off from the day ``start`` to the day ``end``, both included (for another user
        with ``user_id``); a datetime counts as its own day."""
        first, last = as_day(start, "start"), as_day(end, "end")
        if last < first:
            raise InvalidInput("end", "must not be before start")
        parts = ("time-off", "policies", require_id(policy_id, "policy_id"))
        parts += ("users", require_id(user_id, "user_id"), "requests") if user_id else ("requests",)
        period = {"period": {"start": first, "end": last}}
        return Call("POST", self._path(*parts), json=body(time_off_period=period, note=note), feature="TIME_OFF",
                    parse=TimeOffRequest.model_validate)

    @operation
    def decide(self, policy_id: str, request_id: str, status: str) -> Call:
        """Approve, reject or withdraw a request."""
        return Call("PATCH", self._path("time-off", "policies", require_id(policy_id, "policy_id"), "requests",
                                        require_id(request_id, "request_id")),
                    json={"status": choice(status, ("APPROVED", "REJECTED", "WITHDRAWN"), "status")},
                    feature="TIME_OFF", parse=TimeOffRequest.model_validate, idempotent=True)

    @operation
    def balances(self, *, policy_id: str | None = None, user_id: str | None = None) -> Call:
        """Balances under one policy (every member) or of one member (every policy)."""
        if (policy_id is None) == (user_id is None):
            raise InvalidInput("policy_id", "give exactly one of policy_id or user_id")
        where = ("policy", require_id(policy_id, "policy_id")) if policy_id else ("user", require_id(user_id, "user_id"))
        return Call("GET", self._path("time-off", "balance", *where), feature="TIME_OFF",
                    parse=lambda d: d["balances"])

    @operation
    def adjust_balance(self, policy_id: str, user_ids: list[str], value: float, *, note: str = "") -> Call:
        """Add ``value`` days or hours to members' balances under a policy."""
        return Call("PATCH", self._path("time-off", "balance", "policy", require_id(policy_id, "policy_id")),
                    json={"userIds": ids(user_ids, "user_ids"), "value": float(value), "note": note}, feature="TIME_OFF")

    @operation
    def assign_balance(self, policy_id: str, user_ids: list[str], balance: float, *, start: date | None = None,
                       end: date | None = None, note: str | None = None) -> Call:
        """Grant ``balance`` days or hours under a policy to members, usable from ``start`` to ``end``
        (default: today until the same day next year)."""
        if not isinstance(balance, (int, float)) or isinstance(balance, bool):
            raise InvalidInput("balance", "must be a number")
        span = {k: v.isoformat() for k, v in (("start", start), ("end", end)) if v is not None}
        return Call("POST", self._path("time-off", "balance", "assignment"), feature="TIME_OFF",
                    json=body(policy_id=require_id(policy_id, "policy_id"), user_ids=ids(user_ids, "user_ids"),
                              balance=float(balance), date_range=span or None, note=note))

    @operation
    def balance_assignments(self, user_id: str, policy_id: str) -> Call:
        """A member's balance assignments under a policy."""
        return Call("GET", self._path("time-off", "balance", "assignment", "user", require_id(user_id, "user_id"),
                                      "policy", require_id(policy_id, "policy_id")), feature="TIME_OFF")

    @operation
    def change_assignment(self, assignment_id: str, user_id: str, policy_id: str, change: float, *,
                          note: str | None = None) -> Call:
        """Change a balance assignment's amount by ``change`` (negative takes some back)."""
        if not isinstance(change, (int, float)) or isinstance(change, bool):
            raise InvalidInput("change", "must be a number")
        return Call("PUT", self._assignment(assignment_id, user_id, policy_id), feature="TIME_OFF",
                    json=body(balance_change=float(change), note=note), idempotent=False)

    @operation
    def remove_assignment(self, assignment_id: str, user_id: str, policy_id: str, note: str) -> Call:
        """Take a balance assignment back; ``note`` says why (Clockify requires one)."""
        return Call("DELETE", self._assignment(assignment_id, user_id, policy_id), feature="TIME_OFF",
                    json={"note": str(note)})

    def _assignment(self, assignment_id: str, user_id: str, policy_id: str) -> str:
        return self._path("time-off", "balance", "assignment", require_id(assignment_id, "assignment_id"), "user",
                          require_id(user_id, "user_id"), "policy", require_id(policy_id, "policy_id"))

    @operation
    def withdraw(self, policy_id: str, request_id: str) -> Call:
        """Delete a time-off request."""
        return Call("DELETE", self._path("time-off", "policies", require_id(policy_id, "policy_id"), "requests",
                                         require_id(request_id, "request_id")), feature="TIME_OFF",
                    parse=TimeOffRequest.model_validate)

    @operation
    def requests(self, *, statuses: list[str] | None = None) -> Call:
        """Requests of the workspace (a search sent as POST)."""
        return Call("POST", self._path("time-off", "requests"), json=body(statuses=statuses), feature="TIME_OFF",
                    idempotent=True, parse=lambda d: [TimeOffRequest.model_validate(r) for r in d["requests"]])
