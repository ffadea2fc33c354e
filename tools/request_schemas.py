"""Derive what the Clockify sandbox's strict mode checks from the corrected OpenAPI spec.

The spec is not shipped with the package, so strict mode reads a compact data file instead:
``src/punchclock/sandbox/clockify/request_schemas.json``, one entry per operation with its method,
path template, query parameters (type, enum, bounds, required) and request body reduced to plain
JSON Schema: ``$ref``s inlined, ``allOf`` merged into one object, ``oneOf``/``anyOf`` kept as
``anyOf``, descriptions, examples and vendor extensions dropped. An object that lists its properties
is closed (``additionalProperties: false``) unless the spec opens it: strict mode refuses a field the
operation does not define, which is how a misplaced or misspelt field is caught.

Usage: ``python tools/request_schemas.py [SPEC.yaml] [--check]`` (default spec:
``../shared/specs/clockify.corrected.openapi.yaml`` or ``$PUNCHCLOCK_SPECS``); ``--check`` exits 1
when the data file differs from what the spec gives. ``tests/sandbox/test_strict.py`` regenerates
it in memory on every run, so it cannot go stale.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "src" / "punchclock" / "sandbox" / "clockify" / "request_schemas.json"
METHODS = ("get", "post", "put", "patch", "delete")
KEEP = ("type", "enum", "format", "nullable", "minimum", "maximum", "minLength", "maxLength", "pattern",
        "minItems", "maxItems", "required")
FORMATS = ("date-time", "date", "email")


def default_spec() -> Path:
    """The corrected spec beside the repository (or in ``$PUNCHCLOCK_SPECS``)."""
    base = Path(os.environ["PUNCHCLOCK_SPECS"]) if os.environ.get("PUNCHCLOCK_SPECS") else ROOT.parent / "shared" / "specs"
    return base / "clockify.corrected.openapi.yaml"


def load_spec(path: Path) -> dict:
    """The parsed spec file."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(path, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=loader)


class Reducer:
    """Turns the spec's schemas into self-contained plain JSON Schema (refs inlined)."""

    def __init__(self, spec: dict):
        self.components = spec["components"]

    def resolve(self, node: dict) -> dict:
        """A node with its ``$ref`` (into ``#/components/...``) followed, repeatedly."""
        while "$ref" in node:
            section, name = node["$ref"].split("/")[2:4]
            node = self.components[section][name]
        return node

    def schema(self, node: dict) -> dict:
        """``node`` reduced to the keywords strict mode checks."""
        node = self.resolve(node)
        if "allOf" in node:
            return self._merge([self.schema(part) for part in node["allOf"]], node)
        out = {k: node[k] for k in KEEP if k in node and not (k == "format" and node[k] not in FORMATS)}
        if "required" in out:
            out["required"] = sorted(out["required"])
        for key in ("oneOf", "anyOf"):
            if key in node:
                out["anyOf"] = [self.schema(option) for option in node[key]]
        if "items" in node:
            out["items"] = self.schema(node["items"])
        if "properties" in node:
            out["properties"] = {name: self.schema(prop) for name, prop in sorted(node["properties"].items())}
        extra = node.get("additionalProperties")
        if isinstance(extra, dict):
            out["additionalProperties"] = self.schema(extra)
        elif extra is False or (extra is None and "properties" in node):
            out["additionalProperties"] = False
        elif out.get("type") == "object":
            out["additionalProperties"] = True
        return out

    def _merge(self, parts: list[dict], node: dict) -> dict:
        """One schema for an ``allOf``: properties and required lists united, the rest layered."""
        merged: dict = {}
        for part in parts + [self.schema({k: v for k, v in node.items() if k != "allOf"})]:
            for key, value in part.items():
                if key == "properties":
                    merged.setdefault("properties", {}).update(value)
                elif key == "required":
                    merged["required"] = sorted(set(merged.get("required", [])) | set(value))
                elif key == "additionalProperties":
                    merged[key] = merged.get(key, False) or value
                else:
                    merged[key] = value
        if "properties" in merged:
            merged["properties"] = dict(sorted(merged["properties"].items()))
            merged.setdefault("type", "object")
            merged.setdefault("additionalProperties", False)
        return merged


def derive(spec: dict) -> dict:
    """The data file's content: every operation's query parameters and body, reduced."""
    reducer = Reducer(spec)
    operations = []
    for path, item in spec["paths"].items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            query = []
            for param in item.get("parameters", []) + op.get("parameters", []):
                param = reducer.resolve(param)
                if param["in"] == "query":
                    query.append({"name": param["name"], "required": bool(param.get("required")),
                                  "schema": reducer.schema(param.get("schema", {}))})
            body = None
            if "requestBody" in op:
                request = reducer.resolve(op["requestBody"])
                media, content = next(iter(request["content"].items()))
                body = {"media": media, "required": bool(request.get("required")),
                        "schema": reducer.schema(content.get("schema", {}))}
            operations.append({"method": method.upper(), "path": path,
                               "query": sorted(query, key=lambda q: q["name"]), "body": body})
    return {"source": f"clockify.corrected.openapi.yaml, version {spec['info']['version']}",
            "operations": operations}


def render(data: dict) -> str:
    """The data file's text (one operation per line, so a diff shows which operation changed)."""
    lines = [json.dumps(op, sort_keys=True, separators=(",", ":")) for op in data["operations"]]
    return '{"source":' + json.dumps(data["source"]) + ',\n"operations":[\n' + ",\n".join(lines) + "\n]}\n"


def main(argv: list[str]) -> int:
    """Write the data file (or, with ``--check``, compare it with the spec)."""
    check = "--check" in argv
    args = [a for a in argv if a != "--check"]
    spec_path = Path(args[0]) if args else default_spec()
    if not spec_path.exists():
        print(f"error: spec not found at {spec_path} (pass its path or set PUNCHCLOCK_SPECS)", file=sys.stderr)
        return 2
    text = render(derive(load_spec(spec_path)))
    if check:
        if OUTPUT.exists() and OUTPUT.read_text(encoding="utf-8") == text:
            return 0
        print(f"{OUTPUT.relative_to(ROOT)} is stale: run python tools/request_schemas.py", file=sys.stderr)
        return 1
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)} ({len(text) // 1024} KiB, {text.count(chr(10)) - 3} operations)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
