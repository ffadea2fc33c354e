"""Strict mode: refuse requests that do not validate against the corrected spec's request schemas.

Live Clockify is lenient (it ignores unknown fields and many wrong values); ``ClockifyApp(strict=True)``
and ``punch sandbox --strict`` are not, so an integration can be tested against the spec. The schemas
come from ``request_schemas.json`` (derived from the spec by ``tools/request_schemas.py``). Refusals
are Clockify's ``{"message", "code"}`` 400s and name the field by its path (``timeInterval.start``,
``items[0].quantity``):

- a field the operation does not define (an object that lists its properties is closed), with the
  nearest known name; a query parameter the operation does not take;
- a value of the wrong JSON type, an unknown enum value, a malformed date-time or date, a string,
  number or array out of the schema's bounds; a missing required field or parameter.

A ``null`` for an optional field counts as absent (Jackson reads it so); for a required one it is
"must not be null". Only routes of strict apps are wrapped, so the default path pays nothing.

Where research shows live Clockify accepting what the corrected spec refuses, strict mode follows live:
each such case is a named entry of ``LIVE_EXCEPTIONS`` with its citation, applied to the schemas as they
are read (the data file stays exactly what the spec gives).
"""

from __future__ import annotations

import copy
import difflib
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from punchclock.sandbox.clockify import errors
from punchclock.sandbox.clockify.errors import DIALECT
from punchclock.sandbox.core.errors import ApiError
from punchclock.sandbox.core.http import Body, Query
from punchclock.sandbox.core.routing import Route

DATA = Path(__file__).with_name("request_schemas.json")
PY_TYPES = {"string": str, "integer": int, "number": float, "boolean": bool, "array": list, "object": dict}
DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
JAVA_FORMATS = {"date-time": ("java.time.Instant", DATE_TIME), "date": ("java.time.LocalDate", DATE)}


@dataclass(frozen=True)
class LiveException:
    """A place where live Clockify accepts what the corrected spec refuses: in each of ``operations``
    (``(METHOD, shape)``), the body ``fields`` (dotted paths) take the given schemas (a field the spec
    lacks is added), and the ``optional`` ones (dotted paths) are no longer required."""

    operations: tuple[tuple[str, str], ...]
    citation: str
    fields: dict[str, dict] = field(default_factory=dict)
    optional: tuple[str, ...] = ()


_TEXT, _ENTITIES = {"type": "string", "minLength": 1}, {"type": "object"}
SHARED_CREATE = ("POST", "/workspaces/{}/shared-reports")
SHARED_UPDATE = ("PUT", "/workspaces/{}/shared-reports/{}")
LIVE_EXCEPTIONS: dict[str, LiveException] = {
    "shared-report-filter-is-a-report-filter": LiveException(
        operations=(SHARED_CREATE,),
        fields={"filter.dateRangeStart": _TEXT, "filter.dateRangeEnd": _TEXT, "filter.timeZone": _TEXT,
                "filter.amountShown": {"type": "string"}, "filter.billable": {"type": "boolean"},
                "filter.users": _ENTITIES, "filter.projects": _ENTITIES, "filter.clients": _ENTITIES,
                "filter.tags": _ENTITIES},
        citation="research/clockify_api.md section 0 [OFF] (Clockify's official spec, whose SharedReportRequestV1 "
                 "takes the report filter ReportFilterV1: dateRangeStart 'YYYY-MM-DDTHH:MM:SS' read in the "
                 "timeZone given, users/projects/clients/tags, billable, amountShown), section 5 (the report "
                 "filter fields) and section 10 item 18 (live reads dateRange* as wall-clock time in the "
                 "request's timeZone); research/dashboard.md 1.3 (live bodies such as "
                 "'2025-06-16T00:00:00.000' with a timeZone). The corrected SharedReportFilter keeps dates "
                 "as instants and drops timeZone and the entity filters."),
    "shared-report-update-merges": LiveException(
        operations=(SHARED_UPDATE,),
        optional=("filter", "name", "type"),
        citation="the corrected spec's own description of this operation, from a live probe of 2026-06-21: "
                 "'PUT is MERGE - sending {name} alone preserves the existing filter' (its schema still "
                 "requires filter, name and type); research/clockify_api.md section 0 [OFF] agrees "
                 "(UpdateSharedReportRequestV1 takes name, isPublic and visibility only)."),
}
"""Named strict-mode exceptions, each citing the evidence that live Clockify accepts the request."""


