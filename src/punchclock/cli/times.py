"""Reading the times people type on the command line, the same way in every command.

A time without a day is the most recent such moment that makes sense for the command (see
:func:`punchclock.timeutil.parse_when`); ``--date`` puts every form of time (``3pm``, ``15:00``,
``15h30``) on that day; everything is read in ``--tz`` (else ``PUNCH_TZ``, else this machine's zone).
"""

from __future__ import annotations

from datetime import date, datetime

import typer

from punchclock.cli.common import STATE

DATE = typer.Option(None, "--date", help="Day for times without one: 2026-11-20, yesterday, fri, 'last friday'.")
FUTURE = typer.Option(False, "--future", help="Allow a start or end later than now.")
LONG = typer.Option(False, "--long", help="Allow an entry longer than 24 hours.")


def day(text: str | None) -> date | None:
    """The day ``--date`` names, or None."""
    from punchclock.errors import InvalidInput
    from punchclock.timeutil import parse_day

    if not text:
        return None
    try:
        return parse_day(text, now=STATE.now(), tz=STATE.zone())
    except ValueError as exc:
        raise InvalidInput("--date", str(exc)) from None


def when(text: str | None, option: str, *, on: date | None = None, prefer: str = "past",
         after: datetime | None = None) -> datetime | None:
    """The moment an option's text means, in the zone in use (None when not given); a bad one names the option."""
    from punchclock.errors import InvalidInput
    from punchclock.timeutil import parse_when

    if text is None:
        return None
    try:
        return shown(parse_when(text, now=STATE.now(), tz=STATE.zone(), on=on, prefer=prefer, after=after))
    except ValueError as exc:
        raise InvalidInput(option, str(exc)) from None


def local(moment: datetime, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A moment as people see it in the zone in use."""
    return moment.astimezone(STATE.zone()).strftime(fmt)


def shown(moment: datetime) -> datetime:
    """A moment in the zone in use (for messages)."""
    return moment.astimezone(STATE.zone())


def now() -> datetime:
    """The current moment in the zone in use."""
    return shown(STATE.now())
