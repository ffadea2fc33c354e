"""Time on the wire: ISO-8601 durations (``PT1H30M``) and UTC instants with a ``Z``.

Clockify sends every core timestamp as UTC with second precision (``2026-05-20T06:00:00Z``) and
every core duration as an ISO-8601 duration; reports use integer seconds instead.
"""

from __future__ import annotations

import functools
import re
import time
from datetime import UTC, date, datetime, timedelta

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


def duration_of(value) -> timedelta | None:
    """A duration as APIs send it: an ISO-8601 text (``PT1H30M``), seconds, a timedelta, or None."""
    if value is None or isinstance(value, timedelta):
        return value
    if isinstance(value, str):
        return parse_duration(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return timedelta(seconds=value)
    raise ValueError(f"not a duration: {value!r}")


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
_CLOCK = re.compile(r"^(?P<h>\d{1,2})(?:[:h](?P<m>\d{2})?)?(?::(?P<s>\d{2}))?\s*(?P<ampm>am|pm)?$", re.IGNORECASE)
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_NAMED_CLOCKS = {"noon": (12, 0, 0), "midday": (12, 0, 0), "midnight": (0, 0, 0)}
#: How far ahead of now a time may be and still count as "now-ish" (clocks drift, people round up).
GRACE = timedelta(minutes=2)
#: The longest span an end typed without a day may reach into the next day (see ``after``).
OVERNIGHT = timedelta(hours=12)
#: How a time without a date is placed: the most recent such moment (``past``), the one nearest to
#: now (``nearest``), or today's (``today``).
PREFERENCES = ("past", "nearest", "today")


def short(text: object, most: int = 40) -> str:
    """``repr`` of a value typed by someone, cut to ``most`` characters (errors echo it)."""
    value = str(text)
    return repr(value if len(value) <= most else value[:most] + "…")


def parse_span(text: str) -> timedelta:
    """A human duration: ``1h30m``, ``90m``, ``1.5h``, ``45s``, ``01:30`` (h:mm) or ISO ``PT1H30M``."""
    value = (text or "").strip()
    if not value:
        raise ValueError("empty duration")
    hint = f"not a duration: {short(text)} (try 1h30m, 90m or 1:30)"
    if value.upper().startswith("P"):
        try:
            return parse_duration(value.upper())
        except ValueError:
            raise ValueError(hint) from None
    if ":" in value:
        parts = value.split(":")
        if len(parts) in (2, 3) and all(p.isdigit() for p in parts):
            h, m, s = (int(p) for p in (parts + ["0"])[:3])
            if m < 60 and s < 60:
                return timedelta(hours=h, minutes=m, seconds=s)
        raise ValueError(hint)
    match = _SPAN.match(value)
    if not match or not any(match.groupdict().values()):
        raise ValueError(hint)
    parts = {k: float(v) for k, v in match.groupdict().items() if v}
    span = timedelta(hours=parts.get("h", 0), minutes=parts.get("m", 0), seconds=parts.get("s", 0))
    if span <= timedelta(0):
        raise ValueError(f"duration must be positive: {short(text)}")
    return span


def _clock(text: str) -> tuple[int, int, int] | None:
    """``9:30``, ``9``, ``3pm``, ``3:30 pm``, ``15h30``, ``15h``, ``noon``, ``midnight`` as (h, m, s)."""
    value = text.strip().lower()
    if value in _NAMED_CLOCKS:
        return _NAMED_CLOCKS[value]
    match = _CLOCK.match(value)
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


def _weekday(word: str) -> int | None:
    """0 for ``mon``/``monday``..., None for anything else (at least three letters)."""
    if len(word) < 3:
        return None
    found = [i for i, name in enumerate(_WEEKDAYS) if name.startswith(word)]
    return found[0] if len(found) == 1 else None


def _local_now(now: datetime | None, tz) -> datetime:
    return (now or utc_now()).astimezone(tz or UTC)


def parse_day(text: str, *, now: datetime | None = None, tz=None) -> date:
    """A day people name: ``2026-11-20``, ``today``, ``yesterday``, ``tomorrow``, ``fri`` / ``friday``
    (the most recent one, today included) or ``last friday`` (the one before today)."""
    local = _local_now(now, tz)
    value = " ".join((text or "").strip().lower().split())
    if not value:
        raise ValueError("empty day")
    relative = {"today": 0, "yesterday": -1, "tomorrow": 1}
    if value in relative:
        return local.date() + timedelta(days=relative[value])
    last = value.startswith("last ")
    index = _weekday(value[5:] if last else value)
    if index is not None:
        back = (local.weekday() - index) % 7
        if last and back == 0:
            back = 7
        return local.date() - timedelta(days=back)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"not a day: {short(text)} (try 2026-11-20, yesterday, fri or 'last friday')") from None


