"""Authentication styles (direct key, gateway) and role checks."""

from __future__ import annotations

import httpx

from punchclock.sandbox.core.transport import SyncASGITransport


def raw(sandbox, prefix="/api/v1", **headers):
    return httpx.Client(transport=SyncASGITransport(sandbox.app), base_url=f"http://sandbox{prefix}", headers=headers)


def test_missing_both_or_bearer_tokens_answer_401_code_1000(sandbox):
    none = {"message": "Multiple or none auth tokens present", "code": 1000}
    assert raw(sandbox).get("/user").json() == none
    both = raw(sandbox, **{"X-Api-Key": sandbox.key(), "X-Addon-Token": "t"}).get("/user")
    assert (both.status_code, both.json()) == (401, none)
    bearer = raw(sandbox, Authorization=f"Bearer {sandbox.key()}").get("/user")
    assert (bearer.status_code, bearer.json()) == (401, none)


def test_unknown_key_answers_401_code_4003_and_never_echoes_the_key(sandbox):
    resp = raw(sandbox, **{"X-Api-Key": "not-a-real-key-123"}).get("/user")
    assert (resp.status_code, resp.json()) == (401, {"message": "Api key does not exist", "code": 4003})
    assert "not-a-real-key" not in resp.text


def test_gateway_bearer_with_and_without_connection(sandbox):
    gateway = raw(sandbox, "/clockify/api/v1", Authorization=f"Bearer {sandbox.key()}")
    me = gateway.get("/user")
    assert me.status_code == 200 and me.json()["id"] == sandbox.user_id("owner")
    member = sandbox.user_id("member")
    other = gateway.get("/user", headers={"Maton-Connection": sandbox.info.connections[member]})
    assert other.json()["id"] == member
    projects = gateway.get(f"/workspaces/{sandbox.ws_id}/projects")
    assert projects.status_code == 200 and projects.json()
    assert raw(sandbox, "/clockify/api/v1").get("/user").status_code == 401
    unknown = gateway.get("/user", headers={"Maton-Connection": "conn-nope"})
    assert unknown.status_code == 400


def test_member_cannot_read_or_write_others_entries(sandbox):
    owner_id = sandbox.user_id("owner")
    member_id = sandbox.user_id("member")
    with sandbox.client("member") as member:
        theirs = member.get(f"/workspaces/{sandbox.ws_id}/user/{owner_id}/time-entries")
        assert theirs.status_code == 403 and theirs.json()["message"] == "Access Denied"
        mine = member.get(f"/workspaces/{sandbox.ws_id}/user/{member_id}/time-entries")
        assert mine.status_code == 200 and {e["userId"] for e in mine.json()} == {member_id}
        owner_entry = next(iter(sandbox.ws().by_user[owner_id]))
        assert member.get(f"/workspaces/{sandbox.ws_id}/time-entries/{owner_entry.id}").status_code == 403
        assert member.delete(f"/workspaces/{sandbox.ws_id}/time-entries/{owner_entry.id}").status_code == 403
        assert owner_entry.id in sandbox.ws().entries
        made = member.post(f"/workspaces/{sandbox.ws_id}/user/{owner_id}/time-entries",
                           json={"start": "2026-01-01T09:00:00Z", "end": "2026-01-01T10:00:00Z"})
        assert made.status_code == 403


def test_members_cannot_manage_the_workspace_but_admins_can(sandbox):
    ws = f"/workspaces/{sandbox.ws_id}"
    with sandbox.client("member") as member, sandbox.client("admin") as admin:
        assert member.post(f"{ws}/clients", json={"name": "By member"}).status_code == 403
        assert member.get(f"{ws}/webhooks").status_code == 403
        assert member.put(f"{ws}/hourly-rate", json={"amount": 1}).status_code == 403
        made = admin.post(f"{ws}/clients", json={"name": "By admin"})
        assert made.status_code == 201 and made.json()["id"] in sandbox.ws().clients
        assert member.get(f"{ws}/users").status_code == 200


def test_workspace_of_someone_else_is_denied(sandbox, owner):
    other = next(ws for ws in sandbox.backend.state.workspaces.values() if ws.id != sandbox.ws_id)
    with sandbox.client("member") as member:
        assert member.get(f"/workspaces/{other.id}/projects").status_code == 403
    assert owner.get(f"/workspaces/{other.id}/projects").status_code == 200


def test_in_progress_shows_members_only_their_own_timers(sandbox, owner):
    everyone = owner.get(f"/workspaces/{sandbox.ws_id}/time-entries/status/in-progress").json()
    assert len(everyone) == 2
    runner = everyone[0]["userId"]
    role = sandbox.info.roles[runner]
    key = sandbox.info.keys[runner]
    with raw(sandbox, **{"X-Api-Key": key}) as client:
        mine = client.get(f"/workspaces/{sandbox.ws_id}/time-entries/status/in-progress").json()
    assert role == "member" and [e["userId"] for e in mine] == [runner]
