"""What every transcript source yields: one :class:`Event` per timestamped line, in a neutral shape.

Times are whole UTC epoch seconds: segments are rounded to the minute when they become entries, and
whole seconds let a session's activity be kept as a set that re-reading a file cannot change.
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple


class Event(NamedTuple):
    """One timestamped line of a session.

    ``human`` marks a prompt a person typed; ``tool_starts`` are ``(call id, tool name)`` pairs the line
    opens, ``tool_ends`` the call ids it closes; ``busy_ms`` is a finished turn's length
    (the line closes ``[ts - busy_ms, ts]``); ``cwd`` and ``branch`` are where the line was written and
    ``remote`` the repository's URL when the source records it.
    """

    session_id: str
    ts: int
    cwd: str | None = None
    branch: str | None = None
    human: bool = False
    tool_starts: tuple = ()
    tool_ends: tuple = ()
    busy_ms: int = 0
    remote: str | None = None


_HOURS: dict[str, int] = {}


def epoch_seconds(text) -> int | None:
    """Whole UTC seconds of an ISO-8601 instant (``2026-02-12T16:02:25.227Z``, offsets too); None if bad.

    The common ``...Z`` form is read by caching each hour's start, so a transcript's timestamps cost a
    dictionary lookup and two small integers each; anything else goes through :func:`datetime.fromisoformat`.
    """
    if text.__class__ is not str:
        return None
    if len(text) >= 20 and text[-1] == "Z" and text[13] == ":" and text[16] == ":" and text[19] in ".Z":
        hour = _HOURS.get(text[:13])
        if hour is None:
            try:
                hour = int(datetime.fromisoformat(text[:13] + ":00:00+00:00").timestamp())
            except ValueError:
                return None
            if len(_HOURS) > 100_000:
                _HOURS.clear()
            _HOURS[text[:13]] = hour
        minutes, seconds = text[14:16], text[17:19]
        if not (minutes.isdigit() and seconds.isdigit()) or minutes > "59" or seconds > "59":
            return None
        return hour + int(minutes) * 60 + int(seconds)
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    if value.tzinfo is None:
        return None
    return int(value.timestamp())
