"""Time on the wire: ISO-8601 durations (``PT1H30M``) and UTC instants with a ``Z``.

Clockify sends every core timestamp as UTC with second precision (``2026-05-20T06:00:00Z``) and
every core duration as an ISO-8601 duration; reports use integer seconds instead.
"""

from __future__ import annotations

import functools
import re
import time
from datetime import UTC, datetime, timedelta

_DURATION = re.compile(
    r"^P(?:(?P<days>\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(?P<hours>\d+(?:\.\d+)?)H)?(?:(?P<minutes>\d+(?:\.\d+)?)M)?(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?$"
)


def format_duration(seconds: int | float | timedelta) -> str:
    """Render a non-negative duration the way Clockify does: ``PT8H``, ``PT1H30M``, ``PT0S``."""
    if isinstance(seconds, timedelta):
        seconds = seconds.total_seconds()
    return _format_seconds(int(seconds))


@functools.lru_cache(maxsize=16384)
def _format_seconds(total: int) -> str:
    if total < 0:
        raise ValueError(f"duration must not be negative, got {total} seconds")
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{hours}H" if hours else "", f"{minutes}M" if minutes else "", f"{secs}S" if secs else ""]
    body = "".join(parts)
    return "PT" + (body or "0S")


@functools.lru_cache(maxsize=8192)
def parse_duration(text: str) -> timedelta:
    """Parse an ISO-8601 duration such as ``PT1H30M`` or ``P1DT2H`` into a :class:`timedelta` (cached: they repeat)."""
    match = _DURATION.match(text.strip()) if isinstance(text, str) else None
    if not match or text.strip() in ("P", "PT") or text.strip().endswith("T"):
        raise ValueError(f"not an ISO-8601 duration: {text!r}")
    parts = {k: float(v) for k, v in match.groupdict().items() if v}
    return timedelta(
        days=parts.get("days", 0), hours=parts.get("hours", 0),
        minutes=parts.get("minutes", 0), seconds=parts.get("seconds", 0),
    )


