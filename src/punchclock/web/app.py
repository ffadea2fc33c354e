"""``punch web``: the dashboard and the webhook receivers in one FastAPI app.

Pages read only the store (its neutral views), so they render without a request to the tracker;
writes (the Log Time form, webhook registration) go through the provider seam. The provider's
API key stays in the provider object on the server: no page, URL or log line carries it.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import FastAPI, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from punchclock.errors import InvalidInput, PunchclockError
from punchclock.providers.base import Draft, Provider
from punchclock.reports import export
from punchclock.store import Store, StoreError
from punchclock.timeutil import utc_now
from punchclock.web import figures, hooks, numbers, present
from punchclock.web.numbers import GROUPS, budgets, table, table_and_team
from punchclock.web.ranges import PRESETS, pick

HERE = Path(__file__).parent
TEMPLATES = Jinja2Templates(directory=str(HERE / "templates"))
TEMPLATES.env.filters.update(hours=present.hours, money=present.money)


@dataclass
class Dashboard:
    """What the app serves from: the store (one connection, used under ``lock``), the provider that
    writes, the user's zone and clock, and the receivers' secrets."""

    store: Store
    provider: Provider | None = None
    tz: ZoneInfo | tzinfo = UTC
    now: Callable[[], datetime] = utc_now
    store_label: str = ""
    clockify_tokens: set[str] = field(default_factory=set)
    clockeye_secret: str | None = None
    lock: threading.RLock = field(default_factory=threading.RLock)
    receivers: dict[str, hooks.Receiver] = field(default_factory=dict)

    def prepare(self, stream_sets) -> None:
        """Make the tables of each provider's streams ready for rows received by webhook."""
        with self.lock:
            for source in stream_sets:
                self.store.prepare(source.provider, source.streams)
                self.receivers[source.provider] = hooks.Receiver(self.store, hooks.Tables.of(source),
                                                                 lambda: f"webhook-{uuid.uuid4().hex[:12]}")


def _zone(name: str | None, fallback: tzinfo) -> tzinfo:
    if not name:
        return fallback
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput("tz", f"unknown time zone {name[:40]!r}") from None


def create_app(board: Dashboard) -> FastAPI:
    """The dashboard app over a prepared :class:`Dashboard`."""
    app = FastAPI(title="punch web", docs_url=None, redoc_url=None, openapi_url=None)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    def view(request: Request, *, whole: bool = True) -> dict:
        """Everything a summary needs from the query string (a bad range is an error message); only the
        table unless ``whole`` (the page and its fragment add budgets, the team and running timers)."""
        q = request.query_params
        group = q.get("group") or "project"
        context = {"request": request, "presets": PRESETS, "groups": GROUPS, "group": group, "error": None,
                   "synced": True, "store_label": board.store_label, "range": None, "table": None,
                   "first": q.get("from") or "", "last": q.get("to") or "", "range_name": q.get("range") or ""}
        try:
            if group not in GROUPS:
                raise InvalidInput("group", f"unknown grouping {group[:40]!r}; use {', '.join(GROUPS)}")
            chosen = pick(q.get("range"), q.get("from"), q.get("to"), now=board.now(), tz=board.tz)
        except InvalidInput as exc:
            context["error"] = str(exc)
            return context
        context.update(range=chosen, range_name=chosen.name, first=chosen.first.isoformat(),
                       last=chosen.last.isoformat())
        with board.lock:
            context["synced"] = figures.synced(board.store)
            if context["synced"]:
                try:
                    if whole:
                        context["table"], people = table_and_team(board.store, chosen.start, chosen.end, group,
                                                                  _name(board.tz))
                        context["budgets"] = budgets(board.store, board.now(), _name(board.tz))
                        context["timers"] = figures.running(board.store)
                        context["team"] = _team(board, people, context["timers"])
                    else:
                        context["table"] = table(board.store, chosen.start, chosen.end, group, _name(board.tz))
                except StoreError:
                    context["synced"] = False
        return context

    def page(name: str, context: dict) -> HTMLResponse:
        status = 400 if context.get("error") else 200
        return TEMPLATES.TemplateResponse(context["request"], name, context, status_code=status)

    @app.get("/", response_class=HTMLResponse)
    def dashboard(request: Request):
        """The whole page."""
        context = view(request)
        with board.lock:
            context["projects"] = figures.projects(board.store) if context["synced"] else []
            if context["synced"] and "timers" not in context:  # a bad range shows no summary, still the timers
                context["timers"] = figures.running(board.store)
        context.setdefault("timers", [])
        context.update(form={}, form_error=None, form_ok=None, today=board.now().astimezone(board.tz).date())
        return page("dashboard.html", context)

    @app.get("/fragments/summary", response_class=HTMLResponse)
    def summary(request: Request):
        """Cards, table, chart, budgets and team for the range (what HTMX swaps in)."""
        return page("_summary.html", view(request))

    @app.get("/fragments/running", response_class=HTMLResponse)
    def running(request: Request):
        """The running timers (polled)."""
        with board.lock:
            timers = figures.running(board.store)
        return TEMPLATES.TemplateResponse(request, "_running.html", {"timers": timers})

    @app.get("/export.{kind}")
    def download(request: Request, kind: str):
        """The table on screen as CSV or XLSX."""
        if kind not in ("csv", "xlsx"):
            return Response(f"unknown download {kind[:10]!r}; use export.csv or export.xlsx", 404)
        context = view(request, whole=False)
        if context["error"]:
            return Response(context["error"], 400, media_type="text/plain")
        if context["table"] is None:
            return Response("the store holds no data yet", 409, media_type="text/plain")
        name = f"punch-{context['group']}-{context['first']}-{context['last']}.{kind}"
        body = export.to_csv(context["table"]).encode() if kind == "csv" else export.to_xlsx(context["table"])
        media = "text/csv" if kind == "csv" else \
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})

    @app.post("/entries", response_class=HTMLResponse)
    def log_time(request: Request, project_id: str = Form(""), description: str = Form(""),
                 day: str = Form(""), start: str = Form(""), end: str = Form(""),
                 billable: str | None = Form(None), tz: str = Form("")):
        """The Log Time form: local day and times in the user's zone, sent to the tracker as UTC."""
        form = {"project_id": project_id, "description": description, "day": day, "start": start, "end": end,
                "billable": bool(billable)}
        context = {"request": request, "form": form, "form_error": None, "form_ok": None,
                   "today": board.now().astimezone(board.tz).date()}
        with board.lock:
            context["projects"] = figures.projects(board.store)
        try:
            draft = _draft(board, form, tz)
            if board.provider is None:
                raise InvalidInput("entry", "this dashboard has no tracker to write to (start it with a profile)")
            created = board.provider.create_entry(draft)  # outside the lock: the tracker may call back
            receiver = board.receivers.get(board.provider.name)
            if receiver is not None and created.raw:
                with board.lock:
                    receiver.upsert("entries", created.raw)
        except PunchclockError as exc:
            context["form_error"] = str(exc).splitlines()[0]
            # htmx swaps only 2xx answers in: the form with its message is a 200 to it, a 422 to anyone else
            status = 200 if request.headers.get("hx-request") else 422
            return TEMPLATES.TemplateResponse(request, "_logtime.html", context, status_code=status)
        context["form_ok"] = f"Logged {present.hours(int((draft.end - draft.start).total_seconds()))} h"
        context["form"] = {"project_id": project_id, "day": day}
        reply = TEMPLATES.TemplateResponse(request, "_logtime.html", context, status_code=201)
        reply.headers["HX-Trigger"] = "entries-changed"
        return reply

    @app.post("/webhooks/clockify")
    async def clockify_hook(request: Request):
        """A Clockify delivery: 401 unless signed by a known webhook token."""
        body = await request.body()
        receiver = board.receivers.get("clockify")
        if receiver is None:
            return JSONResponse({"error": "this dashboard does not follow Clockify"}, 404)
        if not hooks.clockify_signed(request.headers.get("clockify-signature"), board.clockify_tokens):
            return JSONResponse({"error": "bad or missing Clockify-Signature"}, 401)
        return _apply(board, lambda: hooks.clockify_event(
            receiver, request.headers.get("clockify-webhook-event-type"), body))

    @app.post("/webhooks/clockeye")
    async def clockeye_hook(request: Request):
        """A ClockEye delivery: 401 unless ``X-ClockEye-Signature`` is the body's HMAC."""
        body = await request.body()
        receiver = board.receivers.get("clockeye")
        if receiver is None:
            return JSONResponse({"error": "this dashboard does not follow ClockEye"}, 404)
        if not hooks.clockeye_signed(request.headers.get("x-clockeye-signature"), board.clockeye_secret, body):
            return JSONResponse({"error": "bad or missing X-ClockEye-Signature"}, 401)
        return _apply(board, lambda: hooks.clockeye_event(receiver, body))

    return app


