"""Both sandboxes deliver webhooks to a running dashboard and the store follows without a sync; a bad
signature, a replayed event and a malformed body change nothing."""

from __future__ import annotations

import hashlib
import hmac
import json

import httpx
import pytest

from punchclock.sandbox.core.server import running
from punchclock.web.register import register
from tests.conftest import make_harness
from tests.sync.helpers import provider
from tests.web.web_harness import clockeye_web, clockify_web

EVENTS = ("NEW_TIME_ENTRY", "NEW_TIMER_STARTED", "TIMER_STOPPED", "TIME_ENTRY_UPDATED", "TIME_ENTRY_DELETED",
          "NEW_PROJECT", "NEW_CLIENT", "NEW_TAG")


def subscribe(web, events=EVENTS) -> dict[str, dict]:
    """Webhooks from the Clockify sandbox to the dashboard, their tokens known to it."""
    hooks = {}
    with web.sandbox.client() as owner:
        for event in events:
            resp = owner.post(f"/workspaces/{web.sandbox.ws_id}/webhooks",
                              json={"name": event[:30], "url": "http://dashboard/webhooks/clockify",
                                    "webhookEvent": event})
            assert resp.status_code == 201, resp.text
            hooks[event] = resp.json()
    web.board.clockify_tokens |= {h["authToken"] for h in hooks.values()}
    return hooks


def snapshot(web) -> list[tuple]:
    """Everything the store holds of entries, projects, clients and tags."""
    return web.stored("select 'e', id, _raw::VARCHAR from clockify.time_entries union all "
                      "select 'p', id, _raw::VARCHAR from clockify.projects union all "
                      "select 'c', id, _raw::VARCHAR from clockify.clients union all "
                      "select 't', id, _raw::VARCHAR from clockify.tags order by 1, 2")


def test_clockify_sandbox_deliveries_keep_the_store_current(tmp_path):
    web = clockify_web(tmp_path)
    subscribe(web)
    ws = f"/workspaces/{web.sandbox.ws_id}"
    with web.sandbox.client() as owner:
        made = owner.post(f"{ws}/time-entries", json={"start": "2026-11-20T08:00:00Z", "end": "2026-11-20T09:30:00Z",
                                                      "description": "via webhook"}).json()
        assert web.stored("select description, duration_seconds, running from entries where id = ?",
                          [made["id"]]) == [("via webhook", 5400, False)]
        owner.put(f"{ws}/time-entries/{made['id']}", json={"start": "2026-11-20T08:00:00Z",
                                                           "end": "2026-11-20T10:00:00Z", "description": "edited"})
        assert web.stored("select description, duration_seconds from entries where id = ?",
                          [made["id"]]) == [("edited", 7200)]
        owner.delete(f"{ws}/time-entries/{made['id']}")
        assert web.stored("select count(*) from entries where id = ?", [made["id"]]) == [(0,)]
        # a timer started and stopped
        timer = owner.post(f"{ws}/time-entries", json={"start": "2026-11-20T11:00:00Z", "description": "ticking"}).json()
        assert web.stored("select running from entries where id = ?", [timer["id"]]) == [(True,)]
        owner.patch(f"{ws}/user/{web.sandbox.user_id()}/time-entries", json={"end": "2026-11-20T11:45:00Z"})
        assert web.stored("select running, duration_seconds from entries where id = ?", [timer["id"]]) == [(False, 2700)]
        # catalog: a client, a project of it, a tag
        client = owner.post(f"{ws}/clients", json={"name": "Hooked Client"}).json()
        project = owner.post(f"{ws}/projects", json={"name": "Hooked Project", "clientId": client["id"]}).json()
        tag = owner.post(f"{ws}/tags", json={"name": "hooked-tag"}).json()
    assert web.stored("select name from clients where id = ?", [client["id"]]) == [("Hooked Client",)]
    assert web.stored("select name, client_id from projects where id = ?", [project["id"]]) == \
        [("Hooked Project", client["id"])]
    assert web.stored("select name from tags where id = ?", [tag["id"]]) == [("hooked-tag",)]
    # the delivery log shows the dashboard answered 200 every time
    with web.sandbox.client() as owner:
        hooks = owner.get(f"{ws}/webhooks").json()["webhooks"]
        codes = {log["statusCode"] for h in hooks for log in owner.post(f"{ws}/webhooks/{h['id']}/logs", json={}).json()}
    assert codes == {200}


