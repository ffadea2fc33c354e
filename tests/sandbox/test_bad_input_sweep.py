"""The bad-input sweep (issue 13 item 5): every route of the sandbox, over a real socket, fed wrong
types in every top-level body field, arrays of objects where strings go, huge strings, deep nesting,
invalid UTF-8, wrong content types, out-of-range page sizes, and bad fault and limit settings.

Every answer must come within the client's timeout (no hang; the long type sweep runs in process, the
rest over a socket with a 20 s read timeout), never be a 5xx, and every refusal must
keep Clockify's ``{"message", "code"}`` body; a refused request must leave the backend's state
exactly as it was (compared as a pickled snapshot before and after).
"""

from __future__ import annotations

import pickle

import httpx
import orjson
import pytest

from conftest import make_harness
from spec import load, shape, spec_dir
from punchclock.sandbox.clockify import routes
from punchclock.sandbox.core.server import running
from punchclock.sandbox.core.transport import SyncASGITransport

TIMEOUT = httpx.Timeout(20.0)
HUGE = "x" * 2_000_000
DEEP = "[" * 5000 + "]" * 5000
WRONG = {"string": [7, [{}], {"a": [{}]}], "integer": ["7", 7.5, [], True], "number": ["7", {}],
         "boolean": ["true", 1, []], "array": ["a", {}, [[{}]], [None]], "object": ["a", [{}]],
         None: [[{}], {"a": {"b": [{}]}}]}
PAGE_SIZES = ("0", "-1", "1_000", "99999", "1e3", "", "%00")


class Sweep:
    """A sandbox on a socket, a client with a timeout, and the failures found."""

    def __init__(self, harness, base: str):
        self.h = harness
        self.http = httpx.Client(base_url=base, timeout=TIMEOUT, headers={"X-Api-Key": harness.key("owner")})
        self.local = httpx.Client(transport=SyncASGITransport(harness.app), base_url="http://sandbox",
                                  headers={"X-Api-Key": harness.key("owner")})
        self.failures: list[str] = []
        self.sent = 0

    def state(self) -> bytes:
        """The backend's state as bytes (empty collections, created on first read, left out)."""
        for ws in self.h.backend.state.workspaces.values():
            for name in [n for n, items in ws.extra.items() if not items]:
                del ws.extra[name]
        return pickle.dumps(self.h.backend.state)

    def send(self, label: str, method: str, url: str, *, content: bytes | None = None, media: str = "application/json",
             params: dict | None = None, admin: bool = False, local: bool = False) -> httpx.Response | None:
        """One request (over the socket, or ``local``ly in process for the long type sweep); records a
        failure for a 5xx, a timeout, a malformed refusal or a stored refusal."""
        before = self.state()
        self.sent += 1
        try:
            resp = (self.local if local else self.http).request(method, url, content=content, params=params,
                                     headers={"Content-Type": media} if content is not None else {})
        except httpx.TimeoutException:
            self.failures.append(f"{label}: no answer within {TIMEOUT.read:.0f} s")
            return None
        if resp.status_code >= 500:
            self.failures.append(f"{label}: {resp.status_code} {resp.text[:120]}")
        elif resp.status_code >= 400:
            body = _json(resp)
            if not (isinstance(body, dict) and set(body) == {"message", "code"} and isinstance(body["code"], int)
                    and isinstance(body["message"], str) and body["message"]):
                self.failures.append(f"{label}: refusal body {resp.text[:120]}")
            if not admin and self.state() != before:
                self.failures.append(f"{label}: refused with {resp.status_code} but the state changed")
        return resp


def _json(resp):
    try:
        return resp.json()
    except ValueError:
        return None


@pytest.fixture(scope="module")
def box():
    spec_dir()
    h = make_harness(entries=30)
    ws = h.ws()
    h.ids = {"workspaceId": h.ws_id, "userId": h.user_id("member"), "projectId": next(iter(ws.projects)),
             "taskId": next(iter(ws.tasks)), "clientId": next(iter(ws.clients)), "tagId": next(iter(ws.tags)),
             "groupId": next(iter(ws.groups)), "timeEntryId": next(iter(ws.entries))}
    with running(h.app) as base:
        s = Sweep(h, base)
        yield s
        s.http.close()
        s.local.close()


@pytest.fixture
def sweep(box):
    """The module's sandbox with this test's failures only."""
    box.failures = []
    return box


def _url(h, r) -> str:
    path = r.template
    for name, value in h.ids.items():
        path = path.replace("{" + name + "}", value)
    path = path.replace("{", "").replace("}", "")
    return {"api": "/api/v1", "reports": "/reports/v1", "auditlog": "/auditlog/v1"}[r.host] + path


def _operation(r) -> dict | None:
    for path, item in load("corrected")["paths"].items():
        if shape(path) == shape(r.template) and r.method.lower() in item:
            return item[r.method.lower()]
    return None


