"""Simulated time for tests and benchmarks: one clock drives a sandbox's limits and a client's limiter,
and sleeping on it moves it at once, so waits cost no real time and come out the same on any machine."""

from __future__ import annotations


class SimulatedClock:
    """Seconds that move only when someone sleeps on them (or sets ``now``)."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = float(now)

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        """Let ``seconds`` pass at once."""
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        """The same, for async limiters."""
        self.now += seconds
