"""User groups: unique names, members added and removed one by one."""

from __future__ import annotations

from punchclock.sandbox.clockify.resources._base import NamedResource, check_name, check_unique_name

NAME = "groups"


class Service(NamedResource):
    """User group rules."""

    collection = "groups"
    kind = "User group"
    entity_type = "USER_GROUP"
    events = ("USER_GROUP_CREATED", "USER_GROUP_UPDATED", "USER_GROUP_DELETED")

    def list(self, ws, *, name=None, project_id=None, sort_column=None, sort_order=None, include_team_managers=False):
        """``GET /user-groups``; groups are never archived."""
        rows = super().list(ws, name=name, sort_column=sort_column, sort_order=sort_order)
        if project_id:
            project = self.backend.projects.get(ws, project_id)
            allowed = {m["userId"] for m in project["memberships"]}
            rows = [g for g in rows if set(g["userIds"]) & allowed]
        return rows

    def shape(self, ws, record: dict) -> dict:
        """A group without the internal archived flag."""
        out = dict(record)
        out.pop("archived", None)
        return out

    def create(self, ws, caller, *, name) -> dict:
        """``POST /user-groups``: admins only."""
        self.backend.require_admin(ws, caller)
        name = check_name(name, "User group", high=100)
        check_unique_name(ws.groups.values(), name, "User group")
        record = {"id": self.backend.new_id(), "name": name, "workspaceId": ws.id, "userIds": [],
                  "teamManagers": [], "archived": False}
        return self._store(ws, record, True)

    def update(self, ws, caller, group_id, *, name) -> dict:
        """``PUT /user-groups/{id}``: rename."""
        self.backend.require_admin(ws, caller)
        record = self.get(ws, group_id)
        name = check_name(name, "User group", high=100)
        check_unique_name(ws.groups.values(), name, "User group", skip=group_id)
        record["name"] = name
        return self._store(ws, record, False)

    def add_user(self, ws, caller, group_id, user_id) -> dict:
        """``POST /user-groups/{id}/users``."""
        self.backend.require_admin(ws, caller)
        record = self.get(ws, group_id)
        self.backend.member(ws, user_id)
        if user_id not in record["userIds"]:
            record["userIds"].append(user_id)
        return self._store(ws, record, False)

    def remove_user(self, ws, caller, group_id, user_id) -> dict:
        """``DELETE /user-groups/{id}/users/{userId}``."""
        self.backend.require_admin(ws, caller)
        record = self.get(ws, group_id)
        self.backend.member(ws, user_id)
        if user_id in record["userIds"]:
            record["userIds"].remove(user_id)
        return self._store(ws, record, False)