def format_instant(epoch: int | float) -> str:
    """Render epoch seconds as Clockify's UTC timestamp, e.g. ``2026-05-20T06:00:00Z``."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(int(epoch)))


def parse_instant(text: str, *, allow_naive: bool = False) -> datetime:
    """Parse an ISO-8601 timestamp into an aware UTC datetime.

    A timestamp without ``Z`` or an offset is refused unless ``allow_naive`` is set, in which
    case it is read as UTC.
    """
    if not isinstance(text, str) or not text:
        raise ValueError(f"not a timestamp: {text!r}")
    value = text.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"not an ISO-8601 timestamp: {text!r}") from None
    if parsed.tzinfo is None:
        if not allow_naive:
            raise ValueError(f"timestamp has no time zone: {text!r}")
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def utc_now() -> datetime:
    """The current time as an aware UTC datetime."""
    return datetime.now(UTC)


_SPAN = re.compile(r"^(?:(?P<h>\d+(?:\.\d+)?)h)?\s*(?:(?P<m>\d+)m(?:in)?)?\s*(?:(?P<s>\d+)s)?$", re.IGNORECASE)
_CLOCK = re.compile(r"^(?P<h>\d{1,2})(?::(?P<m>\d{2}))?(?::(?P<s>\d{2}))?\s*(?P<ampm>am|pm)?$", re.IGNORECASE)
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def parse_span(text: str) -> timedelta:
    """A human duration: ``1h30m``, ``90m``, ``1.5h``, ``45s``, ``01:30`` (h:mm) or ISO ``PT1H30M``."""
    value = (text or "").strip()
    if not value:
        raise ValueError("empty duration")
    if value.upper().startswith("P"):
        return parse_duration(value.upper())
    if ":" in value:
        parts = value.split(":")
        if len(parts) in (2, 3) and all(p.isdigit() for p in parts):
            h, m, s = (int(p) for p in (parts + ["0"])[:3])
            if m < 60 and s < 60:
                return timedelta(hours=h, minutes=m, seconds=s)
        raise ValueError(f"not a duration: {text!r} (try 1h30m, 90m or 1:30)")
    match = _SPAN.match(value)
    if not match or not any(match.groupdict().values()):
        raise ValueError(f"not a duration: {text!r} (try 1h30m, 90m or 1:30)")
    parts = {k: float(v) for k, v in match.groupdict().items() if v}
    span = timedelta(hours=parts.get("h", 0), minutes=parts.get("m", 0), seconds=parts.get("s", 0))
    if span <= timedelta(0):
        raise ValueError(f"duration must be positive: {text!r}")
    return span


def _clock(text: str) -> tuple[int, int, int] | None:
    match = _CLOCK.match(text.strip())
    if not match:
        return None
    h, m, s = int(match["h"]), int(match["m"] or 0), int(match["s"] or 0)
    if match["ampm"]:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if match["ampm"].lower() == "pm" else 0)
    if h > 23 or m > 59 or s > 59:
        return None
    return h, m, s


def parse_when(text: str, *, now: datetime | None = None, tz=None) -> datetime:
    """A human point in time, read in ``tz`` (default UTC), returned as aware UTC.

    Accepts ``now``, ``9:30``, ``2pm``, ``yesterday 14:00``, ``today 9:00``, ``monday 9:00`` (the
    most recent Monday), ``-15m`` / ``-2h`` (before now), ``2026-11-20 09:00`` and full ISO timestamps
    (an offset in the text wins over ``tz``).
    """
    tz = tz or UTC
    now = (now or utc_now()).astimezone(tz)
    value = (text or "").strip()
    lowered = value.lower()
    if not value:
        raise ValueError("empty time")
    if lowered == "now":
        return now.astimezone(UTC)
    if lowered.startswith("-"):
        return (now - parse_span(lowered[1:])).astimezone(UTC)
    day, _, rest = lowered.partition(" ")
    base = None
    if day in ("today", "yesterday"):
        base = now.date() - timedelta(days=1 if day == "yesterday" else 0)
    elif day in _WEEKDAYS:
        back = (now.weekday() - _WEEKDAYS.index(day)) % 7
        base = now.date() - timedelta(days=back)
    if base is not None:
        clock = _clock(rest) if rest else (0, 0, 0)
        if clock is None:
            raise ValueError(f"not a time of day: {rest!r} in {text!r}")
        return datetime(base.year, base.month, base.day, *clock, tzinfo=tz).astimezone(UTC)
    clock = _clock(value)
    if clock is not None:
        return now.replace(hour=clock[0], minute=clock[1], second=clock[2], microsecond=0).astimezone(UTC)
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"not a time: {text!r} (try 9:30, 'yesterday 14:00' or 2026-11-20T09:30)") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=tz)
    return parsed.astimezone(UTC)


def named_range(name: str, *, now: datetime | None = None, tz=None, week_start: int = 0) -> tuple[datetime, datetime]:
    """``[start, end)`` in UTC of a preset range read in ``tz``: today, yesterday, this-week,
    last-week, this-month, last-month, this-year, last-7-days, last-30-days."""
    tz = tz or UTC
    now = (now or utc_now()).astimezone(tz)
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    key = name.strip().lower().replace(" ", "-").replace("_", "-")
    if key == "today":
        start, end = midnight, midnight + timedelta(days=1)
    elif key == "yesterday":
        start, end = midnight - timedelta(days=1), midnight
    elif key in ("this-week", "week", "last-week"):
        start = midnight - timedelta(days=(now.weekday() - week_start) % 7)
        if key == "last-week":
            start -= timedelta(days=7)
        end = start + timedelta(days=7)
    elif key in ("this-month", "month", "last-month"):
        start = midnight.replace(day=1)
        if key == "last-month":
            start = (start - timedelta(days=1)).replace(day=1)
        end = (start + timedelta(days=32)).replace(day=1)
    elif key in ("this-year", "year"):
        start, end = midnight.replace(month=1, day=1), midnight.replace(year=midnight.year + 1, month=1, day=1)
    elif key in ("last-7-days", "last-30-days"):
        days = 7 if key == "last-7-days" else 30
        start, end = midnight - timedelta(days=days - 1), midnight + timedelta(days=1)
    else:
        raise ValueError(f"unknown range {name!r} (today, yesterday, this-week, last-week, this-month, "
                         f"last-month, this-year, last-7-days, last-30-days)")
    return _wall(start, tz).astimezone(UTC), _wall(end, tz).astimezone(UTC)


def _wall(value: datetime, tz) -> datetime:
    """Re-attach ``tz`` after date arithmetic so a DST change lands on the right wall-clock time."""
    return value.replace(tzinfo=None).replace(tzinfo=tz)
