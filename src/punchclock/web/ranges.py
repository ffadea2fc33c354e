"""The dashboard's date ranges: presets read in the user's time zone, or a custom FROM..TO of days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from punchclock.errors import InvalidInput
from punchclock.timeutil import named_range

PRESETS = (("today", "Today"), ("this-week", "This week"), ("last-week", "Last week"),
           ("this-month", "This month"), ("last-month", "Last month"))
MAX_DAYS = 366


@dataclass(frozen=True)
class Range:
    """``[start, end)`` in UTC, the preset's name (``custom`` for days) and the days as typed."""

    name: str
    start: datetime
    end: datetime
    first: date
    last: date

    def query(self) -> str:
        """The URL query that selects this range again."""
        if self.name == "custom":
            return f"range=custom&from={self.first.isoformat()}&to={self.last.isoformat()}"
        return f"range={self.name}"


def _day(text: str | None, field: str) -> date:
    if not text:
        raise InvalidInput(field, "is missing (use YYYY-MM-DD)")
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(field, f"{text!r} is not a date (use YYYY-MM-DD)") from None


def pick(name: str | None, first: str | None, last: str | None, *, now: datetime, tz: tzinfo) -> Range:
    """The range a request asks for: a preset (default this week) or ``custom`` with both days,
    inclusive; an unknown preset, a bad day, a reversed or over-long range is :class:`InvalidInput`."""
    name = (name or "this-week").strip().lower()
    if name == "custom" or (name in ("", "this-week") and (first or last)):
        start_day, end_day = _day(first, "from"), _day(last, "to")
        if end_day < start_day:
            raise InvalidInput("to", f"{end_day} is before from {start_day}")
        if (end_day - start_day).days >= MAX_DAYS:
            raise InvalidInput("range", f"is longer than {MAX_DAYS} days")
        start = datetime.combine(start_day, time(), tz)
        end = datetime.combine(end_day + timedelta(days=1), time(), tz)
        return Range("custom", start.astimezone(UTC), end.astimezone(UTC), start_day, end_day)
    if name not in dict(PRESETS):
        raise InvalidInput("range", f"unknown range {name!r}; use {', '.join(p for p, _ in PRESETS)} or custom")
    start, end = named_range(name, now=now, tz=tz)
    return Range(name, start, end, start.astimezone(tz).date(), (end.astimezone(tz) - timedelta(days=1)).date())

