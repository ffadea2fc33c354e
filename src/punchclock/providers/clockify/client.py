"""``Clockify`` and ``AsyncClockify``: one surface, every resource, sync and async.

::

    with Clockify() as clockify:                     # CLOCKIFY_API_KEY, CLOCKIFY_WORKSPACE_ID...
        for entry in clockify.time_entries.list(start=monday):
            ...
    async with AsyncClockify() as clockify:
        async for entry in clockify.time_entries.list(start=monday):
            ...

Settings come from arguments, then the environment, then a config-file profile
(:mod:`punchclock.config`). Gateway mode sends ``Authorization: Bearer`` plus a connection header
to a gateway base URL instead of ``X-Api-Key``. Every client for the same key and workspace in
the process shares one adaptive limiter.

Pacing and patience: ``rate``/``max_rate`` start and cap the adaptive limiter; ``budget_per_hour`` (or
the profile's ``budget`` setting) caps requests per rolling hour, as on a free workspace (30), refusing
work it cannot cover before sending it; ``max_wait`` is the longest pause (a ``Retry-After``, the
limiter's) a call sits through before raising :class:`~punchclock.errors.RateLimited` saying when to
try again (default 60 s; ``retry=RetryPolicy(...)`` sets it too, ``max_wait`` wins).
"""

from __future__ import annotations

import importlib
import time
from typing import TYPE_CHECKING, Any

import httpx

from punchclock.config import Profile, budget_setting, load_profile
from punchclock.errors import ConfigError, OutcomeUnknown
from punchclock.http import (
    AdaptiveLimiter,
    ApiKeyAuth,
    AsyncHttpClient,
    AsyncPager,
    BearerAuth,
    HttpClient,
    Pager,
    RequestBudget,
    RetryPolicy,
    shared_limiter,
)
from punchclock.http.call import ME, Async, Call, Sync, plain
from punchclock.http.retry import with_max_wait
from punchclock.providers.clockify.settings import ERRORS, GATEWAY_CONNECTION_HEADER, urls

if TYPE_CHECKING:
    from punchclock.providers.clockify.resources.approvals import Approvals
    from punchclock.providers.clockify.resources.changes import Changes
    from punchclock.providers.clockify.resources.clients import Clients
    from punchclock.providers.clockify.resources.custom_fields import CustomFields
    from punchclock.providers.clockify.resources.expenses import Expenses
    from punchclock.providers.clockify.resources.groups import Groups
    from punchclock.providers.clockify.resources.holidays import Holidays
    from punchclock.providers.clockify.resources.invoices import Invoices
    from punchclock.providers.clockify.resources.projects import Projects
    from punchclock.providers.clockify.resources.reports import Reports
    from punchclock.providers.clockify.resources.scheduling import Scheduling
    from punchclock.providers.clockify.resources.tags import Tags
    from punchclock.providers.clockify.resources.tasks import Tasks
    from punchclock.providers.clockify.resources.time_entries import TimeEntries
    from punchclock.providers.clockify.resources.time_off import TimeOff
    from punchclock.providers.clockify.resources.user import UserResource
    from punchclock.providers.clockify.resources.users import Users
    from punchclock.providers.clockify.resources.webhooks import Webhooks
    from punchclock.providers.clockify.resources.workspaces import Workspaces

START_BURST = 3.0
"""Requests the limiter lets go at once before pacing: a command's first few requests (user, workspace,
first page) need not wait 0.1 s each; three is within every per-second limit seen (Clockify allows 50)."""

RESOURCES = {  # attribute -> "module:Class" under punchclock.providers.clockify.resources, imported on first use
    "user": "user:UserResource",
    "workspaces": "workspaces:Workspaces",
    "users": "users:Users",
    "groups": "groups:Groups",
    "projects": "projects:Projects",
    "tasks": "tasks:Tasks",
    "clients": "clients:Clients",
    "tags": "tags:Tags",
    "time_entries": "time_entries:TimeEntries",
    "webhooks": "webhooks:Webhooks",
    "holidays": "holidays:Holidays",
    "expenses": "expenses:Expenses",
    "invoices": "invoices:Invoices",
    "approvals": "approvals:Approvals",
    "custom_fields": "custom_fields:CustomFields",
    "time_off": "time_off:TimeOff",
    "changes": "changes:Changes",
    "reports": "reports:Reports",
    "scheduling": "scheduling:Scheduling",
}


def _last_page(response: httpx.Response) -> bool | None:
    value = response.headers.get("last-page")
    return None if value is None else value.strip().lower() == "true"


