"""``ClockEye`` and ``AsyncClockEye``: one surface over ClockEye's REST API, sync and async.

::

    with ClockEye() as clockeye:                      # CLOCKEYE_API_KEY, CLOCKEYE_BASE_URL, CLOCKEYE_AUTH
        for entry in clockeye.time_entries.list(start_date=monday, end_date=friday):
            ...
    async with AsyncClockEye() as clockeye:
        async for entry in clockeye.time_entries.list(user_id="all"):
            ...

Both run the same :class:`~punchclock.http.call.Call` objects over the shared HTTP core. Listings
are walked by their ``meta`` (``page * per_page >= total`` ends the walk; so does an empty page).
Every client for the same key and base URL in the process paces through one
:class:`~punchclock.http.windows.WindowLimiter` holding ClockEye's three published windows.
"""

from __future__ import annotations

from typing import Any

import httpx

from punchclock.http import AsyncHttpClient, AsyncPager, HttpClient, Pager, RetryPolicy, shared_limiter
from punchclock.http.call import Async, Call, Sync, loads
from punchclock.http.retry import with_max_wait
from punchclock.http.windows import WindowLimiter
from punchclock.providers.clockeye.errors import ERRORS
from punchclock.providers.clockeye.resources import RESOURCES, Projects, Reports, Screenshots, TimeEntries, Users
from punchclock.providers.clockeye.settings import resolve

LIMITS = ((100, 60.0), (5000, 3600.0), (50000, 86400.0))
"""ClockEye's published limits per API key: (requests, rolling seconds)."""

MAX_WAIT = 65.0
"""The longest pause a call sits through by default: a full minute window plus the rounding of
``X-RateLimit-Reset`` to whole seconds. Longer ones (the hour or day window) fail at once saying when
to try again; pass ``max_wait=...`` (seconds) to ``ClockEye(...)``/``AsyncClockEye(...)`` to wait them out."""


def window_limiter(**hooks) -> WindowLimiter:
    """A limiter holding ClockEye's windows (``clock``/``sleep``/``async_sleep`` hooks for simulated time)."""
    return WindowLimiter(LIMITS, **hooks)


def _is_last(meta: Any) -> bool | None:
    """Whether a page's ``meta`` says no rows follow it (None when the meta does not say)."""
    if not isinstance(meta, dict):
        return None
    try:
        return int(meta["page"]) * int(meta["per_page"]) >= int(meta["total"])
    except (KeyError, TypeError, ValueError):
        return None


def _page(response: httpx.Response, call: Call) -> tuple[list, bool | None]:
    """The rows of one page and whether it is the last."""
    body = loads(response.content)
    return call.read(body.get("data") or []), _is_last(body.get("meta"))


def _result(response: httpx.Response, call: Call) -> Any:
    """What a call answers: None for an empty body, else its reading of the JSON."""
    if response.status_code == 204 or not response.content:
        return None
    return call.read(loads(response.content))


class _Base:
    """Settings, auth and limiter shared by both clients."""

    def __init__(self, api_key: str | None = None, *, base_url: str | None = None, auth_scheme: str | None = None,
                 retry: RetryPolicy | None = None, max_wait: float | None = None,
                 limiter: WindowLimiter | None = None):
        """Settings as :class:`ClockEye` documents them."""
        self.settings = resolve(api_key, base_url, auth_scheme)
        self.auth = self.settings.auth()
        self.base_url = self.settings.base_url
        self.retry = with_max_wait(retry or RetryPolicy(max_wait=MAX_WAIT), max_wait)
        self.limiter = limiter or shared_limiter(self.auth.fingerprint, f"clockeye {self.base_url}", window_limiter)
        for name, resource in RESOURCES.items():
            setattr(self, name, resource(self))

    def _http_options(self, transport, timeout) -> dict:
        extra = {"timeout": timeout} if timeout is not None else {}
        return {"limiter": self.limiter, "retry": self.retry, "transport": transport, "error_style": ERRORS, **extra}

    def __repr__(self) -> str:
        return f"{type(self).__name__}(auth={self.auth!r}, base_url={self.base_url!r})"


class ClockEye(_Base):
    """The sync ClockEye client. ``max_wait`` (seconds, default 65: a minute window) is the longest
    pause a call sits through; a longer one raises RateLimited at once saying when to try again."""

    users: Users[Sync]
    projects: Projects[Sync]
    time_entries: TimeEntries[Sync]
    reports: Reports[Sync]
    screenshots: Screenshots[Sync]

    def __init__(self, api_key: str | None = None, *, transport: httpx.BaseTransport | None = None,
                 timeout: float | httpx.Timeout | None = None, **settings):
        super().__init__(api_key, **settings)
        self._http = HttpClient(self.base_url, self.auth, **self._http_options(transport, timeout))

    def _execute(self, call: Call) -> Any:
        if call.paged:
            def fetch(page: int, size: int):
                resp = self._http.request("GET", call.path, params=call.query(page=page, per_page=size))
                return _page(resp, call)

            return Pager(fetch, call.page_size, start=call.first_page)
        resp = self._http.request(call.method, call.path, params=call.query(), json=call.json,
                                  idempotent=call.idempotent)
        return _result(resp, call)

    def close(self) -> None:
        """Close connections."""
        self._http.close()

    def __enter__(self) -> "ClockEye":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class AsyncClockEye(_Base):
    """The async ClockEye client: the same resources and settings (``max_wait`` included); calls are
    awaited, listings are async iterators."""

    users: Users[Async]
    projects: Projects[Async]
    time_entries: TimeEntries[Async]
    reports: Reports[Async]
    screenshots: Screenshots[Async]

    is_async = True

    def __init__(self, api_key: str | None = None, *, transport: httpx.AsyncBaseTransport | None = None,
                 timeout: float | httpx.Timeout | None = None, **settings):
        super().__init__(api_key, **settings)
        self._http = AsyncHttpClient(self.base_url, self.auth, **self._http_options(transport, timeout))

    def _execute(self, call: Call) -> Any:
        if call.paged:
            async def fetch(page: int, size: int):
                resp = await self._http.request("GET", call.path, params=call.query(page=page, per_page=size))
                return _page(resp, call)

            return AsyncPager(fetch, call.page_size, start=call.first_page)

        async def run():
            resp = await self._http.request(call.method, call.path, params=call.query(), json=call.json,
                                            idempotent=call.idempotent)
            return _result(resp, call)

        return run()

    async def aclose(self) -> None:
        """Close connections."""
        await self._http.aclose()

    async def __aenter__(self) -> "AsyncClockEye":
        return self

    async def __aexit__(self, *exc) -> None:
        await self.aclose()
