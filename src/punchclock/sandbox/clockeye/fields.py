"""Reading ClockEye's field values: UTC instants, calendar days (read as UTC), tags and colours;
each refusal names the field."""

from __future__ import annotations

import re
import time
from datetime import date

from punchclock.sandbox.clockeye import errors
from punchclock.timeutil import format_instant, parse_instant

DAY = 86400
COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
DAY_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def instant(value: str, field: str) -> int:
    """An ISO-8601 instant with ``Z`` or an offset as epoch seconds (fractions dropped)."""
    try:
        return int(parse_instant(value).timestamp())
    except ValueError:
        raise errors.invalid_request(f"The {field} field must be an ISO-8601 instant with Z or an offset, "
                                     f"such as 2024-01-15T09:00:00Z", field) from None


def day(value: str, field: str) -> int:
    """A ``YYYY-MM-DD`` day as the epoch second its UTC day starts."""
    try:
        parsed = date.fromisoformat(value) if DAY_TEXT.match(value) else None
    except ValueError:
        parsed = None
    if parsed is None:
        raise errors.invalid_request(f"The {field} parameter must be a date such as 2024-01-15", field)
    return (parsed.toordinal() - date(1970, 1, 1).toordinal()) * DAY


def day_text(epoch: int) -> str:
    """The UTC day of an epoch second as ``YYYY-MM-DD``."""
    return time.strftime("%Y-%m-%d", time.gmtime(epoch))


def stamp(epoch: int | None) -> str | None:
    """Epoch seconds as ClockEye's UTC timestamp (``2024-01-15T09:00:00Z``); None stays None."""
    return None if epoch is None else format_instant(epoch)


def tags(value: list, field: str = "tags") -> list[str]:
    """A list of non-empty strings."""
    if not all(isinstance(t, str) and t.strip() for t in value):
        raise errors.invalid_request(f"The {field} field must be a list of non-empty strings", field)
    return [t.strip() for t in value]


def color(value: str, field: str = "color") -> str:
    """A ``#RRGGBB`` colour."""
    if not COLOR.match(value):
        raise errors.invalid_request(f"The {field} field must be a colour such as #2196F3", field)
    return value.upper()
