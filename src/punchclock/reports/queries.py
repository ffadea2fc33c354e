"""Reports as SQL over the store's provider-neutral views (``entries``, ``projects``, ``users``,
``clients``, ``tags``, ``tasks``), so they read Clockify and ClockEye alike.

The rules follow Clockify's own summary report: an entry belongs to the range, and to a day, by
its start read in the report's time zone; running timers never count; a TAG level counts an entry
under each of its tags (``""``, "Without tag", when it has none) while totals count it once; money
follows :mod:`punchclock.reports.model` and the rate in effect follows
:mod:`punchclock.reports.rates`. Values go into the SQL as literals (quoted, or checked numbers),
so a statement is one string any store can run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from punchclock.errors import InvalidInput
from punchclock.reports.model import GROUPS, Money, Rounding, Totals, Window
from punchclock.reports.rates import LocalRates
from punchclock.store.base import StoreError

WITHOUT = {"project": "Without project", "client": "Without client", "tag": "Without tag", "task": "Without task"}
CALENDAR = ("day", "week", "month")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def lit(value) -> str:
    """A SQL literal: NULL, a boolean, an integer, an aware timestamp or a quoted string."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        return f"TIMESTAMPTZ '{value.astimezone(UTC).isoformat()}'"
    return "'" + str(value).replace("'", "''") + "'"


def check_groups(group_by) -> tuple[str, ...]:
    """Group names, lower-case, 1 to 3 of :data:`GROUPS` with no repeats; else :class:`InvalidInput`."""
    if isinstance(group_by, str):
        group_by = [g for g in group_by.split(",") if g.strip()]
    groups = tuple(str(g).strip().lower() for g in group_by or ())
    unknown = [g for g in groups if g not in GROUPS]
    if unknown:
        raise InvalidInput("--group", f"unknown group {unknown[0]!r}; use up to three of {', '.join(GROUPS)}")
    if not 1 <= len(groups) <= 3 or len(set(groups)) != len(groups):
        raise InvalidInput("--group", f"give one to three different groups of {', '.join(GROUPS)}")
    return groups


def ensure_synced(store) -> None:
    """Refuse, with how to fix it, a store that holds no synced tables yet."""
    try:
        store.query('SELECT 1 FROM entries LIMIT 0')
    except StoreError:
        where = getattr(store, "path", None)
        raise StoreError(f"the store{' ' + str(where) if where else ''} has no synced data yet: run `punch sync` "
                         f"first (same --store), or ask the provider with `punch report summary --live`") from None


def run(store, sql: str) -> list[tuple]:
    """Rows of one report statement; a store whose views predate a column asks for a sync."""
    try:
        return store.query(sql)[1]
    except StoreError as exc:
        if "Binder Error" in str(exc) or "not found" in str(exc).lower():
            raise StoreError(f"the store's views are older than this report ({exc}); run `punch sync` once to "
                             "update them") from None
        raise