def test_clockify_bad_signature_replay_and_malformed_body_change_nothing(tmp_path):
    web = clockify_web(tmp_path)
    hooks = subscribe(web, ("NEW_TIME_ENTRY",))
    token = hooks["NEW_TIME_ENTRY"]["authToken"]
    entity = web.sandbox.backend.entries.shape(web.sandbox.ws(), next(iter(web.sandbox.ws().entries.values())))
    entity = {**entity, "id": "a" * 24, "description": "forged"}
    body = json.dumps(entity).encode()
    before = snapshot(web)
    with web.client() as client:
        headers = {"Clockify-Webhook-Event-Type": "NEW_TIME_ENTRY", "Content-Type": "application/json"}
        assert client.post("/webhooks/clockify", content=body, headers={**headers, "Clockify-Signature": "x" + token}
                           ).status_code == 401
        assert client.post("/webhooks/clockify", content=body, headers=headers).status_code == 401
        assert client.post("/webhooks/clockify", content=b"{not json",
                           headers={**headers, "Clockify-Signature": token}).status_code == 400
        assert client.post("/webhooks/clockify", content=b'["a list"]',
                           headers={**headers, "Clockify-Signature": token}).status_code == 400
        assert client.post("/webhooks/clockify", content=body,
                           headers={"Clockify-Signature": token}).status_code == 400  # no event type
        assert snapshot(web) == before
        first = client.post("/webhooks/clockify", content=body, headers={**headers, "Clockify-Signature": token})
        assert first.json()["status"] == "applied"
        applied = snapshot(web)
        assert applied != before
        # the entry changes later; then the old event is delivered again: nothing changes
        newer = {**entity, "description": "newer"}
        client.post("/webhooks/clockify", content=json.dumps(newer).encode(),
                    headers={**headers, "Clockify-Signature": token})
        after_newer = snapshot(web)
        replay = client.post("/webhooks/clockify", content=body, headers={**headers, "Clockify-Signature": token})
        assert replay.json()["status"] == "duplicate"
        assert snapshot(web) == after_newer
    assert web.stored("select count(*) from _punch.events where provider = 'clockify'") == [(2,)]


def test_register_webhooks_stays_within_the_free_plans_three(tmp_path):
    h = make_harness(entries=10, plan="free")
    done = register(provider(h), "https://example.org/punch/")
    assert done.url == "https://example.org/punch/webhooks/clockify"
    assert done.subscribed == ["NEW_TIMER_STARTED", "TIMER_STOPPED", "TIME_ENTRY_UPDATED"]
    assert "NEW_TIME_ENTRY" in done.skipped and done.reason
    assert len(done.tokens) == 3
    again = register(provider(h), "https://example.org/punch")  # idempotent: reuses what is there
    assert again.subscribed == done.subscribed and again.tokens == done.tokens
    assert len(h.ws().webhooks) == 3


def ce_post(client, body: bytes, secret: str = "ce-secret", signature: str | None = None):
    sig = signature or "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return client.post("/webhooks/clockeye", content=body, headers={"X-ClockEye-Signature": sig,
                                                                    "Content-Type": "application/json"})


