"""The one place where an HTTP answer or a transport failure becomes a :mod:`punchclock.errors` error."""

from __future__ import annotations

import email.utils
import time
from dataclasses import dataclass, field
from typing import Any, Callable

import httpx

from punchclock import errors

KEY_HELP = "Check the API key, or set it again with `punch login`."


def retry_after_seconds(value: str | None) -> float | None:
    """``Retry-After`` as seconds, from either delta-seconds or an HTTP date."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def format_wait(seconds: float) -> str:
    """A wait for people: ``45 s``, ``12 min``, ``1 h 5 min``."""
    seconds = max(0, round(seconds))
    if seconds < 90:
        return f"{seconds} s"
    minutes = round(seconds / 60)
    if minutes < 90:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"


def retry_hint(retry_after: float | None) -> str:
    """What a rate-limited caller is told about when to try again."""
    if retry_after is None:
        return "the server gave no retry time: wait a minute and try again"
    return f"try again in {format_wait(retry_after)}"


def scrub(text: str, secrets: tuple[str, ...] = ()) -> str:
    """``text`` with every secret replaced by ``***``."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


def _body(response: httpx.Response) -> tuple[str, int | None]:
    try:
        data = response.json()
    except ValueError:
        text = response.text.strip()
        return (text[:200] or response.reason_phrase or "error"), None
    if isinstance(data, dict):
        inner = data.get("error") if isinstance(data.get("error"), dict) else data
        message = inner.get("message") or response.reason_phrase or "error"
        code = inner.get("code")
        if isinstance(code, str) and code.isdigit():
            code = int(code)
        return str(message), code if isinstance(code, int) else None
    return response.reason_phrase or "error", None


@dataclass(frozen=True)
class ErrorStyle:
    """How one provider's error answers read: the body's message and code, which answers mean "no such
    thing" besides a 404, and what a refused key should tell people. Providers pass theirs to the client."""

    read: Callable[[httpx.Response], tuple[str, Any]] = field(default=lambda response: _body(response))
    key_help: str = KEY_HELP
    missing: Callable[[int, Any, str], bool] = field(default=lambda status, code, message: False)


PLAIN = ErrorStyle()


def error_from_response(response: httpx.Response, method: str, path: str, *,
                        feature: str | None = None, style: ErrorStyle = PLAIN) -> errors.ApiError:
    """Map an error answer to the error tree (status, provider code, message, request), read the
    provider's way (``style``)."""
    status = response.status_code
    message, code = style.read(response)
    common = {"status": status, "code": code, "method": method, "path": path,
              "request_id": response.headers.get("x-request-id")}
    if status == 401:
        return errors.AuthenticationError(f"{message}. {style.key_help}", **common)
    if status == 403:
        if feature:
            return errors.PlanRequired(f"{message}: {feature} needs a paid plan or a role that allows it",
                                       feature=feature, **common)
        return errors.PermissionDenied(message, **common)
    if status == 404 or style.missing(status, code, message):
        return errors.NotFound(message, **common)
    if status == 429:
        wait = retry_after_seconds(response.headers.get("retry-after"))
        return errors.RateLimited(f"{message}: {retry_hint(wait)}", retry_after=wait, **common)
    if status >= 500:
        return errors.ServerError(message, **common)
    return errors.BadRequest(message, **common)


def error_from_exception(exc: httpx.HTTPError, method: str, path: str) -> errors.TransportError:
    """Map an httpx transport failure; ``sent`` is False only when the request surely never left.

    The message names the failure's type but not its text, which may quote a header value."""
    if isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)):
        reason = "cannot connect (is the server running and the URL right?)"
    elif isinstance(exc, httpx.TimeoutException):
        reason = "timed out waiting for the answer"
    else:
        reason = "connection dropped before the answer was complete"
    sent = not isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout))
    return errors.TransportError(f"{reason} ({type(exc).__name__})", sent=sent, method=method, path=path)
