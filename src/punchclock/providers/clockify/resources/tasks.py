"""Clockify's tasks of a project."""

from __future__ import annotations

from datetime import timedelta

from punchclock.errors import InvalidInput
from punchclock.http.call import Call, Mode, operation, paged_operation
from punchclock.http.validate import choice, ids, page_size, require_id
from punchclock.providers.clockify.models import validate
from punchclock.providers.clockify.resources._base import Resource, body, nonempty, rate_body
from punchclock.timeutil import format_duration


class Tasks(Resource[Mode]):
    """Tasks of a project."""

    @paged_operation
    def list(self, project_id: str, *, name: str | None = None, active: bool | None = None,
             size: int = 5000) -> Call:
        """Every task of a project, walked page by page."""
        return Call("GET", self._path("projects", require_id(project_id, "project_id"), "tasks"),
                    {"name": name, "is-active": active}, parse=validate.Task, paged=True,
                    page_size=page_size(size))

    @operation
    def get(self, project_id: str, task_id: str) -> Call:
        """One task."""
        return Call("GET", self._path("projects", require_id(project_id, "project_id"), "tasks",
                                      require_id(task_id, "task_id")), parse=validate.Task)

    @operation
    def create(self, project_id: str, name: str, *, estimate: timedelta | None = None,
               assignees: list[str] | None = None, billable: bool | None = None) -> Call:
        """A new task on a project."""
        payload = body(name=nonempty(name), estimate=format_duration(estimate) if estimate is not None else None,
                       assignee_ids=ids(assignees, "assignees"), billable=billable)
        return Call("POST", self._path("projects", require_id(project_id, "project_id"), "tasks"), json=payload,
                    parse=validate.Task)

    @operation
    def update(self, project_id: str, task_id: str, *, name: str, status: str | None = None,
               estimate: timedelta | None = None, assignees: list[str] | None = None,
               billable: bool | None = None) -> Call:
        """Replace a task's fields (``name`` is required by Clockify)."""
        payload = body(name=nonempty(name), status=choice(status, ("ACTIVE", "DONE"), "status"),
                       estimate=format_duration(estimate) if estimate is not None else None,
                       assignee_ids=ids(assignees, "assignees"), billable=billable)
        return Call("PUT", self._path("projects", require_id(project_id, "project_id"), "tasks",
                                      require_id(task_id, "task_id")), json=payload, parse=validate.Task)

    @operation
    def delete(self, project_id: str, task_id: str) -> Call:
        """Delete a task that is DONE."""
        return Call("DELETE", self._path("projects", require_id(project_id, "project_id"), "tasks",
                                         require_id(task_id, "task_id")), parse=validate.Task)

    @operation
    def set_rate(self, project_id: str, task_id: str, *, hourly: int | None = None, cost: int | None = None) -> Call:
        """The task's own billable (``hourly``) or ``cost`` rate, in cents."""
        if (hourly is None) == (cost is None):
            raise InvalidInput("hourly", "give exactly one of hourly or cost")
        kind = "hourly-rate" if hourly is not None else "cost-rate"
        return Call("PUT", self._path("projects", require_id(project_id, "project_id"), "tasks",
                                      require_id(task_id, "task_id"), kind),
                    json=rate_body(hourly if hourly is not None else cost), parse=validate.Task)
