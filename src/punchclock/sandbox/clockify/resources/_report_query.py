"""Building blocks of the sandbox's reports: request parsing, the time window, money, tallies,
labels and filters (the rules they follow are listed in :mod:`.reports`)."""

from __future__ import annotations

import bisect
import math
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from punchclock.sandbox.clockify import errors
from punchclock.sandbox.clockify.state import Entry


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


def spread(node: Tally, e: Entry, keyers, level: int) -> None:
    """Add an entry to the tally tree under each key its group yields, level by level."""
    if level == len(keyers):
        return
    for key in keyers[level](e):
        kid = node.child(key)
        kid.add(e)
        spread(kid, e, keyers, level + 1)


def sort_value(row: dict, kid: Tally, group: str, column: str, amounts: Amounts):
    """The value a summary group row sorts by for ``sortColumn``."""
    if column == "DURATION":
        return kid.seconds
    if column == "AMOUNT":
        return kid.money(amounts.shown)
    if column in MONEY:
        return kid.money(column)
    return row["_id"] if group in CALENDAR_GROUPS else row["nameLowerCase"]


def entry_sort(column: str, labels: Labels):
    """The sort key of detailed-report rows for ``sortColumn``."""
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
