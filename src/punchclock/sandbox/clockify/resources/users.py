"""Users: the caller, workspace members, their rates and roles."""

from __future__ import annotations

import hashlib
import time

from punchclock.sandbox.clockify import errors
from punchclock.sandbox.clockify.backend import Caller
from punchclock.sandbox.clockify.resources._base import Resource, by_name, currency_of, rate, sort_rows
from punchclock.sandbox.clockify.state import Workspace

NAME = "users"
IMAGE_TYPES = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif"}
IMAGE_HOST = "https://avatar.sandbox.invalid"  # live answers its CDN's address; the sandbox keeps no image

ROLE_NAMES = {"owner": "OWNER", "admin": "WORKSPACE_ADMIN"}


class Service(Resource):
    """User rules."""

    def create(self, name: str, email: str, *, time_zone: str = "Etc/UTC") -> dict:
        """Make a user (not yet in any workspace)."""
        user_id = self.backend.new_id()
        user = {
            "id": user_id,
            "email": email,
            "name": name,
            "activeWorkspace": "",
            "defaultWorkspace": "",
            "profilePicture": "https://img.clockify.me/no-user-image.png",
            "status": "ACTIVE",
            "memberships": [],
            "customFields": [],
            "settings": {
                "weekStart": "MONDAY", "timeZone": time_zone, "timeFormat": "HOUR24", "dateFormat": "yyyy-MM-dd",
                "sendNewsletter": False, "weeklyUpdates": False, "longRunning": False,
                "scheduledReports": True, "approval": True, "pto": True, "alerts": True, "reminders": True,
                "timeTrackingManual": False, "summaryReportSettings": {"group": "PROJECT", "subgroup": "CLIENT"},
                "isCompactViewOn": False, "dashboardSelection": "ME", "dashboardViewType": "PROJECT",
                "dashboardPinToTop": False, "projectListCollapse": 50, "collapseAllProjectLists": False,
                "groupSimilarEntriesDisabled": False, "myStartOfDay": "09:00", "lang": "EN", "theme": "DARK",
                "multiFactorEnabled": False, "scheduling": False, "onboarding": False, "showOnlyWorkingDays": False,
            },
        }
        self.backend.state.users[user_id] = user
        return user

    def membership(self, ws: Workspace, user_id: str) -> dict:
        """The user's WORKSPACE membership, with personal rates when set."""
        rates = ws.members.get(user_id) or {}
        cur = currency_of(ws)
        out = {"userId": user_id, "targetId": ws.id, "membershipType": "WORKSPACE",
               "membershipStatus": rates.get("status", "ACTIVE")}
        if rates.get("hourly") is not None:
            out["hourlyRate"] = rate(rates["hourly"], cur)
        if rates.get("cost") is not None:
            out["costRate"] = rate(rates["cost"], cur)
        return out

    def render(self, user: dict, ws: Workspace | None = None, *, memberships: bool = False,
               roles: bool = False) -> dict:
        """A user as Clockify sends it; memberships only when asked for."""
        out = dict(user)
        out["memberships"] = []
        if memberships:
            spaces = [ws] if ws else [w for w in self.backend.state.workspaces.values() if user["id"] in w.roles]
            out["memberships"] = [self.membership(w, user["id"]) for w in spaces]
        if roles and ws is not None:
            role = ws.roles.get(user["id"])
            out["roles"] = [{"role": ROLE_NAMES[role], "entities": []}] if role in ROLE_NAMES else []
        return out

    def me(self, caller: Caller, *, include_memberships: bool = False) -> dict:
        """``GET /user``."""
        return self.render(caller.user, memberships=include_memberships)

    def list(self, ws: Workspace, caller: Caller, *, email=None, name=None, status=None, sort_column=None,
             sort_order=None, memberships=None, include_roles=False, project_id=None) -> list[dict]:
        """``GET /workspaces/{ws}/users`` with Clockify's filters."""
        users = [self.backend.state.users[uid] for uid in ws.roles]
        if email:
            users = [u for u in users if email.lower() in u["email"].lower()]
        users = by_name(users, name, strict=False)
        if status and status.upper() != "ALL":
            users = [u for u in users if u["status"] == status.upper()]
        if project_id:
            project = self.backend.projects.get(ws, project_id)
            allowed = {m["userId"] for m in project["memberships"]}
            users = [u for u in users if project["public"] or u["id"] in allowed]
        users = sort_rows(users, sort_column, sort_order,
                          {"ID": "id", "EMAIL": "email", "NAME": "name", "NAME_LOWERCASE": "name"}, "EMAIL")
        with_m = bool(memberships) and memberships.upper() not in ("NONE",)
        return [self.render(u, ws, memberships=with_m, roles=include_roles) for u in users]

    def invite(self, ws: Workspace, caller: Caller, email) -> None:
        """``POST /users``: add someone by email (paid plans only); new people join as PENDING members."""
        self.backend.require_admin(ws, caller)
        self.backend.require_plan(ws, "add-users")
        if not isinstance(email, str) or "@" not in email or len(email) > 254:
            raise errors.invalid("email: must be a well-formed email address")
        user = next((u for u in self.backend.state.users.values() if u["email"].lower() == email.lower()), None)
        if user is not None and user["id"] in ws.roles:
            raise errors.invalid("User with this email already exists in the workspace")
        if user is None:
            user = self.create(email.split("@")[0].replace(".", " ").title(), email)
            user["status"] = "PENDING_EMAIL_VERIFICATION"
        self.backend.workspaces.add_member(ws, user["id"], "member")
        ws.members[user["id"]]["status"] = "PENDING"
        ws.log_change("created", "USER", user["id"], self.backend.now())
        self.backend.emit(ws, "USERS_INVITED_TO_WORKSPACE", self.render(user, ws, memberships=True))

    def add_limited(self, ws: Workspace, caller: Caller, people: list) -> dict:
        """``POST /limited-users``: members without an account or email (1 to 250), who cannot log in;
        each may carry rates and groups. Answers ``{users: [...]}`` with the new members."""
        self.backend.require_admin(ws, caller)
        if not isinstance(people, list) or not 1 <= len(people) <= 250:
            raise errors.invalid("users: size must be between 1 and 250")
        for person in people:
            if not isinstance(person, dict) or not isinstance(person.get("name"), str) or not person["name"].strip():
                raise errors.invalid("users[].name: must not be blank")
            for group_id in person.get("userGroups") or []:
                if group_id not in ws.groups:
                    raise errors.not_in_workspace("User group")
        made = []
        for person in people:
            user = self.create(person["name"].strip(), "")
            user["status"] = "LIMITED"
            self.backend.workspaces.add_member(ws, user["id"], "member")
            for field, kind in (("hourlyRate", "hourly"), ("costRate", "cost")):
                if isinstance(person.get(field), int) and not isinstance(person.get(field), bool):
                    self.set_rate(ws, caller, user["id"], kind, person[field])
            for group_id in person.get("userGroups") or []:
                ws.groups[group_id]["userIds"].append(user["id"])
            ws.log_change("created", "USER", user["id"], self.backend.now())
            made.append(self.render(user, ws))
        self.backend.emit(ws, "LIMITED_USERS_ADDED_TO_WORKSPACE", {"users": made})
        return {"users": made}

    def set_rate(self, ws: Workspace, caller: Caller, user_id: str, kind: str, amount: int) -> dict:
        """Set a member's personal billable (``hourly``) or cost rate in this workspace."""
        self.backend.require_admin(ws, caller)
        user = self.backend.member(ws, user_id)
        if amount < 0:
            raise errors.invalid("Rate amount must be positive")
        ws.members.setdefault(user_id, {})[kind] = amount
        return self.render(user, ws, memberships=True)

    def set_status(self, ws: Workspace, caller: Caller, user_id: str, status: str) -> dict:
        """Activate or deactivate a member (``PUT /workspaces/{ws}/users/{userId}``)."""
        self.backend.require_admin(ws, caller)
        user = self.backend.member(ws, user_id)
        if status not in ("ACTIVE", "INACTIVE"):
            raise errors.invalid("You entered invalid value for field: [status]")
        ws.members.setdefault(user_id, {})["status"] = status
        return self.render(user, ws, memberships=True)

    def upload_image(self, caller: Caller, upload) -> dict:
        """``POST /file/image``: an image for a profile; answers its name and where it is served."""
        if upload is None:
            raise errors.invalid("file: must not be null")
        extension = IMAGE_TYPES.get(upload.content_type)
        if extension is None or not upload.data:
            raise errors.invalid(f"File type {upload.content_type} is not supported; upload a PNG, JPEG or GIF image")
        stamp = time.strftime("%Y-%m-%d-%H-%M-%S", time.gmtime(self.backend.now()))
        name = f"{stamp}.{hashlib.sha256(upload.data).hexdigest()}.{extension}"
        return {"name": name, "url": f"{IMAGE_HOST}/{name}"}

    def hourly_rate_for(self, ws: Workspace, user_id: str, project: dict | None, task: dict | None) -> tuple[int, int]:
        """The billable and cost rate (cents) an entry gets, the most specific one set winning: project
        member, task, project, workspace member, workspace (research ``dashboard.md`` 1.5, after Clockify's
        help page on hourly rates). A project or task rate of 0 counts as unset."""
        user_rates = ws.members.get(user_id) or {}
        hourly = _pick(user_rates.get("hourly"), ws.record["hourlyRate"]["amount"])
        cost = _pick(user_rates.get("cost"), ws.record["costRate"]["amount"])
        membership = next((m for m in project["memberships"] if m["userId"] == user_id), {}) if project else {}
        for level in (project or {}, task or {}):
            hourly = _pick((level.get("hourlyRate") or {}).get("amount") or None, hourly)
            cost = _pick((level.get("costRate") or {}).get("amount") or None, cost)
        hourly = _pick((membership.get("hourlyRate") or {}).get("amount"), hourly)
        cost = _pick((membership.get("costRate") or {}).get("amount"), cost)
        return hourly, cost


def _pick(specific: int | None, general: int) -> int:
    """The more specific rate when one is set, else the general one."""
    return general if specific is None else specific
