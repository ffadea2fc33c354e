"""Scheduling (paid feature SCHEDULING): assignments of members to projects, in weekly series, and
the hours they book per project and per member."""

from __future__ import annotations

import re
from datetime import datetime

from punchclock.errors import InvalidInput
from punchclock.http.call import Call, Mode, model_list, operation, paged_operation
from punchclock.http.validate import choice, ids, optional_id, page_size, require_id, span
from punchclock.providers.clockify.models.scheduling import Assignment, ProjectTotals, UserTotals
from punchclock.providers.clockify.resources._base import Resource, body
from punchclock.timeutil import format_instant

FEATURE = "SCHEDULING"
SCOPES = ("THIS_ONE", "THIS_AND_FOLLOWING", "ALL")
STATUSES = ("PUBLISHED", "UNPUBLISHED", "ALL")
START_TIME = re.compile(r"^\d{2}:\d{2}:\d{2}$")


def _window(start: datetime, end: datetime) -> dict:
    """Both ends given, aware and in order, as Clockify's timestamps."""
    span(start, end, required=True)
    return {"start": format_instant(start.timestamp()), "end": format_instant(end.timestamp())}


def _hours(value) -> float:
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 < value <= 24:
        raise InvalidInput("hours_per_day", "must be a number of hours more than 0 and at most 24")
    return float(value)


