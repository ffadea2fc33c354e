"""Auth styles and every error code, in the nested (default) and the flat error style."""

from __future__ import annotations

import pytest

from clockeye_sandbox import make_sandbox


@pytest.fixture
def sandbox():
    return make_sandbox()


def test_bearer_and_x_api_key_both_authenticate(sandbox):
    with sandbox.client("admin", auth="bearer") as bearer, sandbox.client("admin", auth="x-api-key") as key:
        assert bearer.get("/users/me").json() == key.get("/users/me").json()
        assert key.get("/users/me").json()["data"]["role"] == "admin"


@pytest.mark.parametrize("header, message", [
    ({}, "Missing API key"),
    ({"Authorization": "Bearer cek_not_a_real_key"}, "Invalid API key"),
    ({"X-API-Key": "cek_not_a_real_key"}, "Invalid API key"),
    ({"Authorization": "Bearer "}, "Missing API key"),
])
def test_missing_or_unknown_keys_are_401(sandbox, header, message):
    with sandbox.client(None, headers=header) as client:
        resp = client.get("/users/me")
    assert resp.status_code == 401
    assert resp.json()["error"]["code"] == "unauthorized" and resp.json()["error"]["message"].startswith(message)


@pytest.mark.parametrize("scheme", ["Basic", "Token", ""])
def test_a_key_with_the_wrong_scheme_is_401_saying_bearer_without_echoing_it(sandbox, scheme):
    key = sandbox.key("owner")
    value = f"{scheme} {key}".strip()
    with sandbox.client(None, headers={"Authorization": value}) as client:
        resp = client.get("/users/me")
    assert resp.status_code == 401
    message = resp.json()["error"]["message"]
    assert "must be Bearer" in message and key not in resp.text


CASES = [
    ("get", "/time-entries?per_page=500", None, None, 400, "invalid_request"),
    ("get", "/users/me", None, {"Authorization": "Basic x"}, 401, "unauthorized"),
    ("get", "/time-entries?user_id=all", "member", None, 403, "forbidden"),
    ("get", "/time-entries/te_0000000000", None, None, 404, "not_found"),
    ("delete", "/users/me", None, None, 405, "method_not_allowed"),
]


@pytest.mark.parametrize("method, path, role, headers, status, code", CASES)
def test_each_error_has_its_code_nested_by_default(sandbox, method, path, role, headers, status, code):
    with sandbox.client(None if headers else (role or "owner"), headers=headers) as client:
        resp = client.request(method, path)
    assert resp.status_code == status
    body = resp.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code and body["error"]["message"]


@pytest.mark.parametrize("method, path, role, headers, status, code", CASES)
def test_each_error_in_the_flat_style(method, path, role, headers, status, code):
    sandbox = make_sandbox(options={"error_style": "flat"})
    with sandbox.client(None if headers else (role or "owner"), headers=headers) as client:
        resp = client.request(method, path)
    assert resp.status_code == status
    body = resp.json()
    assert set(body) == {"error", "code", "details"}
    assert body["code"] == code.upper() and isinstance(body["error"], str) and body["error"]


def test_the_flat_style_keeps_the_details(sandbox):
    with sandbox.admin() as admin:
        assert admin.post("/options", json={"error_style": "flat"}).json() == {"error_style": "flat"}
    with sandbox.client() as owner:
        resp = owner.post("/time-entries", json={"description": "x"})
    assert resp.json() == {"error": "The start_time field is required", "code": "INVALID_REQUEST",
                           "details": {"field": "start_time", "reason": "required"}}
    with sandbox.admin() as admin:
        assert admin.get("/options").json() == {"error_style": "flat"}
        admin.post("/options", json={"error_style": "nested"})
    with sandbox.client() as owner:
        assert owner.post("/time-entries", json={"description": "x"}).json()["error"]["code"] == "invalid_request"


def test_bad_options_are_refused_by_the_admin_endpoint(sandbox):
    with sandbox.admin() as admin:
        resp = admin.post("/options", json={"error_style": "shouting"})
        assert resp.status_code == 400 and "error_style" in resp.json()["message"]
        resp = admin.post("/options", json={"colour": "red"})
        assert resp.status_code == 400 and "colour" in resp.json()["message"]
        assert admin.get("/options").json() == {"error_style": "nested"}


def test_an_unknown_error_style_is_refused_by_the_constructor():
    with pytest.raises(ValueError, match="error_style"):
        make_sandbox(options={"error_style": "loud"})


def test_unknown_paths_and_prefixes_are_404(sandbox):
    with sandbox.client() as owner:
        assert owner.get("/nothing-here").json()["error"]["code"] == "not_found"
    with sandbox.client(prefix="/v2") as other:
        resp = other.get("/users/me")
    assert resp.status_code == 404 and resp.json()["error"]["code"] == "not_found"
