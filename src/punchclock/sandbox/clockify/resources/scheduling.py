"""Scheduling (a paid feature): assignments of a member to a project for a period, in weekly series.

An assignment books ``hoursPerDay`` on every working day (Monday to Friday, or every day with
``includeNonWorkingDays``) of its period, whose days count inclusively. Assignments made together
as a recurring assignment share ``recurring.seriesId`` and start a week apart. Members read only
published assignments; admins read everything and make every change.
"""

from __future__ import annotations

import copy
import re
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

from punchclock.sandbox.clockify import errors
from punchclock.sandbox.clockify.resources._base import Records
from punchclock.sandbox.clockify.resources.members import DAYS
from punchclock.timeutil import format_instant, parse_duration, parse_instant

NAME = "scheduling"
SCOPES = ("THIS_ONE", "THIS_AND_FOLLOWING", "ALL")
STATUSES = ("PUBLISHED", "UNPUBLISHED", "ALL")
SORT_FIELDS = {"PROJECT": "projectName", "USER": "userName", "ID": "id"}
START_TIME = re.compile(r"^\d{2}:\d{2}(:\d{2})?$")
DEFAULT_CAPACITY = "PT8H"


def _instant(value, field: str) -> datetime:
    try:
        return parse_instant(value)
    except ValueError:
        raise errors.invalid(f"{field}: must be a timestamp such as 2026-11-23T00:00:00Z") from None


def _epoch_day(epoch: int) -> date:
    return datetime.fromtimestamp(epoch, UTC).date()


def _stamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _period_days(period: dict) -> tuple[date, date]:
    return parse_instant(period["start"]).date(), parse_instant(period["end"]).date()


def _as_period(start: datetime, end: datetime) -> dict:
    return {"start": format_instant(start.timestamp()), "end": format_instant(end.timestamp())}


def _shift(period: dict, by: timedelta) -> dict:
    return _as_period(parse_instant(period["start"]) + by, parse_instant(period["end"]) + by)


def _hours(record: dict, first: date, last: date) -> dict[date, float]:
    """The hours an assignment books on each counted day of ``first..last``."""
    start, end = _period_days(record["period"])
    return {d: record["hoursPerDay"] for d in _days(max(start, first), min(end, last))
            if record["includeNonWorkingDays"] or d.weekday() < 5}


def _booked(rows: list[dict], first: date, last: date) -> dict[date, float]:
    """The hours several assignments book together on each counted day of ``first..last``."""
    booked: dict[date, float] = defaultdict(float)
    for r in rows:
        for day, hours in _hours(r, first, last).items():
            booked[day] += hours
    return booked


def _option(value) -> str:
    value = value or "THIS_ONE"
    if value not in SCOPES:
        raise errors.invalid("You entered invalid value for field: [seriesUpdateOption]")
    return value


def _weeks(value) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 99:
        raise errors.invalid("weeks: must be between 1 and 99")
    return value


def _fits_a_week(start: date, end: date) -> None:
    if (end - start).days >= 7:
        raise errors.invalid("Recurring assignment period can't be longer than one week")


