"""Clockify's projects: list (optionally hydrated with tasks), create, update, archive, delete, estimates."""

from __future__ import annotations

from datetime import timedelta

from punchclock.errors import InvalidInput
from punchclock.http.call import Call, Mode, operation, paged_operation
from punchclock.http.validate import choice, ids, optional_id, page_size, require_id
from punchclock.providers.clockify.models import validate
from punchclock.providers.clockify.resources._base import Resource, body, nonempty, rate_body
from punchclock.timeutil import format_duration

ORDER = ("ASCENDING", "DESCENDING")


class Projects(Resource[Mode]):
    """Projects: list (optionally hydrated with tasks), create, update, archive, delete, estimates."""

    @paged_operation
    def list(self, *, name: str | None = None, archived: bool | None = None, billable: bool | None = None,
             clients: list[str] | None = None, users: list[str] | None = None, hydrated: bool = False,
             sort_column: str | None = None, sort_order: str | None = None, size: int = 5000) -> Call:
        """Every project, walked page by page; ``hydrated`` includes tasks in the same request."""
        params = {"name": name, "archived": archived, "billable": billable, "clients": ids(clients, "clients"),
                  "users": ids(users, "users"), "hydrated": hydrated,
                  "sort-column": choice(sort_column, ("ID", "NAME", "CLIENT_NAME", "DURATION", "BUDGET", "PROGRESS"),
                                        "sort_column"),
                  "sort-order": choice(sort_order, ORDER, "sort_order")}
        return Call("GET", self._path("projects"), params, parse=validate.Project, paged=True,
                    page_size=page_size(size))

    @operation
    def from_template(self, template_id: str, name: str, *, client_id: str | None = None,
                      public: bool | None = None) -> Call:
        """A new project copying a template project's settings, members and tasks."""
        payload = body(template_project_id=require_id(template_id, "template_id"), name=nonempty(name),
                       client_id=optional_id(client_id, "client_id"), is_public=public)
        return Call("POST", self._path("projects", "from-template"), json=payload, parse=validate.Project)

    @operation
    def get(self, project_id: str, *, hydrated: bool = False) -> Call:
        """One project."""
        return Call("GET", self._path("projects", require_id(project_id, "project_id")), {"hydrated": hydrated},
                    parse=validate.Project)

    @operation
    def create(self, name: str, *, client_id: str | None = None, color: str | None = None,
               billable: bool | None = None, public: bool | None = None, note: str | None = None,
               hourly_rate: int | None = None, cost_rate: int | None = None,
               members: list[str] | None = None) -> Call:
        """A new project (names are unique per client)."""
        payload = body(name=nonempty(name), client_id=optional_id(client_id, "client_id"), color=color,
                       billable=billable, is_public=public, note=note, hourly_rate=rate_body(hourly_rate),
                       cost_rate=rate_body(cost_rate),
                       memberships=[{"userId": u} for u in ids(members, "members")] if members else None)
        return Call("POST", self._path("projects"), json=payload, parse=validate.Project)

    @operation
    def update(self, project_id: str, *, name: str | None = None, client_id: str | None = None,
               color: str | None = None, billable: bool | None = None, public: bool | None = None,
               note: str | None = None, archived: bool | None = None, hourly_rate: int | None = None,
               cost_rate: int | None = None) -> Call:
        """Change the given fields of a project (others, rates included, are kept)."""
        payload = body(name=None if name is None else nonempty(name), client_id=optional_id(client_id, "client_id"),
                       color=color, billable=billable, is_public=public, note=note, archived=archived,
                       hourly_rate=rate_body(hourly_rate), cost_rate=rate_body(cost_rate))
        return Call("PUT", self._path("projects", require_id(project_id, "project_id")), json=payload,
                    parse=validate.Project)

    def archive(self, project_id: str):
        """Archive a project (the step Clockify requires before deleting it)."""
        return self.update(project_id, archived=True)

    @operation
    def delete(self, project_id: str) -> Call:
        """Delete an archived project."""
        return Call("DELETE", self._path("projects", require_id(project_id, "project_id")), parse=validate.Project)

    @operation
    def set_estimate(self, project_id: str, *, time: timedelta | None = None, budget: int | None = None,
                     reset: str | None = None) -> Call:
        """Set a time estimate and/or a money budget (cents), optionally resetting each period."""
        reset = choice(reset, ("WEEKLY", "MONTHLY", "YEARLY"), "reset")
        payload = {}
        if time is not None:
            payload["timeEstimate"] = {"active": True, "estimate": format_duration(time), "type": "MANUAL",
                                       "resetOption": reset}
        if budget is not None:
            payload["budgetEstimate"] = {"active": True, "estimate": int(budget), "type": "MANUAL", "resetOption": reset}
        if not payload:
            raise InvalidInput("time", "give a time estimate, a budget, or both")
        return Call("PATCH", self._path("projects", require_id(project_id, "project_id"), "estimate"), json=payload,
                    parse=validate.Project, idempotent=True)

    @operation
    def assign_members(self, project_id: str, user_ids: list[str], *, remove: bool = False) -> Call:
        """Add members to the project (the others stay), or with ``remove`` take them off it."""
        chosen = ids(user_ids, "user_ids")
        if not chosen:
            raise InvalidInput("user_ids", "give at least one user id")
        return Call("POST", self._path("projects", require_id(project_id, "project_id"), "memberships"),
                    json={"userIds": chosen, "remove": bool(remove)}, parse=validate.Project, idempotent=True)

    @operation
    def update_members(self, project_id: str, rates: dict[str, int]) -> Call:
        """Set members' billable rates on the project (cents), keeping the other members."""
        members = [{"userId": require_id(u, "rates"), "hourlyRate": {"amount": rate_body(a)["amount"]}} for u, a in rates.items()]
        return Call("PATCH", self._path("projects", require_id(project_id, "project_id"), "memberships"),
                    json={"memberships": members}, parse=validate.Project, idempotent=True)

    @operation
    def set_member_rate(self, project_id: str, user_id: str, *, hourly: int | None = None,
                        cost: int | None = None) -> Call:
        """A member's billable (``hourly``) or ``cost`` rate on this project, in cents."""
        if (hourly is None) == (cost is None):
            raise InvalidInput("hourly", "give exactly one of hourly or cost")
        kind = "hourly-rate" if hourly is not None else "cost-rate"
        return Call("PUT", self._path("projects", require_id(project_id, "project_id"), "users",
                                      require_id(user_id, "user_id"), kind),
                    json=rate_body(hourly if hourly is not None else cost), parse=validate.Project)

    @operation
    def set_template(self, project_id: str, is_template: bool) -> Call:
        """Mark a project as a template, or not."""
        return Call("PATCH", self._path("projects", require_id(project_id, "project_id"), "template"),
                    json={"isTemplate": bool(is_template)}, parse=validate.Project, idempotent=True)
