"""The numbers on the dashboard, all from :mod:`punchclock.reports`: one summary per range and grouping
feeds the cards, the table, the chart and the CSV/XLSX downloads, so they never disagree; estimates
and budgets come from :func:`punchclock.reports.progress`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from punchclock import reports

GROUPS = ("project", "client", "user", "tag")


@dataclass(frozen=True)
class Budget:
    """One project's bar: its name, the share used (percent, of the estimate or else the budget), what it
    is measured against and whether the project is over its estimate or budget."""

    name: str
    used: float
    label: str
    over: bool


def table(store, start: datetime, end: datetime, group: str, tz: str) -> reports.Report:
    """The summary of ``[start, end)`` grouped by ``group``, longest first."""
    if group not in GROUPS:
        raise ValueError(f"unknown grouping {group!r}; use one of {', '.join(GROUPS)}")
    return reports.summary(store, start, end, (group,), tz=tz, sort="duration")


def budgets(store, now: datetime, tz: str) -> list[Budget]:
    """A bar for every project with an active estimate or budget (red when over either)."""
    out = []
    for p in reports.progress(store, now=now, tz=tz):
        if p.estimate_used is not None:
            used, label = p.estimate_used, f"{p.estimate_seconds / 3600:.0f} h"
        else:
            used, label = p.budget_used or 0.0, f"{(p.budget or 0) / 100:.2f} {p.currency}".strip()
        out.append(Budget(p.name, used, label, p.over))
    return out
