"""The numbers on the dashboard, all from :mod:`punchclock.reports`: one summary per range and grouping
feeds the cards, the table, the chart and the CSV/XLSX downloads, so they never disagree; estimates
and budgets come from :func:`punchclock.reports.progress`."""

from __future__ import annotations

from dataclasses import dataclass, replace
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


@dataclass(frozen=True)
class Hours:
    """One member's time in the range (the team view)."""

    key: str
    name: str
    seconds: int
    billable_seconds: int


def table(store, start: datetime, end: datetime, group: str, tz: str) -> reports.Report:
    """The summary of ``[start, end)`` grouped by ``group``, longest first."""
    if group not in GROUPS:
        raise ValueError(f"unknown grouping {group!r}; use one of {', '.join(GROUPS)}")
    return reports.summary(store, start, end, (group,), tz=tz, sort="duration")


def table_and_team(store, start: datetime, end: datetime, group: str, tz: str) -> tuple[reports.Report, list[Hours]]:
    """:func:`table` and each member's time in the range, from one summary by ``group`` and user
    where an entry falls in one group (a tag table, which counts an entry under each tag, asks twice)."""
    if group in ("user", "tag"):
        shown = table(store, start, end, group, tz)
        people = shown if group == "user" else table(store, start, end, "user", tz)
        return shown, [Hours(r.key, r.name, r.seconds, r.billable_seconds) for r in people.leaves()]
    if group not in GROUPS:
        raise ValueError(f"unknown grouping {group!r}; use one of {', '.join(GROUPS)}")
    both = reports.summary(store, start, end, (group, "user"), tz=tz, sort="duration")
    team: dict[str, Hours] = {}
    for r in both.leaves():
        had = team.get(r.key)
        team[r.key] = Hours(r.key, r.name, r.seconds + (had.seconds if had else 0),
                            r.billable_seconds + (had.billable_seconds if had else 0))
    shown = replace(both, group_by=(group,), rows=tuple(r for r in both.rows if r.level == 1))
    return shown, list(team.values())


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
