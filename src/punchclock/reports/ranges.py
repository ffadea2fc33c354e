"""Report ranges: presets (this-week, last-month...) or ``FROM..TO``, read in the user's time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from punchclock.errors import InvalidInput
from punchclock.reports.model import Window
from punchclock.timeutil import named_range, short

PRESETS = ("today", "yesterday", "this-week", "last-week", "this-month", "last-month", "this-year",
           "last-7-days", "last-30-days")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def zone(name: str | tzinfo | None) -> tuple[str, tzinfo]:
    """An IANA zone name and its tzinfo (None is UTC); an unknown name is :class:`InvalidInput`."""
    if name is None:
        return "UTC", UTC
    if isinstance(name, ZoneInfo):
        return name.key, name
    if isinstance(name, tzinfo):
        if name is UTC:
            return "UTC", UTC
        raise InvalidInput("tz", "give an IANA time zone name such as Europe/Berlin")
    try:
        return name, ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput("tz", f"unknown time zone {short(name)} (try Europe/Berlin or UTC)") from None


def week_start(name: str | int | None) -> int:
    """A week's first day as 0 (Monday) ... 6 (Sunday), from a weekday name or number."""
    if name is None:
        return 0
    if isinstance(name, int) and 0 <= name <= 6:
        return name
    found = [i for i, day in enumerate(WEEKDAYS) if str(name).strip().lower() in (day, day[:3])]
    if not found:
        raise InvalidInput("--week-start", f"{short(name)} is not a weekday (monday ... sunday)")
    return found[0]


def _bound(text: str, tz: tzinfo, *, end: bool) -> datetime:
    """One side of ``FROM..TO``: a date (a whole local day; an end date includes its day) or a time."""
    text = text.strip()
    try:
        day = date.fromisoformat(text)
    except ValueError:
        day = None
    if day is not None:
        local = datetime.combine(day + timedelta(days=1 if end else 0), datetime.min.time())
        return local.replace(tzinfo=tz).astimezone(UTC)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput("--range", f"{short(text)} is not a date (2026-11-01) or time (2026-11-01T09:00)") from None
    return (moment if moment.tzinfo else moment.replace(tzinfo=tz)).astimezone(UTC)


def resolve(text: str, *, now: datetime | None = None, tz: str | tzinfo | None = None,
            week_start_day: str | int | None = None) -> Window:
    """The window a range names: a preset read at ``now`` in ``tz``, or ``FROM..TO`` (dates are whole
    local days, both included; times are instants). Anything else is :class:`InvalidInput`."""
    name, info = zone(tz)
    first_day = week_start(week_start_day)
    text = (text or "").strip()
    if ".." in text:
        left, _, right = text.partition("..")
        start, end = _bound(left, info, end=False), _bound(right, info, end=True)
        if end <= start:
            raise InvalidInput("--range", f"{short(text)} ends before it starts")
        return Window(start, end, name, first_day)
    try:
        start, end = named_range(text, now=now or datetime.now(UTC), tz=info, week_start=first_day)
    except ValueError:
        raise InvalidInput("--range", f"unknown range {short(text)}; use {', '.join(PRESETS)} "
                                      f"or FROM..TO (2026-11-01..2026-11-30)") from None
    return Window(start, end, name, first_day)
