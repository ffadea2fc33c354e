"""The Reports host: summary, detailed, weekly and attendance reports over a workspace's entries.

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
import csv
import io
import math
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from punchclock.sandbox.clockify import errors
from punchclock.sandbox.clockify.resources._base import Resource, currency_of
from punchclock.sandbox.clockify.state import Entry

NAME = "reports"

GROUPS = ("PROJECT", "CLIENT", "USER", "TAG", "TASK", "DATE", "WEEK", "MONTH", "TIMEENTRY")
GROUP_TITLES = {"PROJECT": "Project", "CLIENT": "Client", "USER": "User", "TAG": "Tag", "TASK": "Task",
                "DATE": "Date", "WEEK": "Week", "MONTH": "Month", "TIMEENTRY": "Time entry"}
WITHOUT = {"PROJECT": "Without project", "CLIENT": "Without client", "TAG": "Without tag",
           "TASK": "Without task", "TIMEENTRY": "(no description)"}
CALENDAR_GROUPS = ("DATE", "WEEK", "MONTH")
MONEY = ("EARNED", "COST", "PROFIT")
AMOUNT_SHOWN = MONEY + ("HIDE_AMOUNT", "EXPORT")
EXPORTS = ("JSON", "JSON_V1", "CSV", "PDF", "XLSX", "ZIP")
ORDERS = ("ASCENDING", "DESCENDING")
CONTAINS = ("CONTAINS", "DOES_NOT_CONTAIN", "CONTAINS_ONLY")
SUMMARY_SORT = ("GROUP", "DURATION", "AMOUNT", "EARNED", "COST", "PROFIT")
DETAILED_SORT = ("ID", "DESCRIPTION", "USER", "DURATION", "DATE", "ZONED_DATE", "NATURAL", "USER_DATE")
ATTENDANCE_SORT = ("USER", "DATE", "START", "END", "BREAK", "WORK", "CAPACITY", "OVERTIME", "TIME_OFF")
WEEKDAYS = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")
MAX_DETAILED_PAGE = 1000
FREE_PLAN_DAYS = 31
CAPACITY = 8 * 3600


# -- request parsing -----------------------------------------------------------------------------
def enum(value, allowed: tuple[str, ...], field: str, default: str | None = None) -> str | None:
    """An enum body value (case-insensitive); anything else is 400/501 naming the field."""
    if value is None or value == "":
        return default
    if not isinstance(value, str) or value.upper() not in allowed:
        raise errors.invalid(f"You entered invalid value for field: [{field}]")
    return value.upper()


def section(body: dict, name: str, *, required: bool = True) -> dict:
    """A nested filter object such as ``summaryFilter``; missing is 400/501 when required."""
    value = body.get(name)
    if value is None:
        if required:
            raise errors.invalid(f"{name}: must not be null")
        return {}
    if not isinstance(value, dict):
        raise errors.unreadable_body(f"Cannot deserialize value of type `Object` for field [{name}]")
    return value


def wall_clock(value, field: str) -> datetime:
    """A report date as naive wall-clock time; any ``Z`` or offset is dropped, as Clockify does."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise errors.invalid(f"{field}: must not be null")
    if not isinstance(value, str):
        raise errors.unreadable_body(f"Cannot deserialize value of type `java.lang.String` for field [{field}]")
    try:
        return datetime.fromisoformat(value.strip()).replace(tzinfo=None)
    except ValueError:
        raise errors.invalid(f"{field}: could not parse date '{value}'") from None


class Window:
    """The report's date range: wall-clock ends in a time zone, epoch bounds and local midnights."""

    def __init__(self, zone_name: str, start: datetime, end: datetime, week_start: int = 0):
        try:
            self.zone = ZoneInfo(zone_name)
        except (ZoneInfoNotFoundError, ValueError, TypeError):
            raise errors.invalid(f"Invalid time zone: {zone_name}") from None
        self.zone_name = zone_name
        self.start, self.end, self.week_start = start, end, week_start
        self.lo = math.ceil(self.epoch(start))
        self.hi = math.floor(self.epoch(end))
        self.first = start.date()
        self._midnights: list[float] | None = None

    def epoch(self, wall: datetime) -> float:
        """Epoch seconds of a wall-clock time in this zone."""
        return wall.replace(tzinfo=self.zone).timestamp()

    def day_index(self, epoch: int) -> int:
        """How many local days after the range's first day an instant falls."""
        if self._midnights is None:  # built on first use: only calendar groupings need it
            self._midnights = [self.epoch(datetime.combine(d, time())) for d in self.days()] + [math.inf]
        return bisect.bisect_right(self._midnights, epoch) - 1

    def day(self, epoch: int) -> date:
        """The local calendar day of an instant."""
        return self.first + timedelta(days=self.day_index(epoch))

    def days(self) -> list[date]:
        """Every local day the range touches."""
        return [self.first + timedelta(days=d) for d in range((self.end.date() - self.first).days + 1)]

    def render(self, epoch: int) -> str:
        """An instant with this zone's offset, e.g. ``2026-11-04T00:30:00+01:00`` (``Z`` for UTC)."""
        text = datetime.fromtimestamp(epoch, self.zone).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text


