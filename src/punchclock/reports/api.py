"""The reports API the CLI and the dashboard call: :func:`summary`, :func:`detailed`, :func:`weekly`
and :func:`progress`, each reading an open store (``open_store(spec, read_only=True)``).

Every function takes the range as ``start``/``end`` (``[start, end)``; naive times are read in
``tz``) and the same filters: ``billable`` (True, False, None for both), ``rounding`` (a
:class:`Rounding` or text such as ``"up:15"``), ``rates`` (:class:`LocalRates`, for entries that
carry no rate), ``provider``/``workspace_id`` and ``user_ids``/``project_ids``. Bad input raises
:class:`punchclock.errors.InvalidInput` (one line); a store never synced raises
:class:`punchclock.store.StoreError` saying how to sync.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from punchclock.errors import InvalidInput
from punchclock.reports import queries
from punchclock.reports.model import (
    Detailed,
    Grid,
    GridRow,
    Line,
    Progress,
    Report,
    Rounding,
    Row,
    Totals,
    Window,
)
from punchclock.reports.queries import Scope, lit, run
from punchclock.reports.ranges import week_start as parse_week_start
from punchclock.reports.ranges import zone
from punchclock.reports.rates import LocalRates


def window(start: datetime, end: datetime, tz: str = "UTC", week_start: str | int | None = None) -> Window:
    """A checked :class:`Window` (``end`` after ``start``; naive times read in ``tz``)."""
    name, info = zone(tz)
    if not isinstance(start, datetime) or not isinstance(end, datetime):
        raise InvalidInput("range", "start and end must be datetimes")
    start, end = ((t if t.tzinfo else t.replace(tzinfo=info)).astimezone(UTC) for t in (start, end))
    if end <= start:
        raise InvalidInput("range", "the end must be after the start")
    return Window(start, end, name, parse_week_start(week_start))


def _scope(store, start, end, tz, week_start, billable, rounding, rates, provider, workspace_id, user_ids,
           project_ids, *, clients: bool = False) -> Scope:
    """The checked scope of a report (after checking the store was synced)."""
    if billable is not None and not isinstance(billable, bool):
        raise InvalidInput("billable", "must be True, False or None")
    if not isinstance(rounding, Rounding):
        try:
            rounding = Rounding.parse(rounding)
        except ValueError as exc:
            raise InvalidInput("--round", str(exc)) from None
    scope = Scope(window(start, end, tz, week_start), billable, rounding, rates or LocalRates(), provider,
                  workspace_id, tuple(user_ids or ()), tuple(project_ids or ()), clients=clients)
    queries.ensure_synced(store)
    return replace(scope, fallback=queries.without_rates(store, scope))


def summary(store, start: datetime, end: datetime, group_by=("project",), *, tz: str = "UTC",
            week_start: str | int | None = None, billable: bool | None = None, rounding: Rounding | str | None = None,
            rates: LocalRates | None = None, provider: str | None = None, workspace_id: str | None = None,
            user_ids=(), project_ids=(), sort: str = "name") -> Report:
    """Time, billable time, entries and money per group (up to three levels of project, client, user,
    tag, task, day, week, month), every level's subtotals included, and the totals.

    Rows come outer level first, each followed by its children; within a level by name (calendar
    groups by date) or, with ``sort="duration"``, longest first.
    """
    groups = queries.check_groups(group_by)
    if sort not in ("name", "duration"):
        raise InvalidInput("sort", "must be name or duration")
    scope = _scope(store, start, end, tz, week_start, billable, rounding, rates, provider, workspace_id, user_ids,
                   project_ids, clients="client" in groups)
    depth = len(groups)
    levels: list[dict[tuple, queries.Sums]] = [{} for _ in groups]
    whole = queries.Sums()
    by_tag = groups[0] == "tag"  # the outer rows count an entry under each tag: totals come beside them
    for row in run(store, queries.grouped(scope, groups, totals=by_tag)):
        if by_tag and row[-1]:
            whole.add(*row[2 * depth:-1])
            continue
        keys = tuple(row[:depth])
        sums = levels[-1].get(keys)
        if sums is None:
            sums = levels[-1][keys] = queries.Sums(tuple(row[depth:2 * depth]))
        sums.add(*row[2 * depth:2 * depth + 6])
    for level in range(depth - 1, 0, -1):  # outer levels: from the level below, or asked when tags repeat entries
        if "tag" in groups[level:]:
            for row in run(store, queries.grouped(scope, groups[:level])):
                keys, names = tuple(row[:level]), tuple(row[level:2 * level])
                levels[level - 1].setdefault(keys, queries.Sums(names)).add(*row[2 * level:])
            continue
        for keys, sums in levels[level].items():
            parent = levels[level - 1].get(keys[:-1])
            if parent is None:
                parent = levels[level - 1][keys[:-1]] = queries.Sums(sums.names[:-1])
            parent.merge(sums)
    if not by_tag:
        for sums in levels[0].values():
            whole.merge(sums)
    totals = whole.totals()
    rows = {level: [Row(level + 1, k, v.names, v.seconds, v.billable, v.entries, v.money(v.earned), v.money(v.cost))
                    for k, v in found.items()] for level, found in enumerate(levels)}
    ordered: list[Row] = []

    def order(found: list[Row]) -> list[Row]:
        group = groups[found[0].level - 1] if found else ""
        if sort == "duration":
            return sorted(found, key=lambda r: (-r.seconds, r.name.lower(), r.key))
        if group in queries.CALENDAR:
            return sorted(found, key=lambda r: r.key)
        return sorted(found, key=lambda r: (r.key == "", r.name.lower(), r.key))

    below: list[dict[tuple, list[Row]]] = [{} for _ in groups]  # each level's rows by their parent's keys
    for level, found in rows.items():
        for row in found:
            below[level].setdefault(row.keys[:-1], []).append(row)

    def place(prefix: tuple, level: int) -> None:
        for row in order(below[level].get(prefix, [])):
            ordered.append(row)
            if level + 1 < depth:
                place(row.keys, level + 1)

    place((), 0)
    return Report(scope.window, groups, tuple(ordered), totals, scope.rounding, scope.billable)


def detailed(store, start: datetime, end: datetime, *, tz: str = "UTC", billable: bool | None = None,
             rounding: Rounding | str | None = None, rates: LocalRates | None = None, provider: str | None = None,
             workspace_id: str | None = None, user_ids=(), project_ids=(), limit: int | None = None,
             offset: int = 0) -> Detailed:
    """Each entry of the range in start order (``limit``/``offset`` page them) with its user, project,
    client, task and tag names, rate and earned cents, plus the totals of every matching entry."""
    scope = _scope(store, start, end, tz, None, billable, rounding, rates, provider, workspace_id, user_ids,
                   project_ids)
    if limit is not None and (not isinstance(limit, int) or limit < 0) or not isinstance(offset, int) or offset < 0:
        raise InvalidInput("limit", "limit and offset must be whole numbers, 0 or more")
    page = f" LIMIT {limit}" if limit is not None else ""
    sql = f"""{scope.cte(details=True)}