def test_clockeye_sandbox_deliveries_keep_the_store_current(tmp_path):
    web = clockeye_web(tmp_path)
    h = web.sandbox
    with h.raw() as admin:
        assert admin.post("http://sandbox/__sandbox__/webhooks",
                          json={"url": "http://dashboard/webhooks/clockeye", "secret": "ce-secret"}).status_code == 201
        made = admin.post("/time-entries", json={"description": "ce hook", "start_time": "2026-11-20T08:00:00Z",
                                                 "end_time": "2026-11-20T09:00:00Z"}).json()["data"]
        assert web.stored("select description, duration_seconds from entries where id = ?",
                          [made["id"]]) == [("ce hook", 3600)]
        admin.put(f"/time-entries/{made['id']}", json={"description": "partial edit"})
        raw = json.loads(web.stored("select _raw from clockeye.time_entries where id = ?", [made["id"]])[0][0])
        assert raw["description"] == "partial edit" and raw["end_time"] == "2026-11-20T09:00:00Z"
        admin.put(f"/time-entries/{made['id']}", json={"end_time": "2026-11-20T10:30:00Z"})
        assert web.stored("select duration_seconds from entries where id = ?", [made["id"]]) == [(9000,)]
        admin.delete(f"/time-entries/{made['id']}")
        assert web.stored("select count(*) from entries where id = ?", [made["id"]]) == [(0,)]
        hooks = admin.get("http://sandbox/__sandbox__/webhooks").json()["webhooks"]
    assert hooks[0]["deliveries"] == [200, 200, 200, 200] and "secret" not in hooks[0]


def test_clockeye_bad_signature_replay_and_malformed_body_change_nothing(tmp_path):
    web = clockeye_web(tmp_path)
    entry_id = web.stored("select id from entries where not running order by id limit 1")[0][0]
    event = {"id": "evt_1", "type": "time_entry.updated", "created_at": "2026-11-20T12:00:00Z",
             "data": {"id": entry_id, "changes": {"description": "changed by hook"}, "updated_at": "2030-01-01T00:00:00Z"}}
    body = json.dumps(event).encode()
    table = "select id, _raw::VARCHAR from clockeye.time_entries order by id"
    before = web.stored(table)
    with web.client() as client:
        assert ce_post(client, body, secret="wrong").status_code == 401
        assert ce_post(client, body, signature="sha256=" + "0" * 64).status_code == 401
        assert client.post("/webhooks/clockeye", content=body).status_code == 401
        assert ce_post(client, b"{broken").status_code == 400
        assert ce_post(client, json.dumps({"id": "evt_2", "type": "time_entry.updated",
                                           "data": {"id": entry_id}}).encode()).status_code == 400
        assert web.stored(table) == before
        assert ce_post(client, body).json()["status"] == "applied"
        assert web.stored("select description from entries where id = ?", [entry_id]) == [("changed by hook",)]
        changed = web.stored(table)
        assert ce_post(client, body).json()["status"] == "duplicate"
        assert web.stored(table) == changed


@pytest.mark.parametrize("kind", ["clockify", "clockeye"])
def test_deliveries_over_real_sockets_reach_a_running_dashboard(tmp_path, kind):
    web = clockify_web(tmp_path) if kind == "clockify" else clockeye_web(tmp_path)
    with running(web.app) as base:
        web.sandbox.app.webhook_transport = None  # a real HTTP POST to the served dashboard
        if kind == "clockify":
            with web.sandbox.client() as owner:
                hook = owner.post(f"/workspaces/{web.sandbox.ws_id}/webhooks", json={
                    "name": "socket", "url": f"{base}/webhooks/clockify", "webhookEvent": "NEW_TIME_ENTRY"}).json()
                web.board.clockify_tokens.add(hook["authToken"])
                made = owner.post(f"/workspaces/{web.sandbox.ws_id}/time-entries", json={
                    "start": "2026-11-20T06:00:00Z", "end": "2026-11-20T07:00:00Z", "description": "socket"}).json()
        else:
            with web.sandbox.raw() as admin:
                admin.post("http://sandbox/__sandbox__/webhooks", json={"url": f"{base}/webhooks/clockeye",
                                                                         "secret": "ce-secret"})
                made = admin.post("/time-entries", json={"description": "socket", "start_time": "2026-11-20T06:00:00Z",
                                                         "end_time": "2026-11-20T07:00:00Z"}).json()["data"]
        assert web.stored("select description from entries where id = ?", [made["id"]]) == [("socket",)]
