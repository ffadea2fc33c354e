"""Time-off policies and requests (a paid feature: 403 on free workspaces)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from punchclock.sandbox.clockify import errors
from punchclock.sandbox.clockify.resources._assignees import automatic_entries, everyone, read_assignees
from punchclock.sandbox.clockify.resources._base import Records, check_name, check_unique_name
from punchclock.timeutil import format_instant, parse_instant

NAME = "time_off"
ICONS = ("UMBRELLA", "SNOWFLAKE", "FAMILY", "PLANE", "STETHOSCOPE", "HEALTH_METRICS")


def requested_period(period) -> tuple[datetime, datetime]:
    """The ``timeOffPeriod.period`` of a request: ``yyyy-MM-dd`` days as the spec writes them (the end
    day included whole; ``days`` instead of ``end`` counts from the start), or timestamps."""
    inner = period.get("period") if isinstance(period, dict) else None
    inner = inner if isinstance(inner, dict) else (period if isinstance(period, dict) else {})
    start, end, days = inner.get("start"), inner.get("end"), inner.get("days")
    try:
        first = _instant(start, end_of_day=False)
        if end is None and isinstance(days, int) and not isinstance(days, bool) and 1 <= days <= 999:
            return first, first + timedelta(days=days, seconds=-1)
        return first, _instant(end, end_of_day=True)
    except (TypeError, ValueError):
        raise errors.invalid("timeOffPeriod.period: needs a start and an end date (yyyy-MM-dd)") from None


def _instant(value, *, end_of_day: bool) -> datetime:
    if isinstance(value, str) and len(value) == 10:
        day = datetime.combine(date.fromisoformat(value), time(), UTC)
        return day + timedelta(days=1, seconds=-1) if end_of_day else day
    if not isinstance(value, str):
        raise TypeError(value)
    return parse_instant(value)


class Requests(Records):
    """Time-off requests."""

    collection = "time_off_requests"
    kind = "Time off request"
    feature = "policies"
    entity_type = "TIME_OFF_REQUEST"
    events = ("TIME_OFF_REQUESTED", "TIME_OFF_REQUEST_UPDATED", "")


class Service(Records):
    """Policy rules; ``requests`` holds the requests made under them."""

    collection = "policies"
    kind = "Policy"
    feature = "policies"
    entity_type = "PTO_POLICY"

    def __init__(self, backend):
        super().__init__(backend)
        self.requests = Requests(backend)

    def list(self, ws, *, name: str | None = None, status: str | None = None) -> list[dict]:
        """Policies by name; ``status`` ACTIVE or ARCHIVED."""
        rows = sorted(self.items(ws).values(), key=lambda p: p["name"].lower())
        if name:
            rows = [p for p in rows if name.lower() in p["name"].lower()]
        if status in ("ACTIVE", "ARCHIVED"):
            rows = [p for p in rows if p["archived"] == (status == "ARCHIVED")]
        return [dict(p) for p in rows]

    def write(self, ws, caller, body: dict, policy_id: str | None = None) -> dict:
        """Create or replace a policy: admins only. The unit is set on create (the update request has
        no ``timeUnit``; one sent anyway is taken, as the lenient default takes unknown fields)."""
        self.backend.require_admin(ws, caller)
        existing = self.get(ws, policy_id) if policy_id else None
        name = check_name(body.get("name"), "Policy", high=100)
        check_unique_name(self.items(ws).values(), name, "Policy", skip=policy_id)
        unit = body.get("timeUnit") or (existing or {}).get("timeUnit") or "DAYS"
        if unit not in ("DAYS", "HOURS"):
            raise errors.invalid("You entered invalid value for field: [timeUnit]")
        icon = body.get("icon") or "UMBRELLA"
        if icon not in ICONS:
            raise errors.invalid("You entered invalid value for field: [icon]")
        users, groups = read_assignees(self.backend, ws, body)
        approve = body.get("approve") if isinstance(body.get("approve"), dict) else {}
        record = existing or {"id": self.backend.new_id(), "workspaceId": ws.id, "archived": False}
        record.update(name=name, timeUnit=unit, icon=icon, color=body.get("color") or "#8BC34A",
                      allowHalfDay=bool(body.get("allowHalfDay", False)),
                      allowNegativeBalance=bool(body.get("allowNegativeBalance", False)),
                      everyoneIncludingNew=everyone(body, users, groups), userIds=users, userGroupIds=groups,
                      automaticTimeEntryCreation=automatic_entries(body),
                      approve={"requiresApproval": bool(approve.get("requiresApproval", True)),
                               "specificMembers": False, "teamManagers": False, "userIds": []})
        return self.save(ws, record, existing is None)

    def set_status(self, ws, caller, policy_id: str, status) -> dict:
        """Archive (``ARCHIVED``) or restore (``ACTIVE``) a policy."""
        self.backend.require_admin(ws, caller)
        if status not in ("ACTIVE", "ARCHIVED"):
            raise errors.invalid("You entered invalid value for field: [status]")
        record = self.get(ws, policy_id)
        record["archived"] = status == "ARCHIVED"
        return self.save(ws, record, False)

    def delete(self, ws, caller, policy_id: str) -> dict:
        """Delete an archived policy."""
        self.backend.require_admin(ws, caller)
        if not self.get(ws, policy_id)["archived"]:
            raise errors.invalid("Cannot delete an active policy")
        return self.remove(ws, policy_id)

    def request(self, ws, caller, policy_id: str, user_id: str, body: dict) -> dict:
        """Ask for time off under a policy (for yourself, or for others as an admin)."""
        self.backend.require_self_or_admin(ws, caller, user_id)
        self.backend.member(ws, user_id)
        policy = self.get(ws, policy_id)
        if policy["archived"]:
            raise errors.invalid("Policy is archived")
        start, end = requested_period(body.get("timeOffPeriod"))
        if end < start:
            raise errors.invalid("timeOffPeriod: end must not be before start")
        status = "PENDING" if policy["approve"]["requiresApproval"] else "APPROVED"
        record = {"id": self.backend.new_id(), "workspaceId": ws.id, "policyId": policy_id, "userId": user_id,
                  "note": body.get("note") or "", "status": {"statusType": status, "changedAt": format_instant(self.backend.now())},
                  "timeOffPeriod": {"period": {"start": format_instant(start.timestamp()), "end": format_instant(end.timestamp())}}}
        return self.requests.save(ws, record, True)

    def decide(self, ws, caller, policy_id: str, request_id: str, status) -> dict:
        """Approve or reject a request (admins), or withdraw your own."""
        record = self.requests.get(ws, request_id)
        if record["policyId"] != policy_id:
            raise errors.not_in_workspace("Time off request")
        if status == "WITHDRAWN":
            self.backend.require_self_or_admin(ws, caller, record["userId"])
        elif status in ("APPROVED", "REJECTED"):
            self.backend.require_admin(ws, caller)
        else:
            raise errors.invalid("You entered invalid value for field: [status]")
        record["status"] = {"statusType": status, "changedAt": format_instant(self.backend.now())}
        return self.requests.save(ws, record, False)

    def withdraw(self, ws, caller, policy_id: str, request_id: str) -> dict:
        """Delete a request (yours, or anyone's as an admin); returns it."""
        record = self.requests.get(ws, request_id)
        if record["policyId"] != policy_id:
            raise errors.not_in_workspace("Time off request")
        self.backend.require_self_or_admin(ws, caller, record["userId"])
        return self.requests.remove(ws, request_id)

    def _balance(self, ws, policy: dict, user_id: str) -> dict:
        granted = ws.collection("balances").get((policy["id"], user_id), 0.0)
        used = 0.0
        for r in self.requests.items(ws).values():
            if r["policyId"] == policy["id"] and r["userId"] == user_id and r["status"]["statusType"] == "APPROVED":
                period = r["timeOffPeriod"]["period"]
                seconds = (parse_instant(period["end"]) - parse_instant(period["start"])).total_seconds()
                seconds = -(-seconds // 60) * 60  # whole minutes: a day's inclusive end (23:59:59) completes it
                used += seconds / (86400 if policy["timeUnit"] == "DAYS" else 3600)
        user = self.backend.state.users[user_id]
        return {"id": f"{policy['id'][:12]}{user_id[-12:]}", "workspaceId": ws.id, "policyId": policy["id"],
                "policyName": policy["name"], "policyTimeUnit": policy["timeUnit"], "policyArchived": policy["archived"],
                "userId": user_id, "userName": user["name"], "total": granted, "used": used, "balance": granted - used,
                "negativeBalanceAmount": 0, "negativeBalanceLimit": False, "negativeBalanceUsed": 0}

    def balances(self, ws, caller, *, policy_id: str | None = None, user_id: str | None = None) -> dict:
        """``{balances, count}`` for one policy (every member) or one member (every policy)."""
        if user_id:
            self.backend.require_self_or_admin(ws, caller, user_id)
            self.backend.member(ws, user_id)
            rows = [self._balance(ws, p, user_id) for p in self.list(ws)]
        else:
            policy = self.get(ws, policy_id)
            users = [caller.id] if ws.roles.get(caller.id) == "member" else list(ws.roles)
            rows = [self._balance(ws, policy, u) for u in users]
        return {"balances": rows, "count": len(rows)}

    def adjust(self, ws, caller, policy_id: str, body: dict) -> None:
        """Add ``value`` (days or hours) to the balance of ``userIds`` under a policy."""
        self.backend.require_admin(ws, caller)
        self.get(ws, policy_id)
        value = body.get("value")
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise errors.invalid("value: must not be null")
        for user_id in body.get("userIds") or []:
            self.backend.member(ws, user_id)
            key = (policy_id, user_id)
            ws.collection("balances")[key] = ws.collection("balances").get(key, 0.0) + float(value)

    def search(self, ws, caller, body: dict) -> dict:
        """``POST /time-off/requests``: ``{count, requests}`` filtered by statuses and users."""
        self.items(ws)
        rows = list(self.requests.items(ws).values())
        if ws.roles.get(caller.id) == "member":
            rows = [r for r in rows if r["userId"] == caller.id]
        statuses = body.get("statuses") or []
        if statuses and "ALL" not in statuses:
            rows = [r for r in rows if r["status"]["statusType"] in statuses]
        if body.get("users"):
            rows = [r for r in rows if r["userId"] in body["users"]]
        return {"count": len(rows), "requests": [dict(r) for r in rows]}
