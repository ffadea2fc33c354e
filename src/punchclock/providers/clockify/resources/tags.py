"""Clockify's tags."""

from __future__ import annotations

from punchclock.http.call import Call, Mode, operation, paged_operation
from punchclock.http.validate import page_size, require_id
from punchclock.providers.clockify.models import validate
from punchclock.providers.clockify.resources._base import Resource, nonempty


class Tags(Resource[Mode]):
    """Tags."""

    @paged_operation
    def list(self, *, name: str | None = None, archived: bool | None = None, size: int = 5000) -> Call:
        """Every tag, walked page by page."""
        return Call("GET", self._path("tags"), {"name": name, "archived": archived}, parse=validate.Tag,
                    paged=True, page_size=page_size(size))

    @operation
    def get(self, tag_id: str) -> Call:
        """One tag."""
        return Call("GET", self._path("tags", require_id(tag_id, "tag_id")), parse=validate.Tag)

    @operation
    def create(self, name: str) -> Call:
        """A new tag."""
        return Call("POST", self._path("tags"), json={"name": nonempty(name)}, parse=validate.Tag)

    @operation
    def update(self, tag_id: str, *, name: str, archived: bool = False) -> Call:
        """Replace a tag (a PUT: leaving ``archived`` out un-archives it, as Clockify does)."""
        return Call("PUT", self._path("tags", require_id(tag_id, "tag_id")),
                    json={"name": nonempty(name), "archived": bool(archived)}, parse=validate.Tag)

    @operation
    def delete(self, tag_id: str) -> Call:
        """Delete a tag."""
        return Call("DELETE", self._path("tags", require_id(tag_id, "tag_id")), parse=validate.Tag)
