"""Request counters the sandbox keeps for tests and benchmarks (``GET /__sandbox__/stats``)."""

from __future__ import annotations

from collections import Counter


class Stats:
    """Counts requests by method, status and route template since the last reset."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Start counting from zero."""
        self.total = 0
        self.by_method: Counter[str] = Counter()
        self.by_status: Counter[str] = Counter()
        self.by_route: Counter[str] = Counter()

    def record(self, method: str, route: str, status: int) -> None:
        """Count one answered request; ``route`` is the template, e.g. ``GET /api/v1/user``."""
        self.total += 1
        self.by_method[method] += 1
        self.by_status[str(status)] += 1
        self.by_route[route] += 1

    def snapshot(self) -> dict:
        """The counters as the JSON the admin endpoint returns."""
        return {
            "total": self.total,
            "by_method": dict(self.by_method),
            "by_status": dict(self.by_status),
            "by_route": dict(self.by_route),
        }
