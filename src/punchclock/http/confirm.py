"""Finding out whether a write whose answer was lost was carried out.

A create cannot be sent again safely once it may have reached the server. Instead, one read
(``lookup``) and a ``match`` over its result look for what the create would have made: found, it
is the create's result; not found or unreadable, the outcome stays unknown and
:class:`~punchclock.errors.OutcomeUnknown` says where to check.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Awaitable, Callable

from punchclock.errors import OutcomeUnknown, PunchclockError
from punchclock.http.call import Call


@dataclass
class Confirm:
    """How to look up a create: one read, a matcher of its result (None: not there), and the advice
    given when the outcome stays unknown (``"the time entry may have been created: check with ..."``)."""

    lookup: Call
    match: Callable[[Any], Any]
    advice: str

    def settle(self, execute: Callable[[Call], Any], unknown: OutcomeUnknown) -> Any:
        """The created item, looked up with the sync ``execute``; else raise OutcomeUnknown."""
        try:
            found, looked = self.match(execute(self.lookup)), True
        except PunchclockError:
            found, looked = None, False
        return self._found_or_raise(found, looked, unknown)

    async def settle_async(self, execute: Callable[[Call], Awaitable[Any]], unknown: OutcomeUnknown) -> Any:
        """The async twin of :meth:`settle`."""
        try:
            found, looked = self.match(await execute(self.lookup)), True
        except PunchclockError:
            found, looked = None, False
        return self._found_or_raise(found, looked, unknown)

    def _found_or_raise(self, found: Any, looked: bool, unknown: OutcomeUnknown) -> Any:
        if found is not None:
            return found
        seen = "it was not there just after (so probably not made), but" if looked else "the lookup failed too, and"
        raise OutcomeUnknown(f"no answer from the server; {seen} {self.advice}", method=unknown.method,
                             path=unknown.path, cause=unknown.cause) from None
