"""Clockify's user groups."""

from __future__ import annotations

from punchclock.http.call import Call, Mode, operation, paged_operation
from punchclock.http.validate import page_size, require_id
from punchclock.providers.clockify.models import validate
from punchclock.providers.clockify.resources._base import Resource, body


class Groups(Resource[Mode]):
    """User groups."""

    @paged_operation
    def list(self, *, name: str | None = None, project_id: str | None = None, size: int = 5000) -> Call:
        """Every group, walked page by page."""
        return Call("GET", self._path("user-groups"), {"name": name, "projectId": project_id},
                    parse=validate.Group, paged=True, page_size=page_size(size))

    @operation
    def create(self, name: str) -> Call:
        """A new group."""
        return Call("POST", self._path("user-groups"), json=body(name=name), parse=validate.Group)

    @operation
    def update(self, group_id: str, name: str) -> Call:
        """Rename a group."""
        return Call("PUT", self._path("user-groups", require_id(group_id, "group_id")), json=body(name=name),
                    parse=validate.Group)

    @operation
    def delete(self, group_id: str) -> Call:
        """Delete a group."""
        return Call("DELETE", self._path("user-groups", require_id(group_id, "group_id")), parse=validate.Group)

    @operation
    def add_user(self, group_id: str, user_id: str) -> Call:
        """Put a member into a group."""
        return Call("POST", self._path("user-groups", require_id(group_id, "group_id"), "users"),
                    json={"userId": require_id(user_id, "user_id")}, parse=validate.Group, idempotent=True)

    @operation
    def remove_user(self, group_id: str, user_id: str) -> Call:
        """Take a member out of a group."""
        return Call("DELETE", self._path("user-groups", require_id(group_id, "group_id"), "users",
                                         require_id(user_id, "user_id")), parse=validate.Group)
