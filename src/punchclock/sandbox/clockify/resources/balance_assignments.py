"""Time-off balance assignments: amounts granted to a member under a policy for a date range.

Each assignment adds to the member's balance (``GET /time-off/balance/...`` reads the sum); an
update changes its amount by ``balanceChange``; a delete takes it back. Without a date range an
assignment runs from today to the same day next year, as the spec says.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from punchclock.sandbox.clockify import errors
from punchclock.sandbox.clockify.resources._base import Resource

NAME = "balance_assignments"


def _day(value, field: str) -> str:
    try:
        return date.fromisoformat(value).isoformat()
    except (TypeError, ValueError):
        raise errors.invalid(f"{field}: must be a date in the format yyyy-MM-dd") from None


class Service(Resource):
    """Balance assignment rules: admins only; a paid feature with time off."""

    def _range(self, body: dict) -> dict:
        given = body.get("dateRange") if isinstance(body.get("dateRange"), dict) else {}
        today = datetime.fromtimestamp(self.backend.now(), timezone.utc).date()
        start = _day(given["start"], "dateRange.start") if given.get("start") else today.isoformat()
        end = _day(given["end"], "dateRange.end") if given.get("end") else \
            date(int(start[:4]) + 1, int(start[5:7]), min(int(start[8:]), 28)).isoformat()
        if end < start:
            raise errors.invalid("dateRange: end must not be before start")
        return {"start": start + "T00:00:00Z", "end": end + "T23:59:59Z"}

    def _grant(self, ws, policy_id: str, user_id: str, amount: float) -> None:
        balances = ws.collection("balances")
        balances[(policy_id, user_id)] = balances.get((policy_id, user_id), 0.0) + amount

    def create(self, ws, caller, body: dict) -> None:
        """Grant ``balance`` under ``policyId`` to each of ``userIds``."""
        self.backend.require_admin(ws, caller)
        policy = self.backend.time_off.get(ws, body.get("policyId"))
        amount = body.get("balance")
        if not isinstance(amount, (int, float)) or isinstance(amount, bool):
            raise errors.invalid("balance: must not be null")
        users = body.get("userIds")
        if not isinstance(users, list) or not users:
            raise errors.invalid("userIds: must not be empty")
        for user_id in users:
            self.backend.member(ws, user_id)
        span = self._range(body)
        for user_id in users:
            record = {"id": self.backend.new_id(), "workspaceId": ws.id, "policyId": policy["id"], "userId": user_id,
                      "balance": float(amount), "accrued": 0.0, "dateRange": span, "note": str(body.get("note") or "")}
            ws.collection("balance_assignments")[record["id"]] = record
            self._grant(ws, policy["id"], user_id, float(amount))

    def list(self, ws, caller, user_id: str, policy_id: str) -> list[dict]:
        """A member's assignments under a policy (their own, or anyone's for admins)."""
        self.backend.require_self_or_admin(ws, caller, user_id)
        self.backend.member(ws, user_id)
        self.backend.time_off.get(ws, policy_id)
        rows = [r for r in ws.collection("balance_assignments").values()
                if r["userId"] == user_id and r["policyId"] == policy_id]
        return [{k: v for k, v in r.items() if k != "note"} for r in rows]

    def _find(self, ws, assignment_id: str, user_id: str, policy_id: str) -> dict:
        record = ws.collection("balance_assignments").get(assignment_id)
        if record is None or record["userId"] != user_id or record["policyId"] != policy_id:
            raise errors.not_in_workspace("Balance assignment")
        return record

    def update(self, ws, caller, assignment_id: str, user_id: str, policy_id: str, body: dict) -> None:
        """Change an assignment's amount by ``balanceChange`` (and its range, when given)."""
        self.backend.require_admin(ws, caller)
        record = self._find(ws, assignment_id, user_id, policy_id)
        change = body.get("balanceChange")
        if not isinstance(change, (int, float)) or isinstance(change, bool):
            raise errors.invalid("balanceChange: must not be null")
        if isinstance(body.get("dateRange"), dict):
            record["dateRange"] = self._range(body)
        record["balance"] += float(change)
        self._grant(ws, policy_id, user_id, float(change))

    def delete(self, ws, caller, assignment_id: str, user_id: str, policy_id: str, note) -> None:
        """Take an assignment back (a ``note`` says why)."""
        self.backend.require_admin(ws, caller)
        if not isinstance(note, str):
            raise errors.invalid("note: must not be null")
        record = self._find(ws, assignment_id, user_id, policy_id)
        del ws.collection("balance_assignments")[assignment_id]
        self._grant(ws, policy_id, user_id, -record["balance"])
