"""Every error punchclock raises, under one root.

::

    PunchclockError
    ├── InvalidInput            bad arguments, caught before any request (also a ValueError)
    ├── ConfigError             missing or unreadable configuration (no key, bad profile)
    ├── BudgetExceeded          the free workspace's request budget would be exceeded
    ├── TransportError          no answer: connection refused or dropped, timeout   [transient]
    │   └── OutcomeUnknown      a write's answer was lost: it may or may not have been carried out
    └── ApiError                the server answered with an error status
        ├── BadRequest          400 (validation)
        │   └── NotFound        400 code 501 "... doesn't belong to Workspace", or 404
        ├── AuthenticationError 401: the key is missing or wrong                     [fatal]
        ├── PermissionDenied    403: the role does not allow it
        │   └── PlanRequired    403 on a paid-plan feature
        ├── RateLimited         429                                                 [transient]
        └── ServerError         5xx                                                 [transient]

Errors carry the HTTP method and path of the request (never the API key), the status, the
provider's error code and message. ``transient`` says whether trying again later may work.
"""

from __future__ import annotations


class PunchclockError(Exception):
    """Root of every punchclock error."""

    transient = False

    def __init__(self, message: str, *, method: str | None = None, path: str | None = None):
        super().__init__(message)
        self.message = message
        self.method = method
        self.path = path

    def __str__(self) -> str:
        where = f" ({self.method} {self.path})" if self.method and self.path else ""
        return f"{self.message}{where}"


class InvalidInput(PunchclockError, ValueError):
    """An argument is wrong; raised before any request is sent. ``field`` names the argument."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field


class ConfigError(PunchclockError):
    """Configuration is missing or unreadable."""


class Unsupported(PunchclockError):
    """The provider in use has no such capability (ClockEye has no tags, say); the message names it."""

    def __init__(self, provider: str, what: str):
        super().__init__(f"{provider} has no {what}; this works with a provider that has it")
        self.provider = provider
        self.what = what


class BudgetExceeded(PunchclockError):
    """Sending this request would exceed the configured request budget."""


class TransportError(PunchclockError):
    """No usable answer: the connection failed, was dropped, or timed out.

    ``sent`` is False only when the request surely never reached the server (connect failures),
    so even a create may be sent again.
    """

    transient = True

    def __init__(self, message: str, *, sent: bool = True, method: str | None = None, path: str | None = None):
        super().__init__(message, method=method, path=path)
        self.sent = sent


class OutcomeUnknown(TransportError):
    """A write (create, change or delete) may have reached the server but its answer was lost, and
    looking it up could not tell whether it was carried out. Not transient: sending it again could
    do it twice. ``cause`` is the error that ended the last attempt."""

    transient = False

    def __init__(self, message: str, *, method: str | None = None, path: str | None = None,
                 cause: PunchclockError | None = None):
        super().__init__(message, sent=True, method=method, path=path)
        self.cause = cause


class ApiError(PunchclockError):
    """The server answered with an error status."""

    def __init__(self, message: str, *, status: int, code: int | None = None, method: str | None = None,
                 path: str | None = None, request_id: str | None = None, retry_after: float | None = None):
        super().__init__(message, method=method, path=path)
        self.status = status
        self.code = code
        self.request_id = request_id
        self.retry_after = retry_after

    def __str__(self) -> str:
        code = f", code {self.code}" if self.code is not None else ""
        where = f" ({self.method} {self.path})" if self.method and self.path else ""
        return f"{self.status}{code}: {self.message}{where}"


class BadRequest(ApiError):
    """400: the request was refused as invalid."""


class NotFound(BadRequest):
    """The entity does not exist in this workspace (Clockify answers 400 code 501, not 404)."""


class AuthenticationError(ApiError):
    """401: the API key is missing or wrong. Fatal: retrying cannot help."""


class PermissionDenied(ApiError):
    """403: the caller's role does not allow this."""


class PlanRequired(PermissionDenied):
    """403 on a feature the workspace's plan does not include; ``feature`` names it."""

    def __init__(self, message: str, *, feature: str | None = None, **kwargs):
        super().__init__(message, **kwargs)
        self.feature = feature


class RateLimited(ApiError):
    """429: too many requests. ``retry_after`` holds the server's hint in seconds, if any."""

    transient = True


class ServerError(ApiError):
    """5xx: the server failed."""

    transient = True