class Amounts:
    """Which money the answer shows: ``amountShown`` for ``amount``, ``amounts`` for the lists."""

    def __init__(self, body: dict):
        shown = enum(body.get("amountShown"), AMOUNT_SHOWN, "amountShown", "EARNED")
        self.shown = None if shown == "HIDE_AMOUNT" else ("EARNED" if shown == "EXPORT" else shown)
        listed = body.get("amounts")
        if listed is not None and not isinstance(listed, list):
            raise errors.unreadable_body("Cannot deserialize value of type `java.util.ArrayList` for field [amounts]")
        kinds = [enum(k, AMOUNT_SHOWN, "amounts") for k in listed or []]
        self.listed = [k for k in kinds if k in MONEY] or ([self.shown] if self.shown else [])

    @staticmethod
    def value(earned: int, cost: int, kind: str | None) -> float:
        """Money of one kind from summed ``seconds * cents`` products."""
        if kind is None:
            return 0
        if kind == "EARNED":
            return earned / 3600
        if kind == "COST":
            return cost / 3600
        return (earned - cost) / 3600


class Tally:
    """Sums over entries: seconds, billable seconds, count and money (as ``seconds * cents``)."""

    __slots__ = ("seconds", "billable", "count", "earned", "cost", "kids")

    def __init__(self):
        self.seconds = self.billable = self.count = self.earned = self.cost = 0
        self.kids: dict = {}

    def add(self, e: Entry) -> None:
        """Count one finished entry."""
        s = e.end - e.start
        self.seconds += s
        self.count += 1
        self.cost += s * e.cost_rate
        if e.billable:
            self.billable += s
            self.earned += s * e.hourly_rate

    def child(self, key) -> "Tally":
        """The sub-tally for ``key``, created on first use."""
        node = self.kids.get(key)
        if node is None:
            node = self.kids[key] = Tally()
        return node

    def money(self, kind: str | None) -> float:
        """This tally's money of one kind (0 when hidden)."""
        return Amounts.value(self.earned, self.cost, kind)


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
            _spread(root, e, keyers, 0)
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
            rows.append((_sort_value(row, kid, group, column, amounts), row))
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
        entries.sort(key=_entry_sort(column, labels), reverse=order == "DESCENDING")
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


# -- helpers -------------------------------------------------------------------------------------
class Labels:
    """Names, colours and clients of the things entries point at, looked up once per report."""

    def __init__(self, backend, ws):
        self.backend, self.ws = backend, ws
        self.cache: dict = {}

    def user(self, user_id: str) -> dict:
        """The user record (a placeholder for a user the sandbox no longer knows)."""
        return self.backend.state.users.get(user_id) or {"name": "", "email": "", "profilePicture": ""}

    def of(self, group: str, key) -> dict:
        """Display fields of one group key: ``name`` plus ``color``/``clientName`` for projects."""
        found = self.cache.get((group, key))
        if found is None:
            found = self.cache[(group, key)] = self._lookup(group, key)
        return found

    def _lookup(self, group: str, key) -> dict:
        ws = self.ws
        if group == "PROJECT":
            project = ws.projects.get(key)
            if project is None:
                return {"name": WITHOUT["PROJECT"], "color": "", "clientId": "", "clientName": ""}
            client = ws.clients.get(project["clientId"]) if project["clientId"] else None
            return {"name": project["name"], "color": project["color"], "clientId": project["clientId"] or "",
                    "clientName": client["name"] if client else ""}
        if group == "USER":
            return {"name": self.user(key)["name"]}
        if group == "WEEK":
            last = date.fromisoformat(key) + timedelta(days=6)
            return {"name": f"{key} - {last.isoformat()}"}
        if group in ("DATE", "MONTH"):
            return {"name": key}
        if group == "TIMEENTRY":
            return {"name": key or WITHOUT["TIMEENTRY"]}
        source = {"CLIENT": ws.clients, "TAG": ws.tags, "TASK": ws.tasks}[group]
        record = source.get(key) if key else None
        return {"name": record["name"] if record else WITHOUT[group]}


def contains_filter(body: dict, name: str, *, with_status: bool = False) -> tuple[set, str, str | None]:
    """An entity filter ``{ids, contains, status}`` as (ids, mode, status); absent means no filter."""
    value = section(body, name, required=False)
    ids = value.get("ids") or []
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise errors.unreadable_body(f"Cannot deserialize value of type `java.util.ArrayList` for field [{name}.ids]")
    mode = enum(value.get("contains"), CONTAINS, f"{name}.contains", "CONTAINS")
    status = value.get("status")
    if with_status:
        status = enum(status, ("ALL", "ACTIVE_WITH_PENDING", "ACTIVE", "PENDING", "INACTIVE"), f"{name}.status")
    return set(ids), mode, status


