"""How the dashboard writes numbers: hours as the reports' exports write them (two decimals) and money
per currency, so the page and its CSV/XLSX downloads show the same values."""

from __future__ import annotations

from punchclock.reports.export import hours as _hours
from punchclock.reports.model import Money


def hours(seconds: int) -> str:
    """Seconds as decimal hours (``12.5`` shown as ``12.50``)."""
    return f"{_hours(seconds):.2f}"


def money(amount: Money) -> str:
    """An amount per currency (``1234.56 USD``), ``0.00`` when there is none."""
    return amount.text() or "0.00"