def _result(response: httpx.Response, call: Call) -> Any:
    """What a call answers: None for an empty body, its reading of a JSON body, else the raw bytes (files)."""
    if response.status_code == 204 or not response.content:
        return None
    if "json" in response.headers.get("content-type", "") or response.content[:1] in (b"{", b"["):
        return call.read_json(response.content)
    return response.content


class _Base:
    """Settings, auth and limiter shared by both clients."""

    def __init__(self, api_key: str | None = None, workspace: str | None = None, *, base_url: str | None = None,
                 reports_url: str | None = None, profile: str | None = None, region: str | None = None,
                 subdomain: str | None = None, gateway_token: str | None = None, connection: str | None = None,
                 rate: float = 10.0, max_rate: float = 50.0, adaptive: bool = True,
                 budget_per_hour: int | None = None, retry: RetryPolicy | None = None, max_wait: float | None = None,
                 limiter: AdaptiveLimiter | None = None, user_id: str | None = None, settings: Profile | None = None):
        """Settings as :class:`Clockify` documents them."""
        if settings is None:
            settings = load_profile(profile, provider="clockify", api_key=api_key, workspace=workspace,
                                    base_url=base_url, reports_url=reports_url, region=region, subdomain=subdomain,
                                    gateway_token=gateway_token, connection=connection)
        if settings.get("gateway_token"):
            self.auth = BearerAuth(settings.get("gateway_token"), settings.get("connection"), GATEWAY_CONNECTION_HEADER)
        elif settings.api_key:
            self.auth = ApiKeyAuth(settings.api_key)
        else:
            raise ConfigError("no Clockify API key: pass api_key=..., set CLOCKIFY_API_KEY, or run `punch login`")
        self.base_url, self.reports_url = urls(settings)
        self.workspace_id = settings.workspace
        self.user_id = user_id
        self.retry = with_max_wait(retry or RetryPolicy(), max_wait)
        self.limiter = limiter or shared_limiter(
            self.auth.fingerprint, self.workspace_id,
            lambda: AdaptiveLimiter(rate, max_rate=max_rate, adaptive=adaptive, burst=START_BURST))
        per_hour = budget_per_hour or budget_setting(settings)
        if per_hour and self.limiter.budget is None:  # a budget asked for later still applies to the shared limiter
            self.limiter.budget = RequestBudget(per_hour, clock=getattr(self.limiter, "clock", time.monotonic))

    if not TYPE_CHECKING:  # type checkers see the annotated resources of Clockify and AsyncClockify
        def __getattr__(self, name: str) -> Any:
            """A resource (``time_entries``, ``projects``...), imported and made on first use, so a command
            pays only for the resources and models it touches."""
            spec = RESOURCES.get(name)
            if spec is None:
                raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
            module, cls = spec.split(":")
            resource = getattr(importlib.import_module(f"punchclock.providers.clockify.resources.{module}"), cls)(self)
            setattr(self, name, resource)
            return resource

    def __repr__(self) -> str:
        return (f"{type(self).__name__}(auth={self.auth!r}, workspace={self.workspace_id!r}, "
                f"base_url={self.base_url!r})")

    def _base_for(self, call: Call) -> str | None:
        if call.host == "auditlog":  # Clockify's audit-log host; a sandbox serves it beside /api/v1
            if self.base_url.startswith("https://api.clockify.me/"):
                return "https://auditlog-api.api.clockify.me/v1"
            return self.base_url.removesuffix("/api/v1") + "/auditlog/v1"
        return self.reports_url if call.host == "reports" else None

    def _page_params(self, call: Call, page: int, size: int) -> dict:
        return call.query(page=page, **{call.page_param: size})

    def _with_user(self, call: Call, user_id: str) -> Call:
        """Put the caller's id where the call says ``ME`` (its path, or a form field's value)."""
        call.path = call.path.replace(ME, user_id)
        if call.files:
            call.files = [(name, (None, user_id)) if part == (None, ME) else (name, part) for name, part in call.files]
        return call


