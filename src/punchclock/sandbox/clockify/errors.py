"""Clockify's error bodies: ``{"message": str, "code": int}`` with the status codes the live API uses.

Observed pairs (see ../shared/research/clockify_api.md, section 6): a missing or foreign id is
400/501 "X doesn't belong to Workspace"; an unbound route is 404/3000; a wrong method 405/3000;
auth failures 401 with codes 1000/4003; a bad query parameter 400/3000. Where the live body has
not been captured (403 permission and plan bodies, malformed JSON, 429) the message follows the
nearest observed text and the code repeats the HTTP status; each such helper says so.
"""

from __future__ import annotations


from punchclock.sandbox.core.errors import ApiError, Dialect


def not_in_workspace(kind: str) -> ApiError:
    """Unknown, deleted, malformed or foreign id: Clockify never answers 404 for these."""
    return ApiError(400, f"{kind} doesn't belong to Workspace", 501)


def invalid(message: str) -> ApiError:
    """Domain validation failure (400, code 501)."""
    return ApiError(400, message, 501)


def no_static_resource(path: str) -> ApiError:
    """A path no route serves (404, code 3000), echoing the path without its leading slash."""
    return ApiError(404, f"No static resource {path.lstrip('/')}.", 3000)


def method_not_supported(method: str) -> ApiError:
    """A known path called with the wrong method (405, code 3000)."""
    return ApiError(405, f"Request method '{method}' is not supported", 3000)


def bad_parameter(name: str, value: str, java_type: str, reason: str) -> ApiError:
    """A query parameter that does not convert to its type (400, code 3000), echoing the value."""
    return ApiError(
        400,
        f"Method parameter '{name}': Failed to convert value of type 'java.lang.String' to required "
        f"type '{java_type}'; {reason}",
        3000,
    )


def missing_parameter(name: str) -> ApiError:
    """A required query parameter is absent (400, code 3001)."""
    return ApiError(
        400, f"Required request parameter '{name}' for method parameter type String is not present", 3001
    )


def unreadable_body(detail: str) -> ApiError:
    """Malformed JSON or a value of the wrong type in the body (400; Spring's wording, code 3002 assumed)."""
    return ApiError(400, f"JSON parse error: {detail}", 3002)


def no_token() -> ApiError:
    """No auth header, both headers, or a Bearer token on the direct API (401, code 1000)."""
    return ApiError(401, "Multiple or none auth tokens present", 1000)


def unknown_key() -> ApiError:
    """An X-Api-Key that belongs to nobody (401, code 4003)."""
    return ApiError(401, "Api key does not exist", 4003)


def access_denied() -> ApiError:
    """The caller's role does not allow this (403; live message, code assumed)."""
    return ApiError(403, "Access Denied", 403)


def plan_required(feature: str) -> ApiError:
    """A paid-plan feature called on a free workspace (403; body not captured live, code assumed)."""
    return ApiError(403, f"Feature {feature} is not available on your subscription plan", 403)


def timer_not_running() -> ApiError:
    """Stop called with no running timer: a domain 404 whose body code is 404."""
    return ApiError(404, "Currently running time entry doesn't exist on workspace for user.", 404)


JAVA_TYPES = {"boolean": "java.lang.Boolean", "int": "int", "instant": "java.time.Instant", "enum": "Enum"}
_JAVA_CLASSES = {str: "java.lang.String", bool: "java.lang.Boolean", int: "java.lang.Integer", float: "java.lang.Double",
                 list: "java.util.ArrayList", dict: "java.util.LinkedHashMap"}
_JSON_KINDS = {dict: "Object", list: "Array", str: "String", bool: "Boolean", int: "Integer", float: "Float",
               type(None): "Null"}


def json_kind(value) -> str:
    """Jackson's name for a JSON value's kind (``Object``, ``Array``, ``String``...)."""
    return _JSON_KINDS.get(type(value), "value")


def _java(expected) -> str:
    if isinstance(expected, list):  # ``[str]``: an array of strings
        return _JAVA_CLASSES[list]
    return _JAVA_CLASSES.get(expected[0] if isinstance(expected, tuple) else expected, "Object")


class ClockifyDialect(Dialect):
    """The core's refusals in Clockify's (Spring's) words and ``{"message", "code"}`` bodies."""

    def bad_parameter(self, name, value, kind, reason):
        """400/3000 echoing the value, as Spring words a failed conversion."""
        return bad_parameter(name, value, JAVA_TYPES.get(kind, kind), reason)

    def invalid(self, message, field=None):
        """400/501."""
        return invalid(message)

    def unreadable_body(self, detail):
        """400/3002."""
        return unreadable_body(detail)

    def wrong_type(self, field, expected, value):
        """Jackson's wording for a field of the wrong type."""
        return unreadable_body(f"Cannot deserialize value of type `{_java(expected)}` from "
                               f"{json_kind(value)} value for field [{field}]")

    def bad_form_field(self, name, kind):
        """Spring's binding error for a form field (400/501)."""
        return invalid(f"Failed to convert property value of type 'java.lang.String' to required type "
                       f"'{_java(kind)}' for property '{name}'")

    def unsupported_media(self, media):
        """415/3000."""
        return ApiError(415, f"Content-Type '{media}' is not supported", 3000)

    def no_route(self, path):
        """404/3000."""
        return no_static_resource(path)

    def wrong_method(self, method):
        """405/3000."""
        return method_not_supported(method)


DIALECT = ClockifyDialect()
