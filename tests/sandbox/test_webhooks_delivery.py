"""Webhook delivery: a real HTTP POST with Clockify's headers, the entity as the body, logs kept."""

from __future__ import annotations

import time

import httpx
import orjson

from conftest import make_harness
from punchclock.sandbox.core.server import running


class Receiver:
    """A minimal ASGI app that records every POST it gets."""

    def __init__(self, status: int = 200):
        self.calls: list[dict] = []
        self.status = status

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        headers = {k.decode().lower(): v.decode() for k, v in scope["headers"]}
        self.calls.append({"path": scope["path"], "headers": headers, "body": orjson.loads(body)})
        await send({"type": "http.response.start", "status": self.status, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})


def register(client, ws_id, url, event, **extra):
    resp = client.post(f"/workspaces/{ws_id}/webhooks", json={"name": f"hook {event}"[:30], "url": url,
                                                               "webhookEvent": event, **extra})
    assert resp.status_code == 201, resp.text
    return resp.json()


def wait_for(predicate, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False


def test_delivery_over_a_real_socket_carries_token_event_and_entity():
    receiver = Receiver()
    sandbox = make_harness(entries=20)
    with running(receiver) as hook_base, running(sandbox.app) as api_base:
        with httpx.Client(base_url=f"{api_base}/api/v1", headers={"X-Api-Key": sandbox.key()}) as client:
            hook = register(client, sandbox.ws_id, f"{hook_base}/clockify", "NEW_TIME_ENTRY")
            entry = client.post(f"/workspaces/{sandbox.ws_id}/time-entries", json={
                "start": "2026-03-01T09:00:00Z", "end": "2026-03-01T10:00:00Z", "description": "hooked"}).json()
            assert wait_for(lambda: receiver.calls)
            call = receiver.calls[0]
            assert call["path"] == "/clockify"
            assert call["headers"]["clockify-signature"] == hook["authToken"]
            assert call["headers"]["clockify-webhook-event-type"] == "NEW_TIME_ENTRY"
            assert call["body"]["id"] == entry["id"] and call["body"]["description"] == "hooked"
            assert wait_for(lambda: client.post(f"/workspaces/{sandbox.ws_id}/webhooks/{hook['id']}/logs",
                                                json={}).json())
            logs = client.post(f"/workspaces/{sandbox.ws_id}/webhooks/{hook['id']}/logs", json={}).json()
            assert logs[0]["statusCode"] == 200 and logs[0]["webhookId"] == hook["id"]


def test_only_matching_event_and_trigger_source_are_delivered():
    receiver = Receiver()
    sandbox = make_harness(entries=20)
    sandbox.app.webhook_transport = httpx.ASGITransport(receiver)
    projects = [p for p in sandbox.ws().projects.values() if not p["archived"]]
    with sandbox.client() as owner:
        register(owner, sandbox.ws_id, "http://receiver/p", "NEW_TIME_ENTRY",
                 triggerSourceType="PROJECT_ID", triggerSource=[projects[0]["id"]])
        register(owner, sandbox.ws_id, "http://receiver/stop", "TIMER_STOPPED")
        ws = f"/workspaces/{sandbox.ws_id}"
        for project in projects[:2]:
            owner.post(f"{ws}/time-entries", json={"start": "2026-03-01T09:00:00Z", "end": "2026-03-01T10:00:00Z",
                                                   "projectId": project["id"]})
        assert [c["body"]["projectId"] for c in receiver.calls] == [projects[0]["id"]]
        owner.post(f"{ws}/time-entries", json={"start": "2026-03-02T09:00:00Z"})
        owner.patch(f"{ws}/user/{sandbox.user_id()}/time-entries", json={"end": "2026-03-02T09:30:00Z"})
        assert receiver.calls[-1]["path"] == "/stop"
        assert receiver.calls[-1]["headers"]["clockify-webhook-event-type"] == "TIMER_STOPPED"
        assert receiver.calls[-1]["body"]["timeInterval"]["duration"] == "PT30M"


def test_rotated_token_is_sent_and_failures_are_logged():
    receiver = Receiver(status=500)
    sandbox = make_harness(entries=20)
    sandbox.app.webhook_transport = httpx.ASGITransport(receiver)
    with sandbox.client() as owner:
        hook = register(owner, sandbox.ws_id, "http://receiver/tags", "NEW_TAG")
        rotated = owner.patch(f"/workspaces/{sandbox.ws_id}/webhooks/{hook['id']}/token").json()
        assert rotated["authToken"] != hook["authToken"]
        owner.post(f"/workspaces/{sandbox.ws_id}/tags", json={"name": "fresh"})
        assert receiver.calls[0]["headers"]["clockify-signature"] == rotated["authToken"]
        failed = owner.post(f"/workspaces/{sandbox.ws_id}/webhooks/{hook['id']}/logs", json={"status": "FAILED"})
        assert [log["statusCode"] for log in failed.json()] == [500]


def test_free_plan_allows_three_webhooks():
    sandbox = make_harness(entries=0, plan="free")
    with sandbox.client() as owner:
        for i in range(3):
            register(owner, sandbox.ws_id, f"http://receiver/{i}", "NEW_TAG")
        resp = owner.post(f"/workspaces/{sandbox.ws_id}/webhooks",
                          json={"name": "fourth", "url": "http://receiver/4", "webhookEvent": "NEW_TAG"})
        assert resp.status_code == 400 and resp.json()["code"] == 501


def test_webhook_without_name_gives_the_misleading_live_error(sandbox, owner):
    resp = owner.post(f"/workspaces/{sandbox.ws_id}/webhooks", json={"url": "http://r/x", "webhookEvent": "NEW_TAG"})
    assert resp.json() == {"message": "Webhook already exists", "code": 501}
