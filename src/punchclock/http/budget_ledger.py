"""A request budget that outlives the process: what was spent in the last hour, and a free plan learned
from a 429, kept in a small state file so the next run budgets up front.

A run of ``punch`` is short; a free Clockify workspace's 30 requests per hour span many runs. So the
moments requests were sent under a budget are written down at the end of a run (wall-clock seconds,
the last hour only) and counted again by the next, which then refuses work the budget cannot cover
before sending it, saying when it would fit.

A 429 whose ``Retry-After`` is longer than a minute comes from an hourly budget, not a per-second
limit: the ledger then remembers a free plan (30 requests per hour, all spent until the server's
pause ends) for that key, base URL and workspace. It also keeps the key's own user id (a key belongs to
one user for good), so a later run needs no ``GET /user`` before its first request. An explicit budget
(``--budget``, the profile's ``budget``) always wins over a learned one. Entries are keyed by a fingerprint of the key, never the
key; runs that overlap may each miss the other's requests (the last to finish writes).
"""

from __future__ import annotations

import json
import time
import weakref
from pathlib import Path
from typing import Callable

from punchclock.config_file import state_path, write_private
from punchclock.http.limiter import RequestBudget

FREE_PLAN_BUDGET = 30
"""Requests per hour of a free Clockify workspace (help page "webhook and API limitations", 2026)."""

FREE_PLAN_PAUSE = 60.0
"""A ``Retry-After`` longer than this comes from an hourly budget, not a per-second limit."""


_restored: "weakref.WeakSet[RequestBudget]" = weakref.WeakSet()  # budgets already holding the ledger's history


def ledger_key(key_fingerprint: str, base_url: str, workspace: str | None) -> str:
    """The entry of one key (its fingerprint, see :func:`~punchclock.http.auth.fingerprint`), base URL
    and workspace."""
    return f"{key_fingerprint} {base_url.rstrip('/')} {workspace or '-'}"


class BudgetLedger:
    """Budgets and the requests spent under them, per :func:`ledger_key`, in one JSON state file."""

    def __init__(self, path: Path | None = None, wall: Callable[[], float] = time.time):
        self.path = path or state_path()
        self.wall = wall

    def _read(self) -> dict:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # no file yet, or a damaged one: start afresh (it only holds what runs learned)
        return data if isinstance(data, dict) else {}

    def learned(self, key: str) -> int | None:
        """The budget learned for ``key`` (a free plan), or None."""
        value = self._entry(key).get("budget")
        return value if isinstance(value, int) and value >= 1 else None

    def user(self, key: str) -> str | None:
        """The user id ``key``'s runs learned (whose key it is), or None."""
        value = self._entry(key).get("user")
        return value if isinstance(value, str) and value else None

    def remember_user(self, key: str, user_id: str) -> None:
        """Write down whose key ``key`` is."""
        self._update(key, {"user": user_id})

    def restore(self, key: str, budget: RequestBudget) -> None:
        """Count, in ``budget``, the requests ``key`` spent in the last window (by earlier runs); a budget
        that already holds them (a second command in the same process) is left as it is."""
        if budget in _restored:
            return
        _restored.add(budget)
        sent = self._entry(key).get("sent")
        if not isinstance(sent, list):
            return
        shift = budget.clock() - self.wall()
        budget.restore([t + shift for t in sent if isinstance(t, (int, float)) and not isinstance(t, bool)])

    def record(self, key: str, budget: RequestBudget, *, learned: int | None = None) -> None:
        """Write down the requests ``budget`` holds (and a learned budget, which is otherwise kept)."""
        shift = self.wall() - budget.clock()
        fields: dict = {"sent": [round(t + shift, 3) for t in budget.history()]}
        if learned is not None:
            fields["budget"] = learned
        self._update(key, fields)

    def _entry(self, key: str) -> dict:
        """What the state file holds for ``key`` (``{}`` when nothing, or something damaged)."""
        entry = self._read().get(key)
        return entry if isinstance(entry, dict) else {}

    def _update(self, key: str, fields: dict) -> None:
        """Set ``fields`` in ``key``'s entry, keeping its others, and write the file atomically."""
        data = self._read()
        entry = data.get(key) if isinstance(data.get(key), dict) else {}
        data[key] = {**entry, **fields}
        write_private(self.path, json.dumps(data, indent=1) + "\n")

    def learn_free_plan(self, key: str, retry_after: float) -> None:
        """Remember a free plan for ``key``: its budget, used up until ``retry_after`` seconds from now."""
        budget = RequestBudget(FREE_PLAN_BUDGET, clock=self.wall)
        budget.restore([self.wall() + retry_after - budget.window] * FREE_PLAN_BUDGET)
        self.record(key, budget, learned=FREE_PLAN_BUDGET)