def _weeks(value, field: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 99:
        raise InvalidInput(field, "must be a whole number of weeks from 1 to 99")
    return value


def _page(value) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise InvalidInput("page", "must be a page number from 1")
    return value


def _note(value) -> str | None:
    if value is not None and (not isinstance(value, str) or len(value) > 100):
        raise InvalidInput("note", "must be text of at most 100 characters")
    return value


def _start_time(value) -> str | None:
    if value is not None and (not isinstance(value, str) or not START_TIME.match(value)):
        raise InvalidInput("start_time", f"must be a time of day as hh:mm:ss, got {value!r}")
    return value


def _users(values) -> dict | None:
    chosen = ids(values, "users")
    return {"ids": chosen, "contains": "CONTAINS", "status": "ALL"} if chosen else None


class Scheduling(Resource[Mode]):
    """Scheduled assignments and their totals (paid feature SCHEDULING)."""

    @paged_operation
    def list(self, start: datetime, end: datetime, *, name: str | None = None, sort_column: str | None = None,
             sort_order: str | None = None, size: int = 200) -> Call:
        """Assignments overlapping ``start``..``end`` (with project, client and user names), walked page by page."""
        params = {**_window(start, end), "name": name,
                  "sort-column": choice(sort_column, ("PROJECT", "USER", "ID"), "sort_column"),
                  "sort-order": choice(sort_order, ("ASCENDING", "DESCENDING"), "sort_order")}
        return Call("GET", self._path("scheduling", "assignments", "all"), params, feature=FEATURE, paged=True,
                    page_size=page_size(size, "size"), parse=Assignment.model_validate)

    @operation
    def project_totals(self, start: datetime, end: datetime, *, search: str | None = None, status: str = "ALL",
                       page: int = 1, size: int = 50) -> Call:
        """One page of projects with the hours booked on them in the window (a search sent as POST)."""
        payload = {**_window(start, end), **body(search=search, status_filter=choice(status, STATUSES, "status"),
                                                 page=_page(page), page_size=page_size(size, "size", maximum=200))}
        return Call("POST", self._path("scheduling", "assignments", "projects", "totals"), json=payload,
                    feature=FEATURE, idempotent=True, parse=model_list(ProjectTotals))

    @operation
    def project_total(self, project_id: str, start: datetime, end: datetime) -> Call:
        """One project's booked hours in the window, or None when nothing is scheduled on it."""
        return Call("GET", self._path("scheduling", "assignments", "projects", "totals",
                                      require_id(project_id, "project_id")),
                    _window(start, end), feature=FEATURE, parse=ProjectTotals.model_validate)

    @operation
    def user_totals(self, start: datetime, end: datetime, *, users: list[str] | None = None, status: str = "ALL",
                    page: int = 1, size: int = 50) -> Call:
        """One page of members with their capacity and the hours booked per day (a search sent as POST)."""
        payload = {**_window(start, end), **body(user_filter=_users(users),
                                                 status_filter=choice(status, STATUSES, "status"),
                                                 page=_page(page), page_size=page_size(size, "size", maximum=200))}
        return Call("POST", self._path("scheduling", "assignments", "user-filter", "totals"), json=payload,
                    feature=FEATURE, idempotent=True, parse=model_list(UserTotals))

    @operation
    def user_total(self, user_id: str, start: datetime, end: datetime) -> Call:
        """One member's capacity and booked hours in the window, or None when nothing is scheduled for them."""
        return Call("GET", self._path("scheduling", "assignments", "users", require_id(user_id, "user_id"), "totals"),
                    _window(start, end), feature=FEATURE, parse=UserTotals.model_validate)

    @operation
    def publish(self, start: datetime, end: datetime, *, notify: bool = False, users: list[str] | None = None) -> Call:
        """Publish the window's assignments (of some ``users`` only), so members see them."""
        payload = {**_window(start, end), **body(notify_users=bool(notify), user_filter=_users(users))}
        return Call("PUT", self._path("scheduling", "assignments", "publish"), json=payload, feature=FEATURE)

    @operation
    def create(self, user_id: str, project_id: str, start: datetime, end: datetime, hours_per_day: float, *,
               task_id: str | None = None, billable: bool = False, note: str | None = None,
               start_time: str | None = None, include_non_working_days: bool = False,
               repeat_weeks: int | None = None) -> Call:
        """Book a member on a project; ``repeat_weeks`` repeats it weekly (a period of at most a week).

        Answers every assignment made: the first, then one a week later for each further week.
        """
        payload = {**_window(start, end), **body(
            user_id=require_id(user_id, "user_id"), project_id=require_id(project_id, "project_id"),
            task_id=optional_id(task_id, "task_id"), hours_per_day=_hours(hours_per_day), billable=bool(billable),
            note=_note(note), start_time=_start_time(start_time),
            include_non_working_days=bool(include_non_working_days),
            recurring_assignment=None if repeat_weeks is None else {"repeat": True,
                                                                    "weeks": _weeks(repeat_weeks, "repeat_weeks")})}
        return Call("POST", self._path("scheduling", "assignments", "recurring"), json=payload, feature=FEATURE,
                    parse=model_list(Assignment))

    @operation
    def update(self, assignment_id: str, start: datetime, end: datetime, *, hours_per_day: float | None = None,
               note: str | None = None, billable: bool | None = None, scope: str = "THIS_ONE",
               task_id: str | None = None, start_time: str | None = None,
               include_non_working_days: bool | None = None) -> Call:
        """Change an assignment's period and fields; ``scope`` THIS_AND_FOLLOWING or ALL changes more of its
        series (each moved by as many days as this one). Answers the changed assignments."""
        payload = {**_window(start, end), **body(
            hours_per_day=None if hours_per_day is None else _hours(hours_per_day), note=_note(note), billable=billable,
            task_id=optional_id(task_id, "task_id"), start_time=_start_time(start_time),
            include_non_working_days=include_non_working_days, series_update_option=choice(scope, SCOPES, "scope"))}
        return Call("PATCH", self._path("scheduling", "assignments", "recurring",
                                        require_id(assignment_id, "assignment_id")),
                    json=payload, feature=FEATURE, idempotent=True, parse=model_list(Assignment))

    @operation
    def delete(self, assignment_id: str, *, scope: str = "THIS_ONE") -> Call:
        """Delete an assignment, or this and the following ones / all of its series; answers the deleted ones."""
        return Call("DELETE", self._path("scheduling", "assignments", "recurring",
                                         require_id(assignment_id, "assignment_id")),
                    {"seriesUpdateOption": choice(scope, SCOPES, "scope")}, feature=FEATURE,
                    parse=model_list(Assignment))

    @operation
    def set_series(self, assignment_id: str, weeks: int, *, repeat: bool = True) -> Call:
        """Make an assignment's series repeat for ``weeks`` weeks (or, with ``repeat=False``, stop repeating)."""
        path = self._path("scheduling", "assignments", "series", require_id(assignment_id, "assignment_id"))
        return Call("PUT", path, json={"repeat": bool(repeat), "weeks": _weeks(weeks, "weeks")}, feature=FEATURE,
                    parse=model_list(Assignment))

    @operation
    def copy(self, assignment_id: str, user_id: str, *, scope: str = "THIS_ONE") -> Call:
        """Copy an assignment (or more of its series, by ``scope``) to another member; answers the copies."""
        path = self._path("scheduling", "assignments", require_id(assignment_id, "assignment_id"), "copy")
        payload = {"userId": require_id(user_id, "user_id"), "seriesUpdateOption": choice(scope, SCOPES, "scope")}
        return Call("POST", path, json=payload, feature=FEATURE, parse=model_list(Assignment))
