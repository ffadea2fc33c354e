"""Clockify's custom field definitions (paid feature CUSTOM_FIELDS)."""

from __future__ import annotations

from punchclock.http.call import Call, Mode, model_list, operation
from punchclock.http.validate import choice, require_id
from punchclock.providers.clockify.models.extra import CustomField
from punchclock.providers.clockify.resources._base import Resource, body


class CustomFields(Resource[Mode]):
    """Custom field definitions (paid feature CUSTOM_FIELDS)."""

    @operation
    def list(self) -> Call:
        """Every field (Clockify answers them all at once)."""
        return Call("GET", self._path("custom-fields"), feature="CUSTOM_FIELDS", parse=model_list(CustomField))

    @operation
    def create(self, name: str, *, type: str = "TXT", allowed_values: list[str] | None = None,
               entity_type: str = "TIMEENTRY") -> Call:
        """A new field on time entries, or on members with ``entity_type="USER"``."""
        kind = choice(type, ("TXT", "NUMBER", "DROPDOWN_SINGLE", "DROPDOWN_MULTIPLE", "CHECKBOX", "LINK"), "type")
        return Call("POST", self._path("custom-fields"),
                    json=body(name=name, type=kind, allowed_values=allowed_values,
                              entity_type=choice(entity_type, ("TIMEENTRY", "USER"), "entity_type")),
                    feature="CUSTOM_FIELDS", parse=CustomField.model_validate)

    @operation
    def update(self, field_id: str, name: str, *, type: str = "TXT", status: str | None = None,
               allowed_values: list[str] | None = None) -> Call:
        """Replace a field's definition."""
        kind = choice(type, ("TXT", "NUMBER", "DROPDOWN_SINGLE", "DROPDOWN_MULTIPLE", "CHECKBOX", "LINK"), "type")
        return Call("PUT", self._path("custom-fields", require_id(field_id, "field_id")),
                    json=body(name=name, type=kind, status=choice(status, ("INACTIVE", "VISIBLE", "INVISIBLE"), "status"),
                              allowed_values=allowed_values), feature="CUSTOM_FIELDS", parse=CustomField.model_validate)

    @operation
    def of_project(self, project_id: str) -> Call:
        """The fields as they apply to one project (its default values)."""
        return Call("GET", self._path("projects", require_id(project_id, "project_id"), "custom-fields"),
                    feature="CUSTOM_FIELDS", parse=model_list(CustomField))

    @operation
    def set_project_default(self, project_id: str, field_id: str, value, *, status: str | None = None) -> Call:
        """A project's own default value for a field."""
        return Call("PATCH", self._path("projects", require_id(project_id, "project_id"), "custom-fields",
                                        require_id(field_id, "field_id")),
                    json=body(default_value=value, status=choice(status, ("INACTIVE", "VISIBLE", "INVISIBLE"), "status")),
                    feature="CUSTOM_FIELDS", parse=CustomField.model_validate, idempotent=True)

    @operation
    def clear_project_default(self, project_id: str, field_id: str) -> Call:
        """Drop a project's own default for a field."""
        return Call("DELETE", self._path("projects", require_id(project_id, "project_id"), "custom-fields",
                                         require_id(field_id, "field_id")), feature="CUSTOM_FIELDS",
                    parse=CustomField.model_validate)

    @operation
    def delete(self, field_id: str) -> Call:
        """Delete a field."""
        return Call("DELETE", self._path("custom-fields", require_id(field_id, "field_id")), feature="CUSTOM_FIELDS")