@dataclass(frozen=True)
class Scope:
    """Which entries a report reads and how each is valued: the base of every report statement."""

    window: Window
    billable: bool | None = None
    rounding: Rounding = field(default_factory=Rounding)
    rates: LocalRates = field(default_factory=LocalRates)
    provider: str | None = None
    workspace_id: str | None = None
    user_ids: tuple[str, ...] = ()
    project_ids: tuple[str, ...] = ()
    fallback: bool = True   # some entries may lack a rate of their own: join the rate hierarchy
    clients: bool = False   # group by client: join projects for each entry's client

    def _seconds(self) -> str:
        exact = '(epoch_us(e."end") - epoch_us(e.start)) // 1000000'
        if not self.rounding.minutes:
            return exact
        step = self.rounding.minutes * 60
        fn = {"up": "ceil", "down": "floor", "nearest": "round"}[self.rounding.mode]
        return f"CAST({fn}({exact} / {step}.0) * {step} AS BIGINT)"

    def _local_rates(self) -> tuple[list[str], list[str]]:
        """Joins of the local rate tables and the rate terms they give, most specific first."""
        r = self.rates
        joins, terms = [], {}

        def table(name: str, columns: str, rows: list[tuple], on: str) -> None:
            values = ", ".join("(" + ", ".join(lit(v) for v in row) + ")" for row in rows)
            joins.append(f"LEFT JOIN (VALUES {values}) {name}({columns}, rate) ON {on}")
            terms[name] = f"{name}.rate"

        if r.project_members:
            table("lr_pm", "project_id, user_id", [(p, u, c) for (p, u), c in r.project_members.items()],
                  "lr_pm.project_id = e.project_id AND lr_pm.user_id = e.user_id")
        if r.tasks:
            table("lr_t", "task_id", list(r.tasks.items()), "lr_t.task_id = e.task_id")
        if r.projects:
            table("lr_p", "project_id", list(r.projects.items()), "lr_p.project_id = e.project_id")
        if r.members:
            table("lr_m", "user_id", list(r.members.items()), "lr_m.user_id = e.user_id")
        order = [terms.get("lr_pm"), terms.get("lr_t"), "nullif(t.hourly_rate, 0)", terms.get("lr_p"),
                 "nullif(p.hourly_rate, 0)", terms.get("lr_m"), lit(r.workspace)]
        return joins, [term for term in order if term and term != "NULL"]

    def _days(self) -> list[date]:
        """The local days the window touches, and the day after (whose midnight ends the last)."""
        zone = ZoneInfo(self.window.tz)
        first = self.window.start.astimezone(zone).date()
        last = self.window.end.astimezone(zone).date()
        return [first + timedelta(days=i) for i in range((last - first).days + 2)]

    def calendar(self) -> str:
        """A table of the local days the window touches: ``ld`` (the day's number, 0 for the first,
        as :meth:`local_day` gives it), the day and its month as text. Made by DuckDB from the first
        day and the count (a literal table of days would cost more to plan than the report to sum)."""
        days = self._days()[:-1]
        return (f"(SELECT ld, strftime(d, '%Y-%m-%d') AS d_day, strftime(d, '%Y-%m') AS d_month FROM (SELECT range "
                f"AS ld, DATE {lit(days[0].isoformat())} + CAST(range AS INTEGER) AS d FROM range({len(days)}))) c")

    def week_shift(self) -> int:
        """How many days the window's first local day is into its week: ``(day number + this) // 7``
        numbers a day's week (0 for the first)."""
        return (self._days()[0].weekday() - self.window.week_start) % 7

    def weeks(self) -> str:
        """A table of the weeks the window touches: ``lw`` (the week's number, see :meth:`week_shift`)
        and its first day as text."""
        days, shift = self._days(), self.week_shift()
        opening = lit((days[0] - timedelta(days=shift)).isoformat())  # the first week's first day
        count = (len(days) - 2 + shift) // 7 + 1
        return (f"(SELECT lw, strftime(DATE {opening} + CAST(7 * lw AS INTEGER), '%Y-%m-%d') AS d_week "
                f"FROM (SELECT range AS lw FROM range({count}))) w")

    def local_day(self, column: str) -> str:
        """SQL numbering the local day (0 for the window's first) an instant ``column`` falls on: the
        day whose local midnight is the last at or before it (as Clockify counts). Midnights are
        found here, once per day, so a row costs integer arithmetic: ``(us - shift) // day`` over
        each run of days of at most 24 hours sharing one shift, the day's own number on a day longer
        than 24 hours (a clock turned back), chosen by a ``CASE`` on the runs' first instants."""
        zone, day_us = ZoneInfo(self.window.tz), 86_400_000_000
        days = self._days()
        starts = [micros(datetime.combine(d, time(), zone)) for d in days]
        us = f"epoch_us({column})"
        pieces: list[tuple[int, str]] = []   # (first instant, expression) runs, in time order
        for k, (begin, following) in enumerate(pairwise(starts)):
            shift = begin - k * day_us  # the instant local day 0 would start at, were every day 24 hours
            moved = f"{us} - {shift}" if shift >= 0 else f"{us} + {-shift}"
            expr = f"({moved}) // {day_us}" if following - begin <= day_us else str(k)
            if not pieces or pieces[-1][1] != expr:
                pieces.append((begin, expr))
        if len(pieces) == 1:
            return pieces[0][1]
        cases = " ".join(f"WHEN {us} < {begin} THEN {expr}" for (_, expr), (begin, _) in pairwise(pieces))
        return f"CASE {cases} ELSE {pieces[-1][1]} END"

    def where(self, *, all_time: bool = False) -> str:
        """The conditions on ``entries e`` that pick the scope's finished entries."""
        where = ['e."end" IS NOT NULL']
        if not all_time:
            where += [f"e.start >= {lit(self.window.start)}", f"e.start < {lit(self.window.end)}"]
        if self.billable is not None:
            where.append(f"e.billable = {lit(self.billable)}")
        for column, value in (("provider", self.provider), ("workspace_id", self.workspace_id)):
            if value is not None:
                where.append(f"e.{column} = {lit(value)}")
        for column, ids in (("user_id", self.user_ids), ("project_id", self.project_ids)):
            if ids:
                where.append(f"e.{column} IN ({', '.join(lit(i) for i in ids)})")
        return " AND ".join(where)

    def cte(self, *, local_time: bool = False, all_time: bool = False, details: bool = False) -> str:
        """``WITH e AS (...)``: the entries in scope with ``secs``, ``rate``, ``earned_x`` and ``cost_x``
        (money times 3600, summed unrounded), ``currency``, ``client_id`` and, when asked, the local
        ``d_day``, ``d_week`` and ``d_month`` of their start and (``details``) the project, client
        and task names. Projects and tasks are joined only where needed: for names, clients, or
        entries without a rate of their own (``fallback``)."""
        joins, rate_terms = self._local_rates()
        joined = self.fallback or self.clients or details
        if not joined:
            rate_terms = [t for t in rate_terms if not t.startswith("nullif(")]
        rate = f"coalesce(e.hourly_rate, {', '.join(rate_terms)})" if self.fallback and rate_terms else "e.hourly_rate"
        fallback_currency = lit(self.rates.currency or None)
        currency = (f"coalesce(CASE WHEN e.hourly_rate IS NULL THEN {fallback_currency} END, e.currency"
                    + (", p.currency" if joined else "") + f", {lit(self.rates.currency)})")
        same = "{a}.provider = e.provider AND {a}.workspace_id = e.workspace_id AND {a}.id = e.{col}"
        names = ("p.name AS project_name, p.client_name AS client_name, t.name AS task_name, e.description, "
                 if details else "")
        client = ("coalesce(nullif(p.client_id, ''), nullif(p.client_name, ''), '')" if joined else "''")
        tasks = f"LEFT JOIN tasks t ON {same.format(a='t', col='task_id')}" if self.fallback or details else ""
        tables = (f"""LEFT JOIN projects p ON {same.format(a='p', col='project_id')}
  {tasks}
  {chr(10).join(joins) if self.fallback else ''}""" if joined else "")
        calendar = f", {self.local_day('start')} AS ld" if local_time else ""
        return f"""WITH b AS (
  SELECT e.provider, e.workspace_id, e.id, e.user_id, coalesce(e.project_id, '') AS project_id,
         coalesce(e.task_id, '') AS task_id, {client} AS client_id, {names}
         e.start, e."end", e.billable, e.tag_ids, {self._seconds()} AS secs, {rate} AS rate,
         coalesce(e.cost_rate, 0) AS cost_rate, {currency} AS currency
  FROM entries e
  {tables}
  WHERE {self.where(all_time=all_time)}
), e AS (
  SELECT b.*, CASE WHEN billable THEN secs * coalesce(rate, 0) ELSE 0 END AS earned_x,
         secs * cost_rate AS cost_x{calendar}
  FROM b
)"""


