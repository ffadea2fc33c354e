"""The Reports host: summary, detailed, weekly and attendance reports over a workspace's entries, and
the detailed expense report (``_report_expenses``).

Facts from ../shared/research/clockify_api.md (section 5, section 10 item 17) and decisions where
no public source settles the behaviour:

- Money is in minor units (cents) as JSON numbers, like the live reports host (a 7210 s entry at
  20000 cents/h reports ``40055.555...``). An entry earns ``seconds / 3600 * hourlyRate`` when
  billable and costs ``seconds / 3600 * costRate`` always; profit is the difference. Values are
  not rounded, except a group's ``amounts[].value``, which the live host rounds to whole cents.
- ``dateRangeStart``/``dateRangeEnd`` are wall-clock times read in the request ``timeZone``
  (default: the caller's profile time zone). A ``Z`` or offset on them is ignored, as live. Both
  ends are inclusive; an entry belongs to the range, and to a day, by its start. Running timers
  never count (attendance only flags them).
- Answers render timestamps in the request time zone with its offset (``Z`` for UTC) and
  durations as integer seconds.
- Entries without a project, client or task render those fields as ``""`` (the spec types them
  as strings); their summary groups have ``_id`` ``""`` and a "Without ..." name.
- TAG grouping counts an entry once under each of its tags; totals count it once.
- DATE, WEEK and MONTH groups use ISO ids (``2026-11-05``, the week's first day, ``2026-11``).
- Filters honour ``ids`` and ``contains``; ``status`` is honoured for users only.
  ``approvalState``, ``rounding``, ``customFields`` and ``dateRangeType`` are accepted and ignored.
- Members see only their own entries. FREE workspaces are refused ranges over 31 days.
- Only JSON and CSV are rendered (CSV for summary and detailed); a CSV export holds every
  matching row, not one page. PDF, XLSX and ZIP are refused with 400/501.
- An empty weekly report has ``totals: [null]`` (a live quirk recorded in the corrected spec).
"""

from __future__ import annotations

import bisect
from datetime import date, timedelta

from punchclock.sandbox.clockify import errors
from punchclock.sandbox.clockify.resources._base import Resource, currency_of
from punchclock.sandbox.clockify.state import Entry
from punchclock.sandbox.clockify.resources._report_query import (
    ATTENDANCE_KEYS, ATTENDANCE_SORT, Amounts, CAPACITY, DETAILED_SORT, EXPORTS, FREE_PLAN_DAYS,
    GROUPS, Labels, ORDERS, SUMMARY_SORT, Tally, WEEKDAYS, Window, entry_sort, sort_value,
    spread, contains_filter, detailed_page, enum, predicates, section, totals, wall_clock,
)
from punchclock.sandbox.clockify.resources._report_csv import detailed_csv, summary_csv
from punchclock.sandbox.clockify.resources._report_expenses import expense_report

NAME = "reports"


