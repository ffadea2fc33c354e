"""Checks sandbox responses against Clockify's OpenAPI specs in ``../shared/specs``.

``clockify.corrected.openapi.yaml`` (corrected against the live API) gives the response schemas;
``clockify.official.openapi.yaml`` says which operations exist. Paths in the corrected spec
have no ``/v1`` prefix; the official spec's paths do.
"""

from __future__ import annotations

import copy
import functools
import os
import re
from pathlib import Path

import pytest
import yaml
from jsonschema.exceptions import ValidationError
from openapi_schema_validator import OAS30Validator

ROOT = Path(__file__).resolve().parents[2]
CANDIDATES = [Path(os.environ["PUNCHCLOCK_SPECS"])] if os.environ.get("PUNCHCLOCK_SPECS") else []
CANDIDATES += [ROOT.parent / "shared" / "specs", ROOT / "shared" / "specs"]


def spec_dir() -> Path:
    """Where the spec files are; skips the calling test when they are not on this machine."""
    for path in CANDIDATES:
        if (path / "clockify.corrected.openapi.yaml").exists():
            return path
    pytest.skip("Clockify OpenAPI specs not found (set PUNCHCLOCK_SPECS or keep ../shared/specs beside the repo)")


@functools.lru_cache(maxsize=2)
def load(name: str) -> dict:
    """A spec file, parsed once per process."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(spec_dir() / f"clockify.{name}.openapi.yaml", encoding="utf-8") as fh:
        return yaml.load(fh, Loader=loader)


def operations(name: str = "official") -> list[tuple[str, str]]:
    """Every (METHOD, path) of a spec."""
    out = []
    for path, item in load(name)["paths"].items():
        for method in item:
            if method in ("get", "post", "put", "patch", "delete"):
                out.append((method.upper(), path))
    return out


def _normalise(template: str) -> str:
    return re.sub(r"\{[^}]+\}", "{}", template.removeprefix("/v1"))


def response_schema(method: str, template: str, status: int) -> dict | None:
    """The corrected spec's JSON schema for a response, or None when it documents no body."""
    spec = load("corrected")
    wanted = _normalise(template)
    for path, item in spec["paths"].items():
        if _normalise(path) == wanted and method.lower() in item:
            responses = item[method.lower()].get("responses", {})
            response = responses.get(str(status)) or responses.get("default")
            if response is None:
                raise AssertionError(f"{method} {template}: the spec documents no {status} response")
            for media, content in (response.get("content") or {}).items():
                if "json" in media or media == "*/*":
                    return content.get("schema")
            return None
    raise AssertionError(f"{method} {template} is not in the corrected spec")


def extend(schema_name: str, **properties) -> dict:
    """A named component schema with extra properties (for documented extensions like hydrated tasks)."""
    spec = load("corrected")
    schema = copy.deepcopy(spec["components"]["schemas"][schema_name])
    schema.setdefault("properties", {}).update(properties)
    return schema


def assert_conforms(body, method: str, template: str, status: int = 200, *, schema: dict | None = None) -> None:
    """Fail with a readable message if ``body`` does not validate against the spec's schema."""
    schema = schema if schema is not None else response_schema(method, template, status)
    if schema is None:
        return
    document = {**schema, "components": load("corrected")["components"]}
    try:
        OAS30Validator(document).validate(body)
    except ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path)
        raise AssertionError(f"{method} {template} {status}: at '{where}': {exc.message}") from None


def nullable(schema_name: str, *paths: str) -> dict:
    """A component schema with some properties made nullable (``"timeInterval.duration"`` reaches into refs).

    For the few places where live Clockify sends null but the spec says otherwise; research wins.
    """
    spec = load("corrected")
    schema = copy.deepcopy(spec["components"]["schemas"][schema_name])
    for path in paths:
        node = schema
        parts = path.split(".")
        for part in parts[:-1]:
            prop = node["properties"][part]
            if "$ref" in prop:
                prop = copy.deepcopy(spec["components"]["schemas"][prop["$ref"].rsplit("/", 1)[-1]])
                node["properties"][part] = prop
            node = prop
        node["properties"][parts[-1]] = {**node["properties"][parts[-1]], "nullable": True}
    return schema
