"""Clockify's members of the workspace."""

from __future__ import annotations

from datetime import timedelta

from punchclock.errors import InvalidInput
from punchclock.http.call import Call, Mode, model_list, operation, paged_operation
from punchclock.http.validate import choice, page_size, require_id
from punchclock.providers.clockify.models import validate
from punchclock.providers.clockify.resources._base import Resource, body
from punchclock.timeutil import format_duration

ORDER = ("ASCENDING", "DESCENDING")


ROLES = ("TEAM_MANAGER", "PROJECT_MANAGER", "WORKSPACE_ADMIN")


DAYS = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")


class Users(Resource[Mode]):
    """Members of the workspace."""

    @paged_operation
    def list(self, *, email: str | None = None, name: str | None = None, status: str | None = None,
             project_id: str | None = None, memberships: str | None = None, include_roles: bool | None = None,
             sort_column: str | None = None, sort_order: str | None = None, size: int = 5000) -> Call:
        """Every member, walked page by page."""
        params = {"email": email, "name": name, "status": status, "project-id": project_id,
                  "memberships": choice(memberships, ("ALL", "NONE", "WORKSPACE", "PROJECT", "USERGROUP"), "memberships"),
                  "include-roles": include_roles, "sort-column": sort_column,
                  "sort-order": choice(sort_order, ORDER, "sort_order")}
        return Call("GET", self._path("users"), params, parse=validate.User, paged=True, page_size=page_size(size))

    @operation
    def set_status(self, user_id: str, status: str) -> Call:
        """Activate or deactivate a member."""
        return Call("PUT", self._path("users", require_id(user_id, "user_id")),
                    json={"status": choice(status, ("ACTIVE", "INACTIVE"), "status")}, parse=validate.User)

    @operation
    def set_hourly_rate(self, user_id: str, amount: int) -> Call:
        """A member's billable rate in this workspace, in cents."""
        return Call("PUT", self._path("users", require_id(user_id, "user_id"), "hourly-rate"),
                    json={"amount": int(amount)}, parse=validate.User)

    @operation
    def set_cost_rate(self, user_id: str, amount: int) -> Call:
        """A member's cost rate in this workspace, in cents."""
        return Call("PUT", self._path("users", require_id(user_id, "user_id"), "cost-rate"),
                    json={"amount": int(amount)}, parse=validate.User)


    @operation
    def invite(self, email: str, *, send_email: bool = True) -> Call:
        """Add someone to the workspace by email (paid plans only), with Clockify's invitation email
        unless ``send_email`` is False; returns the workspace."""
        if not isinstance(email, str) or "@" not in email:
            raise InvalidInput("email", f"is not an email address: {email!r}")
        return Call("POST", self._path("users"), {"send-email": bool(send_email)}, json={"email": email},
                    parse=validate.Workspace, feature="PAID_PLAN")

    @operation
    def add_limited(self, names: list[str]) -> Call:
        """Add members without an account or email (paid plans); returns ``{"users": [...]}``."""
        if not isinstance(names, list) or not 1 <= len(names) <= 250 or \
                not all(isinstance(n, str) and n.strip() for n in names):
            raise InvalidInput("names", "give 1 to 250 non-blank names")
        return Call("POST", self._path("limited-users"), json={"users": [{"name": n.strip()} for n in names]},
                    feature="PAID_PLAN")

    @operation
    def search(self, *, email: str | None = None, name: str | None = None, status: str | None = None,
               page: int = 1, size: int = 50) -> Call:
        """One page of members matching a filter (a search sent as POST)."""
        return Call("POST", self._path("users", "info"), json=body(email=email, name=name, status=status, page=page,
                                                                   page_size=page_size(size)),
                    parse=model_list(validate.User), idempotent=True)

    @paged_operation
    def managers(self, user_id: str) -> Call:
        """The team managers of a member."""
        return Call("GET", self._path("users", require_id(user_id, "user_id"), "managers"), parse=validate.User,
                    paged=True, page_size=5000)

    @operation
    def grant_role(self, user_id: str, role: str, entity_id: str) -> Call:
        """Make a member TEAM_MANAGER of a user, PROJECT_MANAGER of a project, or WORKSPACE_ADMIN."""
        payload = {"role": choice(role, ROLES, "role"), "entityId": require_id(entity_id, "entity_id")}
        return Call("POST", self._path("users", require_id(user_id, "user_id"), "roles"), json=payload, parse=list)

    @operation
    def revoke_role(self, user_id: str, role: str, entity_id: str) -> Call:
        """Take a manager role away."""
        payload = {"role": choice(role, ROLES, "role"), "entityId": require_id(entity_id, "entity_id")}
        return Call("DELETE", self._path("users", require_id(user_id, "user_id"), "roles"), json=payload)

    @operation
    def profile(self, user_id: str) -> Call:
        """A member's profile: name, week start, work capacity, working days."""
        return Call("GET", self._path("member-profile", require_id(user_id, "user_id")), parse=dict)

    @operation
    def update_profile(self, user_id: str, *, name: str | None = None, week_start: str | None = None,
                       work_capacity: timedelta | None = None, working_days: list[str] | None = None) -> Call:
        """Change a member's profile."""
        days = [choice(d, DAYS, "working_days") for d in working_days] if working_days is not None else None
        payload = body(name=name, week_start=choice(week_start, DAYS, "week_start"),
                       work_capacity=format_duration(work_capacity) if work_capacity is not None else None,
                       working_days=days)
        return Call("PATCH", self._path("member-profile", require_id(user_id, "user_id")), json=payload, parse=dict,
                    idempotent=True)


    @operation
    def set_custom_field(self, user_id: str, field_id: str, value) -> Call:
        """A member's value of a USER custom field (text, number, bool, or the dropdown's value or values)."""
        return Call("PUT", self._path("users", require_id(user_id, "user_id"), "custom-field",
                                      require_id(field_id, "field_id"), "value"),
                    json={"value": value}, feature="USER_CUSTOM_FIELDS", parse=dict)