# -- the service -----------------------------------------------------------------------------------
class Service(Resource):
    """Report rules: pick entries by window and filters, then group, page or tabulate them."""

    def run(self, kind: str, ws, caller, body: dict, *, page_policy: str = "reject") -> tuple[object, str]:
        """Answer one report: ``(data, media type)`` where data is JSON-able or CSV bytes."""
        export = enum(body.get("exportType"), EXPORTS, "exportType", "JSON")
        if export in ("PDF", "XLSX", "ZIP") or (export == "CSV" and kind not in ("summary", "detailed")):
            raise errors.invalid(f"Export type {export} is not rendered by the sandbox for {kind} reports; "
                                 "use JSON" + (" or CSV" if kind in ("summary", "detailed") else ""))
        as_csv = export == "CSV"
        if kind == "summary":
            data = self.summary(ws, caller, body, as_csv=as_csv)
        elif kind == "detailed":
            data = self.detailed(ws, caller, body, as_csv=as_csv, page_policy=page_policy)
        elif kind == "weekly":
            data = self.weekly(ws, caller, body)
        elif kind == "attendance":
            data = self.attendance(ws, caller, body, page_policy=page_policy)
        elif kind == "expenses":
            data = expense_report(self, ws, caller, body, page_policy=page_policy)
        else:
            raise errors.invalid(f"Report type {kind} is not rendered by the sandbox")
        if as_csv:
            return data.encode("utf-8"), "text/csv"
        return data, "application/json"

    # -- selection ----------------------------------------------------------------------------
    def window(self, ws, caller, body: dict) -> Window:
        """The date range in the request (or profile) time zone, with Clockify's range rules."""
        start = wall_clock(body.get("dateRangeStart"), "dateRangeStart")
        end = wall_clock(body.get("dateRangeEnd"), "dateRangeEnd")
        if end < start:
            raise errors.invalid("dateRangeEnd must not be before dateRangeStart")
        if ws.plan == "free" and end - start > timedelta(days=FREE_PLAN_DAYS):
            raise errors.invalid("Report data on the FREE subscription plan is limited to a maximum interval "
                                 "length of one month (31 days)")
        settings = caller.user.get("settings") or {}
        zone = body.get("timeZone") or settings.get("timeZone") or "UTC"
        week = enum(body.get("weekStart"), WEEKDAYS, "weekStart", settings.get("weekStart") or "MONDAY")
        return Window(zone, start, end, WEEKDAYS.index(week))

    def users(self, ws, caller, body: dict) -> list[str]:
        """Whose entries the report covers: members only themselves, then the users filters."""
        if ws.roles.get(caller.id) == "member":
            candidates = [caller.id]
        else:
            candidates = list(dict.fromkeys([*ws.roles, *ws.by_user]))
        ids, mode, status = contains_filter(body, "users", with_status=True)
        if ids:
            candidates = [u for u in candidates if (u in ids) == (mode != "DOES_NOT_CONTAIN")]
        if status not in (None, "ALL"):
            wanted = "ACTIVE" if status == "ACTIVE_WITH_PENDING" else status
            candidates = [u for u in candidates if (ws.members.get(u) or {}).get("status", "INACTIVE") == wanted]
        group_ids, group_mode, _ = contains_filter(body, "userGroups")
        if group_ids:
            in_groups = {u for g in group_ids if g in ws.groups for u in ws.groups[g]["userIds"]}
            candidates = [u for u in candidates if (u in in_groups) == (group_mode != "DOES_NOT_CONTAIN")]
        return candidates

    def select(self, ws, caller, body: dict, window: Window, *, running: list | None = None) -> list[Entry]:
        """Finished entries in the window passing every filter (running ones go to ``running``)."""
        tests = predicates(ws, body)
        out: list[Entry] = []
        lo_key, hi_key = (-window.hi, ""), (-window.lo, "\uffff")
        for user_id in self.users(ws, caller, body):
            rows = ws.by_user.get(user_id)
            if not rows:
                continue
            a = bisect.bisect_left(rows, lo_key, key=Entry.sort_key)
            b = bisect.bisect_right(rows, hi_key, key=Entry.sort_key)
            for e in rows[a:b]:
                if tests and not all(t(e) for t in tests):
                    continue
                if e.end is not None:
                    out.append(e)
                elif running is not None:
                    running.append(e)
        return out

    # -- summary ------------------------------------------------------------------------------
    def summary(self, ws, caller, body: dict, *, as_csv: bool = False):
        """``POST /reports/summary``: totals and up to three nested grouping levels."""
        options = section(body, "summaryFilter")
        groups = options.get("groups")
        if not isinstance(groups, list) or not 1 <= len(groups) <= 3:
            raise errors.invalid("summaryFilter.groups: size must be between 1 and 3")
        if any(not isinstance(g, str) or g.upper() not in GROUPS for g in groups):
            raise errors.invalid("Invalid group name")
        groups = [g.upper() for g in groups]
        column = enum(options.get("sortColumn"), SUMMARY_SORT, "sortColumn", "GROUP")
        chart = enum(options.get("summaryChartType"), ("BILLABILITY", "PROJECT"), "summaryChartType")
        order = enum(body.get("sortOrder"), ORDERS, "sortOrder", "ASCENDING")
        amounts = Amounts(body)
        window = self.window(ws, caller, body)
        entries = self.select(ws, caller, body, window)
        root = Tally()
        keyers = [self._keyer(ws, g, window) for g in groups]
        for e in entries:
            root.add(e)
            spread(root, e, keyers, 0)
        labels = Labels(self.backend, ws)
        tree = self._levels(root, groups, 0, labels, amounts, column, order, currency_of(ws))
        if as_csv:
            return summary_csv(tree, groups, amounts, currency_of(ws))
        group_totals = {"groupOneTotalCount": len(tree)}
        if len(groups) > 1:
            group_totals["groupTwoTotalCount"] = sum(len(g.get("children", [])) for g in tree)
        return {"totals": [totals(root, amounts, currency_of(ws))], "groupOne": tree,
                "donutChart": self._chart(ws, chart, entries, amounts, labels),
                "groupTotals": group_totals}

    def _keyer(self, ws, group: str, window: Window):
        """A function from an entry to its keys (one, or one per tag) at a grouping level."""
        if group == "PROJECT":
            return lambda e: (e.project_id or "",)
        if group == "CLIENT":
            clients = {p["id"]: p["clientId"] or "" for p in ws.projects.values()}
            return lambda e: (clients.get(e.project_id, ""),)
        if group == "USER":
            return lambda e: (e.user_id,)
        if group == "TAG":
            return lambda e: tuple(e.tag_ids) if e.tag_ids else ("",)
        if group == "TASK":
            return lambda e: (e.task_id or "",)
        if group == "TIMEENTRY":
            return lambda e: (e.description,)
        if group == "DATE":
            return lambda e: (window.day(e.start).isoformat(),)
        if group == "WEEK":
            def week(e):
                d = window.day(e.start)
                return ((d - timedelta(days=(d.weekday() - window.week_start) % 7)).isoformat(),)
            return week
        return lambda e: (window.day(e.start).isoformat()[:7],)

    def _levels(self, node: Tally, groups, level, labels, amounts, column, order, cur) -> list[dict]:
        group = groups[level]
        rows = []
        for key, kid in node.kids.items():
            row = {"_id": key, **labels.of(group, key), "duration": kid.seconds, "amount": kid.money(amounts.shown),
                   "amounts": [{"type": t, "value": round(kid.money(t)),
                                "amountByCurrency": [{"currency": cur, "amount": kid.money(t)}]}
                               for t in amounts.listed],
                   "currency": cur, "workspaceCurrencyCode": cur}
            row["nameLowerCase"] = row["name"].lower()
            if level + 1 < len(groups):
                row["children"] = self._levels(kid, groups, level + 1, labels, amounts, column, order, cur)
            rows.append((sort_value(row, kid, group, column, amounts), row))
        rows.sort(key=lambda pair: pair[0], reverse=order == "DESCENDING")
        return [row for _, row in rows]

    def _chart(self, ws, chart, entries, amounts, labels) -> list[dict]:
        """``donutChart``: empty unless ``summaryChartType`` asks for projects or billability."""
        if chart is None:
            return []
        parts: dict = {}
        for e in entries:
            key = (e.project_id or "") if chart == "PROJECT" else ("BILLABLE" if e.billable else "NON_BILLABLE")
            parts.setdefault(key, Tally()).add(e)
        out = []
        for key, t in parts.items():
            name = labels.of("PROJECT", key)["name"] if chart == "PROJECT" else key.replace("_", " ").title()
            item = {"_id": key, "name": name, "duration": t.seconds, "amount": t.money(amounts.shown)}
            if chart == "PROJECT":
                item["color"] = labels.of("PROJECT", key)["color"]
            out.append(item)
        return sorted(out, key=lambda i: -i["duration"])

    # -- detailed -----------------------------------------------------------------------------
    def detailed(self, ws, caller, body: dict, *, as_csv: bool = False, page_policy: str = "reject"):
        """``POST /reports/detailed``: one page of entries (``timeentries``) plus totals."""
        options = section(body, "detailedFilter")
        page, size = detailed_page(options, page_policy)
        column = enum(options.get("sortColumn"), DETAILED_SORT, "sortColumn", "DATE")
        order = enum(body.get("sortOrder"), ORDERS, "sortOrder", "DESCENDING")
        want_totals = enum((section(options, "options", required=False)).get("totals"),
                           ("CALCULATE", "EXCLUDE"), "totals", "CALCULATE") == "CALCULATE"
        amounts = Amounts(body)
        window = self.window(ws, caller, body)
        entries = self.select(ws, caller, body, window)
        labels = Labels(self.backend, ws)
        entries.sort(key=entry_sort(column, labels), reverse=order == "DESCENDING")
        cur = currency_of(ws)
        if as_csv:
            return detailed_csv(entries, labels, window, cur)
        chunk = entries[(page - 1) * size: page * size]
        out = {"timeentries": [self._row(e, labels, window, amounts, cur) for e in chunk], "totals": []}
        if want_totals:
            root = Tally()
            for e in entries:
                root.add(e)
            out["totals"] = [totals(root, amounts, cur)]
        return out

    def _row(self, e: Entry, labels: "Labels", window: Window, amounts: Amounts, cur: str) -> dict:
        seconds = e.end - e.start
        project = labels.of("PROJECT", e.project_id or "")
        user = labels.user(e.user_id)
        earned = seconds * e.hourly_rate if e.billable else 0
        cost = seconds * e.cost_rate
        shown = amounts.shown
        rate = {"EARNED": e.hourly_rate, "COST": e.cost_rate, "PROFIT": e.hourly_rate - e.cost_rate}.get(shown, 0)
        row = {
            "_id": e.id, "description": e.description, "userId": e.user_id, "userName": user["name"],
            "userEmail": user["email"], "billable": e.billable, "projectId": e.project_id or "",
            "projectName": project["name"] if e.project_id else "", "projectColor": project["color"],
            "clientId": project["clientId"], "clientName": project["clientName"],
            "taskId": e.task_id or "", "taskName": labels.of("TASK", e.task_id)["name"] if e.task_id else "",
            "tags": [{"id": t, "name": labels.of("TAG", t)["name"]} for t in e.tag_ids or []],
            "timeInterval": {"start": window.render(e.start), "end": window.render(e.end), "duration": seconds},
            "type": e.type, "locked": e.is_locked, "customFields": list(e.custom_fields or []),
            "rate": rate, "amount": Amounts.value(earned, cost, shown),
            "earnedRate": e.hourly_rate, "earnedAmount": earned / 3600,
            "costRate": e.cost_rate, "costAmount": cost / 3600, "currency": cur,
        }
        if e.approval_request_id:
            row["approvalRequestId"] = e.approval_request_id
        return row

    # -- weekly -------------------------------------------------------------------------------
    def weekly(self, ws, caller, body: dict) -> dict:
        """``POST /reports/weekly``: exactly seven days, one row per user or project with daily totals."""
        options = section(body, "weeklyFilter")
        if options.get("group") is None:
            raise errors.invalid("weeklyFilter.group: must not be null")
        group = enum(options.get("group"), ("USER", "PROJECT"), "group")
        enum(options.get("subgroup"), ("TIME", "EARNED"), "subgroup", "TIME")
        amounts = Amounts(body)
        window = self.window(ws, caller, body)
        span = window.end - window.start
        if not timedelta(days=7) - timedelta(seconds=1) <= span <= timedelta(days=7):
            raise errors.invalid("Please select date range of exactly 7 days for weekly report")
        days = [window.first + timedelta(days=d) for d in range(7)]
        root, by_day = Tally(), [Tally() for _ in days]
        rows: dict[str, tuple[Tally, list[Tally]]] = {}
        for e in self.select(ws, caller, body, window):
            key = e.user_id if group == "USER" else (e.project_id or "")
            i = min(window.day_index(e.start), 6)
            total, daily = rows.setdefault(key, (Tally(), [Tally() for _ in days]))
            for t in (root, by_day[i], total, daily[i]):
                t.add(e)
        labels, cur = Labels(self.backend, ws), currency_of(ws)

        def per_day(tallies):
            return [{"date": d.isoformat(), "duration": t.seconds, "amount": t.money(amounts.shown)}
                    for d, t in zip(days, tallies)]

        group_one = []
        for key, (total, daily) in rows.items():
            row = {"_id": key, **labels.of(group, key), "duration": total.seconds,
                   "amount": total.money(amounts.shown),
                   "amounts": [{"type": t, "value": total.money(t)} for t in amounts.listed], "days": per_day(daily)}
            row["nameLowerCase"] = row["name"].lower()
            group_one.append(row)
        group_one.sort(key=lambda r: r["nameLowerCase"])
        return {"groupOne": group_one, "totals": [totals(root, amounts, cur) if root.count else None],
                "totalsByDay": per_day(by_day), "decimalFormat": False,
                "trackTimeDownToSeconds": bool(ws.record["workspaceSettings"].get("trackTimeDownToSecond", True)),
                "includeUsersWithoutTime": False, "usersWithoutTime": []}

    # -- attendance ---------------------------------------------------------------------------
    def attendance(self, ws, caller, body: dict, *, page_policy: str = "reject") -> dict:
        """``POST /reports/attendance``: per user and day, first start, last end, work and break."""
        options = section(body, "attendanceFilter")
        page, size = detailed_page(options, page_policy)
        column = enum(options.get("sortColumn"), ATTENDANCE_SORT, "sortColumn", "DATE")
        order = enum(body.get("sortOrder"), ORDERS, "sortOrder", "ASCENDING")
        window = self.window(ws, caller, body)
        running: list[Entry] = []
        days: dict[tuple[str, date], list[Entry]] = {}
        for e in self.select(ws, caller, body, window, running=running):
            days.setdefault((e.user_id, window.day(e.start)), []).append(e)
        live: dict[tuple[str, date], int] = {}
        for e in running:
            key = (e.user_id, window.day(e.start))
            live[key] = min(e.start, live.get(key, e.start))
            days.setdefault(key, [])
        working = set(ws.record["workspaceSettings"].get("workingDays") or WEEKDAYS[:5])
        labels = Labels(self.backend, ws)
        rows = []
        for (user_id, day), items in days.items():
            user = labels.user(user_id)
            work = sum(e.end - e.start for e in items if e.type != "BREAK")
            first = min([e.start for e in items] + ([live[(user_id, day)]] if (user_id, day) in live else []))
            last = max((e.end for e in items), default=None)
            span = (last - first) if items else 0
            capacity = CAPACITY if WEEKDAYS[day.weekday()] in working else 0
            rows.append({
                "userId": user_id, "userName": user["name"], "imageUrl": user.get("profilePicture", ""),
                "date": day.isoformat(), "startTime": window.render(first),
                "endTime": window.render(last) if items else "", "totalDuration": work,
                "break": max(0, span - work), "capacity": capacity, "overtime": max(0, work - capacity),
                "remainingCapacity": max(0, capacity - work), "timeOff": 0,
                "hasRunningEntry": (user_id, day) in live,
            })
        key = ATTENDANCE_KEYS[column]
        rows.sort(key=lambda r: (key(r), r["userName"].lower(), r["date"]), reverse=order == "DESCENDING")
        return {"entities": rows[(page - 1) * size: page * size]}
