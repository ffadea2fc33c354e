"""`punch projects|clients|tags|tasks|users|groups|webhooks`, checked against the sandbox's state."""

from __future__ import annotations

import json


def names(collection):
    return {item["name"] for item in collection.values()}


def test_project_lifecycle_by_name(punch):
    ws = punch.h.ws()
    made = punch("projects", "create", "Moon Base", "--client", "globex", "--non-billable", "--yes")
    assert made.exit_code == 0, made.output
    project = next(p for p in ws.projects.values() if p["name"] == "Moon Base")
    assert ws.clients[project["clientId"]]["name"] == "Globex" and project["billable"] is False
    active = punch("projects", "delete", "moon", "--yes")
    assert active.exit_code == 2 and "Cannot delete an active project" in active.output
    assert punch("projects", "archive", "moon", "--yes").exit_code == 0
    assert project["archived"] is True
    assert punch("projects", "delete", "moon", "--yes").exit_code == 0
    assert "Moon Base" not in names(ws.projects)


def test_listing_formats_and_filters(punch):
    rows = json.loads(punch("projects", "list", "--format", "json").output)
    assert len(rows) == len(punch.h.ws().projects) and "clientName" in rows[0]
    active = punch("projects", "list", "--active", "-o", "ids").output.split()
    assert set(active) == {p["id"] for p in punch.h.ws().projects.values() if not p["archived"]}
    table = punch("clients", "list")
    assert table.output.strip().endswith(f"{len(punch.h.ws().clients)} clients")
    md = punch("tags", "list", "--format", "md").output.splitlines()
    assert md[0] == "| ID | Name | Archived |"
    users = json.loads(punch("users", "list", "-o", "json").output)
    assert {u["id"] for u in users} == set(punch.h.ws().roles)


def test_tags_rename_archive_delete(punch):
    ws = punch.h.ws()
    assert punch("tags", "create", "urgent", "--yes").exit_code == 0
    assert punch("tags", "update", "urgent", "--name", "critical", "--yes").exit_code == 0
    tag = next(t for t in ws.tags.values() if t["name"] == "critical")
    assert punch("tags", "archive", "critical", "--yes").exit_code == 0 and tag["archived"]
    assert punch("tags", "delete", "critical", "--yes").exit_code == 0
    assert "critical" not in names(ws.tags)


def test_tasks_of_a_project(punch):
    ws = punch.h.ws()
    assert punch("tasks", "create", "Security audit", "-p", "website", "--yes").exit_code == 0
    task = next(t for t in ws.tasks.values() if t["name"] == "Security audit")
    listed = punch("tasks", "list", "-p", "website", "-o", "ids").output.split()
    assert task["id"] in listed
    assert punch("tasks", "archive", "security", "-p", "website", "--yes").exit_code == 0
    assert task["status"] == "DONE"
    assert punch("tasks", "delete", "security", "-p", "website", "--yes").exit_code == 0
    assert task["id"] not in ws.tasks


def test_groups_and_ambiguous_names(punch):
    ws = punch.h.ws()
    assert punch("groups", "create", "Night shift", "--yes").exit_code == 0
    assert punch("groups", "update", "night", "--name", "Late shift", "--yes").exit_code == 0
    assert "Late shift" in names(ws.groups)
    assert punch("groups", "delete", "late", "--yes").exit_code == 0
    ambiguous = punch("projects", "show", "in")
    assert ambiguous.exit_code == 2 and "ambiguous" in ambiguous.output


def test_webhooks_never_show_the_token_unless_asked(punch):
    made = punch("webhooks", "create", "sync", "--url", "http://127.0.0.1:9/hook", "--event", "NEW_TIME_ENTRY", "--yes")
    assert made.exit_code == 0, made.output
    hook = next(iter(punch.h.ws().webhooks.values()))
    listing = punch("webhooks", "list", "-o", "json").output
    assert hook["authToken"] not in listing and json.loads(listing)[0]["url"] == "http://127.0.0.1:9/hook"
    assert hook["authToken"] in punch("webhooks", "show", "sync", "--show-token").output
    assert punch("webhooks", "update", "sync", "--event", "TIMER_STOPPED", "--yes").exit_code == 0
    assert hook["webhookEvent"] == "TIMER_STOPPED"
    assert punch("webhooks", "delete", "sync", "--yes").exit_code == 0
    assert not punch.h.ws().webhooks


def test_members_are_told_which_role_they_need(punch):
    result = punch("clients", "create", "Sneaky", "--yes", env={"CLOCKIFY_API_KEY": punch.h.key("member")})
    assert result.exit_code == 5 and "admin or owner" in result.output
    assert "Sneaky" not in names(punch.h.ws().clients)


def test_shell_completion_offers_names_and_stays_quiet_on_failure(punch, monkeypatch):
    from punchclock.cli.common import STATE, complete_names

    STATE._provider = None
    assert complete_names("projects")("d") == ['"Data Platform"', '"Design System"']  # quoted: one word
    STATE._provider = None
    monkeypatch.setenv("CLOCKIFY_BASE_URL", "http://127.0.0.1:9/api/v1")
    assert complete_names("projects")("d") == []
    STATE._provider = None