SELECT e.id, e.start, e."end", e.secs, coalesce(u.name, e.user_id), e.project_id, e.project_name,
       coalesce(c.name, e.client_name, ''), e.task_name, e.tag_ids, e.description, e.billable, e.rate,
       e.earned_x, e.currency
FROM e
LEFT JOIN (SELECT id, min(name) AS name FROM users GROUP BY id) u ON u.id = e.user_id
LEFT JOIN (SELECT id, min(name) AS name FROM clients GROUP BY id) c ON c.id = e.client_id
ORDER BY e.start, e.id{page} OFFSET {offset}"""
    tags = dict(run(store, "SELECT id, min(name) FROM tags GROUP BY id"))
    _, info = zone(scope.window.tz)
    lines = []
    for (id_, st, en, secs, user, pid, project, client, task, tag_ids, text, bill, rate, ex, cur) in run(store, sql):
        lines.append(Line(id_, st.astimezone(info), en.astimezone(info), int(secs), user or "",
                          (project or pid) if pid else "", client or "", task or "",
                          tuple(tags.get(t) or t for t in tag_ids or ()), text or "", bool(bill),
                          None if rate is None else int(rate), queries.cents(ex), cur or ""))
    totals = queries.totals_from(run(store, queries.totals_sql(scope)))
    return Detailed(scope.window, tuple(lines), totals, scope.rounding, scope.billable)


def weekly(store, start: datetime, end: datetime, group: str = "project", *, tz: str = "UTC",
           billable: bool | None = None, rounding: Rounding | str | None = None, rates: LocalRates | None = None,
           provider: str | None = None, workspace_id: str | None = None, user_ids=(), project_ids=()) -> Grid:
    """A timesheet grid: seconds per group (project, user, client, task or tag) and local day."""
    (group,) = queries.check_groups((group,))
    if group in queries.CALENDAR:
        raise InvalidInput("--group", "a weekly grid's rows are project, client, user, tag or task")
    scope = _scope(store, start, end, tz, None, billable, rounding, rates, provider, workspace_id, user_ids,
                   project_ids, clients=group == "client")
    _, info = zone(scope.window.tz)
    first = scope.window.start.astimezone(info).date()
    last = (scope.window.end - timedelta(microseconds=1)).astimezone(info).date()
    days = tuple(first + timedelta(days=i) for i in range((last - first).days + 1))
    if len(days) > 366:
        raise InvalidInput("--range", "a weekly grid covers at most 366 days")
    index = {d.isoformat(): i for i, d in enumerate(days)}
    cells: dict[str, list] = {}
    for key, day, name, currency, s, *_ in run(store, queries.grouped(scope, (group,), ("day",))):
        row = cells.setdefault(key, [name, [0] * len(days)])
        row[1][index[day]] += int(s or 0)
    rows = sorted((GridRow(k, name, tuple(secs), sum(secs)) for k, (name, secs) in cells.items()),
                  key=lambda r: (r.key == "", r.name.lower(), r.key))
    totals = queries.totals_from(run(store, queries.totals_sql(scope)))
    return Grid(scope.window, group, days, tuple(rows), _day_totals(store, scope, days), totals, scope.rounding, scope.billable)


def _day_totals(store, scope: Scope, days: tuple[date, ...]) -> tuple[int, ...]:
    """Seconds per local day, each entry once (a tag grid shows an entry under each of its tags)."""
    found: dict[str, int] = {}
    for day, _currency, s, *_ in run(store, queries.grouped(scope, (), ("day",))):
        found[day] = found.get(day, 0) + int(s or 0)
    return tuple(found.get(d.isoformat(), 0) for d in days)


def progress(store, *, now: datetime | None = None, tz: str = "UTC", rates: LocalRates | None = None,
             provider: str | None = None, workspace_id: str | None = None) -> list[Progress]:
    """Projects with an active time estimate or budget and how much is used: all their tracked time
    (billable only when the estimate excludes non-billable time) and billable amount, or this month's
    when the estimate resets monthly. Sorted by name."""
    now = (now or datetime.now(UTC)).astimezone(UTC)
    name, info = zone(tz)
    local = now.astimezone(info)
    month = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0).astimezone(UTC)
    queries.ensure_synced(store)
    where = ["(p.estimate_seconds > 0 OR p.budget > 0)"]
    for column, value in (("provider", provider), ("workspace_id", workspace_id)):
        if value is not None:
            where.append(f"p.{column} = {lit(value)}")
    projects = run(store, f"""SELECT p.id, min(p.name), min(coalesce(p.client_name, '')), max(p.estimate_seconds),
       bool_and(coalesce(p.estimate_includes_non_billable, true)), min(p.estimate_reset), max(p.budget),
       min(p.currency)