def _body_schema(op: dict) -> tuple[str, dict]:
    """The media type and the top-level schema of an operation's body (refs followed once)."""
    components = load("corrected")["components"]
    body = op.get("requestBody") or {}
    if "$ref" in body:
        body = components["requestBodies"][body["$ref"].rsplit("/", 1)[-1]]
    media, content = next(iter((body.get("content") or {"application/json": {}}).items()))
    schema = content.get("schema", {})
    while "$ref" in schema:
        schema = components["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    for part in schema.get("allOf", []):
        while "$ref" in part:
            part = components["schemas"][part["$ref"].rsplit("/", 1)[-1]]
        schema = {**part, **schema, "properties": {**part.get("properties", {}), **schema.get("properties", {})}}
    return media, schema


def _field_type(prop: dict) -> str | None:
    components = load("corrected")["components"]
    while "$ref" in prop:
        prop = components["schemas"][prop["$ref"].rsplit("/", 1)[-1]]
    return prop.get("type") or ("object" if "properties" in prop else None)


def _writes():
    return [r for r in routes.ALL if r.method != "GET"]


@pytest.mark.slow
def test_wrong_types_in_every_top_level_field(sweep):
    for r in _writes():
        op = _operation(r)
        if op is None:
            continue
        media, schema = _body_schema(op)
        if "json" not in media:
            continue
        example = (op.get("requestBody") or {}).get("content", {}).get(media, {}).get("example")
        base = example if isinstance(example, dict) else {}
        url = _url(sweep.h, r)
        for name, prop in (schema.get("properties") or {}).items():
            for value in WRONG.get(_field_type(prop), WRONG[None]):
                sweep.send(f"{r.method} {r.template} {name}={value!r}", r.method, url,
                           content=orjson.dumps({**base, name: value}), local=True)
    assert not sweep.failures, "\n".join(sweep.failures[:30])


@pytest.mark.parametrize("label, content, media", [
    ("huge string", b'{"name": "' + HUGE.encode() + b'", "description": "' + HUGE.encode() + b'"}', "application/json"),
    ("deep nesting", b'{"name": ' + DEEP.encode() + b'}', "application/json"),
    ("deep objects", b'{"name": ' + b'{"a":' * 900 + b"1" + b"}" * 900 + b"}", "application/json"),
    ("invalid UTF-8", b'{"name": "\xff\xfe\xc3", "description": "\xed\xa0\x80"}', "application/json"),
    ("text/plain JSON", b'{"name": "plain"}', "text/plain"),
    ("XML", b"<name>xml</name>", "application/xml"),
    ("form", b"name=form", "application/x-www-form-urlencoded"),
    ("multipart without boundary", b'{"name": "x"}', "multipart/form-data"),
    ("NUL bytes", b'{"name": "a\\u0000b"}\x00', "application/json"),
])
def test_sizes_nesting_encodings_and_content_types(sweep, label, content, media):
    for r in _writes():
        sweep.send(f"{r.method} {r.template} {label}", r.method, _url(sweep.h, r), content=content, media=media)
    assert not sweep.failures, "\n".join(sweep.failures[:30])


def test_out_of_range_page_sizes_on_every_listing(sweep):
    listings = [r for r in routes.ALL if r.method == "GET"]
    for r in listings:
        for size in PAGE_SIZES:
            for name in ("page-size", "pageSize", "page"):
                sweep.send(f"GET {r.template} {name}={size}", "GET", _url(sweep.h, r), params={name: size})
    assert not sweep.failures, "\n".join(sweep.failures[:30])


def test_page_sizes_are_refused_as_clockify_does(sweep):
    url = f"/api/v1/workspaces/{sweep.h.ws_id}/projects"
    for size in ("0", "-1", "99999"):
        assert sweep.send(f"page-size={size}", "GET", url, params={"page-size": size}).status_code == 400
    assert sweep.send("page-size=1_000", "GET", url, params={"page-size": "1_000"}).status_code == 400
    assert sweep.send("page-size=1000", "GET", url, params={"page-size": "1000"}).status_code == 200


BAD_SETTINGS = [b"[]", b'"slow"', b"7", b"{", b'{"error_rate": "often"}', b'{"error_rate": 2}', b'{"error_rate": -0.1}',
                b'{"slow_seconds": -1}', b'{"error_statuses": "500"}', b'{"error_statuses": [200]}',
                b'{"error_statuses": [{}]}', b'{"timeout_seconds": 1e308}', b'{"seed": "x"}', b'{"nope": 1}',
                b'{"per_key_rate": -1}', b'{"hourly_budget": 0}', b'{"hourly_budget": -5}', b'{"burst": "x"}',
                b'{"retry_after": [1]}', b'{"per_minute": 1.5}', b'{"per_key_rate": 1e400}', b'{"per_key_rate": {}}']


@pytest.mark.parametrize("name", ["faults", "limits"])
def test_bad_fault_and_limit_settings_are_400(sweep, name):
    before = sweep.http.get(f"/__sandbox__/{name}").json()
    for body in BAD_SETTINGS:
        resp = sweep.send(f"POST /__sandbox__/{name} {body!r}", "POST", f"/__sandbox__/{name}", content=body, admin=True)
        if resp is not None and resp.status_code == 200:
            sweep.failures.append(f"POST /__sandbox__/{name} {body!r}: accepted {resp.text[:100]}")
            sweep.http.post(f"/__sandbox__/{name}", json=before)
    assert sweep.http.get(f"/__sandbox__/{name}").json() == before
    assert not sweep.failures, "\n".join(sweep.failures[:30])
