"""Tags: unique names; active tags can be deleted directly; PUT un-archives unless told otherwise."""

from __future__ import annotations

from punchclock.sandbox.clockify.resources._base import NamedResource, check_name, check_unique_name

NAME = "tags"


class Service(NamedResource):
    """Tag rules."""

    collection = "tags"
    kind = "Tag"
    entity_type = "TAG"
    events = ("NEW_TAG", "TAG_UPDATED", "TAG_DELETED")

    def create(self, ws, caller, *, name) -> dict:
        """``POST /tags``."""
        if ws.record["workspaceSettings"]["onlyAdminsCreateTag"]:
            self.backend.require_admin(ws, caller)
        name = check_name(name, "Tag", high=100)
        check_unique_name(ws.tags.values(), name, "Tag")
        record = {"id": self.backend.new_id(), "name": name, "workspaceId": ws.id, "archived": False}
        return self._store(ws, record, True)

    def update(self, ws, caller, tag_id, *, name, archived=False) -> dict:
        """``PUT /tags/{id}``: a full replace, so leaving out ``archived`` un-archives."""
        self.backend.require_admin(ws, caller)
        record = self.get(ws, tag_id)
        name = check_name(name, "Tag", high=100)
        check_unique_name(ws.tags.values(), name, "Tag", skip=tag_id)
        record.update(name=name, archived=bool(archived))
        return self._store(ws, record, False)