def shape(template: str) -> str:
    """A path template with every parameter written ``{}`` (sandbox and spec names differ)."""
    return re.sub(r"\{[^}]+\}", "{}", template)


@functools.lru_cache(maxsize=1)
def operations() -> dict[tuple[str, str], dict]:
    """The spec's operations by ``(METHOD, shape)``, read once."""
    data = orjson.loads(DATA.read_bytes())
    ops = {(op["method"], shape(op["path"])): op for op in data["operations"]}
    for exception in LIVE_EXCEPTIONS.values():
        for key in exception.operations:
            _relax(ops[key]["body"]["schema"], exception)
    return ops


def _relax(schema: dict, exception: LiveException) -> None:
    """Apply a live exception to one operation's body schema, in place."""
    for path, replacement in exception.fields.items():
        holder, name = _holder(schema, path)
        holder.setdefault("properties", {})[name] = copy.deepcopy(replacement)
    for path in exception.optional:
        holder, name = _holder(schema, path)
        if name not in holder.get("required", []):
            raise KeyError(f"strict exception makes {path!r} optional, which the schema does not require")
        holder["required"] = [r for r in holder["required"] if r != name]


def _holder(schema: dict, path: str) -> tuple[dict, str]:
    """The object schema that holds the dotted ``path``, and the field's own name."""
    *parents, name = path.split(".")
    for parent in parents:
        schema = schema["properties"][parent]
    return schema, name


def checked(routes: list[Route], exempt: frozenset[tuple[str, str]] = frozenset()) -> list[Route]:
    """The routes with each handler preceded by its operation's request check; routes the spec does
    not define (a 405 stand-in) and ``exempt`` ``(METHOD, template)`` pairs are left as they are."""
    ops = operations()
    out = []
    for r in routes:
        op = ops.get((r.method, shape(r.template)))
        guarded = op is not None and (r.method, r.template) not in exempt
        out.append(Route(r.method, r.template, _guarded(r.handler, op), r.host) if guarded else r)
    return out


def _guarded(handler, op: dict):
    def strict_handler(ctx):
        check_request(op, ctx.query, ctx.body)
        return handler(ctx)

    strict_handler.__doc__ = handler.__doc__
    return strict_handler


def check_request(op: dict, query: Query, body: Body) -> None:
    """Raise Clockify's 400 for the first way the request breaks the operation's schema."""
    check_query(op["query"], query)
    spec = op["body"]
    if spec is None or "json" not in spec["media"]:
        return  # multipart bodies are checked by the route's form parsing
    data = body.data
    if data is None:
        if spec["required"]:
            raise DIALECT.unreadable_body("Required request body is missing")
        return
    check_value(data, spec["schema"], "")


def check_query(params: list[dict], query: Query) -> None:
    """Unknown, missing, mistyped or out-of-range query parameters are refused, naming the parameter."""
    known = {p["name"] for p in params}
    for name in query.values:
        if name not in known and name.removesuffix("[]") not in known:
            allowed = ", ".join(sorted(known)) or "none"
            raise errors.invalid(f"Unknown query parameter '{name}'{_nearest(name, known)} (this operation takes: {allowed})")
    for param in params:
        name, schema = param["name"], param["schema"]
        if schema.get("type") == "array":
            values = query.list(name)
            schema = schema.get("items", {})
        else:
            values = query.values.get(name, [])[:1]
        if not values:
            if param["required"]:
                raise errors.missing_parameter(name)
            continue
        for value in values:
            _check_parameter(name, value, schema)


def _check_parameter(name: str, value: str, schema: dict) -> None:
    kind = schema.get("type", "string")
    if kind == "integer" and not value.lstrip("+-").isdigit():
        raise DIALECT.bad_parameter(name, value, "int", f'For input string: "{value}"')
    if kind == "number":
        try:
            float(value)
        except ValueError:
            raise DIALECT.bad_parameter(name, value, "double", f'For input string: "{value}"') from None
    if kind == "boolean" and value.lower() not in ("true", "false"):
        raise DIALECT.bad_parameter(name, value, "boolean", f"Invalid boolean value [{value}]")
    if "enum" in schema and value not in schema["enum"]:
        raise DIALECT.bad_parameter(name, value, "enum", f"No enum constant for value [{value}]")
    fmt = JAVA_FORMATS.get(schema.get("format", ""))
    if fmt and not fmt[1].match(value.replace(" ", "+")):
        raise DIALECT.bad_parameter(name, value, fmt[0], f"Failed to parse date [{value}]")
    if kind in ("integer", "number"):
        _bounds(float(value), schema, name)