#: The columns of ``e`` (name, expression) a group is summed by first: ids; a tag by its entry's
#: first tag (``''`` for none) and, only where there are several, the whole list; a calendar group by
#: the local day's or week's number. Then, where that is not yet the group's key, the key made of them
#: on the summed rows (``c`` is :meth:`Scope.calendar`, ``w`` :meth:`Scope.weeks`).
RAW = {"project": (("project_id", "project_id"),), "task": (("task_id", "task_id"),),
       "client": (("client_id", "client_id"),), "user": (("user_id", "user_id"),),
       "tag": (("tag1", "CASE WHEN len(coalesce(tag_ids, [])) = 0 THEN '' ELSE tag_ids[1] END"),
               ("tags", "CASE WHEN len(tag_ids) > 1 THEN tag_ids END")),
       "day": (("ld", "ld"),), "week": (("lw", "(ld + {week_shift}) // 7"),), "month": (("ld", "ld"),)}
LATER = {"tag": "r.tag", "day": "c.d_day", "week": "w.d_week", "month": "c.d_month"}
SPLIT = "(SELECT *, unnest(coalesce(r.tags, [r.tag1])) AS tag FROM r) r"
#: The first sums, per group, currency and billable: seconds, entries, money x 3600 were the entries
#: billable (cheaper than asking per entry) and cost x 3600.
FIRST = "sum(secs) AS s, count(*) AS n, sum(secs * coalesce(rate, 0)) AS x, sum(cost_x) AS cx"
#: The first sums folded over billable: seconds, billable seconds, entries, earned x 3600, cost x 3600.
FOLD = ("sum(s) AS s, coalesce(sum(s) FILTER (WHERE billable), 0) AS bs, sum(n) AS n, "
        "coalesce(sum(x) FILTER (WHERE billable), 0) AS ex, sum(cx) AS cx")


