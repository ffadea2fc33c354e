"""Every operation of the core resources, called over HTTP, answers what the corrected spec says.

A tour calls each served operation once (or more) and records the answer; each success is then
validated against the response schema of ``clockify.corrected.openapi.yaml`` for that operation and
status, and each error must be ``{"message": str, "code": int}`` (research: the spec's string code
is wrong on the wire). A route without a step in the tour fails the coverage test.
"""

from __future__ import annotations

import pytest

from conftest import make_harness
from punchclock.sandbox.clockify import routes
from spec import check, spec_dir

CORE_MODULES = ("users", "groups", "clients_tags", "projects", "entries", "webhooks")


class Tour:
    """Calls operations by template and records (method, template, status, body, raw bytes)."""

    def __init__(self, harness):
        self.h = harness
        self.calls: list[tuple] = []

    def call(self, role, method, template, *, params=None, json=None, files=None, expect=None, **ids):
        path = template.replace("{workspaceId}", self.h.ws_id)
        for name, value in ids.items():
            path = path.replace("{" + name + "}", value)
        with self.h.client(role) as client:
            resp = client.request(method, path, params=params, json=json, files=files)
        body = resp.json() if resp.content else None
        self.calls.append((method, template, resp.status_code, body, resp.content))
        if expect is not None:
            assert resp.status_code == expect, f"{method} {path}: {resp.status_code} {resp.text[:200]}"
        return body


