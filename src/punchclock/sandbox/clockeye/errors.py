"""ClockEye's error bodies and codes, and :class:`ClockEyeDialect`, which words the core's refusals.

Nested (default, the ``/docs/api`` page): ``{"error": {"code", "message", "details"}}``.
Flat (``error_style="flat"``, the ``/developers/docs`` page): ``{"error": message, "code": CODE,
"details": {...}}`` with the code in upper case. ``details`` is always an object (``{}`` when there
is nothing to add); a refused field is named as ``{"field", "reason"}`` with reason one of
``required``, ``invalid_type``, ``invalid``, ``not_found``, ``duplicate``, ``malformed_body``.
"""

from __future__ import annotations

import math
from typing import Any

from punchclock.sandbox.core.errors import ApiError, Dialect

STYLES = ("nested", "flat")
CODES = {400: "invalid_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
         405: "method_not_allowed", 429: "rate_limit_exceeded"}


def error(status: int, message: str, details: dict | None = None, headers: dict | None = None) -> ApiError:
    """An error with the code ClockEye uses for ``status`` (5xx: ``server_error``)."""
    return ApiError(status, message, CODES.get(status, "server_error"), headers, details or {})


def invalid_request(message: str, field: str | None = None, reason: str = "invalid") -> ApiError:
    """400 ``invalid_request``, naming the refused field in ``details`` when there is one."""
    return error(400, message, {"field": field, "reason": reason} if field else None)


def required(field: str) -> ApiError:
    """400: a required field or parameter is missing."""
    return invalid_request(f"The {field} field is required", field, "required")


def unknown_reference(field: str, value: str) -> ApiError:
    """400: a body field or filter names an id that does not exist."""
    return invalid_request(f"The {field} field names an unknown id: {value}", field, "not_found")


def not_found(kind: str, ident: str) -> ApiError:
    """404 for an id in the path."""
    return error(404, f"{kind} {ident} not found", {"id": ident})


def no_running_timer() -> ApiError:
    """404: stop called while no timer runs."""
    return error(404, "No time entry is running")


def forbidden(message: str) -> ApiError:
    """403: the caller's role does not allow this."""
    return error(403, message)


def missing_key() -> ApiError:
    """401: no API key in the request."""
    return error(401, "Missing API key: send 'Authorization: Bearer <key>'")


def wrong_scheme(scheme: str) -> ApiError:
    """401: a key sent with another scheme than Bearer (the key itself is never echoed)."""
    shown = scheme if scheme.isalpha() and len(scheme) <= 20 else "a non-Bearer scheme"
    return error(401, f"Unsupported authorization scheme {shown}: the scheme must be Bearer "
                      "('Authorization: Bearer <key>')")


def unknown_key() -> ApiError:
    """401: a key that belongs to nobody."""
    return error(401, "Invalid API key")


_KINDS = {str: "a string", bool: "a boolean", int: "an integer", float: "a number", list: "an array",
          dict: "an object"}
_PARAM_KINDS = {"boolean": "true or false", "int": "an integer", "instant": "an ISO-8601 instant"}


class ClockEyeDialect(Dialect):
    """The core's refusals as ClockEye words them, rendered nested or flat (``style``, settable)."""

    def __init__(self, style: str = "nested"):
        self.style = check_style(style)

    def render(self, exc: ApiError) -> dict:
        """The error body in the current style."""
        details = exc.details or {}
        if self.style == "flat":
            return {"error": exc.message, "code": str(exc.code).upper(), "details": details}
        return {"error": {"code": str(exc.code), "message": exc.message, "details": details}}

    def bad_parameter(self, name: str, value: str, kind: str, reason: str) -> ApiError:
        """400 naming the query parameter whose value does not convert."""
        return invalid_request(f"The {name} parameter must be {_PARAM_KINDS.get(kind, kind)}, not {value!r}",
                               name, "invalid")

    def invalid(self, message: str, field: str | None = None) -> ApiError:
        """400 ``invalid_request``."""
        return invalid_request(message, field)

    def unreadable_body(self, detail: str) -> ApiError:
        """400: the body is not a JSON object."""
        return error(400, f"The request body must be a JSON object ({detail})", {"reason": "malformed_body"})

    def wrong_type(self, field: str, expected: type | tuple, value: Any) -> ApiError:
        """400 naming the field of the wrong JSON type."""
        first = expected[0] if isinstance(expected, tuple) else expected
        return invalid_request(f"The {field} field must be {_KINDS.get(first, 'a value')}", field, "invalid_type")

    def no_route(self, path: str) -> ApiError:
        """404 for a path no route serves."""
        return error(404, f"No resource at {path}")

    def wrong_method(self, method: str) -> ApiError:
        """405 for a known path called with another method."""
        return error(405, f"Method {method} is not allowed on this resource")

    def too_many_requests(self, retry_after: float | None = None) -> ApiError:
        """429 ``rate_limit_exceeded``; ``Retry-After`` rounded up to whole seconds when known."""
        headers = {"Retry-After": str(max(1, math.ceil(retry_after)))} if retry_after is not None else {}
        return error(429, "Rate limit exceeded", headers=headers)

    def server_error(self, message: str = "Internal server error", status: int = 500) -> ApiError:
        """A 5xx ``server_error``."""
        return error(status, message)


def check_style(style: Any) -> str:
    """``style`` if it is a known error style; otherwise ValueError naming the choices."""
    if style not in STYLES:
        raise ValueError(f"error_style must be one of {', '.join(STYLES)}, not {style!r}")
    return style
