"""Reports over the synced store: summaries, detailed listings, weekly grids, estimates and budgets,
exported as tables, CSV, JSON or XLSX. Pure queries over the provider-neutral views, so Clockify and
ClockEye stores answer alike; ``punch report`` and the dashboard call this API::

    from punchclock.reports import summary, resolve_range
    from punchclock.store import open_store

    with open_store(None, read_only=True) as store:
        w = resolve_range("last-week", tz="Europe/Berlin")
        report = summary(store, w.start, w.end, ("client", "project"), tz=w.tz, billable=True)
        for row in report.rows:            # outer groups first, each followed by its children
            print("  " * (row.level - 1), row.name, row.seconds / 3600, row.earned.text())
        print(report.totals.seconds, report.totals.earned.total)   # cents
"""

from __future__ import annotations

from punchclock.reports.api import detailed, progress, summary, weekly, window
from punchclock.reports.model import (
                                      GROUPS,
                                      Detailed,
                                      Grid,
                                      GridRow,
                                      Line,
                                      Money,
                                      Progress,
                                      Report,
                                      Rounding,
                                      Row,
                                      Totals,
                                      Window,
)
from punchclock.reports.ranges import resolve as resolve_range
from punchclock.reports.rates import LocalRates
from punchclock.reports.rates import read as read_rates

__all__ = ["GROUPS", "Detailed", "Grid", "GridRow", "Line", "LocalRates", "Money", "Progress", "Report", "Rounding",
           "Row", "Totals", "Window", "detailed", "progress", "read_rates", "resolve_range", "summary", "weekly",
           "window"]
