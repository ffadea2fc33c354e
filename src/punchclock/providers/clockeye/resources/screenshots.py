"""Screenshots taken while timers ran, with their activity levels."""

from __future__ import annotations

from datetime import date

from punchclock.http.call import Call, Mode, paged_operation
from punchclock.http.validate import optional_id
from punchclock.providers.clockeye.models import Screenshot
from punchclock.providers.clockeye.resources._base import Resource, day_span, listing


class Screenshots(Resource[Mode]):
    """Screenshot operations."""

    @paged_operation
    def list(self, *, user_id: str | None = None, start_date: date | None = None, end_date: date | None = None,
             per_page: int = 50, page: int = 1) -> Call:
        """Every screenshot of a user (you by default) between two days (inclusive, UTC), page by page."""
        first, last = day_span(start_date, end_date)
        params = {"user_id": optional_id(user_id, "user_id"), "start_date": first, "end_date": last}
        return listing("/screenshots", params, Screenshot.model_validate, per_page=per_page, page=page)
