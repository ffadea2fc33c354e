"""Holidays: whole-workspace or per-user days off; listed whole (Clockify ignores paging here)."""

from __future__ import annotations

from datetime import date

from punchclock.sandbox.clockify import errors
from punchclock.sandbox.clockify.resources._assignees import automatic_entries, everyone, read_assignees
from punchclock.sandbox.clockify.resources._base import Records, check_name

NAME = "holidays"


def parse_day(value, field: str) -> str:
    """A ``yyyy-mm-dd`` day, or 400/501 naming the field."""
    try:
        return date.fromisoformat(str(value)[:10]).isoformat()
    except ValueError:
        raise errors.invalid(f"{field}: must be a date in the format yyyy-MM-dd") from None


class Service(Records):
    """Holiday rules."""

    collection = "holidays"
    kind = "Holiday"
    entity_type = "HOLIDAYS"

    def list(self, ws, *, start: str | None = None, end: str | None = None, assigned_to: str | None = None) -> list[dict]:
        """Every holiday, or those overlapping ``[start, end]`` (days); with ``assigned_to``, only the
        holidays of that user (everyone's, theirs by name or through one of their groups)."""
        rows = sorted(self.items(ws).values(), key=lambda h: h["datePeriod"]["startDate"])
        if start and end:
            rows = [h for h in rows if h["datePeriod"]["startDate"] <= end and h["datePeriod"]["endDate"] >= start]
        if assigned_to:
            rows = [h for h in rows if _applies_to(ws, h, assigned_to)]
        return [dict(h) for h in rows]

    def write(self, ws, caller, body: dict, holiday_id: str | None = None) -> dict:
        """Create (``holiday_id`` None) or replace a holiday: admins only."""
        self.backend.require_admin(ws, caller)
        period = body.get("datePeriod") or {}
        start = parse_day(period.get("startDate"), "datePeriod.startDate")
        end = parse_day(period.get("endDate") or start, "datePeriod.endDate")
        if end < start:
            raise errors.invalid("datePeriod: end date must not be before start date")
        users, groups = read_assignees(self.backend, ws, body)
        record = self.get(ws, holiday_id) if holiday_id else {"id": self.backend.new_id(), "workspaceId": ws.id}
        record.update(name=check_name(body.get("name"), "Holiday", high=100), datePeriod={"startDate": start, "endDate": end},
                      occursAnnually=bool(body.get("occursAnnually", False)),
                      everyoneIncludingNew=everyone(body, users, groups), userIds=users, userGroupIds=groups,
                      **_automatic(body))
        if isinstance(body.get("color"), str):
            record["color"] = body["color"]
        return self.save(ws, record, holiday_id is None)

    def delete(self, ws, caller, holiday_id: str) -> dict:
        """Delete a holiday: admins only; the answer is the spec's ``HolidayDetailsDto`` (assignees
        named, automatic entry creation as ``{enabled, defaultEntities}``)."""
        self.backend.require_admin(ws, caller)
        record = self.remove(ws, holiday_id)
        defaults = {k: record.pop(k) for k in ("projectId", "taskId") if record.get(k)}
        record["automaticTimeEntryCreation"] = {"enabled": record["automaticTimeEntryCreation"],
                                                "defaultEntities": defaults}
        record["users"] = [{"id": u, "name": self.backend.state.users[u]["name"]} for u in record["userIds"]
                           if u in self.backend.state.users]
        record["userGroups"] = [{"id": g, "name": ws.groups[g]["name"]} for g in record["userGroupIds"] if g in ws.groups]
        return record



def _applies_to(ws, holiday: dict, user_id: str) -> bool:
    """Whether a holiday is the user's: everyone's, theirs by name, or one of their groups'."""
    groups = (ws.groups.get(g) or {} for g in holiday.get("userGroupIds") or [])
    return bool(holiday.get("everyoneIncludingNew")) or user_id in (holiday.get("userIds") or []) or \
        any(user_id in g.get("userIds", []) for g in groups)

def _automatic(body: dict) -> dict:
    """``HolidayDto``'s flat form of automatic entry creation: a boolean and the default project/task."""
    settings = automatic_entries(body)
    return {"automaticTimeEntryCreation": settings["enabled"], **settings["defaultEntities"]}
