"""What every ClockEye resource shares: its client, paged listings and argument checks."""

from __future__ import annotations

from datetime import date, datetime

from punchclock.errors import InvalidInput
from punchclock.http.call import Bound, Call, Mode
from punchclock.http.validate import page_size

MAX_PER_PAGE = 200


class Resource(Bound[Mode]):
    """A group of operations on one kind of ClockEye entity."""


def listing(path: str, params: dict, parse, *, per_page: int, page: int) -> Call:
    """A paged ``GET`` walked from ``page`` with ``per_page`` rows a request (ClockEye allows 1 to 200)."""
    if not isinstance(page, int) or isinstance(page, bool) or page < 1:
        raise InvalidInput("page", "must be an integer from 1")
    return Call("GET", path, params, parse=parse, paged=True, page_size=page_size(per_page, "per_page", MAX_PER_PAGE),
                page_param="per_page", first_page=page)


def day(value, field: str) -> str | None:
    """A calendar day (``YYYY-MM-DD`` on the wire), or None."""
    if value is None:
        return None
    if isinstance(value, datetime) or not isinstance(value, date):
        raise InvalidInput(field, f"must be a date (not a datetime), got {type(value).__name__}")
    return value.isoformat()


def day_span(start: date | None, end: date | None, start_field: str = "start_date",
             end_field: str = "end_date") -> tuple[str | None, str | None]:
    """Two days, the second not before the first, as wire strings."""
    first, last = day(start, start_field), day(end, end_field)
    if first and last and last < first:
        raise InvalidInput(end_field, f"must not be before {start_field}")
    return first, last


def fields(**values) -> dict:
    """A JSON body of the given fields, leaving out the ones that are None."""
    return {k: v for k, v in values.items() if v is not None}
