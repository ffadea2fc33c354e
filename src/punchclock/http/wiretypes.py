"""Wire types any provider's models may use: ISO-8601 durations and UTC timestamps with ``Z``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer

from punchclock.timeutil import duration_of, format_duration, format_instant


def _to_timedelta(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, timedelta)):
        return duration_of(value)
    return value  # pydantic reports it as not a timedelta


def _to_utc(value: Any) -> Any:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)  # Python 3.11 reads a trailing Z
        if value.tzinfo is UTC:
            return value  # the usual ``Z``: already what we want, no copy
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("timestamp has no time zone")
        return value.astimezone(UTC)
    return value


Duration = Annotated[
    timedelta, BeforeValidator(_to_timedelta), PlainSerializer(lambda v: format_duration(v), return_type=str)
]
"""An ISO-8601 duration on the wire (``PT1H30M``), a :class:`timedelta` in Python."""

UtcDateTime = Annotated[
    datetime, BeforeValidator(_to_utc), PlainSerializer(lambda v: format_instant(v.timestamp()), return_type=str)
]
"""A UTC timestamp with ``Z`` on the wire, an aware UTC :class:`datetime` in Python."""
