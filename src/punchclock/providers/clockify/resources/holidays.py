"""Clockify's holidays of the workspace."""

from __future__ import annotations

from datetime import date

from punchclock.errors import InvalidInput
from punchclock.http.call import Call, Mode, model_list, operation
from punchclock.http.validate import ids, require_id
from punchclock.providers.clockify.models.extra import Holiday
from punchclock.providers.clockify.resources._base import Resource, as_day, body


class Holidays(Resource[Mode]):
    """Holidays of the workspace."""

    @operation
    def list(self, *, start: date | None = None, end: date | None = None, user_id: str | None = None) -> Call:
        """Every holiday, or those of the member ``user_id`` overlapping ``start``..``end`` (Clockify
        lists a window only for one member, so a window needs all three)."""
        if (start is None) != (end is None):
            raise InvalidInput("end" if end is None else "start", "give both start and end, or neither")
        if start is None:
            if user_id is not None:
                raise InvalidInput("user_id", "give start and end with user_id (Clockify lists one member's window)")
            return Call("GET", self._path("holidays"), parse=model_list(Holiday))
        if as_day(end, "end") < as_day(start, "start"):
            raise InvalidInput("end", "must not be before start")
        if user_id is None:
            raise InvalidInput("user_id", "give the member whose holidays to list in the window")
        return Call("GET", self._path("holidays", "in-period"),  # the days as instants, the end day whole
                    {"assigned-to": require_id(user_id, "user_id"), "start": f"{as_day(start, 'start')}T00:00:00Z",
                     "end": f"{as_day(end, 'end')}T23:59:59Z"}, parse=model_list(Holiday))

    @operation
    def create(self, name: str, start: date, end: date | None = None, *, annual: bool = False,
               user_ids: list[str] | None = None) -> Call:
        """A holiday from ``start`` to ``end`` (one day by default)."""
        first, last = as_day(start, "start"), as_day(end or start, "end")
        if last < first:
            raise InvalidInput("end", "must not be before start")
        return Call("POST", self._path("holidays"), json=body(name=name, date_period={"startDate": first, "endDate": last},
                                                              occurs_annually=annual,
                                                              users={"ids": ids(user_ids, "user_ids")} if user_ids else None),
                    parse=Holiday.model_validate)

    @operation
    def update(self, holiday_id: str, name: str, start: date, end: date | None = None, *, annual: bool = False) -> Call:
        """Replace a holiday's name and days."""
        first, last = as_day(start, "start"), as_day(end or start, "end")
        if last < first:
            raise InvalidInput("end", "must not be before start")
        return Call("PUT", self._path("holidays", require_id(holiday_id, "holiday_id")),
                    json=body(name=name, date_period={"startDate": first, "endDate": last}, occurs_annually=annual),
                    parse=Holiday.model_validate)

    @operation
    def delete(self, holiday_id: str) -> Call:
        """Delete a holiday."""
        return Call("DELETE", self._path("holidays", require_id(holiday_id, "holiday_id")), parse=Holiday.model_validate)
