"""Time on the wire: ISO-8601 durations (``PT1H30M``) and UTC instants with a ``Z``.

Clockify sends every core timestamp as UTC with second precision (``2026-05-20T06:00:00Z``) and
every core duration as an ISO-8601 duration; reports use integer seconds instead.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

_DURATION = re.compile(
    r"^P(?:(?P<days>\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(?P<hours>\d+(?:\.\d+)?)H)?(?:(?P<minutes>\d+(?:\.\d+)?)M)?(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?$"
)


def format_duration(seconds: int | float | timedelta) -> str:
    """Render a non-negative duration the way Clockify does: ``PT8H``, ``PT1H30M``, ``PT0S``."""
    if isinstance(seconds, timedelta):
        seconds = seconds.total_seconds()
    total = int(seconds)
    if total < 0:
        raise ValueError(f"duration must not be negative, got {total} seconds")
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{hours}H" if hours else "", f"{minutes}M" if minutes else "", f"{secs}S" if secs else ""]
    body = "".join(parts)
    return "PT" + (body or "0S")


def parse_duration(text: str) -> timedelta:
    """Parse an ISO-8601 duration such as ``PT1H30M`` or ``P1DT2H`` into a :class:`timedelta`."""
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
    return datetime.fromtimestamp(int(epoch), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


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