class Service(Records):
    """Scheduling rules."""

    collection = "assignments"
    kind = "Assignment"
    feature = "SCHEDULING"
    events = ("ASSIGNMENT_CREATED", "ASSIGNMENT_UPDATED", "ASSIGNMENT_DELETED")

    # -- shapes ----------------------------------------------------------------------------
    def shape(self, record: dict) -> dict:
        """The assignment as Clockify sends it, with the weekend days it skips."""
        start, end = _period_days(record["period"])
        skipped = [] if record["includeNonWorkingDays"] else [
            {"date": _stamp(d), "type": "WEEKEND"} for d in _days(start, end) if d.weekday() >= 5]
        return {**copy.deepcopy(record), "excludeDays": skipped}

    def item(self, ws, record: dict) -> dict:
        """A listing item: the assignment hydrated with its project, client, task and user names."""
        project = ws.projects[record["projectId"]]
        client = ws.clients.get(project["clientId"]) if project["clientId"] else None
        out = {"id": record["id"], "workspaceId": ws.id, "userId": record["userId"],
               "userName": self.backend.state.users[record["userId"]]["name"], "projectId": project["id"],
               "projectName": project["name"], "projectColor": project["color"],
               "projectArchived": project["archived"], "projectBillable": project["billable"],
               "clientId": project["clientId"], "clientName": client["name"] if client else "",
               "period": dict(record["period"]), "hoursPerDay": record["hoursPerDay"],
               "billable": record["billable"], "note": record["note"]}
        if record.get("taskId"):
            task = ws.tasks.get(record["taskId"]) or {}
            out.update(taskId=record["taskId"], taskName=task.get("name", ""))
        if record.get("startTime"):
            out["startTime"] = record["startTime"]
        return out

    # -- reading ---------------------------------------------------------------------------
    def window(self, start: int, end: int) -> tuple[date, date]:
        """The days from epoch seconds ``start`` to ``end``; end before start is a 400."""
        if end < start:
            raise errors.invalid("end: must not be before start")
        return _epoch_day(start), _epoch_day(end)

    def _body_window(self, body: dict) -> tuple[date, date]:
        start, end = self._period(body)
        return start.date(), end.date()

    def _visible(self, ws, caller, first: date, last: date, status: str = "ALL") -> list[dict]:
        """Assignments overlapping the days that the caller may see (members: published only)."""
        if status not in STATUSES:
            raise errors.invalid("You entered invalid value for field: [statusFilter]")
        published_only = status == "PUBLISHED" or ws.roles.get(caller.id) == "member"
        rows = []
        for r in self.items(ws).values():
            if r["projectId"] not in ws.projects or r["userId"] not in ws.roles:
                continue
            if (published_only and not r["published"]) or (status == "UNPUBLISHED" and r["published"]):
                continue
            start, end = _period_days(r["period"])
            if start <= last and end >= first:
                rows.append(r)
        return rows

    def list(self, ws, caller, start: int, end: int, *, name: str | None = None, sort_column: str | None = None,
             sort_order: str | None = None) -> list[dict]:
        """``GET assignments/all``: hydrated assignments overlapping the window, by start unless sorted."""
        first, last = self.window(start, end)
        rows = [self.item(ws, r) for r in self._visible(ws, caller, first, last)]
        if name:
            needle = name.lower()
            names = ("projectName", "taskName", "userName")
            rows = [r for r in rows if any(needle in r.get(k, "").lower() for k in names)]
        if sort_column:
            field = SORT_FIELDS[sort_column]
            rows.sort(key=lambda r: (r[field].lower(), r["id"]), reverse=sort_order == "DESCENDING")
        else:
            rows.sort(key=lambda r: (r["period"]["start"], r["id"]), reverse=sort_order == "DESCENDING")
        return rows

    def _project_row(self, ws, project: dict, rows: list[dict], first: date, last: date) -> dict:
        booked = _booked(rows, first, last)
        client = ws.clients.get(project["clientId"]) if project["clientId"] else None
        return {"projectId": project["id"], "projectName": project["name"], "projectColor": project["color"],
                "projectArchived": project["archived"], "projectBillable": project["billable"],
                "clientName": client["name"] if client else "", "workspaceId": ws.id,
                "totalHours": sum(booked.values()),
                "assignments": [{"date": _stamp(d), "hasAssignment": d in booked} for d in _days(first, last)],
                "milestones": []}

    def project_totals(self, ws, caller, body: dict) -> list[dict]:
        """``POST projects/totals``: one page of projects with assignments in the window, by name."""
        first, last = self._body_window(body)
        page, size = _paging(body)
        by_project = defaultdict(list)
        for r in self._visible(ws, caller, first, last, body.get("statusFilter") or "ALL"):
            by_project[r["projectId"]].append(r)
        rows = [self._project_row(ws, ws.projects[pid], found, first, last) for pid, found in by_project.items()]
        search = (body.get("search") or "").lower()
        rows = [r for r in rows if search in r["projectName"].lower() or search in r["clientName"].lower()]
        rows.sort(key=lambda r: (r["projectName"].lower(), r["projectId"]))
        return rows[(page - 1) * size: page * size]

    def project_total(self, ws, caller, project_id: str, start: int, end: int) -> dict | None:
        """``GET projects/totals/{id}``: the project's row, or None when it has nothing in the window."""
        first, last = self.window(start, end)
        rows = [r for r in self._visible(ws, caller, first, last) if r["projectId"] == project_id]
        project = self.backend.projects.get(ws, project_id)
        return self._project_row(ws, project, rows, first, last) if rows else None

    def _user_row(self, ws, user_id: str, rows: list[dict], first: date, last: date) -> dict:
        booked = _booked(rows, first, last)
        user = self.backend.state.users[user_id]
        profile = ws.collection("profiles").get(user_id, {})
        capacity = parse_duration(profile.get("workCapacity") or DEFAULT_CAPACITY).total_seconds()
        return {"userId": user_id, "userName": user["name"], "userImage": user["profilePicture"],
                "userStatus": ws.members[user_id]["status"], "workspaceId": ws.id, "capacityPerDay": capacity,
                "workingDays": list(profile.get("workingDays") or DAYS[:5]),
                "totalHoursPerDay": [{"date": _stamp(d), "totalHours": booked.get(d, 0.0)} for d in _days(first, last)]}

    def user_totals(self, ws, caller, body: dict) -> list[dict]:
        """``POST user-filter/totals``: one page of members (by name) with their capacity and booked hours."""
        first, last = self._body_window(body)
        page, size = _paging(body)
        wanted = _people(ws, body)
        search = (body.get("search") or "").lower()
        by_user = defaultdict(list)
        for r in self._visible(ws, caller, first, last, body.get("statusFilter") or "ALL"):
            by_user[r["userId"]].append(r)
        users = [self.backend.state.users[uid] for uid in ws.roles if wanted(uid)]
        users = [u for u in users if search in u["name"].lower() or search in u["email"].lower()]
        users.sort(key=lambda u: (u["name"].lower(), u["id"]))
        chunk = users[(page - 1) * size: page * size]
        return [self._user_row(ws, u["id"], by_user[u["id"]], first, last) for u in chunk]

    def user_total(self, ws, caller, user_id: str, start: int, end: int) -> dict | None:
        """``GET users/{id}/totals``: the member's row, or None when they have nothing in the window."""
        first, last = self.window(start, end)
        rows = [r for r in self._visible(ws, caller, first, last) if r["userId"] == user_id]
        self.backend.member(ws, user_id)
        return self._user_row(ws, user_id, rows, first, last) if rows else None

    # -- writing ---------------------------------------------------------------------------
    def _apply(self, ws, record: dict, body: dict) -> None:
        """Copy the optional fields of a create or update body onto a record, checked."""
        hours = body.get("hoursPerDay", record.get("hoursPerDay"))
        if not isinstance(hours, (int, float)) or isinstance(hours, bool) or not 0 < hours <= 24:
            raise errors.invalid("hoursPerDay: must be more than 0 and at most 24")
        note = body.get("note", record.get("note", ""))
        if len(note or "") > 100:
            raise errors.invalid("note: size must be between 0 and 100")
        start_time = body.get("startTime")
        if start_time is not None and not START_TIME.match(start_time):
            raise errors.invalid("startTime: must be a time such as 09:00:00")
        if body.get("taskId"):
            record["taskId"] = self.backend.tasks.get(ws, record["projectId"], body["taskId"])["id"]
        if start_time is not None:
            record["startTime"] = start_time
        record.update(hoursPerDay=float(hours), note=note or "",
                      billable=bool(body.get("billable", record.get("billable", False))),
                      includeNonWorkingDays=bool(body.get("includeNonWorkingDays",
                                                          record.get("includeNonWorkingDays", False))))

    def _period(self, body: dict) -> tuple[datetime, datetime]:
        start, end = _instant(body.get("start"), "start"), _instant(body.get("end"), "end")
        if end < start:
            raise errors.invalid("end: must not be before start")
        return start, end

    def _clone(self, record: dict, by: timedelta, **changes) -> dict:
        out = copy.deepcopy(record)
        out.update(id=self.backend.new_id(), period=_shift(record["period"], by), **changes)
        return out

    def _series(self, ws, record: dict) -> list[dict]:
        series_id = record["recurring"]["seriesId"]
        rows = [r for r in self.items(ws).values() if r["recurring"]["seriesId"] == series_id]
        return sorted(rows, key=lambda r: (r["period"]["start"], r["id"]))

    def _scope(self, ws, record: dict, option: str) -> list[dict]:
        """The assignments a series option reaches from ``record``."""
        if option == "THIS_ONE":
            return [record]
        series = self._series(ws, record)
        if option == "ALL":
            return series
        return [r for r in series if r["period"]["start"] >= record["period"]["start"]]

    def create(self, ws, caller, body: dict) -> list[dict]:
        """``POST recurring``: the assignment, plus weekly copies when ``recurringAssignment.repeat``."""
        self.backend.require_plan(ws, self.feature)
        self.backend.require_admin(ws, caller)
        self.backend.member(ws, body["userId"])
        project = self.backend.projects.get(ws, body["projectId"])
        start, end = self._period(body)
        repeat = body.get("recurringAssignment") or {}
        weeks = _weeks(repeat.get("weeks")) if repeat else 1
        repeats = bool(repeat.get("repeat"))
        if repeats:
            _fits_a_week(start.date(), end.date())
        record = {"id": self.backend.new_id(), "workspaceId": ws.id, "userId": body["userId"],
                  "projectId": project["id"], "period": _as_period(start, end), "published": False}
        self._apply(ws, record, body)
        count = weeks if repeats else 1
        record["recurring"] = {"repeat": repeats, "seriesId": self.backend.new_id(), "weeks": count}
        made = [record] + [self._clone(record, timedelta(weeks=week)) for week in range(1, count)]
        return [self.shape(self.save(ws, r, True)) for r in made]

    def update(self, ws, caller, assignment_id: str, body: dict) -> list[dict]:
        """``PATCH recurring/{id}``: new period and fields for this one, this and following, or all of its series.

        Other assignments of the series move by as many days as this one's start moves and take
        this one's new length.
        """
        self.backend.require_admin(ws, caller)
        record = self.get(ws, assignment_id)
        option = _option(body.get("seriesUpdateOption"))
        start, end = self._period(body)
        if record["recurring"]["repeat"]:
            _fits_a_week(start.date(), end.date())
        moved = start - parse_instant(record["period"]["start"])
        targets = self._scope(ws, record, option)
        for target in targets:
            self._apply(ws, target, body)
        for target in targets:
            begin = parse_instant(target["period"]["start"]) + moved
            target["period"] = _as_period(begin, begin + (end - start))
        return [self.shape(self.save(ws, t, False)) for t in targets]

    def delete(self, ws, caller, assignment_id: str, option: str) -> list[dict]:
        """``DELETE recurring/{id}``: this one, this and following, or all of its series; the deleted ones."""
        self.backend.require_admin(ws, caller)
        record = self.get(ws, assignment_id)
        return [self.shape(self.remove(ws, r["id"])) for r in self._scope(ws, record, _option(option))]

    def set_series(self, ws, caller, assignment_id: str, body: dict) -> list[dict]:
        """``PUT series/{id}``: repeat weekly for ``weeks`` from the series' first week, or stop repeating.

        Repeating keeps the occurrences of the first ``weeks`` weeks, adds copies of this
        assignment for the missing weeks and deletes the rest; ``repeat: false`` keeps this one alone.
        """
        self.backend.require_admin(ws, caller)
        record = self.get(ws, assignment_id)
        weeks = _weeks(body.get("weeks"))
        series = self._series(ws, record)
        if not body.get("repeat"):
            for other in series:
                if other is not record:
                    self.remove(ws, other["id"])
            record["recurring"].update(repeat=False, weeks=1)
            return [self.shape(self.save(ws, record, False))]
        _fits_a_week(*_period_days(record["period"]))
        anchor = parse_instant(series[0]["period"]["start"])
        kept: dict[int, dict] = {}
        for r in series:
            week = (parse_instant(r["period"]["start"]) - anchor).days // 7
            if week < weeks and week not in kept:
                kept[week] = r
            else:
                self.remove(ws, r["id"])
        offset = anchor - parse_instant(record["period"]["start"])
        created = {w: self._clone(record, offset + timedelta(weeks=w)) for w in range(weeks) if w not in kept}
        out = []
        for week in range(weeks):
            r = kept.get(week) or created[week]
            r["recurring"] = {"repeat": True, "seriesId": record["recurring"]["seriesId"], "weeks": weeks}
            out.append(self.shape(self.save(ws, r, week in created)))
        return out

    def copy(self, ws, caller, assignment_id: str, body: dict) -> list[dict]:
        """``POST {id}/copy``: unpublished copies for another member, in a series of their own."""
        self.backend.require_admin(ws, caller)
        record = self.get(ws, assignment_id)
        user_id = self.backend.member(ws, body["userId"])["id"]
        targets = self._scope(ws, record, _option(body.get("seriesUpdateOption")))
        repeat = record["recurring"]["repeat"] and len(targets) > 1
        recurring = {"repeat": repeat, "seriesId": self.backend.new_id(),
                     "weeks": record["recurring"]["weeks"] if repeat else 1}
        copies = [self._clone(t, timedelta(0), userId=user_id, published=False, recurring=dict(recurring))
                  for t in targets]
        return [self.shape(self.save(ws, c, True)) for c in copies]

    def publish(self, ws, caller, body: dict) -> None:
        """``PUT publish``: publish the unpublished assignments in the window (of the users and search chosen)."""
        self.backend.require_plan(ws, self.feature)
        self.backend.require_admin(ws, caller)
        first, last = self._body_window(body)
        wanted = _people(ws, body)
        search = (body.get("search") or "").lower()
        for r in self._visible(ws, caller, first, last, "UNPUBLISHED"):
            names = (self.backend.state.users[r["userId"]]["name"], ws.projects[r["projectId"]]["name"])
            if wanted(r["userId"]) and any(search in n.lower() for n in names):
                r["published"] = True
                self.backend.emit(ws, "ASSIGNMENT_PUBLISHED", self.shape(r))


def _paging(body: dict) -> tuple[int, int]:
    page, size = body.get("page") or 1, body.get("pageSize") or 50
    if size < 1 or size > 200:
        raise errors.invalid("pageSize: must be between 1 and 200")
    return max(1, page), size


def _people(ws, body: dict):
    """A test on user ids from the body's ``userFilter`` and ``userGroupFilter`` (CONTAINS unless DOES_NOT_CONTAIN)."""
    tests = []
    for key in ("userFilter", "userGroupFilter"):
        spec = body.get(key) or {}
        chosen = spec.get("ids") or []
        if not isinstance(chosen, list):
            raise errors.invalid(f"You entered invalid value for field: [{key}.ids]")
        if not chosen:
            continue
        if key == "userGroupFilter":
            chosen = [uid for gid in chosen for uid in (ws.groups.get(gid) or {}).get("userIds", [])]
        tests.append((set(chosen), spec.get("contains") == "DOES_NOT_CONTAIN"))
    return lambda user_id: all((user_id in ids) != negate for ids, negate in tests)
