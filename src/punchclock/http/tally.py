"""Requests counted per piece of work (one stream's read of a sync), apart from a limiter's total:
several pieces may send through one limiter at once. A piece counts what is sent in its context,
on threads started in a copy of it as well."""

from __future__ import annotations

import contextlib
import contextvars
import threading
from typing import Iterator


class Tally:
    """Requests sent so far in a context (safe to count from several threads)."""

    def __init__(self) -> None:
        self.requests = 0
        self._lock = threading.Lock()

    def add(self) -> None:
        """One more request."""
        with self._lock:
            self.requests += 1


_current: contextvars.ContextVar[Tally | None] = contextvars.ContextVar("punchclock_tally", default=None)


@contextlib.contextmanager
def tallying() -> Iterator[Tally]:
    """Count the requests sent in this context (and in copies of it made inside) on a new tally."""
    tally = Tally()
    token = _current.set(tally)
    try:
        yield tally
    finally:
        _current.reset(token)


def count_request() -> None:
    """A limiter let a request go: count it on the current context's tally, if any."""
    tally = _current.get()
    if tally is not None:
        tally.add()