def run_tour(h) -> Tour:
    t = Tour(h)
    W = "/workspaces/{workspaceId}"
    me, member = h.user_id("owner"), h.user_id("member")
    # user, workspaces, members
    t.call("owner", "GET", "/user", params={"include-memberships": "true"}, expect=200)
    t.call("owner", "GET", "/workspaces", expect=200)
    image = t.call("owner", "POST", "/file/image", files={"file": ("me.png", b"\x89PNG\r\n\x1a\n", "image/png")}, expect=200)
    assert image["url"].endswith("/" + image["name"]) and image["name"].endswith(".png")
    t.call("owner", "POST", "/file/image", files={"file": ("notes.txt", b"hello", "text/plain")}, expect=400)
    t.call("owner", "POST", "/workspaces", json={"name": "Side project"}, expect=201)
    t.call("owner", "GET", W, expect=200)
    t.call("owner", "PUT", W + "/hourly-rate", json={"amount": 9500}, expect=200)
    t.call("owner", "PUT", W + "/cost-rate", json={"amount": 4000}, expect=200)
    t.call("owner", "GET", W + "/users", params={"memberships": "WORKSPACE", "include-roles": "true"}, expect=200)
    t.call("owner", "PUT", W + "/users/{userId}", json={"status": "ACTIVE"}, userId=member, expect=200)
    t.call("owner", "POST", W + "/users", json={"email": "new.hire@agency.test"}, expect=200)
    t.call("owner", "POST", W + "/users/info", json={"email": "new.hire", "page": 1, "pageSize": 10}, expect=200)
    t.call("owner", "PUT", W + "/users/{userId}/hourly-rate", json={"amount": 12000}, userId=member, expect=200)
    t.call("owner", "PUT", W + "/users/{userId}/cost-rate", json={"amount": 6000}, userId=member, expect=200)
    t.call("owner", "POST", W + "/limited-users", json={"users": [{"name": "Kiosk Kim", "hourlyRate": 3000}]}, expect=200)
    # groups
    group = t.call("owner", "POST", W + "/user-groups", json={"name": "Night shift"}, expect=201)
    t.call("owner", "GET", W + "/user-groups", expect=200)
    t.call("owner", "PUT", W + "/user-groups/{groupId}", json={"name": "Late shift"}, groupId=group["id"], expect=200)
    t.call("owner", "POST", W + "/user-groups/{groupId}/users", json={"userId": member}, groupId=group["id"], expect=200)
    t.call("owner", "DELETE", W + "/user-groups/{groupId}/users/{userId}", groupId=group["id"], userId=member, expect=200)
    t.call("owner", "DELETE", W + "/user-groups/{groupId}", groupId=group["id"], expect=200)
    # clients and tags
    client = t.call("owner", "POST", W + "/clients", json={"name": "Zenith", "email": "a@zenith.test"}, expect=201)
    t.call("owner", "GET", W + "/clients", expect=200)
    t.call("owner", "GET", W + "/clients/{clientId}", clientId=client["id"], expect=200)
    t.call("owner", "PUT", W + "/clients/{clientId}", json={"name": "Zenith", "archived": True}, clientId=client["id"], expect=200)
    tag = t.call("owner", "POST", W + "/tags", json={"name": "conformance"}, expect=201)
    t.call("owner", "GET", W + "/tags", expect=200)
    t.call("owner", "GET", W + "/tags/{tagId}", tagId=tag["id"], expect=200)
    t.call("owner", "PUT", W + "/tags/{tagId}", json={"name": "conformance2"}, tagId=tag["id"], expect=200)
    # projects and tasks
    project = t.call("owner", "POST", W + "/projects", expect=201, json={
        "name": "Spec Project", "clientId": client["id"], "isPublic": True, "billable": True,
        "hourlyRate": {"amount": 15000}, "memberships": [{"userId": member}], "tasks": [{"name": "Seeded task"}]})
    pid = project["id"]
    t.call("owner", "GET", W + "/projects", expect=200)
    t.call("owner", "GET", W + "/projects", params={"hydrated": "true"}, expect=200)
    t.call("owner", "GET", W + "/projects/{projectId}", projectId=pid, expect=200)
    t.call("owner", "GET", W + "/projects/{projectId}", params={"hydrated": "true"}, projectId=pid, expect=200)
    t.call("owner", "PUT", W + "/projects/{projectId}", json={"name": "Spec Project 2", "note": "n"}, projectId=pid, expect=200)
    t.call("owner", "PATCH", W + "/projects/{projectId}/estimate", projectId=pid, expect=200, json={
        "timeEstimate": {"active": True, "estimate": "PT10H", "type": "MANUAL", "resetOption": "MONTHLY"},
        "budgetEstimate": {"active": True, "estimate": 100000, "type": "MANUAL"}})
    t.call("owner", "POST", W + "/projects/{projectId}/memberships", json={"memberships": [{"userId": me}, {"userId": member}]}, projectId=pid, expect=200)
    t.call("owner", "PATCH", W + "/projects/{projectId}/memberships", json={"memberships": [{"userId": member, "hourlyRate": {"amount": 9000}}]}, projectId=pid, expect=200)
    t.call("owner", "PATCH", W + "/projects/{projectId}/template", json={"isTemplate": True}, projectId=pid, expect=200)
    t.call("owner", "POST", W + "/projects/from-template", json={"name": "From template", "templateProjectId": pid}, expect=200)
    t.call("owner", "PATCH", W + "/projects/{projectId}/template", json={"isTemplate": False}, projectId=pid, expect=200)
    t.call("owner", "PUT", W + "/projects/{projectId}/users/{userId}/hourly-rate", json={"amount": 11000}, projectId=pid, userId=member, expect=200)
    t.call("owner", "PUT", W + "/projects/{projectId}/users/{userId}/cost-rate", json={"amount": 5000}, projectId=pid, userId=member, expect=200)
    task = t.call("owner", "POST", W + "/projects/{projectId}/tasks", json={"name": "Build", "estimate": "PT3H"}, projectId=pid, expect=201)
    t.call("owner", "GET", W + "/projects/{projectId}/tasks", projectId=pid, expect=200)
    t.call("owner", "GET", W + "/projects/{projectId}/tasks/{taskId}", projectId=pid, taskId=task["id"], expect=200)
    t.call("owner", "PUT", W + "/projects/{projectId}/tasks/{taskId}", json={"name": "Build", "status": "ACTIVE"}, projectId=pid, taskId=task["id"], expect=200)
    t.call("owner", "PUT", W + "/projects/{projectId}/tasks/{taskId}/hourly-rate", json={"amount": 20000}, projectId=pid, taskId=task["id"], expect=200)
    t.call("owner", "PUT", W + "/projects/{projectId}/tasks/{taskId}/cost-rate", json={"amount": 8000}, projectId=pid, taskId=task["id"], expect=200)
    # time entries
    body = {"start": "2026-11-02T09:00:00Z", "end": "2026-11-02T10:30:00Z", "description": "spec", "projectId": pid,
            "taskId": task["id"], "tagIds": [tag["id"]], "billable": True}
    entry = t.call("owner", "POST", W + "/time-entries", json=body, expect=201)
    other = t.call("owner", "POST", W + "/user/{userId}/time-entries", json=body, userId=member, expect=201)
    t.call("owner", "GET", W + "/time-entries", expect=405)
    t.call("owner", "GET", W + "/user/{userId}/time-entries", userId=me, params={"page-size": 20}, expect=200)
    t.call("owner", "GET", W + "/user/{userId}/time-entries", userId=me, params={"hydrated": "true", "project": pid}, expect=200)
    t.call("owner", "GET", W + "/time-entries/{timeEntryId}", timeEntryId=entry["id"], expect=200)
    t.call("owner", "GET", W + "/time-entries/{timeEntryId}", params={"hydrated": "true"}, timeEntryId=entry["id"], expect=200)
    t.call("owner", "PUT", W + "/time-entries/{timeEntryId}", json={**body, "description": "spec 2"}, timeEntryId=entry["id"], expect=200)
    t.call("owner", "PUT", W + "/user/{userId}/time-entries", json=[{**body, "id": entry["id"], "description": "bulk"}], userId=me, expect=200)
    copy = t.call("owner", "POST", W + "/user/{userId}/time-entries/{timeEntryId}/duplicate", userId=me, timeEntryId=entry["id"], expect=201)
    t.call("owner", "POST", W + "/time-entries/batch", json={"timeEntryIds": [entry["id"], other["id"]]}, expect=200)
    t.call("owner", "PATCH", W + "/time-entries/invoiced", json={"timeEntryIds": [entry["id"]], "invoiced": True}, expect=200)
    t.call("owner", "POST", W + "/time-entries", json={"start": "2026-11-03T09:00:00Z"}, expect=201)
    t.call("owner", "GET", W + "/time-entries/status/in-progress", expect=200)
    t.call("owner", "PATCH", W + "/user/{userId}/time-entries", json={"end": "2026-11-03T09:45:00Z"}, userId=me, expect=200)
    t.call("owner", "PATCH", W + "/user/{userId}/time-entries", json={"end": "2026-11-03T09:45:00Z"}, userId=me, expect=404)
    t.call("owner", "DELETE", W + "/user/{userId}/time-entries", params={"time-entry-ids": copy["id"]}, userId=me, expect=200)
    t.call("owner", "DELETE", W + "/time-entries/{timeEntryId}", timeEntryId=other["id"], expect=204)
    # webhooks
    hook = t.call("owner", "POST", W + "/webhooks", expect=201, json={
        "name": "spec hook", "url": "http://127.0.0.1:9/hook", "webhookEvent": "NEW_TAG", "triggerSourceType": "WORKSPACE_ID"})
    t.call("owner", "GET", W + "/webhooks", expect=200)
    t.call("owner", "GET", W + "/webhooks/{webhookId}", webhookId=hook["id"], expect=200)
    t.call("owner", "PUT", W + "/webhooks/{webhookId}", webhookId=hook["id"], expect=200, json={
        "name": "spec hook 2", "url": "http://127.0.0.1:9/hook", "webhookEvent": "NEW_TAG"})
    t.call("owner", "PATCH", W + "/webhooks/{webhookId}/token", webhookId=hook["id"], expect=200)
    t.call("owner", "POST", W + "/webhooks/{webhookId}/logs", json={}, webhookId=hook["id"], expect=200)
    t.call("owner", "GET", W + "/webhooks/{webhookId}/statuses", webhookId=hook["id"], expect=200)
    addon_id, _ = h.backend.install_addon(h.ws_id)
    t.call("owner", "GET", W + "/addons/{addonId}/webhooks", addonId=addon_id, expect=200)
    t.call("owner", "DELETE", W + "/webhooks/{webhookId}", webhookId=hook["id"], expect=200)
    # deletes that need archiving first, and errors
    t.call("owner", "DELETE", W + "/projects/{projectId}/tasks/{taskId}", projectId=pid, taskId=task["id"], expect=400)
    t.call("owner", "PUT", W + "/projects/{projectId}/tasks/{taskId}", json={"name": "Build", "status": "DONE"}, projectId=pid, taskId=task["id"], expect=200)
    t.call("owner", "DELETE", W + "/projects/{projectId}/tasks/{taskId}", projectId=pid, taskId=task["id"], expect=200)
    t.call("owner", "DELETE", W + "/projects/{projectId}", projectId=pid, expect=400)
    t.call("owner", "PUT", W + "/projects/{projectId}", json={"archived": True}, projectId=pid, expect=200)
    t.call("owner", "DELETE", W + "/projects/{projectId}", projectId=pid, expect=200)
    t.call("owner", "DELETE", W + "/tags/{tagId}", tagId=tag["id"], expect=200)
    t.call("owner", "DELETE", W + "/clients/{clientId}", clientId=client["id"], expect=200)
    t.call("member", "GET", W + "/user/{userId}/time-entries", userId=me, expect=403)
    return t


@pytest.fixture(scope="module")
def tour():
    spec_dir()
    return run_tour(make_harness(entries=300))


def test_every_success_validates_against_the_corrected_spec(tour):
    failures = []
    for method, template, status, body, raw in tour.calls:
        if status >= 400:
            continue
        try:
            check(body, method, template, status, raw=raw)
        except AssertionError as exc:
            failures.append(str(exc))
    assert not failures, "\n".join(failures)


def test_every_error_body_is_message_and_integer_code(tour):
    errors = [(m, t, s, b) for m, t, s, b, _ in tour.calls if s >= 400]
    assert {s for _, _, s, _ in errors} >= {400, 403, 404, 405}
    for method, template, status, body in errors:
        assert set(body) == {"message", "code"}, (method, template, body)
        assert isinstance(body["code"], int) and isinstance(body["message"], str) and body["message"]


def test_every_core_route_is_in_the_tour(tour):
    toured = {(m, t) for m, t, *_ in tour.calls}
    served = {(r.method, r.template) for r in routes.ALL
              if r.host == "api" and r.handler.__module__.rsplit(".", 1)[-1] in CORE_MODULES}
    assert not served - toured, f"routes without a conformance step: {sorted(served - toured)}"
