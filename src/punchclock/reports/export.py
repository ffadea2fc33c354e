"""Reports as a terminal table, CSV, JSON or XLSX (:func:`render`).

CSV and XLSX hold the innermost rows of a summary (one column per group level, so they pivot
cleanly), every entry of a detailed listing, or a weekly grid; hours are decimal (2 places) and
money is in currency units. XLSX adds a total row; CSV stays machine-clean (no total line). JSON
is the report itself: nested groups, seconds, and money as integer cents per currency.
"""

from __future__ import annotations

import csv
import io
import json

from punchclock.reports.model import Detailed, Grid, Money, Report, Row, Totals
from punchclock.reports.xlsx import workbook

FORMATS = ("table", "csv", "json", "xlsx")
Any = Report | Detailed | Grid


def hours(seconds: int) -> float:
    """Decimal hours, two places."""
    return round(seconds / 3600, 2)


def clock(seconds: int) -> str:
    """``12:05`` (hours and minutes)."""
    minutes = round(seconds / 60)
    return f"{minutes // 60}:{minutes % 60:02d}"


def _amount(money: Money):
    """Currency units as a number for one currency, text for several."""
    return round(money.total / 100, 2) if money.total is not None else money.text()


def _currency(*moneys: Money) -> str:
    found = sorted({c for m in moneys for c in m.cents})
    return ",".join(found)


def tabulate(report: Any) -> tuple[list[str], list[list], list]:
    """Header, rows and a total row of plain values (what CSV and XLSX hold)."""
    if isinstance(report, Report):
        header = [g.title() for g in report.group_by] + ["Hours", "Billable hours", "Non-billable hours", "Entries",
                                                         "Amount", "Cost", "Currency"]
        rows = [list(r.names) + _figures(r) for r in report.leaves()]
        total = ["Total"] + [""] * (len(report.group_by) - 1) + _figures(report.totals)
        return header, rows, total
    if isinstance(report, Detailed):
        header = ["Date", "Start", "End", "Hours", "User", "Project", "Client", "Task", "Description", "Tags",
                  "Billable", "Rate", "Amount", "Currency"]
        rows = [[e.start.date().isoformat(), e.start.strftime("%H:%M:%S"), e.end.strftime("%H:%M:%S"),
                 hours(e.seconds), e.user, e.project, e.client, e.task, e.description, ", ".join(e.tags),
                 "yes" if e.billable else "no", None if e.rate is None else round(e.rate / 100, 2),
                 round(e.earned / 100, 2), e.currency] for e in report.lines]
        t = report.totals
        total = ["Total", "", "", hours(t.seconds)] + [""] * 8 + [_amount(t.earned), _currency(t.earned)]
        return header, rows, total
    header = [report.group.title()] + [d.strftime("%a %Y-%m-%d") for d in report.days] + ["Total"]
    rows = [[r.name] + [hours(s) for s in r.days] + [hours(r.seconds)] for r in report.rows]
    total = ["Total"] + [hours(s) for s in report.day_totals] + [hours(report.totals.seconds)]
    return header, rows, total


def _figures(r: Row | Totals) -> list:
    return [hours(r.seconds), hours(r.billable_seconds), hours(r.non_billable_seconds), r.entries,
            _amount(r.earned), _amount(r.cost), _currency(r.earned, r.cost)]


def to_csv(report: Any) -> str:
    """CSV text: the header and rows of :func:`tabulate` (no total line)."""
    header, rows, _ = tabulate(report)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    return out.getvalue()


def to_xlsx(report: Any) -> bytes:
    """An .xlsx workbook: the header, rows and total row of :func:`tabulate`."""
    header, rows, total = tabulate(report)
    return workbook(header, [*rows, total])


def _totals(t: Totals) -> dict:
    return {"seconds": t.seconds, "billable_seconds": t.billable_seconds,
            "non_billable_seconds": t.non_billable_seconds, "entries": t.entries, "earned": t.earned.cents,
            "cost": t.cost.cents}


