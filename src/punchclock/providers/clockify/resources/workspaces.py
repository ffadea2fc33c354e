"""Clockify's workspaces the key's user belongs to, and the workspace's default rates."""

from __future__ import annotations

from punchclock.errors import InvalidInput
from punchclock.http.call import Call, Mode, model_list, operation
from punchclock.http.validate import require_id
from punchclock.providers.clockify.models import validate
from punchclock.providers.clockify.resources._base import Resource, currency_code


class Workspaces(Resource[Mode]):
    """Workspaces the key's user belongs to, and the workspace's default rates."""

    @operation
    def list(self, *, roles: list[str] | None = None) -> Call:
        """Every workspace of the user (not paged by Clockify)."""
        return Call("GET", "/workspaces", {"roles": roles}, parse=model_list(validate.Workspace))

    @operation
    def get(self, workspace_id: str | None = None) -> Call:
        """One workspace (the client's own by default)."""
        ws = require_id(workspace_id, "workspace_id") if workspace_id is not None else self._ws
        return Call("GET", f"/workspaces/{ws}", parse=validate.Workspace)

    @operation
    def create(self, name: str, organization_id: str) -> Call:
        """A new workspace owned by the user, in the organization ``organization_id`` (which Clockify
        requires; a workspace's ``cake_organization_id`` names the one it belongs to)."""
        if not isinstance(name, str) or not name.strip():
            raise InvalidInput("name", "must not be empty")
        return Call("POST", "/workspaces", json={"name": name, "organizationId": require_id(organization_id, "organization_id")},
                    parse=validate.Workspace)

    @operation
    def set_hourly_rate(self, amount: int, currency: str) -> Call:
        """The workspace's default billable rate, in cents of ``currency`` (an ISO 4217 code such as
        ``USD``, which Clockify requires here)."""
        return Call("PUT", self._path("hourly-rate"), json={"amount": int(amount), "currency": currency_code(currency)},
                    parse=validate.Workspace)

    @operation
    def set_cost_rate(self, amount: int) -> Call:
        """The workspace's default cost rate, in cents."""
        return Call("PUT", self._path("cost-rate"), json={"amount": int(amount)}, parse=validate.Workspace)
