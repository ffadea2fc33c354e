"""Custom fields (a paid feature): workspace-level definitions with allowed values and defaults."""

from __future__ import annotations

from punchclock.sandbox.clockify import errors
from punchclock.sandbox.clockify.resources._base import Records, check_name, check_unique_name

NAME = "custom_fields"
TYPES = ("TXT", "NUMBER", "DROPDOWN_SINGLE", "DROPDOWN_MULTIPLE", "CHECKBOX", "LINK")
STATUSES = ("INACTIVE", "VISIBLE", "INVISIBLE")


def check_value(field: dict, value) -> None:
    """A value must suit its field's type (a dropdown's among its allowed values); else 400/501."""
    kind, allowed = field["type"], field["allowedValues"]
    ok = {"NUMBER": isinstance(value, (int, float)) and not isinstance(value, bool),
          "CHECKBOX": isinstance(value, bool),
          "DROPDOWN_SINGLE": value in allowed,
          "DROPDOWN_MULTIPLE": isinstance(value, list) and all(v in allowed for v in value)}.get(kind, isinstance(value, str))
    if value is not None and not ok:
        raise errors.invalid(f"Value {value!r} is not valid for custom field {field['name']} of type {kind}")


class Service(Records):
    """Custom field rules: admins define them, everyone reads them."""

    collection = "custom_fields"
    kind = "Custom field"
    feature = "custom-fields"
    entity_type = "CUSTOM_FIELDS"

    def list(self, ws, *, name: str | None = None, status: str | None = None, entity_type: str | None = None) -> list[dict]:
        """Every field (not paged by Clockify), filtered."""
        rows = sorted(self.items(ws).values(), key=lambda f: f["name"].lower())
        if name:
            rows = [f for f in rows if name.lower() in f["name"].lower()]
        if status:
            rows = [f for f in rows if f["status"] == status]
        if entity_type:
            rows = [f for f in rows if f["entityType"] == entity_type]
        return [dict(f) for f in rows]

    def write(self, ws, caller, body: dict, field_id: str | None = None) -> dict:
        """Create or replace a field definition."""
        self.backend.require_admin(ws, caller)
        existing = self.get(ws, field_id) if field_id else None
        name = check_name(body.get("name", existing and existing["name"]), "Custom field", high=250)
        check_unique_name(self.items(ws).values(), name, "Custom field", skip=field_id)
        kind = body.get("type", existing and existing["type"]) or "TXT"
        status = body.get("status", existing and existing["status"]) or "VISIBLE"
        if kind not in TYPES:
            raise errors.invalid("You entered invalid value for field: [type]")
        if status not in STATUSES:
            raise errors.invalid("You entered invalid value for field: [status]")
        allowed = [str(v) for v in body.get("allowedValues") or (existing and existing["allowedValues"]) or []]
        if kind.startswith("DROPDOWN") and not allowed:
            raise errors.invalid("allowedValues: a dropdown field needs at least one value")
        record = existing or {"id": self.backend.new_id(), "workspaceId": ws.id, "projectDefaultValues": []}
        record.update(name=name, type=kind, status=status, allowedValues=allowed,
                      description=body.get("description") or "", placeholder=body.get("placeholder") or "",
                      required=bool(body.get("required", False)), onlyAdminCanEdit=bool(body.get("onlyAdminCanEdit", False)),
                      entityType=body.get("entityType") or "TIMEENTRY")
        if body.get("workspaceDefaultValue") is not None:
            record["workspaceDefaultValue"] = body["workspaceDefaultValue"]
        return self.save(ws, record, existing is None)

    def project_values(self, ws, project_id: str) -> list[dict]:
        """Fields as they apply to one project (its default values where set)."""
        self.backend.projects.get(ws, project_id)
        out = []
        for f in self.list(ws):
            value = next((d["value"] for d in f["projectDefaultValues"] if d["projectId"] == project_id),
                         f.get("workspaceDefaultValue"))
            out.append({**f, "workspaceDefaultValue": value} if value is not None else f)
        return out

    def set_project_value(self, ws, caller, project_id: str, field_id: str, body: dict) -> dict:
        """A project's own default value and status for a field."""
        self.backend.require_admin(ws, caller)
        self.backend.projects.get(ws, project_id)
        record = self.get(ws, field_id)
        record["projectDefaultValues"] = [d for d in record["projectDefaultValues"] if d["projectId"] != project_id]
        if body.get("defaultValue") is not None or body.get("status"):
            record["projectDefaultValues"].append({"projectId": project_id, "value": body.get("defaultValue"),
                                                   "status": body.get("status") or record["status"]})
        return self.save(ws, record, False)

    def clear_project_value(self, ws, caller, project_id: str, field_id: str) -> dict:
        """Remove a project's own default for a field (the workspace default applies again)."""
        return self.set_project_value(ws, caller, project_id, field_id, {})

    def set_user_value(self, ws, caller, user_id: str, field_id: str, value) -> dict:
        """A member's value of a USER field (yours, or anyone's as an admin; admins only when the field says so)."""
        self.backend.member(ws, user_id)
        record = self.get(ws, field_id)
        if record["entityType"] != "USER":
            raise errors.invalid("Custom field is not a user custom field")
        if record["onlyAdminCanEdit"]:
            self.backend.require_admin(ws, caller)
        else:
            self.backend.require_self_or_admin(ws, caller, user_id)
        check_value(record, value)
        values = self.backend.members.stored(ws, user_id)["userCustomFieldValues"]
        values[:] = [v for v in values if v["customFieldId"] != field_id]
        out = {"customFieldId": field_id, "customFieldName": record["name"], "customFieldType": record["type"],
               "userId": user_id, "value": value}
        values.append(out)
        ws.log_change("updated", "USER", user_id, self.backend.now())
        return dict(out)

    def delete(self, ws, caller, field_id: str) -> None:
        """Delete a field definition."""
        self.backend.require_admin(ws, caller)
        self.remove(ws, field_id)
