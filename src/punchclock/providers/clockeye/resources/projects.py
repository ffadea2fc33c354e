"""Projects: list (active, archived or all), get and create."""

from __future__ import annotations

from punchclock.errors import InvalidInput
from punchclock.http.call import Call, Mode, operation, paged_operation
from punchclock.http.validate import require_id
from punchclock.providers.clockeye.models import Project, data_of
from punchclock.providers.clockeye.resources._base import Resource, fields, listing


class Projects(Resource[Mode]):
    """Project operations."""

    @paged_operation
    def list(self, *, archived: bool | None = None, per_page: int = 50, page: int = 1) -> Call:
        """Every project (only archived ones with ``archived=True``, only active ones with False)."""
        return listing("/projects", {"archived": archived}, Project.model_validate, per_page=per_page, page=page)

    @operation
    def get(self, project_id: str) -> Call:
        """One project."""
        return Call("GET", f"/projects/{require_id(project_id, 'project_id')}", parse=data_of(Project))

    @operation
    def create(self, name: str, *, client_name: str | None = None, color: str | None = None,
               billable: bool | None = None, hourly_rate: float | None = None) -> Call:
        """Create a project; never sent twice once it may have reached the server."""
        if not isinstance(name, str) or not name.strip():
            raise InvalidInput("name", "must be a non-empty name")
        if hourly_rate is not None and (isinstance(hourly_rate, bool) or not isinstance(hourly_rate, (int, float))
                                        or hourly_rate < 0):
            raise InvalidInput("hourly_rate", "must be a non-negative number")
        body = fields(name=name.strip(), client_name=client_name, color=color, billable=billable,
                      hourly_rate=hourly_rate)
        return Call("POST", "/projects", json=body, parse=data_of(Project))
