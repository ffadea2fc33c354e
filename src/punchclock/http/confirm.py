"""Finding out whether a write whose answer was lost was carried out.

A create cannot be sent again safely once it may have reached the server, and a delete or replace
(PUT) that was retried may still end without an answer. Instead of reporting such a write as
failed or unknown at once, one read (``lookup``) looks for its effect:

- a create (:class:`Confirm` with a ``match`` over the read): the item it would have made, found,
  is the create's result;
- a replace (:func:`replaced`): the item read back showing the new values is the replace's result;
- a delete (:func:`deleted`): the item answering "not found" means it is gone, the delete's success.

Otherwise (the effect is not seen, or the read fails too) the outcome stays unknown and
:class:`~punchclock.errors.OutcomeUnknown` says what the read saw and where to check.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Awaitable, Callable

from punchclock.errors import NotFound, OutcomeUnknown, PunchclockError
from punchclock.http.call import Call

_UNSEEN = object()  # the read did not show the write's effect


@dataclass
class Confirm:
    """How to look up a write: one read, a matcher of its result (None: the effect is not there), the
    advice given when the outcome stays unknown (``"the time entry may have been created: check with
    ..."``), what to say when the read did not show the effect, and whether "not found" is the effect
    (a delete's)."""

    lookup: Call
    match: Callable[[Any], Any]
    advice: str
    unseen: str = "it was not there just after (so probably not made), but"
    gone_is_done: bool = False

    def settle(self, execute: Callable[[Call], Any], unknown: OutcomeUnknown) -> Any:
        """The write's result, looked up with the sync ``execute``; else raise OutcomeUnknown."""
        try:
            found = self._judge(execute(self.lookup))
        except PunchclockError as failed:
            found = self._failed(failed)
        return self._found_or_raise(found, unknown)

    async def settle_async(self, execute: Callable[[Call], Awaitable[Any]], unknown: OutcomeUnknown) -> Any:
        """The async twin of :meth:`settle`."""
        try:
            found = self._judge(await execute(self.lookup))
        except PunchclockError as failed:
            found = self._failed(failed)
        return self._found_or_raise(found, unknown)

    def _judge(self, seen: Any) -> Any:
        if self.gone_is_done:
            return _UNSEEN  # the item is still there
        found = self.match(seen)
        return _UNSEEN if found is None else found

    def _failed(self, failed: PunchclockError) -> Any:
        if isinstance(failed, NotFound):
            return None if self.gone_is_done else _UNSEEN
        return failed

    def _found_or_raise(self, found: Any, unknown: OutcomeUnknown) -> Any:
        if found is not _UNSEEN and not isinstance(found, PunchclockError):
            return found
        seen = self.unseen if found is _UNSEEN else "the lookup failed too, and"
        raise OutcomeUnknown(f"no answer from the server; {seen} {self.advice}", method=unknown.method,
                             path=unknown.path, cause=unknown.cause) from None


def deleted(path: str, advice: str) -> Confirm:
    """How to confirm a delete of the item at ``path``: a GET of it answering "not found" (a 404, or
    the provider's equivalent) means it is gone."""
    return Confirm(Call("GET", path), lambda item: None, advice,
                   unseen="it was still there just after (so probably not deleted), but", gone_is_done=True)


def replaced(path: str, parse: Callable[[Any], Any] | None, shows: Callable[[Any], bool], advice: str) -> Confirm:
    """How to confirm a replace (PUT) of the item at ``path``: a GET of it whose result ``shows`` the
    new values is the replace's result."""
    return Confirm(Call("GET", path, parse=parse), lambda item: item if item is not None and shows(item) else None,
                   advice, unseen="it did not show the new values just after (so probably not changed), but")