def as_dict(report: Any) -> dict:
    """The report as JSON-able data (seconds; money as cents per currency; rows nested by level)."""
    w = report.window
    head = {"start": w.start.isoformat(), "end": w.end.isoformat(), "tz": w.tz, "billable": report.billable,
            "rounding": str(report.rounding)}
    if isinstance(report, Report):
        def tree(parent: Row | None) -> list[dict]:
            return [{"key": r.key, "name": r.name, **_totals(r), **({"children": tree(r)}
                                                                     if r.level < len(report.group_by) else {})}
                    for r in report.children(parent)]
        return {**head, "group_by": list(report.group_by), "rows": tree(None), "totals": _totals(report.totals)}
    if isinstance(report, Detailed):
        return {**head, "entries": [{"id": e.id, "start": e.start.isoformat(), "end": e.end.isoformat(),
                                     "seconds": e.seconds, "user": e.user, "project": e.project, "client": e.client,
                                     "task": e.task, "tags": list(e.tags), "description": e.description,
                                     "billable": e.billable, "rate": e.rate, "earned": e.earned,
                                     "currency": e.currency} for e in report.lines],
                "totals": _totals(report.totals)}
    return {**head, "group": report.group, "days": [d.isoformat() for d in report.days],
            "rows": [{"key": r.key, "name": r.name, "days": list(r.days), "seconds": r.seconds} for r in report.rows],
            "day_totals": list(report.day_totals), "totals": _totals(report.totals)}


def to_json(report: Any) -> str:
    """:func:`as_dict` as indented JSON text."""
    return json.dumps(as_dict(report), indent=2, ensure_ascii=False) + "\n"


def to_text(report: Any) -> str:
    """A terminal table (times as h:mm, nested groups indented, a total line under it)."""
    if isinstance(report, Report):
        header = [" / ".join(g.title() for g in report.group_by), "Time", "Billable", "Entries", "Amount"]
        rows = [["  " * (r.level - 1) + r.name, clock(r.seconds), clock(r.billable_seconds), str(r.entries),
                 r.earned.text()] for r in report.rows]
        t = report.totals
        total = ["Total", clock(t.seconds), clock(t.billable_seconds), str(t.entries), t.earned.text()]
    elif isinstance(report, Detailed):
        header = ["Date", "Start", "End", "Time", "User", "Project", "Description", "Billable", "Amount"]
        rows = [[e.start.date().isoformat(), e.start.strftime("%H:%M"), e.end.strftime("%H:%M"), clock(e.seconds),
                 e.user, e.project, e.description, "yes" if e.billable else "no",
                 f"{e.earned / 100:.2f} {e.currency}".strip() if e.earned else ""] for e in report.lines]
        total = ["Total", "", "", clock(report.totals.seconds), "", "", "", "", report.totals.earned.text()]
    else:
        header = [report.group.title()] + [d.strftime("%a %d") for d in report.days] + ["Total"]
        rows = [[r.name] + [clock(s) if s else "" for s in r.days] + [clock(r.seconds)] for r in report.rows]
        total = ["Total"] + [clock(s) for s in report.day_totals] + [clock(report.totals.seconds)]
    return _grid(header, rows, total)


def _grid(header: list[str], rows: list[list[str]], total: list[str]) -> str:
    widths = [min(40, max(len(row[i]) for row in [header, *rows, total])) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        parts = [(c if len(c) <= w else c[:w - 1] + "…").ljust(w) if i == 0 else c.rjust(w)
                 for i, (c, w) in enumerate(zip(cells, widths))]
        return "  ".join(parts).rstrip()

    rule = "-" * len(line(header))
    return "\n".join([line(header), rule, *(line(r) for r in rows), rule, line(total)]) + "\n"


def render(report: Any, fmt: str) -> str | bytes:
    """The report in ``fmt`` (:data:`FORMATS`): text, or bytes for xlsx."""
    return {"table": to_text, "csv": to_csv, "json": to_json, "xlsx": to_xlsx}[fmt](report)
