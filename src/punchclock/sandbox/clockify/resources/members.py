"""Member profiles and manager roles (team managers, project managers, admins)."""

from __future__ import annotations

from punchclock.sandbox.clockify import errors
from punchclock.sandbox.clockify.resources._base import Resource, check_name
from punchclock.timeutil import parse_duration

NAME = "members"
ROLES = ("TEAM_MANAGER", "PROJECT_MANAGER", "WORKSPACE_ADMIN")
DAYS = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")


class Service(Resource):
    """Profile and role rules."""

    def _roles(self, ws) -> dict:
        return ws.collection("manager_roles")

    def stored(self, ws, user_id: str) -> dict:
        """The workspace-specific part of a member's profile (capacity, working days, custom field values),
        stored so that it can be changed."""
        return ws.collection("profiles").setdefault(user_id, _default_profile())

    def profile(self, ws, caller, user_id: str, changes: dict | None = None) -> dict:
        """A member's profile in this workspace; ``changes`` (yours, or anyone's as an admin) update it first,
        all checked before any is stored."""
        user = self.backend.member(ws, user_id)
        if changes:
            self.backend.require_self_or_admin(ws, caller, user_id)
            name, updates = _checked_profile(changes)
            if name is not None:
                user["name"] = name
            self.stored(ws, user_id).update(updates)
        stored = ws.collection("profiles").get(user_id) or _default_profile()
        pending = any(r["owner"]["userId"] == user_id and r["status"]["state"] == "PENDING"
                      for r in ws.collection("approvals").values())
        return {"name": user["name"], "email": user["email"], "imageUrl": user["profilePicture"], "hasPassword": True,
                "hasPendingApprovalRequest": pending, "workspaceNumber": len([w for w in self.backend.state.workspaces.values()
                                                                             if user_id in w.roles]), **stored}

    def grant(self, ws, caller, user_id: str, body: dict) -> list[dict]:
        """Give a member a manager role over an entity (a user for TEAM_MANAGER, a project...)."""
        self.backend.require_admin(ws, caller)
        self.backend.member(ws, user_id)
        role = body.get("role")
        if role not in ROLES:
            raise errors.invalid("You entered invalid value for field: [role]")
        entity = body.get("entityId")
        if role == "TEAM_MANAGER":
            self.backend.member(ws, entity)
        elif role == "PROJECT_MANAGER":
            self.backend.projects.get(ws, entity)
        assignments = self._roles(ws).setdefault(user_id, [])
        if not any(a["role"] == role and a["entityId"] == entity for a in assignments):
            assignments.append({"role": role, "entityId": entity, "sourceType": body.get("sourceType") or "USER"})
        return [{"role": a["role"], "userId": user_id, "workspaceId": ws.id} for a in assignments]

    def revoke(self, ws, caller, user_id: str, body: dict) -> None:
        """Take a manager role away."""
        self.backend.require_admin(ws, caller)
        self.backend.member(ws, user_id)
        assignments = self._roles(ws).get(user_id, [])
        kept = [a for a in assignments if not (a["role"] == body.get("role") and a["entityId"] == body.get("entityId"))]
        if len(kept) == len(assignments):
            raise errors.invalid("User doesn't have this role")
        self._roles(ws)[user_id] = kept

    def managers(self, ws, caller, user_id: str) -> list[dict]:
        """The team managers of a member."""
        self.backend.member(ws, user_id)
        ids = [uid for uid, roles in self._roles(ws).items()
               if any(a["role"] == "TEAM_MANAGER" and a["entityId"] == user_id for a in roles)]
        return [self.backend.users.render(self.backend.state.users[uid], ws) for uid in ids]


def _default_profile() -> dict:
    return {"weekStart": "MONDAY", "workCapacity": "PT8H", "workingDays": list(DAYS[:5]), "userCustomFieldValues": []}


def _checked_profile(changes: dict) -> tuple[str | None, dict]:
    """The new name (or None) and the profile fields a change sets; a bad value is refused (400/501)."""
    name = check_name(changes["name"], "User", high=100) if changes.get("name") is not None else None
    updates = {}
    if changes.get("weekStart") is not None:
        if changes["weekStart"] not in DAYS:
            raise errors.invalid("You entered invalid value for field: [weekStart]")
        updates["weekStart"] = changes["weekStart"]
    if changes.get("workCapacity") is not None:
        try:
            parse_duration(changes["workCapacity"])
        except ValueError:
            raise errors.invalid("workCapacity: must be an ISO-8601 duration such as PT8H") from None
        updates["workCapacity"] = changes["workCapacity"]
    if changes.get("workingDays") is not None:
        if not set(changes["workingDays"]) <= set(DAYS):
            raise errors.invalid("You entered invalid value for field: [workingDays]")
        updates["workingDays"] = list(changes["workingDays"])
    return name, updates
