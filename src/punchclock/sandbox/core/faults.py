"""Faults a sandbox injects at a chosen rate, reproducible by seed.

Kinds: ``error`` answers a 5xx before the request is handled; ``slow`` delays the answer by
``slow_seconds``; ``timeout`` hangs for ``timeout_seconds`` and then drops the connection
without an answer (nothing is handled); ``drop`` handles the request (a write happens) and then
drops the connection before the answer is complete, the case that tempts clients into
duplicate writes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from punchclock.sandbox.core._settings import settings_from_dict


MAX_DELAY = 3600.0
"""The longest injected delay or hang, in seconds (longer ones are refused, not slept)."""


@dataclass
class Faults:
    """Fault rates (0..1 each) and their parameters."""

    error_rate: float = 0.0
    slow_rate: float = 0.0
    timeout_rate: float = 0.0
    drop_rate: float = 0.0
    error_statuses: tuple[int, ...] = (500, 502, 503)
    slow_seconds: float = 0.5
    timeout_seconds: float = 30.0
    seed: int = 0
    only_paths: str | None = None

    @classmethod
    def from_dict(cls, data: dict) -> "Faults":
        """Build faults from the JSON the admin endpoint accepts (snake_case keys)."""
        faults = settings_from_dict(cls, data, "fault")
        for name in ("error_rate", "slow_rate", "timeout_rate", "drop_rate"):
            if not 0.0 <= float(getattr(faults, name)) <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1")
        for name in ("slow_seconds", "timeout_seconds"):
            if not 0.0 <= getattr(faults, name) <= MAX_DELAY:
                raise ValueError(f"{name} must be between 0 and {MAX_DELAY:g} seconds")
        if not faults.error_statuses or not all(500 <= s <= 599 for s in faults.error_statuses):
            raise ValueError("error_statuses must be a non-empty list of 5xx statuses")
        return faults

    @property
    def active(self) -> bool:
        """Whether any fault can fire."""
        return any((self.error_rate, self.slow_rate, self.timeout_rate, self.drop_rate))


@dataclass
class FaultPlan:
    """What happens to one request."""

    error_status: int | None = None
    delay: float = 0.0
    hang_then_drop: bool = False
    drop_after: bool = False


@dataclass
class FaultInjector:
    """Draws a :class:`FaultPlan` per request from a seeded random stream."""

    faults: Faults = field(default_factory=Faults)
    _rng: random.Random = field(default_factory=lambda: random.Random(0))

    def configure(self, faults: Faults) -> None:
        """Replace the fault settings and restart the random stream from their seed."""
        self.faults = faults
        self._rng = random.Random(faults.seed)

    def draw(self, path: str) -> FaultPlan:
        """Decide the fate of a request to ``path``."""
        f = self.faults
        plan = FaultPlan()
        if not f.active or (f.only_paths and f.only_paths not in path):
            return plan
        rng = self._rng
        if rng.random() < f.timeout_rate:
            plan.hang_then_drop = True
            plan.delay = f.timeout_seconds
            return plan
        if rng.random() < f.error_rate:
            plan.error_status = rng.choice(f.error_statuses)
            return plan
        if rng.random() < f.slow_rate:
            plan.delay = f.slow_seconds
        if rng.random() < f.drop_rate:
            plan.drop_after = True
        return plan
