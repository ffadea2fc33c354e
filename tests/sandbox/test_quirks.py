"""Clockify quirks the sandbox reproduces (research section 10), checked over HTTP."""

from __future__ import annotations

import re

from conftest import make_harness

HEX24 = re.compile(r"^[0-9a-f]{24}$")
STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def entries_url(sandbox, user="owner"):
    return f"/workspaces/{sandbox.ws_id}/user/{sandbox.user_id(user)}/time-entries"


def test_pages_are_one_indexed_with_default_size_50_and_last_page_header():
    sandbox = make_harness(entries=200, users=2, running=0)
    owner = sandbox.client()
    first = owner.get(entries_url(sandbox))
    assert first.status_code == 200
    assert isinstance(first.json(), list) and len(first.json()) == 50
    assert first.headers["Last-Page"] == "false"
    explicit = owner.get(entries_url(sandbox), params={"page": 1})
    assert [e["id"] for e in explicit.json()] == [e["id"] for e in first.json()]
    second = owner.get(entries_url(sandbox), params={"page": 2})
    assert not {e["id"] for e in second.json()} & {e["id"] for e in first.json()}


def test_walking_pages_ends_on_a_short_page_then_empty_with_last_page_true(sandbox, owner):
    total = len(sandbox.ws().by_user[sandbox.user_id()])
    seen, page = [], 1
    while True:
        resp = owner.get(entries_url(sandbox), params={"page": page, "page-size": 7})
        rows = resp.json()
        seen += [r["id"] for r in rows]
        if resp.headers["Last-Page"] == "true":
            assert len(rows) <= 7
            break
        page += 1
    assert len(seen) == len(set(seen)) == total
    past = owner.get(entries_url(sandbox), params={"page": page + 5, "page-size": 7})
    assert past.json() == [] and past.headers["Last-Page"] == "true"


def test_page_size_up_to_5000_is_served_in_one_page():
    sandbox = make_harness(entries=6000, users=1, running=0)
    with sandbox.client() as owner:
        resp = owner.get(entries_url(sandbox), params={"page-size": 5000})
        assert resp.status_code == 200 and len(resp.json()) == 5000
        assert resp.headers["Last-Page"] == "false"
        rest = owner.get(entries_url(sandbox), params={"page-size": 5000, "page": 2})
        assert len(rest.json()) == 1000 and rest.headers["Last-Page"] == "true"


def test_listing_is_newest_first(sandbox, owner):
    starts = [e["timeInterval"]["start"] for e in owner.get(entries_url(sandbox), params={"page-size": 200}).json()]
    assert starts == sorted(starts, reverse=True)


def test_unknown_and_malformed_ids_answer_400_code_501(sandbox, owner):
    for path, kind in [
        (f"/workspaces/{sandbox.ws_id}/projects/0123456789abcdef01234567", "Project"),
        (f"/workspaces/{sandbox.ws_id}/projects/not-an-id", "Project"),
        (f"/workspaces/{sandbox.ws_id}/clients/0123456789abcdef01234567", "Client"),
        (f"/workspaces/{sandbox.ws_id}/tags/0123456789abcdef01234567", "Tag"),
        (f"/workspaces/{sandbox.ws_id}/time-entries/0123456789abcdef01234567", "Time entry"),
    ]:
        resp = owner.get(path)
        assert resp.status_code == 400, path
        assert resp.json() == {"message": f"{kind} doesn't belong to Workspace", "code": 501}


def test_unbound_route_is_404_code_3000_and_wrong_method_405(sandbox, owner):
    resp = owner.get(f"/workspaces/{sandbox.ws_id}/balance")
    assert resp.status_code == 404
    assert resp.json() == {"message": f"No static resource v1/workspaces/{sandbox.ws_id}/balance.", "code": 3000}
    resp = owner.get(f"/workspaces/{sandbox.ws_id}/time-entries")
    assert resp.status_code == 405 and resp.json()["code"] == 3000
    resp = owner.patch(f"/workspaces/{sandbox.ws_id}")
    assert resp.status_code == 405
    assert resp.json() == {"message": "Request method 'PATCH' is not supported", "code": 3000}
    resp = owner.patch(entries_url(sandbox) + "/stop", json={"end": "2026-01-01T00:00:00Z"})
    assert resp.status_code == 404 and resp.json()["code"] == 3000


