"""CSV exports of the sandbox's summary and detailed reports."""

from __future__ import annotations

import csv
import io

from punchclock.sandbox.clockify.state import Entry
from punchclock.sandbox.clockify.resources._report_query import GROUP_TITLES, Amounts, Labels, Window


def hms(seconds: int) -> str:
    """A duration as ``HH:MM:SS`` (hours may exceed 99)."""
    hours, rest = divmod(int(seconds), 3600)
    return f"{hours:02d}:{rest // 60:02d}:{rest % 60:02d}"


def _csv(header: list[str], rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def summary_csv(tree: list[dict], groups: list[str], amounts: Amounts, cur: str) -> str:
    """One line per innermost group: the group names, time as h:m:s and decimal, and the amount."""
    header = [GROUP_TITLES[g] for g in groups] + ["Time (h)", "Time (decimal)"]
    if amounts.shown:
        header.append(f"Amount ({cur})")
    rows = []

    def walk(nodes, path):
        for node in nodes:
            names = path + [node["name"]]
            if node.get("children"):
                walk(node["children"], names)
                continue
            row = names + [""] * (len(groups) - len(names)) + [hms(node["duration"]), f"{node['duration'] / 3600:.2f}"]
            if amounts.shown:
                row.append(f"{node['amount'] / 100:.2f}")
            rows.append(row)

    walk(tree, [])
    return _csv(header, rows)


def detailed_csv(entries: list[Entry], labels: Labels, window: Window, cur: str) -> str:
    """Every matching entry, one line each, with local dates and times and the billable amount."""
    header = ["Project", "Client", "Description", "Task", "User", "Email", "Tags", "Billable", "Start Date",
              "Start Time", "End Date", "End Time", "Duration (h)", "Duration (decimal)",
              f"Billable Rate ({cur})", f"Billable Amount ({cur})"]
    rows = []
    for e in entries:
        project = labels.of("PROJECT", e.project_id or "")
        user = labels.user(e.user_id)
        start, end = window.render(e.start), window.render(e.end)
        seconds = e.end - e.start
        earned = seconds * e.hourly_rate / 3600 if e.billable else 0
        rows.append([
            project["name"] if e.project_id else "", project["clientName"], e.description,
            labels.of("TASK", e.task_id)["name"] if e.task_id else "", user["name"], user["email"],
            ", ".join(labels.of("TAG", t)["name"] for t in e.tag_ids or []), "Yes" if e.billable else "No",
            start[:10], start[11:19], end[:10], end[11:19], hms(seconds), f"{seconds / 3600:.2f}",
            f"{e.hourly_rate / 100:.2f}", f"{earned / 100:.2f}",
        ])
    return _csv(header, rows)
