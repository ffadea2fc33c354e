"""Errors a sandbox answers with, and the :class:`Dialect` through which each provider words them.

The core (query and body parsing, routing, auth hooks, limits) refuses requests itself; what the
refusal says and how its body looks is the provider's: Clockify answers ``{"message", "code"}`` with
Spring's wording, ClockEye ``{"error": {"code", "message", "details"}}``. The core raises
:class:`ApiError` built by the app's dialect, and the dialect renders it.
"""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """An error answer: HTTP status, the provider's code, a message, extra headers and details."""

    def __init__(self, status: int, message: str, code: int | str, headers: dict[str, str] | None = None,
                 details: dict | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code
        self.headers = headers or {}
        self.details = details

    def body(self) -> dict:
        """The default body: ``{"message", "code"}`` (a dialect may render another shape)."""
        return {"message": self.message, "code": self.code}


class Dialect:
    """Plain wording of the core's refusals; providers subclass it to speak like their API."""

    def render(self, exc: ApiError) -> dict:
        """The JSON body of an error answer."""
        return exc.body()

    def bad_parameter(self, name: str, value: str, kind: str, reason: str) -> ApiError:
        """A query parameter that does not convert to ``kind`` (boolean, int, instant, enum)."""
        return ApiError(400, f"Invalid {kind} value {value!r} for parameter {name}: {reason}", 400,
                        details={"field": name, "reason": "invalid"})

    def invalid(self, message: str, field: str | None = None) -> ApiError:
        """A request that parses but breaks a rule."""
        return ApiError(400, message, 400, details={"field": field, "reason": "invalid"} if field else None)

    def unreadable_body(self, detail: str) -> ApiError:
        """A body that is not the JSON the operation takes."""
        return ApiError(400, f"Malformed request body: {detail}", 400)

    def wrong_type(self, field: str, expected: type | tuple, value: Any) -> ApiError:
        """A body field of the wrong JSON type."""
        return self.unreadable_body(f"field {field} must be {_json_kind(expected)}, not {_value_kind(value)}")

    def bad_form_field(self, name: str, kind: type) -> ApiError:
        """A multipart form field whose text does not convert to ``kind``."""
        return self.invalid(f"form field {name} must be {_json_kind(kind)}", name)

    def unsupported_media(self, media: str) -> ApiError:
        """A body in a content type the operation does not take."""
        return ApiError(415, f"Content-Type '{media}' is not supported", 415)

    def no_route(self, path: str) -> ApiError:
        """A path no route serves."""
        return ApiError(404, f"No route for {path}", 404)

    def wrong_method(self, method: str) -> ApiError:
        """A known path called with a method it does not serve."""
        return ApiError(405, f"Method {method} is not allowed here", 405)

    def too_many_requests(self, retry_after: float | None = None) -> ApiError:
        """A request over a rate limit or budget; ``Retry-After`` when known."""
        headers = {"Retry-After": str(max(1, round(retry_after)))} if retry_after is not None else {}
        return ApiError(429, "Too Many Requests", 429, headers)

    def server_error(self, message: str = "Internal server error", status: int = 500) -> ApiError:
        """A failure of the server itself (or an injected one)."""
        return ApiError(status, message, status)


def _json_kind(expected: type | tuple) -> str:
    first = expected[0] if isinstance(expected, tuple) else expected
    return {str: "a string", bool: "a boolean", int: "an integer", float: "a number", list: "an array",
            dict: "an object"}.get(first, "a value")


def _value_kind(value: Any) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean", int: "an integer",
            float: "a number", type(None): "null"}.get(type(value), "a value")