def test_active_project_client_and_task_cannot_be_deleted_until_archived_or_done(sandbox, owner):
    ws = f"/workspaces/{sandbox.ws_id}"
    client = owner.post(f"{ws}/clients", json={"name": "Doomed Client"}).json()
    project = owner.post(f"{ws}/projects", json={"name": "Doomed Project", "clientId": client["id"]}).json()
    task = owner.post(f"{ws}/projects/{project['id']}/tasks", json={"name": "Doomed task"}).json()

    resp = owner.delete(f"{ws}/projects/{project['id']}/tasks/{task['id']}")
    assert (resp.status_code, resp.json()["message"]) == (400, "Cannot delete an active task")
    owner.put(f"{ws}/projects/{project['id']}/tasks/{task['id']}", json={"name": "Doomed task", "status": "DONE"})
    resp = owner.delete(f"{ws}/projects/{project['id']}/tasks/{task['id']}")
    assert resp.status_code == 200 and resp.json()["id"] == task["id"]

    resp = owner.delete(f"{ws}/projects/{project['id']}")
    assert (resp.status_code, resp.json()) == (400, {"message": "Cannot delete an active project", "code": 501})
    owner.put(f"{ws}/projects/{project['id']}", json={"archived": True})
    resp = owner.delete(f"{ws}/projects/{project['id']}")
    assert resp.status_code == 200 and resp.json()["name"] == "Doomed Project"
    assert project["id"] not in sandbox.ws().projects

    resp = owner.delete(f"{ws}/clients/{client['id']}")
    assert (resp.status_code, resp.json()["message"]) == (400, "Cannot delete an active client")
    owner.put(f"{ws}/clients/{client['id']}", json={"name": "Doomed Client", "archived": True})
    assert owner.delete(f"{ws}/clients/{client['id']}").status_code == 200
    assert client["id"] not in sandbox.ws().clients


def test_tags_delete_directly_and_put_is_a_full_replace(sandbox, owner):
    ws = f"/workspaces/{sandbox.ws_id}"
    tag = owner.post(f"{ws}/tags", json={"name": "temp"}).json()
    archived = owner.put(f"{ws}/tags/{tag['id']}", json={"name": "temp", "archived": True}).json()
    assert archived["archived"] is True
    renamed = owner.put(f"{ws}/tags/{tag['id']}", json={"name": "temp2"}).json()
    assert renamed["archived"] is False  # leaving out `archived` un-archives
    assert owner.delete(f"{ws}/tags/{tag['id']}").status_code == 200
    assert tag["id"] not in sandbox.ws().tags


def test_archived_omitted_lists_both_and_false_only_active(sandbox, owner):
    ws = f"/workspaces/{sandbox.ws_id}"
    both = owner.get(f"{ws}/projects", params={"page-size": 500}).json()
    active = owner.get(f"{ws}/projects", params={"page-size": 500, "archived": "false"}).json()
    assert any(p["archived"] for p in both)
    assert all(not p["archived"] for p in active) and len(active) < len(both)


def test_names_are_unique_including_archived(sandbox, owner):
    ws = f"/workspaces/{sandbox.ws_id}"
    archived_tag = next(t for t in sandbox.ws().tags.values() if t["archived"])
    resp = owner.post(f"{ws}/tags", json={"name": archived_tag["name"].upper()})
    assert resp.status_code == 400
    assert resp.json() == {"message": "Tag with this name already exists", "code": 501}


def test_running_timer_has_null_end_and_duration_and_stop_finishes_it(sandbox, owner):
    ws = f"/workspaces/{sandbox.ws_id}"
    started = owner.post(f"{ws}/time-entries", json={"start": "2026-11-20T09:00:00Z", "description": "timer"})
    assert started.status_code == 201
    body = started.json()
    assert body["timeInterval"] == {"start": "2026-11-20T09:00:00Z", "end": None, "duration": None}
    running = owner.get(entries_url(sandbox), params={"in-progress": "true"}).json()
    assert [e["id"] for e in running] == [body["id"]]
    stopped = owner.patch(entries_url(sandbox), json={"end": "2026-11-20T10:30:15Z"})
    assert stopped.status_code == 200
    assert stopped.json()["timeInterval"]["duration"] == "PT1H30M15S"
    again = owner.patch(entries_url(sandbox), json={"end": "2026-11-20T11:00:00Z"})
    assert again.status_code == 404 and again.json()["code"] == 404


def test_starting_a_timer_stops_the_running_one(sandbox, owner):
    ws = f"/workspaces/{sandbox.ws_id}"
    first = owner.post(f"{ws}/time-entries", json={"start": "2026-11-20T09:00:00Z"}).json()
    owner.post(f"{ws}/time-entries", json={"start": "2026-11-20T09:45:00Z"})
    first_now = owner.get(f"{ws}/time-entries/{first['id']}").json()
    assert first_now["timeInterval"]["end"] == "2026-11-20T09:45:00Z"
    assert len(owner.get(entries_url(sandbox), params={"in-progress": "true"}).json()) == 1


def test_ids_are_24_hex_and_timestamps_utc_z_with_iso_durations(sandbox, owner):
    rows = owner.get(entries_url(sandbox), params={"page-size": 100}).json()
    for e in rows:
        assert HEX24.match(e["id"]) and HEX24.match(e["workspaceId"])
        assert STAMP.match(e["timeInterval"]["start"])
        if e["timeInterval"]["end"]:
            assert STAMP.match(e["timeInterval"]["end"])
            assert re.match(r"^PT(\d+H)?(\d+M)?(\d+S)?$", e["timeInterval"]["duration"])
        assert e["tagIds"] is None or e["tagIds"]  # no tags is null, never []


