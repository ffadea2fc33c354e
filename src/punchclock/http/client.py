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
from punchclock.http.errors import PLAIN, ErrorStyle, error_from_exception, error_from_response, retry_hint, scrub
from punchclock.http.limiter import AdaptiveLimiter
from punchclock.http.retry import IDEMPOTENT_METHODS, RetryPolicy

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

log = logging.getLogger("punchclock.http")
USER_AGENT = f"punchclock/{__version__}"
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)


class _Core:
    """What both twins share: URLs, headers, and turning answers into results or errors."""

    def __init__(self, auth, limiter: AdaptiveLimiter, retry: RetryPolicy | None, error_style: ErrorStyle | None):
        self.auth = auth
        self.limiter = limiter
        self.retry = retry or RetryPolicy()
        self.error_style = error_style or PLAIN  # how the provider's error answers read

    def headers(self) -> dict[str, str]:
        return {**self.auth.headers(), "Accept": "application/json"}

    @staticmethod
    def idempotent(method: str, given: bool | None) -> bool:
        return method.upper() in IDEMPOTENT_METHODS if given is None else given

    def judge(self, response: httpx.Response, method: str, path: str, feature: str | None,
              started: float) -> errors.ApiError | None:
        """None for success (and tell the limiter), else the error to raise or retry."""
        log.debug("%s %s -> %d in %.0f ms", method, path, response.status_code, (time.perf_counter() - started) * 1000)
        observe = getattr(self.limiter, "observe", None)  # limiters that read X-RateLimit-* headers
        if observe is not None:
            observe(response.headers)
        if response.status_code < 400:
            self.limiter.on_success()
            return None
        error = error_from_response(response, method, path, feature=feature, style=self.error_style)
        if isinstance(error, errors.RateLimited):
            self.limiter.on_rate_limited(error.retry_after)
        elif isinstance(error, errors.PlanRequired):
            self.limiter.refusals.remember(error)
        return error

    def ready(self, attempts: "_Attempts") -> None:
        """Refuse at once, unsent, a request the limiter would hold longer than the caller waits."""
        delay = getattr(self.limiter, "delay", None)
        pause = delay() if delay is not None else 0.0
        if pause > self.retry.max_wait:
            raise errors.RateLimited(f"rate limited: {retry_hint(pause)} (the pause is longer than the "
                                     f"{self.retry.max_wait:g} s this client waits)", status=429,
                                     retry_after=pause, method=attempts.method, path=attempts.path)

    def settle(self, outcome: httpx.Response | httpx.HTTPError, attempts: "_Attempts", feature: str | None,
               started: float) -> httpx.Response | float:
        """The response to return, or seconds to wait before the next attempt; raises when giving up."""
        if isinstance(outcome, httpx.HTTPError):
            error: errors.PunchclockError = error_from_exception(outcome, attempts.method, attempts.path)
            attempts.lost(error)
        else:
            error = self.judge(outcome, attempts.method, attempts.path, feature, started)
            if error is None:
                return _unbound(outcome)
            if attempts.already_done(error):
                log.info("%s %s: already done by an attempt whose answer was lost", attempts.method, attempts.path)
                return httpx.Response(204, request=outcome.request)
        wait = self.next_wait(error, attempts.safe, attempts.number)
        if wait is None:
            raise self.give_up(error, attempts)
        return wait

    def give_up(self, error: errors.PunchclockError, attempts: "_Attempts") -> errors.PunchclockError:
        """The error to raise: :class:`~punchclock.errors.OutcomeUnknown` when a write may have been
        carried out, else ``error``; never with a secret in its message or a library error chained."""
        if attempts.maybe_done:
            error = errors.OutcomeUnknown(
                f"no answer to this change ({error.message}): it may have been carried out; check before "
                f"trying again", method=attempts.method, path=attempts.path, cause=error)
        secrets = getattr(self.auth, "secrets", tuple)()
        error.message = scrub(error.message, secrets)
        error.args = tuple(scrub(a, secrets) if isinstance(a, str) else a for a in error.args)
        error.__cause__ = error.__context__ = None
        return error

    def next_wait(self, error: errors.PunchclockError, idempotent: bool, attempt: int) -> float | None:
        """Seconds to sleep before retrying, or None to give up. 429 waits are the limiter's job."""
        if not self.retry.should_retry(error, idempotent=idempotent, attempt=attempt):
            return None
        if isinstance(error, errors.RateLimited):
            return 0.0
        log.info("retrying %s %s after %s (attempt %d)", error.method, error.path, type(error).__name__, attempt)
        return self.retry.delay(attempt, error)


def _unbound(response: httpx.Response) -> httpx.Response:
    """The response, its body read, no longer bound to its stream: httpx's bound stream refers back to
    the response, so the pair (and the body) would wait for the garbage collector, which rarely runs
    while a sync allocates mostly strings; a sync kept two dozen pages' bodies, 50 MB, that way."""
    if response.is_stream_consumed:
        response.stream = httpx.ByteStream(response.content)
    return response


class _Attempts:
    """One request's attempts so far: whether a write may already have been carried out.

    A write whose answer was lost after it was sent (a dropped connection, a timeout) may have
    been done: giving up on it raises ``OutcomeUnknown``, and a delete repeated after it that the
    server answers "not found" was done by the lost attempt ("already gone" is success).
    """

    def __init__(self, method: str, path: str, safe: bool):
        self.method = method
        self.path = path
        self.safe = safe
        self.number = 0
        self.maybe_done = False

    def lost(self, error: errors.TransportError) -> None:
        """An attempt got no usable answer."""
        if error.sent and self.method not in READ_METHODS:
            self.maybe_done = True

    def already_done(self, error: errors.ApiError) -> bool:
        """Whether an error answer to a repeat means an earlier, lost attempt already did the work."""
        return self.maybe_done and self.method == "DELETE" and isinstance(error, errors.NotFound)


class HttpClient:
    """A sync HTTP client bound to one base URL and one set of credentials."""

    def __init__(self, base_url: str, auth, *, limiter: AdaptiveLimiter, retry: RetryPolicy | None = None,
                 transport: httpx.BaseTransport | None = None, timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
                 error_style: ErrorStyle | None = None):
        self.base_url = base_url.rstrip("/")
        self._core = _Core(auth, limiter, retry, error_style)
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
        attempts = _Attempts(method, path, safe)
        while True:
            attempts.number += 1
            try:
                self._core.ready(attempts)
                self._core.limiter.wait()
            except errors.PunchclockError as refused:
                raise self._core.give_up(refused, attempts) from None
            started = time.perf_counter()
            try:
                outcome = self._http.request(method, url, params=params, json=json, files=files,
                                             headers=self._core.headers())
            except httpx.HTTPError as exc:
                outcome = exc
            result = self._core.settle(outcome, attempts, feature, started)
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
                 timeout: httpx.Timeout | float = DEFAULT_TIMEOUT, error_style: ErrorStyle | None = None):
        self.base_url = base_url.rstrip("/")
        self._core = _Core(auth, limiter, retry, error_style)
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
        attempts = _Attempts(method, path, safe)
        while True:
            attempts.number += 1
            try:
                self._core.ready(attempts)
                await self._core.limiter.wait_async()
            except errors.PunchclockError as refused:
                raise self._core.give_up(refused, attempts) from None
            started = time.perf_counter()
            try:
                outcome = await self._http.request(method, url, params=params, json=json, files=files,
                                                   headers=self._core.headers())
            except httpx.HTTPError as exc:
                outcome = exc
            result = self._core.settle(outcome, attempts, feature, started)
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
