"""Checks sandbox answers against Clockify's OpenAPI specs in ``../shared/specs``, with no holes.

``clockify.corrected.openapi.yaml`` (corrected against the live API) is the reference: every
operation's success status and body schema come from it, ``$ref``s to ``#/components/responses``
resolved. Three explicit tables say where the check does anything else:

- ``NO_BODY``: the operations the spec documents with no body; their answers must be empty;
- ``RAW``: operations that answer a file (PDF, receipt, export), checked for bytes, not JSON;
- ``OVERRIDES``: a named schema change for an operation, each citing the research it rests on
  (``../shared/research/clockify_api.md``); research wins over the spec where they disagree.

Paths in the corrected spec have no ``/v1`` prefix; the official spec's paths do.
"""

from __future__ import annotations

import copy
import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
import orjson
import yaml
from jsonschema.exceptions import ValidationError
from openapi_schema_validator import OAS30Validator

ROOT = Path(__file__).resolve().parents[2]
CANDIDATES = [Path(os.environ["PUNCHCLOCK_SPECS"])] if os.environ.get("PUNCHCLOCK_SPECS") else []
CANDIDATES += [ROOT.parent / "shared" / "specs", ROOT / "shared" / "specs"]
METHODS = ("get", "post", "put", "patch", "delete")


def spec_dir() -> Path:
    """Where the spec files are; a test that needs them fails (never skips) when they are missing."""
    for path in CANDIDATES:
        if (path / "clockify.corrected.openapi.yaml").exists():
            return path
    pytest.fail("Clockify OpenAPI specs not found (set PUNCHCLOCK_SPECS or keep ../shared/specs beside the repo)")


@functools.lru_cache(maxsize=2)
def load(name: str) -> dict:
    """A spec file, parsed once per process."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(spec_dir() / f"clockify.{name}.openapi.yaml", encoding="utf-8") as fh:
        return yaml.load(fh, Loader=loader)


def operations(name: str = "official") -> list[tuple[str, str]]:
    """Every (METHOD, path) of a spec."""
    return [(method.upper(), path) for path, item in load(name)["paths"].items() for method in item
            if method in METHODS]


def shape(template: str) -> str:
    """A path template with ``/v1`` dropped and every parameter written ``{}``."""
    return re.sub(r"\{[^}]+\}", "{}", template.removeprefix("/v1"))


@functools.lru_cache(maxsize=None)
def _corrected_operations() -> dict[tuple[str, str], dict]:
    return {(m, shape(p)): load("corrected")["paths"][p][m.lower()] for m, p in operations("corrected")}


def documented(method: str, template: str) -> tuple[int, dict | None]:
    """The spec's success status and its response (``$ref`` to a component response resolved)."""
    op = _corrected_operations().get((method.upper(), shape(template)))
    if op is None:
        raise AssertionError(f"{method} {template} is not in the corrected spec")
    success = [(int(code), r) for code, r in op.get("responses", {}).items() if code.startswith("2")]
    assert len(success) == 1, f"{method} {template}: expected one documented success, found {success}"
    status, response = success[0]
    if "$ref" in response:
        response = load("corrected")["components"]["responses"][response["$ref"].rsplit("/", 1)[-1]]
    return status, response


def _component(name: str) -> dict:
    return copy.deepcopy(load("corrected")["components"]["schemas"][name])


def extend(schema_name: str, **properties) -> dict:
    """A named component schema with extra properties (for documented extensions like hydrated tasks)."""
    schema = _component(schema_name)
    schema.setdefault("properties", {}).update(properties)
    return schema


def nullable(schema_name: str, *paths: str) -> dict:
    """A component schema with some properties made nullable (``"timeInterval.duration"`` reaches into refs)."""
    schema = _component(schema_name)
    for path in paths:
        node = schema
        parts = path.split(".")
        for part in parts[:-1]:
            prop = node["properties"][part]
            if "$ref" in prop:
                prop = _component(prop["$ref"].rsplit("/", 1)[-1])
                node["properties"][part] = prop
            node = prop
        node["properties"][parts[-1]] = {**node["properties"][parts[-1]], "nullable": True}
    return schema


def array(schema: dict) -> dict:
    """An array of ``schema``."""
    return {"type": "array", "items": schema}


@dataclass(frozen=True)
class Override:
    """A schema that replaces the spec's for one operation, and the research it rests on."""

    schema: Callable[[], dict]
    reason: str


W = "/workspaces/{}"
RUNNING = lambda: nullable("TimeEntriesTimeEntry", "timeInterval.duration")
HYDRATED_PROJECT = lambda: extend("Project", tasks=array({"$ref": "#/components/schemas/Task"}))
OVERRIDES: dict[tuple[str, str], Override] = {
    ("POST", W + "/time-entries"): Override(
        RUNNING, "research §10 item 5: a running timer's timeInterval.duration is null live"),
    ("GET", W + "/time-entries/status/in-progress"): Override(
        lambda: array(RUNNING()), "research §10 item 5 and §3.6: running timers carry duration null"),
    ("DELETE", W + "/user/{}/time-entries"): Override(
        lambda: array(nullable("TimeEntryDtoImplV1", "kioskId", "projectId", "taskId", "tagIds")),
        "research §10 item 6: unset kioskId, projectId, taskId and tagIds are null, not absent or []"),
    ("POST", W + "/time-entries/batch"): Override(
        lambda: array(nullable("TimeEntryWithRatesDtoV1", "kioskId", "projectId", "taskId", "tagIds")),
        "research §10 item 6: unset kioskId, projectId, taskId and tagIds are null, not absent or []"),
    ("GET", W + "/projects"): Override(
        lambda: array(HYDRATED_PROJECT()),
        "research §4 (projects): hydrated=true adds the project's tasks, which the spec's closed Project lacks"),
    ("GET", W + "/projects/{}"): Override(
        HYDRATED_PROJECT, "research §4 (projects): hydrated=true adds the project's tasks"),
}