def _apply(board: Dashboard, act) -> JSONResponse:
    try:
        with board.lock:
            outcome = act()
    except hooks.Rejected as exc:
        return JSONResponse({"error": str(exc)}, exc.status)
    except PunchclockError as exc:
        return JSONResponse({"error": str(exc).splitlines()[0]}, 500)
    return JSONResponse({"status": outcome.status, "event": outcome.event_id})


def _name(tz: tzinfo) -> str:
    """The IANA name reports take (a zone without one is read as UTC)."""
    return getattr(tz, "key", None) or "UTC"


def _team(board: Dashboard, lines: list[numbers.Hours], timers: list[figures.Timer]) -> list[dict]:
    """Each stored member with their time in the range (zero-hour members included) and whether a timer runs."""
    by_user = {line.key: line for line in lines}
    busy = {t.user for t in timers}
    people = [{"name": name, "line": by_user.pop(uid, None), "running": name in busy}
              for uid, name in figures.members(board.store)]
    people += [{"name": line.name, "line": line, "running": line.name in busy} for line in by_user.values()]
    return sorted(people, key=lambda p: (-(p["line"].seconds if p["line"] else 0), p["name"].lower()))


def _clock(text: str, field: str) -> time:
    try:
        return time.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(field, f"{text[:20]!r} is not a time (use HH:MM)") from None


def _draft(board: Dashboard, form: dict, tz_name: str) -> Draft:
    """The entry the form describes; every mistake is one :class:`InvalidInput` line."""
    zone = _zone(tz_name, board.tz)
    if not form["day"]:
        raise InvalidInput("day", "is missing")
    try:
        day = date.fromisoformat(form["day"])
    except ValueError:
        raise InvalidInput("day", f"{form['day'][:20]!r} is not a date (use YYYY-MM-DD)") from None
    if not form["start"] or not form["end"]:
        raise InvalidInput("start" if not form["start"] else "end", "is missing")
    start = datetime.combine(day, _clock(form["start"], "start"), zone)
    end = datetime.combine(day, _clock(form["end"], "end"), zone)
    if end <= start:
        raise InvalidInput("end", "must be after start")
    project = form["project_id"] or None
    if project is not None:
        with board.lock:
            known = figures.project_ids(board.store)
        if project not in known:
            raise InvalidInput("project", f"unknown project {project[:40]!r}")
    return Draft(start.astimezone(UTC), end.astimezone(UTC), description=form["description"].strip(),
                 project_id=project, billable=form["billable"])
