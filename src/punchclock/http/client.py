"""The HTTP core clients (sync and async twins): auth, pacing, retries, one error mapping, logging.

Every request goes through the shared :class:`~punchclock.http.limiter.AdaptiveLimiter`, is
retried only when :class:`~punchclock.http.retry.RetryPolicy` says it is safe, and turns error
answers into :mod:`punchclock.errors` through :func:`~punchclock.http.errors.error_from_response`.
Log lines carry method, path, status and time, never headers (so never the key).
"""

from __future__ import annotations

import logging
import time
from typing import Any

import httpx

from punchclock import __version__, errors
from punchclock.http.errors import error_from_exception, error_from_response
from punchclock.http.limiter import AdaptiveLimiter
from punchclock.http.retry import IDEMPOTENT_METHODS, RetryPolicy

log = logging.getLogger("punchclock.http")
USER_AGENT = f"punchclock/{__version__}"
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)


class _Core:
    """What both twins share: URLs, headers, and turning answers into results or errors."""

    def __init__(self, auth, limiter: AdaptiveLimiter, retry: RetryPolicy | None):
        self.auth = auth
        self.limiter = limiter
        self.retry = retry or RetryPolicy()

    def headers(self) -> dict[str, str]:
        return {**self.auth.headers(), "Accept": "application/json"}

    @staticmethod
    def idempotent(method: str, given: bool | None) -> bool:
        return method.upper() in IDEMPOTENT_METHODS if given is None else given

    def judge(self, response: httpx.Response, method: str, path: str, feature: str | None,
              started: float) -> errors.ApiError | None:
        """None for success (and tell the limiter), else the error to raise or retry."""
        log.debug("%s %s -> %d in %.0f ms", method, path, response.status_code, (time.perf_counter() - started) * 1000)
        if response.status_code < 400:
            self.limiter.on_success()
            return None
        error = error_from_response(response, method, path, feature=feature)
        if isinstance(error, errors.RateLimited):
            self.limiter.on_rate_limited(error.retry_after)
        elif isinstance(error, errors.PlanRequired):
            self.limiter.refusals.remember(error)
        return error

    def settle(self, outcome: httpx.Response | httpx.HTTPError, method: str, path: str, feature: str | None,
               started: float, idempotent: bool, attempt: int) -> httpx.Response | float:
        """The response to return, or seconds to wait before the next attempt; raises when giving up."""
        if isinstance(outcome, httpx.HTTPError):
            error: errors.PunchclockError = error_from_exception(outcome, method, path)
            cause: BaseException | None = outcome
        else:
            error = self.judge(outcome, method, path, feature, started)
            if error is None:
                return outcome
            cause = None
        wait = self.next_wait(error, idempotent, attempt)
        if wait is None:
            raise error from cause
        return wait

    def next_wait(self, error: errors.PunchclockError, idempotent: bool, attempt: int) -> float | None:
        """Seconds to sleep before retrying, or None to give up. 429 waits are the limiter's job."""
        if not self.retry.should_retry(error, idempotent=idempotent, attempt=attempt):
            return None
        if isinstance(error, errors.RateLimited):
            return 0.0
        log.info("retrying %s %s after %s (attempt %d)", error.method, error.path, type(error).__name__, attempt)
        return self.retry.delay(attempt, error)


class HttpClient:
    """A sync HTTP client bound to one base URL and one set of credentials."""

    def __init__(self, base_url: str, auth, *, limiter: AdaptiveLimiter, retry: RetryPolicy | None = None,
                 transport: httpx.BaseTransport | None = None, timeout: httpx.Timeout | float = DEFAULT_TIMEOUT):
        self.base_url = base_url.rstrip("/")
        self._core = _Core(auth, limiter, retry)
        self._http = httpx.Client(transport=transport, timeout=timeout, headers={"User-Agent": USER_AGENT})

    @property
    def limiter(self) -> AdaptiveLimiter:
        """The shared limiter this client paces through."""
        return self._core.limiter

    def request(self, method: str, path: str, *, params: dict | None = None, json: Any = None,
                files: list | None = None, base_url: str | None = None, idempotent: bool | None = None,
                feature: str | None = None) -> httpx.Response:
        """Send one request (with pacing and safe retries); error answers raise. ``files`` makes the
        body ``multipart/form-data`` (httpx's form: ``[(name, (filename or None, data, ...))]``)."""
        method = method.upper()
        url = (base_url or self.base_url).rstrip("/") + path
        safe = self._core.idempotent(method, idempotent)
        self._core.limiter.refusals.check(method, path)
        attempt = 0
        while True:
            attempt += 1
            self._core.limiter.wait()
            started = time.perf_counter()
            try:
                outcome = self._http.request(method, url, params=params, json=json, files=files,
                                             headers=self._core.headers())
            except httpx.HTTPError as exc:
                outcome = exc
            result = self._core.settle(outcome, method, path, feature, started, safe, attempt)
            if isinstance(result, httpx.Response):
                return result
            if result:
                self._core.limiter.sleep(result)

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def __enter__(self) -> "HttpClient":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class AsyncHttpClient:
    """The async twin of :class:`HttpClient`."""

    def __init__(self, base_url: str, auth, *, limiter: AdaptiveLimiter, retry: RetryPolicy | None = None,
                 transport: httpx.AsyncBaseTransport | None = None,
                 timeout: httpx.Timeout | float = DEFAULT_TIMEOUT):
        self.base_url = base_url.rstrip("/")
        self._core = _Core(auth, limiter, retry)
        self._http = httpx.AsyncClient(transport=transport, timeout=timeout, headers={"User-Agent": USER_AGENT})

    @property
    def limiter(self) -> AdaptiveLimiter:
        """The shared limiter this client paces through."""
        return self._core.limiter

    async def request(self, method: str, path: str, *, params: dict | None = None, json: Any = None,
                      files: list | None = None, base_url: str | None = None, idempotent: bool | None = None,
                      feature: str | None = None) -> httpx.Response:
        """Send one request (with pacing and safe retries); error answers raise."""
        method = method.upper()
        url = (base_url or self.base_url).rstrip("/") + path
        safe = self._core.idempotent(method, idempotent)
        self._core.limiter.refusals.check(method, path)
        attempt = 0
        while True:
            attempt += 1
            await self._core.limiter.wait_async()
            started = time.perf_counter()
            try:
                outcome = await self._http.request(method, url, params=params, json=json, files=files,
                                                   headers=self._core.headers())
            except httpx.HTTPError as exc:
                outcome = exc
            result = self._core.settle(outcome, method, path, feature, started, safe, attempt)
            if isinstance(result, httpx.Response):
                return result
            if result:
                await self._core.limiter.async_sleep(result)

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._http.aclose()

    async def __aenter__(self) -> "AsyncHttpClient":
        return self

    async def __aexit__(self, *exc) -> None:
        await self.aclose()
