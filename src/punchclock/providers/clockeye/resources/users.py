"""Users: the key's own user and everyone in the organisation."""

from __future__ import annotations

from punchclock.http.call import Call, Mode, operation, paged_operation
from punchclock.providers.clockeye.models import User, data_of
from punchclock.providers.clockeye.resources._base import Resource, listing


class Users(Resource[Mode]):
    """User operations."""

    @operation
    def me(self) -> Call:
        """The user the API key belongs to."""
        return Call("GET", "/users/me", parse=data_of(User))

    @paged_operation
    def list(self, *, per_page: int = 50, page: int = 1) -> Call:
        """Every user, walked page by page."""
        return listing("/users", {}, User.model_validate, per_page=per_page, page=page)
