"""Workspaces: creation (used by the seeder and ``POST /workspaces``), listing, rates."""

from __future__ import annotations

from punchclock.sandbox.clockify import errors
from punchclock.sandbox.clockify.backend import Caller
from punchclock.sandbox.clockify.resources._base import Resource, check_name, rate
from punchclock.sandbox.clockify.state import Workspace

NAME = "workspaces"

PRO_FEATURES = [
    "ADD_TIME_FOR_OTHERS", "ADMIN_PANEL", "ALERTS", "APPROVAL", "AUDIT_LOG", "BULK_EDIT",
    "CUSTOM_FIELDS", "EXPENSES", "INVOICING", "LABOR_COST", "WORKSPACE_LOCK_TIMEENTRIES", "ONE_YEAR_RANGE_REPORTS",
    "PROJECT_TEMPLATES", "REQUIRED_FIELDS", "SCHEDULING", "SHARED_REPORTS", "TASK_RATES", "TIME_OFF",
    "TIME_TRACKING", "WHO_CAN_SEE_ALL_TIME_ENTRIES",
]
FREE_FEATURES = ["TIME_TRACKING"]


class Service(Resource):
    """Workspace rules."""

    def create(self, owner_id: str, name: str, *, plan: str = "pro", currency: str = "USD",
               hourly_rate: int = 0, cost_rate: int = 0) -> Workspace:
        """Make a workspace owned by ``owner_id``."""
        b = self.backend
        ws_id = b.new_id()
        record = {
            "id": ws_id,
            "name": name,
            "hourlyRate": rate(hourly_rate, currency),
            "costRate": rate(cost_rate, currency),
            "memberships": [],
            "workspaceSettings": {
                "adminOnlyPages": [], "canSeeTimeSheet": True,
                "canSeeTracker": True, "defaultBillableProjects": True, "durationFormat": "FULL",
                "forceDescription": False, "forceProjects": False, "forceTags": False, "forceTasks": False,
                "isProjectPublicByDefault": True, "onlyAdminsCreateProject": False,
                "onlyAdminsCreateTag": False, "onlyAdminsCreateTask": False, "onlyAdminsSeeAllTimeEntries": False,
                "onlyAdminsSeeBillableRates": False, "onlyAdminsSeeDashboard": False,
                "onlyAdminsSeePublicProjectsEntries": False, "projectFavorites": True,
                "projectGroupingLabel": "client", "projectPickerSpecialFilter": False,
                "round": {"minutes": "15", "round": "Round to nearest"}, "timeRoundingInReports": False,
                "timeTrackingMode": "DEFAULT", "trackTimeDownToSecond": True,
                "workingDays": ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"],
            },
            "imageUrl": "",
            "featureSubscriptionType": "FREE" if plan == "free" else "PRO_2021",
            "features": list(FREE_FEATURES if plan == "free" else PRO_FEATURES),
            "currencies": [{"id": b.new_id(), "code": currency, "isDefault": True}],
            "subdomain": {"enabled": False, "name": ""},
            "cakeOrganizationId": b.new_id(),
        }
        ws = Workspace(record=record, plan=plan)
        b.state.workspaces[ws_id] = ws
        self.add_member(ws, owner_id, "owner")
        return ws

    def add_member(self, ws: Workspace, user_id: str, role: str, *, hourly_rate: int | None = None,
                   cost_rate: int | None = None) -> None:
        """Put a user into a workspace with a role and optional personal rates."""
        ws.roles[user_id] = role
        ws.members[user_id] = {"hourly": hourly_rate, "cost": cost_rate, "status": "ACTIVE"}
        user = self.backend.state.users[user_id]
        if not user.get("defaultWorkspace"):
            user["defaultWorkspace"] = user["activeWorkspace"] = ws.id

    def render(self, ws: Workspace) -> dict:
        """The workspace as Clockify sends it, memberships included."""
        out = dict(ws.record)
        out["memberships"] = [self.backend.users.membership(ws, uid) for uid in ws.roles]
        return out

    def list_for(self, caller: Caller, roles: list[str] | None = None) -> list[dict]:
        """Workspaces the caller belongs to, optionally only where they hold one of ``roles``."""
        names = {"OWNER": "owner", "WORKSPACE_ADMIN": "admin", "ADMIN": "admin"}
        wanted = {names.get(r.upper(), r.lower()) for r in roles or []}
        out = []
        for ws in self.backend.state.workspaces.values():
            role = ws.roles.get(caller.id)
            if role and (not wanted or role in wanted):
                out.append(self.render(ws))
        return out

    def create_for(self, caller: Caller, name, organization_id: str | None = None) -> dict:
        """``POST /workspaces``: a new free workspace owned by the caller, in ``organization_id`` when
        given (its ``cakeOrganizationId``)."""
        name = check_name(name, "Workspace", low=2, high=50)
        ws = self.create(caller.id, name, plan="free")
        if organization_id:
            ws.record["cakeOrganizationId"] = organization_id
        return self.render(ws)

    def set_rate(self, ws: Workspace, caller: Caller, kind: str, amount: int, currency: str | None = None) -> dict:
        """Change the workspace's default billable (``hourly``) or cost rate (in ``currency``, by default
        the workspace's)."""
        self.backend.require_admin(ws, caller)
        if amount < 0:
            raise errors.invalid("Rate amount must be positive")
        code = currency or ws.record["currencies"][0]["code"]
        ws.record["hourlyRate" if kind == "hourly" else "costRate"] = rate(amount, code)
        return self.render(ws)