NAMES = {"project": "projects", "user": "users", "tag": "tags", "task": "tasks",
         # a client is named by the clients list or, where a provider has none (ClockEye), its projects
         "client": "(SELECT id, name FROM clients UNION ALL SELECT coalesce(nullif(client_id, ''), client_name), "
                   "client_name FROM projects WHERE coalesce(client_id, client_name, '') <> '')"}


def name_sql(group: str, alias: str, key: str) -> tuple[str, str]:
    """A join that names a group's keys, and the name expression ("Without ..." for ``""``; the key
    itself when nothing names it, e.g. ClockEye's free-form tags)."""
    if group in CALENDAR:
        if group == "week":
            return "", f"{key} || ' - ' || strftime(CAST({key} AS DATE) + 6, '%Y-%m-%d')"
        return "", key
    join = f"LEFT JOIN (SELECT id, min(name) AS name FROM {NAMES[group]} GROUP BY id) {alias} ON {alias}.id = {key}"
    fallback = lit(WITHOUT[group]) if group in WITHOUT else key
    return join, f"CASE WHEN {key} = '' THEN {fallback} ELSE coalesce({alias}.name, {key}) END"


def _by(count: int) -> str:
    """``GROUP BY`` the first ``count`` columns."""
    return "GROUP BY " + ", ".join(str(i + 1) for i in range(count))


def grouped(scope: Scope, groups: tuple[str, ...], extra: tuple[str, ...] = (), *, totals: bool = False) -> str:
    """A statement summing the scope per key of ``groups`` (plus unnamed ``extra`` calendar groups)
    and currency: keys, names, then currency, seconds, billable seconds, entries, earned_x, cost_x.
    With ``totals`` (for a tag grouping, whose rows count an entry under each tag) a last column says
    which rows are the totals per currency instead, each entry counted once, from the same pass.

    Entries are summed once by plain columns (:data:`RAW`), currency and billable; tags are split,
    days named and billable folded on those few sums, so no entry is unnested, converted to local
    time or tested for billable more than once."""
    every = groups + extra
    if totals and "tag" not in every:
        raise ValueError("totals come beside a tag grouping only")
    raw = {name: expr.format(week_shift=scope.week_shift()) for g in every for name, expr in RAW[g]}
    key_names = [f"k{i}" for i in range(len(groups))] + [f"x{i}" for i in range(len(extra))]
    firsts = ", ".join(f"{expr} AS {name}" for name, expr in raw.items())
    keys = ", ".join(f"{LATER.get(g, 'r.' + RAW[g][0][0])} AS {k}" for g, k in zip(every, key_names))
    source = SPLIT if "tag" in every else "r"
    if "ld" in raw:
        source += f" JOIN {scope.calendar()} ON c.ld = r.ld"
    if "lw" in raw:
        source += f" JOIN {scope.weeks()} ON w.lw = r.lw"
    first = f"SELECT {firsts}, currency, billable, {FIRST} FROM e {_by(len(raw) + 2)}"
    steps = f"""r AS {'MATERIALIZED ' if totals else ''}({first}),
g AS (SELECT {keys}, r.currency, {FOLD} FROM {source} {_by(len(every) + 1)})"""
    joins, names = [], []
    for i, group in enumerate(groups):
        join, name = name_sql(group, f"n{i}", f"g.k{i}")
        joins.append(join)
        names.append(f"{name} AS name{i}")
    columns = [f"g.{k}" for k in key_names] + names + ["g.currency", "g.s", "g.bs", "g.n", "g.ex", "g.cx"]
    rows = f"SELECT {', '.join(columns)}{', false' if totals else ''}\nFROM g {' '.join(j for j in joins if j)}"
    if totals:
        blank = ", ".join(["NULL"] * (len(key_names) + len(names)))
        rows += f"""
UNION ALL
SELECT {blank}, currency, {FOLD}, true FROM r GROUP BY currency"""
    return f"""{scope.cte(local_time="ld" in raw or "lw" in raw)},
{steps}
{rows}"""