def predicates(ws, body: dict) -> list:
    """Per-entry tests from the project, client, task, tag, billable and description filters."""
    tests = []

    def single(name, getter):
        ids, mode, _ = contains_filter(body, name)
        if ids:
            keep = mode != "DOES_NOT_CONTAIN"
            tests.append(lambda e: (getter(e) in ids) == keep)

    clients = {p["id"]: p["clientId"] or "" for p in ws.projects.values()}
    single("projects", lambda e: e.project_id or "")
    single("clients", lambda e: clients.get(e.project_id, ""))
    single("tasks", lambda e: e.task_id or "")
    tag_ids, tag_mode, _ = contains_filter(body, "tags")
    if tag_ids:
        if tag_mode == "CONTAINS":
            tests.append(lambda e: bool(e.tag_ids) and not tag_ids.isdisjoint(e.tag_ids))
        elif tag_mode == "DOES_NOT_CONTAIN":
            tests.append(lambda e: not e.tag_ids or tag_ids.isdisjoint(e.tag_ids))
        else:
            tests.append(lambda e: bool(e.tag_ids) and tag_ids.issuperset(e.tag_ids))
    billable = body.get("billable")
    if isinstance(billable, bool):
        tests.append(lambda e: e.billable == billable)
    if body.get("withoutDescription") is True:
        tests.append(lambda e: not e.description)
    needle = body.get("description")
    if isinstance(needle, str) and needle:
        needle = needle.lower()
        tests.append(lambda e: needle in e.description.lower())
    invoicing = enum(body.get("invoicingState"), ("INVOICED", "UNINVOICED", "ALL"), "invoicingState", "ALL")
    if invoicing != "ALL":
        tests.append(lambda e: e.invoiced == (invoicing == "INVOICED"))
    return tests


def detailed_page(options: dict, policy: str) -> tuple[int, int]:
    """``page`` and ``pageSize`` inside a report filter (1 and 50 by default, size at most 1000)."""
    page, size = options.get("page", 1), options.get("pageSize", 50)
    for name, value in (("page", page), ("pageSize", size)):
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            raise errors.unreadable_body(f"Cannot deserialize value of type `java.lang.Integer` for field [{name}]")
    page = max(1, page or 1)
    size = 50 if size is None else size
    if size < 1:
        if policy != "clamp":
            raise errors.invalid("pageSize: must be greater than or equal to 1")
        size = 1
    if size > MAX_DETAILED_PAGE:
        if policy != "clamp":
            raise errors.invalid(f"pageSize: must be less than or equal to {MAX_DETAILED_PAGE}")
        size = MAX_DETAILED_PAGE
    return page, size


def totals(root: Tally, amounts: Amounts, cur: str) -> dict:
    """The report's single totals item (``_id`` is ``""``, as live)."""
    value = root.money(amounts.shown)
    return {"_id": "", "totalTime": root.seconds, "totalBillableTime": root.billable, "entriesCount": root.count,
            "totalAmount": value, "numOfCurrencies": 1, "totalAmountByCurrency": [{"currency": cur, "amount": value}],
            "amounts": [{"type": t, "value": root.money(t),
                         "amountByCurrency": [{"currency": cur, "amount": root.money(t)}]} for t in amounts.listed]}


def _spread(node: Tally, e: Entry, keyers, level: int) -> None:
    if level == len(keyers):
        return
    for key in keyers[level](e):
        kid = node.child(key)
        kid.add(e)
        _spread(kid, e, keyers, level + 1)


def _sort_value(row: dict, kid: Tally, group: str, column: str, amounts: Amounts):
    if column == "DURATION":
        return kid.seconds
    if column == "AMOUNT":
        return kid.money(amounts.shown)
    if column in MONEY:
        return kid.money(column)
    return row["_id"] if group in CALENDAR_GROUPS else row["nameLowerCase"]


def _entry_sort(column: str, labels: Labels):
    if column == "ID":
        return lambda e: e.id
    if column == "DESCRIPTION":
        return lambda e: (e.description.lower(), e.start, e.id)
    if column == "DURATION":
        return lambda e: (e.end - e.start, e.start, e.id)
    if column in ("USER", "USER_DATE"):
        return lambda e: (labels.user(e.user_id)["name"].lower(), e.start, e.id)
    return lambda e: (e.start, e.id)


ATTENDANCE_KEYS = {
    "USER": lambda r: r["userName"].lower(), "DATE": lambda r: r["date"], "START": lambda r: r["startTime"],
    "END": lambda r: r["endTime"], "BREAK": lambda r: r["break"], "WORK": lambda r: r["totalDuration"],
    "CAPACITY": lambda r: r["capacity"], "OVERTIME": lambda r: r["overtime"], "TIME_OFF": lambda r: r["timeOff"],
}


# -- CSV -----------------------------------------------------------------------------------------
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