def _split_day(value: str) -> tuple[str | None, str]:
    """Split ``last friday 9:00`` / ``yesterday at 3pm`` / ``2026-11-20 9:00`` into day and clock."""
    words = value.split()
    for count in (2, 1):
        if len(words) >= count:
            head = " ".join(words[:count])
            if head in ("today", "yesterday", "tomorrow") or re.fullmatch(r"\d{4}-\d{2}-\d{2}", head) or (
                    _weekday(head[5:] if head.startswith("last ") else head) is not None
                    and (count == 2) == head.startswith("last ")):
                rest = words[count:]
                if rest and rest[0] == "at":
                    rest = rest[1:]
                return head, " ".join(rest)
    return None, value


def _at(day: date, clock: tuple[int, int, int], tz) -> datetime:
    return datetime(day.year, day.month, day.day, *clock, tzinfo=tz)


def parse_when(text: str, *, now: datetime | None = None, tz=None, on: date | None = None,
               prefer: str = "past", after: datetime | None = None) -> datetime:
    """A human point in time, read in ``tz`` (default UTC), returned as aware UTC.

    Accepts ``now``, ``9:30``, ``2pm``, ``3:30pm``, ``15h30``, ``noon``, ``midnight``, ``yesterday 14:00``,
    ``fri 9:00`` (the most recent Friday), ``last friday 9:00``, ``-15m`` / ``+15m`` (before or after
    now), ``2026-11-20 09:00`` and full ISO timestamps (an offset in the text wins over ``tz``).

    A time without a day is placed on ``on`` when given; else on ``after``'s day, or the next day when
    that is earlier than ``after`` and the next is at most 12 hours after it (``22:00`` to ``01:00`` is
    a night's work; ``10:00`` to ``9:00`` stays an end before its start); else by ``prefer``: ``past`` takes the most recent such
    moment (``23:55`` just after midnight is yesterday's), ``nearest`` the one closest to now,
    ``today`` today's. A weekday whose time is still ahead this week means last week's.
    """
    tz = tz or UTC
    local = _local_now(now, tz)
    value = " ".join((text or "").strip().lower().split())
    if not value:
        raise ValueError("empty time")
    if prefer not in PREFERENCES:
        raise ValueError(f"prefer must be one of {', '.join(PREFERENCES)}")
    if value == "now":
        return local.astimezone(UTC)
    for sign, prefix, suffix in ((-1, "-", ""), (1, "+", ""), (-1, "", " ago"), (1, "in ", "")):
        if value.startswith(prefix) and value.endswith(suffix) and (prefix or suffix):
            body = value[len(prefix):len(value) - len(suffix)].strip()
            try:
                return (local + sign * parse_span(body)).astimezone(UTC)
            except ValueError:
                break
    hint = f"not a time: {short(text)} (try 9:30, 3pm, 15h30, noon, 'yesterday 14:00', 'fri 9:00' or 2026-11-20T09:30)"
    day_text, clock_text = _split_day(value)
    if day_text is None and "-" in value[1:] or "t" in value and value[:4].isdigit():
        try:
            parsed = datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(hint) from None
        return (parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)).astimezone(UTC)
    clock = _clock(clock_text) if clock_text else (0, 0, 0) if day_text else None
    if clock is None:
        raise ValueError(hint)
    if day_text is not None:
        moment = _at(parse_day(day_text, now=local, tz=tz), clock, tz)
        if not day_text.startswith("last ") and _weekday(day_text) is not None and moment > local + GRACE \
                and prefer != "today":
            moment = _at(moment.date() - timedelta(days=7), clock, tz)
        return moment.astimezone(UTC)
    if on is not None:
        return _at(on, clock, tz).astimezone(UTC)
    if after is not None:
        anchor = after.astimezone(tz)
        moment = _at(anchor.date(), clock, tz)
        following = _at(anchor.date() + timedelta(days=1), clock, tz)
        if moment < anchor and following - anchor <= OVERNIGHT:
            moment = following
        return moment.astimezone(UTC)
    today = _at(local.date(), clock, tz)
    if prefer == "today":
        return today.astimezone(UTC)
    candidates = [_at(local.date() + timedelta(days=d), clock, tz) for d in (-1, 0, 1)]
    if prefer == "past":
        return max(c for c in candidates if c <= local + GRACE).astimezone(UTC)
    return min(candidates, key=lambda c: (abs(c - local), c > local)).astimezone(UTC)


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
