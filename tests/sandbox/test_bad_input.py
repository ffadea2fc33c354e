"""Bad input gets Clockify's error status and body, never a 500."""

from __future__ import annotations

import pytest

from punchclock.sandbox.clockify import routes


def entries(sandbox):
    return f"/workspaces/{sandbox.ws_id}/time-entries"


def assert_error(resp, status, code=None, contains=None):
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert set(body) == {"message", "code"} and isinstance(body["code"], int) and body["message"]
    if code is not None:
        assert body["code"] == code
    if contains:
        assert contains in body["message"]


def test_malformed_json(sandbox, owner):
    resp = owner.post(entries(sandbox), content=b'{"start": "2026-01-01T09:00:00Z",', headers={"Content-Type": "application/json"})
    assert_error(resp, 400, 3002, "JSON parse error")


def test_wrong_types_name_the_field(sandbox, owner):
    resp = owner.post(entries(sandbox), json={"start": "2026-01-01T09:00:00Z", "description": 5})
    assert_error(resp, 400, 3002, "[description]")
    resp = owner.post(entries(sandbox), json={"start": "2026-01-01T09:00:00Z", "billable": "yes"})
    assert_error(resp, 400, 3002, "[billable]")
    resp = owner.post(entries(sandbox), json=["not", "an", "object"])
    assert_error(resp, 400, 3002)


def test_missing_fields(sandbox, owner):
    assert_error(owner.post(entries(sandbox), json={"description": "no start"}), 400, 501, "start")
    assert_error(owner.post(f"/workspaces/{sandbox.ws_id}/projects", json={}), 400, 501, "name")
    assert_error(owner.post(f"/workspaces/{sandbox.ws_id}/tags", json={"name": "  "}), 400, 501)
    assert_error(owner.patch(f"/workspaces/{sandbox.ws_id}/user/{sandbox.user_id()}/time-entries", json={}), 400, 501)


def test_end_before_start(sandbox, owner):
    resp = owner.post(entries(sandbox), json={"start": "2026-01-01T10:00:00Z", "end": "2026-01-01T09:00:00Z"})
    assert_error(resp, 400, 501, "after start")
    assert len(sandbox.ws().entries) == 400


def test_naive_and_garbage_timestamps(sandbox, owner):
    assert_error(owner.post(entries(sandbox), json={"start": "2026-01-01T10:00:00"}), 400, 3002)
    assert_error(owner.post(entries(sandbox), json={"start": "yesterday"}), 400, 3002)
    url = f"/workspaces/{sandbox.ws_id}/user/{sandbox.user_id()}/time-entries"
    assert_error(owner.get(url, params={"start": "soon"}), 400, 3000, "[soon]")


@pytest.mark.parametrize("size", ["0", "10001", "-3"])
def test_page_size_out_of_range(sandbox, owner, size):
    url = f"/workspaces/{sandbox.ws_id}/user/{sandbox.user_id()}/time-entries"
    assert_error(owner.get(url, params={"page-size": size}), 400, 501, "page-size")


def test_page_size_can_be_clamped_instead(sandbox, owner):
    sandbox.app.page_size_policy = "clamp"
    url = f"/workspaces/{sandbox.ws_id}/user/{sandbox.user_id()}/time-entries"
    assert owner.get(url, params={"page-size": "10001"}).status_code == 200
    assert len(owner.get(url, params={"page-size": "0"}).json()) == 1


def test_non_numbers_and_bad_booleans_echo_the_value(sandbox, owner):
    url = f"/workspaces/{sandbox.ws_id}/projects"
    resp = owner.get(url, params={"archived": "maybe"})
    assert_error(resp, 400, 3000, "Invalid boolean value [maybe]")
    assert_error(owner.get(url, params={"page": "two"}), 400, 3000, '"two"')
    assert_error(owner.get(url, params={"sort-column": "COLOUR"}), 400, 3000, "[COLOUR]")


def test_unknown_enum_values_in_bodies(sandbox, owner):
    assert_error(owner.post(entries(sandbox), json={"start": "2026-01-01T10:00:00Z", "type": "NAP"}), 400, 501, "[type]")


BODIES = [b"", b"{", b"[]", b"null", b"42", b'"text"', b'{"name": 5}', b'{"name": ["x"]}', b'{"start": {}}',
          b'{"memberships": "all"}', b'{"tagIds": [1, 2]}', b'{"amount": "ten"}', b'{"end": 3}',
          b'[{"id": null}]', b'{"estimate": "forever"}', b'{"groups": 7}', b'{"dateRangeStart": 1}']


def test_no_route_answers_500_to_garbage(sandbox, owner):
    ws = sandbox.ws()
    project = next(iter(ws.projects.values()))
    ids = {
        "workspaceId": sandbox.ws_id, "userId": sandbox.user_id(), "projectId": project["id"],
        "taskId": next(iter(ws.tasks)), "clientId": next(iter(ws.clients)), "tagId": next(iter(ws.tags)),
        "groupId": next(iter(ws.groups)), "timeEntryId": next(iter(ws.entries)),
    }
    failures = []
    for r in routes.ALL:
        if r.method == "GET":
            continue
        path = r.template
        for name, value in ids.items():
            path = path.replace("{" + name + "}", value)
        path = path.replace("{", "").replace("}", "")  # any other id: a malformed one
        prefix = "/api/v1" if r.host == "api" else "/reports/v1"
        for body in BODIES:
            resp = owner.request(r.method, f"http://sandbox{prefix}{path}", content=body,
                                 headers={"Content-Type": "application/json"})
            if resp.status_code >= 500:
                failures.append(f"{r.method} {r.template} {body!r} -> {resp.status_code} {resp.text[:100]}")
            elif resp.status_code >= 400:
                error = resp.json()
                if not (isinstance(error.get("code"), int) and isinstance(error.get("message"), str)):
                    failures.append(f"{r.method} {r.template} {body!r} -> body {resp.text[:100]}")
    assert not failures, "\n".join(failures[:20])


def test_known_bad_inputs_are_refused_not_500(sandbox, owner):
    """Issue 13 item 5: an object in tagIds, JSON sent as text/plain and a page size with an underscore."""
    before = len(sandbox.ws().entries)
    assert_error(owner.post(entries(sandbox), json={"start": "2026-01-01T09:00:00Z", "tagIds": [{}]}), 400, 3002, "[tagIds]")
    resp = owner.post(entries(sandbox), content=b'{"start": "2026-01-01T09:00:00Z"}', headers={"Content-Type": "text/plain"})
    assert_error(resp, 415, 3000, "text/plain")
    assert_error(owner.get(f"/workspaces/{sandbox.ws_id}/projects", params={"page-size": "1_000"}), 400, 3000, "1_000")
    assert len(sandbox.ws().entries) == before  # nothing stored from a refused request