FROM projects p WHERE {' AND '.join(where)} GROUP BY p.id""")
    if not projects:
        return []
    # every project's entries are summed, those with an estimate or budget kept (a filter on their ids costs more)
    scope = Scope(Window(month, now + timedelta(seconds=1), name), rates=rates or LocalRates(), provider=provider,
                  workspace_id=workspace_id)
    scope = replace(scope, fallback=queries.without_rates(store, scope, all_time=True))
    monthly = {p[0] for p in projects if str(p[5] or "").upper() == "MONTHLY"}
    # an estimate counts all time or billable time only: sum just the kinds some project needs
    kinds = {"s": "secs", "bs": "CASE WHEN billable THEN secs ELSE 0 END", "ex": "earned_x"}
    need = ["ex"] + [k for k in ("s", "bs") if any(bool(p[4]) == (k == "s") for p in projects)]
    this_month = f"start >= {lit(scope.window.start)} AND start < {lit(scope.window.end)}"
    names = need + [f"month_{k}" for k in need] if monthly else need
    sums = [f"coalesce(sum({kinds[k]}), 0)" for k in need]
    sums += [f"coalesce(sum({kinds[k]}) FILTER (WHERE {this_month}), 0)" for k in need] if monthly else []
    rows = run(store, f"""{scope.cte(all_time=True)}
SELECT project_id, {', '.join(sums)} FROM e GROUP BY 1""")
    usage = {r[0]: dict(zip(names, r[1:])) for r in rows}
    out = []
    for pid, pname, client, estimate, non_billable, reset, budget, currency in projects:
        found = usage.get(pid, {})
        prefix = "month_" if pid in monthly else ""
        used = int(found.get(prefix + ("s" if non_billable else "bs")) or 0)
        out.append(Progress(pid, pname or pid, client or "", int(estimate) if estimate else None, used,
                            int(budget) if budget else None, queries.cents(found.get(prefix + "ex")),
                            currency or "", reset))
    return sorted(out, key=lambda p: (p.name.lower(), p.project_id))


__all__ = ["Detailed", "Grid", "Progress", "Report", "Rounding", "Totals", "detailed", "progress", "summary",
           "weekly", "window"]
