"""Tasks: belong to a project, names unique within it, must be DONE before delete."""

from __future__ import annotations

from punchclock.sandbox.clockify import errors
from punchclock.sandbox.clockify.resources._base import Resource, by_name, check_name, currency_of, find, rate, sort_rows
from punchclock.timeutil import format_duration, parse_duration

NAME = "tasks"


class Service(Resource):
    """Task rules."""

    def get(self, ws, project_id: str, task_id: str) -> dict:
        """The stored task of that project, or 400/501."""
        self.backend.projects.get(ws, project_id)
        task = find(ws.tasks, task_id, "Task")
        if task["projectId"] != project_id:
            raise errors.not_in_workspace("Task")
        return task

    def shape(self, ws, record: dict) -> dict:
        """The task as Clockify sends it, with tracked duration."""
        out = dict(record)
        out["duration"] = format_duration(max(0, ws.task_seconds.get(record["id"], 0)))
        return out

    def list(self, ws, project_id: str, *, name=None, strict=False, is_active=None, sort_column=None,
             sort_order=None) -> list[dict]:
        """``GET /projects/{id}/tasks``."""
        self.backend.projects.get(ws, project_id)
        rows = [t for t in ws.tasks.values() if t["projectId"] == project_id]
        rows = by_name(rows, name, strict)
        if is_active is not None:
            rows = [t for t in rows if (t["status"] == "ACTIVE") == is_active]
        rows = sort_rows(rows, sort_column, sort_order, {"ID": "id", "NAME": "name"}, "NAME")
        return [self.shape(ws, t) for t in rows]

    def _fields(self, ws, body: dict, project_id: str, skip: str | None) -> dict:
        name = check_name(body.get("name"), "Task", high=1000)
        for t in ws.tasks.values():
            if t["projectId"] == project_id and t["id"] != skip and t["name"].lower() == name.lower():
                raise errors.invalid("Task with name already exists on project")
        status = (body.get("status") or "ACTIVE").upper()
        if status not in ("ACTIVE", "DONE"):
            raise errors.invalid("You entered invalid value for field: [status]")
        estimate = body.get("estimate") or "PT0S"
        try:
            parse_duration(estimate)
        except ValueError:
            raise errors.invalid(f"Invalid estimate value [{estimate}]") from None
        assignees = body.get("assigneeIds") or []
        for user_id in assignees:
            self.backend.member(ws, user_id)
        return {"name": name, "status": status, "estimate": estimate, "assigneeIds": list(assignees),
                "userGroupIds": list(body.get("userGroupIds") or []),
                "billable": bool(body.get("billable", True))}

    def create(self, ws, caller, project_id: str, body: dict, *, notify: bool = True) -> dict:
        """``POST /projects/{id}/tasks``."""
        project = self.backend.projects.get(ws, project_id)
        if ws.record["workspaceSettings"]["onlyAdminsCreateTask"]:
            self.backend.require_admin(ws, caller)
        fields = self._fields(ws, body, project_id, None)
        cur = currency_of(ws)
        record = {"id": self.backend.new_id(), "projectId": project["id"], **fields,
                  "budgetEstimate": int(body.get("budgetEstimate") or 0),
                  "hourlyRate": rate((body.get("hourlyRate") or {}).get("amount"), cur),
                  "costRate": rate((body.get("costRate") or {}).get("amount"), cur)}
        ws.tasks[record["id"]] = record
        return self._saved(ws, record, "created" if notify else None)

    def _saved(self, ws, record: dict, kind: str | None) -> dict:
        out = self.shape(ws, record)
        if kind:
            ws.log_change(kind, "TASK", record["id"], self.backend.now())
            event = {"created": "NEW_TASK", "updated": "TASK_UPDATED", "deleted": "TASK_DELETED"}[kind]
            self.backend.emit(ws, event, out, sources={"PROJECT_ID": record["projectId"], "TASK_ID": record["id"]})
        return out

    def update(self, ws, caller, project_id: str, task_id: str, body: dict) -> dict:
        """``PUT /projects/{id}/tasks/{taskId}``: name required, other fields replaced."""
        self.backend.require_admin(ws, caller)
        record = self.get(ws, project_id, task_id)
        record.update(self._fields(ws, body, project_id, task_id))
        if body.get("budgetEstimate") is not None:
            record["budgetEstimate"] = int(body["budgetEstimate"])
        return self._saved(ws, record, "updated")

    def set_rate(self, ws, caller, project_id: str, task_id: str, kind: str, amount: int) -> dict:
        """A task's own billable or cost rate."""
        self.backend.require_admin(ws, caller)
        record = self.get(ws, project_id, task_id)
        record["hourlyRate" if kind == "hourly" else "costRate"] = rate(amount, currency_of(ws))
        return self._saved(ws, record, "updated")

    def delete(self, ws, caller, project_id: str, task_id: str) -> dict:
        """Delete a DONE task; entries keep their time but lose the task."""
        self.backend.require_admin(ws, caller)
        record = self.get(ws, project_id, task_id)
        if record["status"] != "DONE":
            raise errors.invalid("Cannot delete an active task")
        out = self.shape(ws, record)
        for entry in ws.entries.values():
            if entry.task_id == task_id:
                entry.task_id = None
        ws.task_seconds.pop(task_id, None)
        del ws.tasks[task_id]
        self._saved(ws, record, "deleted")
        return out