def check_value(value: Any, schema: dict, where: str) -> None:
    """Raise Clockify's 400 naming ``where`` if ``value`` does not match ``schema``."""
    if "anyOf" in schema:
        _any_of(value, schema, where)
    kind = schema.get("type") or ("object" if "properties" in schema else None)
    if kind is None:
        return
    expected = PY_TYPES[kind]
    ok = isinstance(value, (int, float) if kind == "number" else expected)
    if not ok or (isinstance(value, bool) and kind in ("integer", "number")):
        raise _wrong_type(where, expected, value)
    if "enum" in schema and value not in schema["enum"]:
        allowed = ", ".join(str(v) for v in schema["enum"])
        raise errors.invalid(f"You entered invalid value for field: [{where}] (allowed: {allowed})")
    if kind == "string":
        _check_string(value, schema, where)
    elif kind in ("integer", "number"):
        _bounds(value, schema, where)
    elif kind == "array":
        _size(len(value), schema.get("minItems"), schema.get("maxItems"), where)
        items = schema.get("items", {})
        for i, item in enumerate(value):
            if item is None:
                raise errors.invalid(f"{where}[{i}]: must not be null")
            check_value(item, items, f"{where}[{i}]")
    elif kind == "object":
        _check_object(value, schema, where)


def _check_object(value: dict, schema: dict, where: str) -> None:
    props = schema.get("properties", {})
    extra = schema.get("additionalProperties", True)
    prefix = f"{where}." if where else ""
    for name, item in value.items():
        if name in props:
            if item is not None:
                check_value(item, props[name], prefix + name)
        elif extra is False:
            known = ", ".join(sorted(props))
            raise DIALECT.unreadable_body(f"Unrecognized field [{prefix}{name}], not marked as ignorable"
                                          f"{_nearest(name, props)} (known fields here: {known})")
        elif isinstance(extra, dict) and item is not None:
            check_value(item, extra, prefix + name)
    for name in schema.get("required", []):
        if value.get(name) is None:
            raise errors.invalid(f"{prefix}{name}: must not be null")


def _check_string(value: str, schema: dict, where: str) -> None:
    _size(len(value), schema.get("minLength"), schema.get("maxLength"), where)
    if "pattern" in schema and not re.search(schema["pattern"], value):
        raise errors.invalid(f"{where}: must match \"{schema['pattern']}\"")
    fmt = schema.get("format")
    if fmt in JAVA_FORMATS and not JAVA_FORMATS[fmt][1].match(value):
        raise DIALECT.unreadable_body(f"Cannot deserialize value of type `{JAVA_FORMATS[fmt][0]}` from String "
                                      f"\"{value[:64]}\" for field [{where}]")
    if fmt == "email" and "@" not in value:
        raise errors.invalid(f"{where}: must be a well-formed email address")


def _any_of(value: Any, schema: dict, where: str) -> None:
    for option in schema["anyOf"]:
        try:
            check_value(value, option, where)
            return
        except ApiError:
            continue
    kinds = ", ".join(sorted({o.get("type", "value") for o in schema["anyOf"]}))
    raise errors.invalid(f"{where or 'request body'}: must be one of these types: {kinds}")


def _bounds(number: float, schema: dict, where: str) -> None:
    if "minimum" in schema and number < schema["minimum"]:
        raise errors.invalid(f"{where}: must be greater than or equal to {schema['minimum']}")
    if "maximum" in schema and number > schema["maximum"]:
        raise errors.invalid(f"{where}: must be less than or equal to {schema['maximum']}")


def _size(size: int, low: int | None, high: int | None, where: str) -> None:
    if (low is not None and size < low) or (high is not None and size > high):
        raise errors.invalid(f"{where}: size must be between {low or 0} and {high if high is not None else 'any'}")


def _wrong_type(where: str, expected: type, value: Any) -> ApiError:
    if not where:
        java = "Object" if expected is dict else "ArrayList"
        return DIALECT.unreadable_body(f"Cannot deserialize value of type `{java}` from {errors.json_kind(value)} value")
    return DIALECT.wrong_type(where, expected, value)


def _nearest(name: str, known) -> str:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f"; did you mean [{close[0]}]?" if close else ""