class Clockify(_Base):
    """The sync Clockify client. ``max_wait`` (seconds, default 60) is the longest pause a call sits
    through; a longer ``Retry-After`` raises RateLimited at once saying when to try again."""

    user: UserResource[Sync]
    workspaces: Workspaces[Sync]
    users: Users[Sync]
    groups: Groups[Sync]
    projects: Projects[Sync]
    tasks: Tasks[Sync]
    clients: Clients[Sync]
    tags: Tags[Sync]
    time_entries: TimeEntries[Sync]
    webhooks: Webhooks[Sync]
    holidays: Holidays[Sync]
    expenses: Expenses[Sync]
    invoices: Invoices[Sync]
    approvals: Approvals[Sync]
    custom_fields: CustomFields[Sync]
    time_off: TimeOff[Sync]
    changes: Changes[Sync]
    reports: Reports[Sync]
    scheduling: Scheduling[Sync]

    def __init__(self, api_key: str | None = None, workspace: str | None = None, *,
                 transport: httpx.BaseTransport | None = None, timeout: float | httpx.Timeout | None = None,
                 **settings):
        super().__init__(api_key, workspace, **settings)
        extra = {"timeout": timeout} if timeout is not None else {}
        self._http = HttpClient(self.base_url, self.auth, limiter=self.limiter, retry=self.retry, error_style=ERRORS,
                                transport=transport, **extra)

    def _me(self) -> str:
        if self.user_id is None:
            self.user_id = plain(self.user, "me")["id"]
        return self.user_id

    def _execute(self, call: Call) -> Any:
        if call.needs_me:
            self._with_user(call, self._me())
        base = self._base_for(call)
        if call.paged:
            def fetch(page: int, size: int):
                resp = self._http.request("GET", call.path, params=self._page_params(call, page, size),
                                          base_url=base, feature=call.feature)
                return call.read_json(resp.content), _last_page(resp)

            return Pager(fetch, call.page_size, start=call.first_page, limiter=self.limiter)
        try:
            resp = self._http.request(call.method, call.path, params=call.query(), json=call.json, files=call.files,
                                      base_url=base, idempotent=call.idempotent, feature=call.feature)
        except OutcomeUnknown as unknown:
            if call.confirm is None:
                raise
            return call.confirm.settle(self._execute, unknown)  # look the create up before reporting
        return _result(resp, call)

    def close(self) -> None:
        """Close connections."""
        self._http.close()

    def __enter__(self) -> "Clockify":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class AsyncClockify(_Base):
    """The async Clockify client: the same resources and settings (``max_wait`` included); calls are
    awaited, lists are async iterators."""

    user: UserResource[Async]
    workspaces: Workspaces[Async]
    users: Users[Async]
    groups: Groups[Async]
    projects: Projects[Async]
    tasks: Tasks[Async]
    clients: Clients[Async]
    tags: Tags[Async]
    time_entries: TimeEntries[Async]
    webhooks: Webhooks[Async]
    holidays: Holidays[Async]
    expenses: Expenses[Async]
    invoices: Invoices[Async]
    approvals: Approvals[Async]
    custom_fields: CustomFields[Async]
    time_off: TimeOff[Async]
    changes: Changes[Async]
    reports: Reports[Async]
    scheduling: Scheduling[Async]

    is_async = True

    def __init__(self, api_key: str | None = None, workspace: str | None = None, *,
                 transport: httpx.AsyncBaseTransport | None = None, timeout: float | httpx.Timeout | None = None,
                 **settings):
        super().__init__(api_key, workspace, **settings)
        extra = {"timeout": timeout} if timeout is not None else {}
        self._http = AsyncHttpClient(self.base_url, self.auth, limiter=self.limiter, retry=self.retry, error_style=ERRORS,
                                     transport=transport, **extra)

    async def _me(self) -> str:
        if self.user_id is None:
            self.user_id = (await plain(self.user, "me"))["id"]
        return self.user_id

    def _execute(self, call: Call) -> Any:
        base = self._base_for(call)
        if call.paged:
            async def fetch(page: int, size: int):
                if call.needs_me:
                    self._with_user(call, await self._me())
                resp = await self._http.request("GET", call.path, params=self._page_params(call, page, size),
                                                base_url=base, feature=call.feature)
                return call.read_json(resp.content), _last_page(resp)

            return AsyncPager(fetch, call.page_size, start=call.first_page, limiter=self.limiter)

        async def run():
            if call.needs_me:
                self._with_user(call, await self._me())
            try:
                resp = await self._http.request(call.method, call.path, params=call.query(), json=call.json,
                                                files=call.files, base_url=base, idempotent=call.idempotent,
                                                feature=call.feature)
            except OutcomeUnknown as unknown:
                if call.confirm is None:
                    raise
                return await call.confirm.settle_async(self._execute, unknown)
            return _result(resp, call)

        return run()

    async def aclose(self) -> None:
        """Close connections."""
        await self._http.aclose()

    async def __aenter__(self) -> "AsyncClockify":
        return self

    async def __aexit__(self, *exc) -> None:
        await self.aclose()