def totals_sql(scope: Scope) -> str:
    """A statement of the scope's totals per currency: currency, seconds, billable, entries, earned_x, cost_x."""
    return f"""{scope.cte()}
SELECT currency, sum(secs), coalesce(sum(secs) FILTER (WHERE billable), 0), count(*), sum(earned_x), sum(cost_x)
FROM e GROUP BY currency"""


def without_rates(store, scope: Scope, *, all_time: bool = False) -> bool:
    """Whether any entry in scope lacks a rate of its own (then the rate hierarchy is joined)."""
    where = scope.where(all_time=all_time)
    found = run(store, f"SELECT EXISTS (SELECT 1 FROM entries e WHERE {where} AND e.hourly_rate IS NULL)")
    return bool(found and found[0][0])


class Sums:
    """Running sums of one group: seconds, billable seconds, entries and money per currency (kept as
    ``seconds x cents-per-hour`` products, so a sum is rounded once, at the end)."""

    __slots__ = ("billable", "cost", "earned", "entries", "names", "seconds")

    def __init__(self, names: tuple = ()):
        self.names = names
        self.seconds = self.billable = self.entries = 0
        self.earned: dict[str, int] = {}
        self.cost: dict[str, int] = {}

    def add(self, currency, s, bs, n, ex, cx) -> None:
        """Add one row of a grouped statement (or another group's sums)."""
        self.seconds += int(s or 0)
        self.billable += int(bs or 0)
        self.entries += int(n or 0)
        cur = currency or ""
        self.earned[cur] = self.earned.get(cur, 0) + int(ex or 0)
        self.cost[cur] = self.cost.get(cur, 0) + int(cx or 0)

    def merge(self, other: Sums) -> None:
        """Add every figure of another group."""
        self.seconds += other.seconds
        self.billable += other.billable
        self.entries += other.entries
        for mine, theirs in ((self.earned, other.earned), (self.cost, other.cost)):
            for cur, x in theirs.items():
                mine[cur] = mine.get(cur, 0) + x

    @staticmethod
    def money(products: dict[str, int]) -> Money:
        """Cents per currency, rounded once; zero amounts left out."""
        found = {cur: cents(x) for cur, x in products.items()}
        return Money({cur: c for cur, c in found.items() if c} if 0 in found.values() else found)

    def totals(self) -> Totals:
        """These sums as report totals."""
        return Totals(self.seconds, self.billable, self.entries, self.money(self.earned), self.money(self.cost))


def micros(moment: datetime) -> int:
    """Microseconds since the epoch of an aware datetime, exactly."""
    return (moment - EPOCH) // timedelta(microseconds=1)


def cents(money_x) -> int:
    """Cents from a sum of ``seconds x cents-per-hour`` products, rounded half up once."""
    return (int(money_x or 0) + 1800) // 3600


def totals_from(rows: list[tuple]) -> Totals:
    """Totals from :func:`totals_sql` rows."""
    sums = Sums()
    for row in rows:
        sums.add(*row)
    return sums.totals()