def test_delete_entry_is_204_without_body(sandbox, owner):
    ws = f"/workspaces/{sandbox.ws_id}"
    entry = owner.post(f"{ws}/time-entries", json={"start": "2026-01-05T09:00:00Z", "end": "2026-01-05T10:00:00Z"}).json()
    resp = owner.delete(f"{ws}/time-entries/{entry['id']}")
    assert resp.status_code == 204 and resp.content == b""
    assert entry["id"] not in sandbox.ws().entries


def test_put_entry_replaces_everything(sandbox, owner):
    ws = f"/workspaces/{sandbox.ws_id}"
    project = next(iter(sandbox.ws().projects.values()))
    tag = next(t for t in sandbox.ws().tags.values() if not t["archived"])
    entry = owner.post(f"{ws}/time-entries", json={
        "start": "2026-01-05T09:00:00Z", "end": "2026-01-05T10:00:00Z", "description": "before",
        "projectId": project["id"], "tagIds": [tag["id"]]}).json()
    replaced = owner.put(f"{ws}/time-entries/{entry['id']}", json={"start": "2026-01-05T09:00:00Z",
                                                                   "end": "2026-01-05T09:20:00Z"}).json()
    assert replaced["description"] == "" and replaced["projectId"] is None and replaced["tagIds"] is None
    assert replaced["timeInterval"]["duration"] == "PT20M"


def test_list_filters_start_end_project_tags_description(sandbox, owner):
    ws = f"/workspaces/{sandbox.ws_id}"
    project = next(p for p in sandbox.ws().projects.values() if not p["archived"])
    tag = next(t for t in sandbox.ws().tags.values() if not t["archived"])
    made = []
    for day, desc in [(1, "alpha sync"), (2, "beta review"), (3, "alpha deploy")]:
        made.append(owner.post(f"{ws}/time-entries", json={
            "start": f"2027-03-0{day}T09:00:00Z", "end": f"2027-03-0{day}T10:00:00Z", "description": desc,
            "projectId": project["id"], "tagIds": [tag["id"]] if day != 2 else None}).json()["id"])
    window = {"start": "2027-03-01T00:00:00Z", "end": "2027-03-31T00:00:00Z"}
    got = lambda **p: [e["id"] for e in owner.get(entries_url(sandbox), params={**window, **p}).json()]
    assert got() == made[::-1]
    assert got(start="2027-03-02T00:00:00Z") == [made[2], made[1]]
    assert got(end="2027-03-02T12:00:00Z") == [made[1], made[0]]
    assert got(tags=tag["id"]) == [made[2], made[0]]
    assert got(description="ALPHA") == [made[2], made[0]]
    assert got(project=project["id"]) == made[::-1]
    assert got(project="0123456789abcdef01234567") == []


def test_hydrated_entries_carry_project_task_and_tags(sandbox, owner):
    rows = owner.get(entries_url(sandbox), params={"hydrated": "true", "page-size": 50}).json()
    with_project = next(e for e in rows if e["projectId"])
    assert with_project["project"]["id"] == with_project["projectId"]
    assert "hourlyRate" in with_project and "tags" in with_project


def test_hydrated_projects_carry_tasks_and_memberships(sandbox, owner):
    rows = owner.get(f"/workspaces/{sandbox.ws_id}/projects", params={"hydrated": "true"}).json()
    plain = owner.get(f"/workspaces/{sandbox.ws_id}/projects").json()
    assert all("tasks" not in p for p in plain)
    with_tasks = [p for p in rows if p["tasks"]]
    assert with_tasks and all(t["projectId"] == p["id"] for p in with_tasks for t in p["tasks"])
    assert all(p["memberships"] for p in rows)


def test_webhooks_listing_is_an_envelope_and_workspaces_ignore_paging(sandbox, owner):
    listing = owner.get(f"/workspaces/{sandbox.ws_id}/webhooks").json()
    assert listing == {"webhooks": [], "workspaceWebhookCount": 0}
    resp = owner.get("/workspaces", params={"page-size": 1})
    assert len(resp.json()) == 2 and "Last-Page" not in resp.headers


def test_create_for_others_needs_admin_and_lands_on_that_user(sandbox):
    member_id = sandbox.user_id("member")
    with sandbox.client("admin") as admin:
        resp = admin.post(f"/workspaces/{sandbox.ws_id}/user/{member_id}/time-entries",
                          json={"start": "2026-02-02T09:00:00Z", "end": "2026-02-02T10:00:00Z"})
    assert resp.status_code == 201 and resp.json()["userId"] == member_id
    assert sandbox.ws().entries[resp.json()["id"]].user_id == member_id
