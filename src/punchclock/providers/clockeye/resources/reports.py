"""Reports: time summed by project, user or day over a span of days."""

from __future__ import annotations

from datetime import date

from punchclock.errors import InvalidInput
from punchclock.http.call import Call, Mode, operation
from punchclock.providers.clockeye.models import Summary
from punchclock.providers.clockeye.resources._base import Resource, day_span

GROUPS = ("project", "user", "day")


class Reports(Resource[Mode]):
    """Report operations."""

    @operation
    def summary(self, start_date: date, end_date: date, *, group_by: str = "project") -> Call:
        """Tracked and billable time per group from ``start_date`` to ``end_date`` (both inclusive, UTC days)."""
        if start_date is None or end_date is None:
            raise InvalidInput("start_date" if start_date is None else "end_date", "is required")
        first, last = day_span(start_date, end_date)
        group = group_by.lower() if isinstance(group_by, str) else group_by
        if group not in GROUPS:
            raise InvalidInput("group_by", f"must be one of {', '.join(GROUPS)}, got {group_by!r}")
        return Call("GET", "/reports/summary", {"start_date": first, "end_date": last, "group_by": group},
                    parse=Summary.from_answer)