MAY_BE_EMPTY = {
    ("GET", W + "/scheduling/assignments/projects/totals/{}"):
        "corrected spec x-clockify-notes: 200 with an empty body when the project has no assignments in the range",
    ("GET", W + "/scheduling/assignments/users/{}/totals"):
        "corrected spec x-clockify-notes: 200 with an empty body when the user has no capacity in the range",
}

RAW = {
    ("GET", W + "/expenses/{}/files/{}"): "a receipt file (application/octet-stream)",
    ("GET", W + "/invoices/{}/export"): "the invoice PDF (application/octet-stream)",
}


@functools.lru_cache(maxsize=None)
def no_body_operations() -> frozenset[tuple[str, str]]:
    """Operations whose documented success carries no content."""
    return frozenset(key for key in _corrected_operations() if not (documented(*key)[1].get("content")))


NO_BODY = {
    ("DELETE", W + "/custom-fields/{}"), ("DELETE", W + "/expenses/categories/{}"), ("DELETE", W + "/expenses/{}"),
    ("PUT", W + "/invoices/settings"), ("DELETE", W + "/invoices/{}"), ("PATCH", W + "/invoices/{}/status"),
    ("PUT", W + "/scheduling/assignments/publish"), ("DELETE", W + "/shared-reports/{}"),
    ("PATCH", W + "/time-entries/invoiced"), ("DELETE", W + "/time-entries/{}"),
    ("POST", W + "/time-off/balance/assignment"), ("PUT", W + "/time-off/balance/assignment/{}/user/{}/policy/{}"),
    ("DELETE", W + "/time-off/balance/assignment/{}/user/{}/policy/{}"), ("PATCH", W + "/time-off/balance/policy/{}"),
    ("DELETE", W + "/time-off/policies/{}"), ("DELETE", W + "/users/{}/roles"), ("DELETE", W + "/webhooks/{}"),
}
"""The operations answered with no body (the spec documents none; a test keeps this list equal to it)."""


def response_schema(method: str, template: str, status: int) -> dict | None:
    """The schema an answer must match: the override's, else the spec's JSON schema; None for no body."""
    key = (method.upper(), shape(template))
    spec_status, response = documented(method, template)
    if status != spec_status:
        raise AssertionError(f"{method} {template}: answered {status}, the spec documents {spec_status}")
    if key in OVERRIDES:
        return OVERRIDES[key].schema()
    for media, content in (response.get("content") or {}).items():
        if "json" in media or media == "*/*":
            return content.get("schema")
    return None


def check(body, method: str, template: str, status: int, *, raw: bytes | None = None) -> None:
    """Fail with a readable message naming the operation if an answer is not what the spec says."""
    key = (method.upper(), shape(template))
    if key in RAW:
        documented(method, template)
        assert raw, f"{method} {template} {status}: expected {RAW[key]}, got an empty body"
        return
    schema = response_schema(method, template, status)
    if key in MAY_BE_EMPTY and not raw:
        return
    if key in NO_BODY:
        assert not raw and body is None, f"{method} {template} {status}: the spec documents no body, got {raw[:80]!r}"
        return
    assert schema is not None, f"{method} {template}: no JSON schema and not listed in RAW or NO_BODY"
    validate(body, schema, f"{method} {template} {status}")


def validate(body, schema: dict, label: str) -> None:
    """Validate ``body`` against ``schema`` (refs into the corrected spec's components allowed)."""
    document = {**schema, "components": load("corrected")["components"]}
    try:
        OAS30Validator(document).validate(body)
    except ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path)
        raise AssertionError(f"{label}: at '{where}': {exc.message}") from None


def assert_conforms(body, method: str, template: str, status: int = 200, *, schema: dict | None = None) -> None:
    """Fail with a readable message if ``body`` does not match the spec's answer for the operation.

    ``schema`` replaces the spec's (only for reshaped report exports and the like)."""
    if schema is not None:
        validate(body, schema, f"{method} {template} {status}")
        return
    raw = b"" if body is None else b"?"
    check(body, method, template, status, raw=raw)


class Recorder:
    """An ASGI wrapper that keeps every exchange with a sandbox app (method, route template, status,
    body), so that a tour through any client can be checked against the spec afterwards."""

    def __init__(self, app):
        self.app = app
        self.exchanges: list[tuple[str, str, int, bytes, str]] = []

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        status, chunks, media = [0], [], [""]

        async def keep(message):
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                media[0] = dict(message.get("headers", [])).get(b"content-type", b"").decode()
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, keep)
        finally:
            self.exchanges.append((scope["method"], self.template(scope["method"], scope["path"]), status[0],
                                   b"".join(chunks), media[0]))

    def template(self, method: str, path: str) -> str:
        """The route template a path reached, or the path itself when no route matched."""
        for prefix, host, _ in self.app.prefixes:
            if path.startswith(prefix + "/"):
                try:
                    return self.app.router.match(host, method, path[len(prefix):], path)[0].template
                except Exception:  # noqa: BLE001 - an unmatched path is recorded as is
                    return path
        return path

    def failures(self) -> list[str]:
        """Every successful exchange that does not match the spec, by operation."""
        out = []
        for method, template, status, raw, media in self.exchanges:
            if not 200 <= status < 300:
                continue
            body = orjson.loads(raw) if raw and "json" in media else None
            try:
                check(body, method, template, status, raw=raw)
            except AssertionError as exc:
                out.append(str(exc))
        return out
