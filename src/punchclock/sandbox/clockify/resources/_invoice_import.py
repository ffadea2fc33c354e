"""Invoice lines made from tracked time and expenses (``POST /invoices/{id}/items/import``).

Only billable, finished, not yet invoiced entries of the invoice client's projects whose day falls
in ``from``..``to`` (UTC days, both inclusive) are taken, and they are marked invoiced, so a second
import of the same days adds nothing (live: "true no-op verified"). ``SINGLE_ITEM`` makes one line,
``GROUPED`` one per ``timeEntryPrimaryGroupBy`` (USER, PROJECT or DATE; PROJECT by default),
``DETAILED`` one per entry. A line's quantity is hours in hundredths (an integer, as every invoice
quantity: ``amount = unitPrice * quantity / 100``), its amount what the entries earned, its unit
price amount over hours. With ``importExpenses``, billable expenses of the same
projects and days become lines too, one each (``DETAILED``) or grouped by ``expensesGroupBy``.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from punchclock.sandbox.clockify import errors
from punchclock.sandbox.clockify.resources._report_query import Labels, contains_filter, enum
from punchclock.sandbox.clockify.resources.holidays import parse_day


def import_lines(backend, ws, invoice: dict, body: dict) -> list[dict]:
    """New invoice lines (without ``order``) for what ``body`` asks, marking what they cover invoiced."""
    for name in ("from", "to", "timeEntryGroupType", "projectFilter"):
        if body.get(name) is None:
            raise errors.invalid(f"{name}: must not be null")
    first, last = parse_day(body["from"], "from"), parse_day(body["to"], "to")
    if last < first:
        raise errors.invalid("to: must not be before from")
    lo = datetime.combine(date.fromisoformat(first), datetime.min.time(), timezone.utc).timestamp()
    hi = datetime.combine(date.fromisoformat(last), datetime.max.time(), timezone.utc).timestamp()
    projects = _projects(ws, invoice["clientId"], body)
    lines = _time_lines(backend, ws, projects, lo, hi, body)
    if body.get("importExpenses"):
        lines += _expense_lines(backend, ws, invoice["id"], projects, first, last, body)
    return lines


def _projects(ws, client_id: str, body: dict) -> set[str]:
    ids, mode, status = contains_filter(body, "projectFilter")
    status = enum(status, ("ACTIVE", "ARCHIVED", "ALL"), "projectFilter.status", "ALL")
    out = set()
    for project in ws.projects.values():
        if project["clientId"] != client_id:
            continue
        if status != "ALL" and project["archived"] != (status == "ARCHIVED"):
            continue
        if ids and (project["id"] in ids) == (mode == "DOES_NOT_CONTAIN"):
            continue
        out.add(project["id"])
    return out


def _time_lines(backend, ws, projects: set[str], lo: float, hi: float, body: dict) -> list[dict]:
    kind = enum(body["timeEntryGroupType"], ("SINGLE_ITEM", "GROUPED", "DETAILED"), "timeEntryGroupType")
    group_by = enum(body.get("timeEntryPrimaryGroupBy"), ("USER", "PROJECT", "DATE"), "timeEntryPrimaryGroupBy",
                    "PROJECT")
    entries = sorted((e for e in ws.entries.values() if e.end is not None and e.billable and not e.invoiced
                      and e.project_id in projects and lo <= e.start <= hi), key=lambda e: (e.start, e.id))
    labels = Labels(backend, ws)
    groups: dict[tuple[str, str], list] = {}  # (description, entry id when DETAILED) -> entries
    for e in entries:
        if kind == "SINGLE_ITEM":
            key = ("Time tracked", "")
        elif kind == "DETAILED":
            key = (f"{labels.of('PROJECT', e.project_id)['name']}: {e.description or 'no description'}", e.id)
        elif group_by == "DATE":
            key = (datetime.fromtimestamp(e.start, timezone.utc).date().isoformat(), "")
        else:
            key = (labels.of(group_by, e.user_id if group_by == "USER" else e.project_id)["name"], "")
        groups.setdefault(key, []).append(e)
    lines = []
    for (description, _), rows in groups.items():
        seconds = sum(e.end - e.start for e in rows)
        earned = round(sum((e.end - e.start) * e.hourly_rate / 3600 for e in rows))
        hundredths = round(seconds / 36)
        lines.append({"description": description, "quantity": hundredths,
                      "unitPrice": round(earned * 100 / hundredths) if hundredths else 0, "amount": earned,
                      "importType": "TIME_ENTRY_IMPORT", "timeEntryIds": [e.id for e in rows], "expenseIds": []})
        for e in rows:
            e.invoiced = True
            ws.log_change("updated", "TIME_ENTRY", e.id, backend.now())
    return lines


def _expense_lines(backend, ws, invoice_id: str, projects: set[str], first: str, last: str, body: dict) -> list[dict]:
    kind = enum(body.get("expensesGroupType"), ("GROUPED", "DETAILED"), "expensesGroupType", "DETAILED")
    group_by = enum(body.get("expensesGroupBy"), ("CATEGORY", "PROJECT", "USER"), "expensesGroupBy", "PROJECT")
    invoiced = ws.collection("invoiced_expenses")
    chosen = sorted((x for x in backend.expenses.items(ws).values() if x["billable"] and x["id"] not in invoiced
                     and x["projectId"] in projects and first <= x["date"][:10] <= last),
                    key=lambda x: (x["date"], x["id"]))
    groups: dict[tuple[str, str], list] = {}  # (description, expense id when DETAILED) -> expenses
    for x in chosen:
        category = backend.expenses.categories.get(ws, x["categoryId"])["name"]
        if kind == "DETAILED":
            key = (f"{category}: {x['notes'] or x['date'][:10]}", x["id"])
        else:
            key = ({"CATEGORY": category, "PROJECT": ws.projects[x["projectId"]]["name"],
                    "USER": backend.state.users[x["userId"]]["name"]}[group_by], "")
        groups.setdefault(key, []).append(x)
    lines = []
    for (description, _), rows in groups.items():
        total = round(sum(x["total"] for x in rows))
        lines.append({"description": description, "quantity": 100,
                      "unitPrice": total, "amount": total, "importType": "EXPENSE_IMPORT", "timeEntryIds": [],
                      "expenseIds": [x["id"] for x in rows]})
        for x in rows:
            invoiced[x["id"]] = invoice_id
    return lines
