"""Requests the plan (or the role) refused, remembered so they are not sent again for a while.

A 403 on a paid feature (:class:`~punchclock.errors.PlanRequired`) for one method and path will
come back the same on the next try: plans and roles rarely change mid-run, and a free workspace
may have only 30 requests an hour to spend. So the same request is refused at once, without being
sent, for ``ttl`` seconds. The memory is per request (method and path, not page or query), never
per feature: a member refused someone else's expense may still file their own.
"""

from __future__ import annotations

import threading
import time
from typing import Callable

from punchclock.errors import PlanRequired


class Refusals:
    """Method-and-path pairs answered with ``PlanRequired``, each for ``ttl`` seconds."""

    def __init__(self, ttl: float = 3600.0, clock: Callable[[], float] = time.monotonic):
        self.ttl = ttl
        self.clock = clock
        self._lock = threading.Lock()
        self._refused: dict[tuple[str, str], tuple[float, PlanRequired]] = {}

    def remember(self, error: PlanRequired) -> None:
        """Note a refusal (errors without a method and path are not requests and are ignored)."""
        if error.method and error.path:
            with self._lock:
                self._refused[(error.method, error.path)] = (self.clock(), error)

    def check(self, method: str, path: str) -> None:
        """Raise ``PlanRequired`` again, unsent, if this request was refused less than ``ttl`` ago."""
        with self._lock:
            found = self._refused.get((method, path))
            if found is None:
                return
            at, error = found
            age = self.clock() - at
            if age >= self.ttl:
                del self._refused[(method, path)]
                return
        raise PlanRequired(f"{error.message} (refused {age:.0f} s ago; not sent again for {self.ttl - age:.0f} s)",
                           feature=error.feature, status=error.status, code=error.code, method=method, path=path)

    def clear(self) -> None:
        """Forget every refusal (after upgrading the plan or changing the role)."""
        with self._lock:
            self._refused.clear()
