"""The everyday commands peers have, set-up that tells the truth, and writes that show what they do."""

from __future__ import annotations

import csv
import io
import json
import sys
import tomllib

NOW = {"PUNCH_NOW": "2026-11-20T18:00:00Z"}  # a Friday evening, UTC (the fixture's zone)


def mine(punch):
    return punch.h.ws().by_user[punch.h.user_id("owner")]


def ok(result):
    assert result.exit_code == 0, result.output
    return result.output


def test_start_names_what_it_matched_and_the_timer_it_stopped(punch):
    ok(punch("start", "First", "--at", "17:00", "--yes", env=NOW))
    dry = ok(punch("start", "Second", "-p", "website", "-t", "dev", "--tag", "bug", "--dry-run", env=NOW))
    assert "project: Website Redesign" in dry and "task: Development" in dry and "tags: bugfix" in dry
    assert "stops the running 'First'" in dry
    done = ok(punch("start", "Second", "-p", "website", "--yes", env=NOW))
    assert "stopped 'First' after 1:00" in done


def test_cancel_discards_the_running_timer(punch):
    ok(punch("start", "Oops", "--yes", env=NOW))
    before = len(punch.h.ws().entries)
    assert "discarded 'Oops'" in ok(punch("cancel", "--yes", env=NOW))
    assert len(punch.h.ws().entries) == before - 1 and not [e for e in mine(punch) if e.end is None]


def test_clone_continues_any_entry(punch):
    third = mine(punch)[2]
    ok(punch("clone", "^3", "--yes", env=NOW))
    [running] = [e for e in mine(punch) if e.end is None]
    assert (running.description, running.project_id, running.tag_ids) == (third.description, third.project_id,
                                                                           third.tag_ids)


def test_several_entries_change_and_go_in_one_bulk_call(punch):
    first, second, third = mine(punch)[:3]
    ok(punch("edit", first.id, second.id, "-m", "Bulk", "--yes", env=NOW))
    assert first.description == second.description == "Bulk" and third.description != "Bulk"
    ok(punch("delete", first.id, second.id, "--yes", env=NOW))
    assert first.id not in punch.h.ws().entries and second.id not in punch.h.ws().entries
    routes = punch.h.app.stats.snapshot()["by_route"]
    bulk = "/api/v1/workspaces/{workspaceId}/user/{userId}/time-entries"
    assert routes[f"PUT {bulk}"] == 1 and routes[f"DELETE {bulk}"] == 1  # one request each for both entries


def test_edit_in_the_editor(punch, tmp_path):
    entry = mine(punch)[0]
    script = tmp_path / "editor.py"
    script.write_text("import re, sys\np = sys.argv[1]\ns = open(p).read()\n"
                      "s = re.sub(r'description = .*', 'description = \"From the editor\"', s)\n"
                      "open(p, 'w').write(s)\n")
    out = ok(punch("edit", entry.id, "--editor", "--yes", env={**NOW, "EDITOR": f"{sys.executable} {script}"}))
    assert entry.description == "From the editor" and "description:" in out and "-> 'From the editor'" in out


def test_editor_view_is_toml(punch):
    from punchclock.catalog import Catalog
    from punchclock.cli.common import STATE
    from punchclock.cli.editing import toml_view

    STATE._provider = None
    provider = STATE.provider()
    entry = provider.recent(1)[0]
    view = tomllib.loads(toml_view(entry, Catalog(provider)))
    assert view["description"] == entry.description and isinstance(view["tags"], list)


def test_everyone_fields_template_hours_and_plurals(punch):
    span = ("--from", "2026-11-16", "--to", "2026-11-20")
    table = ok(punch("entries", *span, "-u", "all", env=NOW))
    assert "User" in table.splitlines()[0]
    users = {r["userId"] for r in json.loads(ok(punch("entries", *span, "-u", "all", "-o", "json", env=NOW)))}
    assert len(users) > 1
    rows = list(csv.reader(io.StringIO(ok(punch("entries", *span, "--fields", "start,end,time", "-o", "csv",
                                                 env=NOW)))))
    assert rows[0] == ["Start", "End", "Time"] and "." in rows[1][2]  # CSV hours are decimal by default
    clock = list(csv.reader(io.StringIO(ok(punch("entries", *span, "--fields", "time", "-o", "csv", "--hours",
                                                  "clock", env=NOW)))))
    assert ":" in clock[1][0]
    lines = ok(punch("entries", *span, "--template", "{id}|{time}", env=NOW)).splitlines()
    assert all(line.count("|") == 1 for line in lines) and "total" not in lines[-1]
    hours = json.loads(ok(punch("entries", *span, "-o", "json", "--hours", "decimal", env=NOW)))
    assert all(isinstance(r["hours"], float) for r in hours)
    ok(punch("log", "Only one", "--from", "2026-11-21T09:00:00Z", "-d", "1h", "--yes",
             env={"PUNCH_NOW": "2026-11-21T12:00:00Z"}))
    assert "in 1 entry," in ok(punch("today", env={"PUNCH_NOW": "2026-11-21T12:00:00Z"}))
    bad = punch("entries", *span, "--fields", "start,colour", env=NOW)
    assert bad.exit_code == 2 and "unknown field 'colour'" in bad.output


def test_login_saves_what_it_checked_and_config_show_tells_the_truth(punch, monkeypatch, tmp_path):
    config = tmp_path / "config.toml"
    monkeypatch.setenv("PUNCHCLOCK_CONFIG", str(config))
    monkeypatch.delenv("CLOCKIFY_API_KEY")
    out = ok(punch("login", "--key", punch.h.key("owner"), "-w", "ada"))
    saved = tomllib.loads(config.read_text())["profiles"]["default"]
    assert saved["base_url"] == f"{punch.base}/api/v1" and saved["reports_url"] == f"{punch.base}/reports/v1"
    ada = next(w for w in punch.h.backend.state.workspaces if w != punch.h.ws_id)
    assert saved["workspace"] == ada and "Ada" in out
    monkeypatch.delenv("CLOCKIFY_BASE_URL")
    monkeypatch.delenv("CLOCKIFY_REPORTS_URL")
    shown = ok(punch("config", "show"))
    assert f"base_url: {punch.base}/api/v1 (from the profile)" in shown and f"workspace: {ada}" in shown
    assert "ada" in ok(punch("whoami")).lower()
    ok(punch("workspaces", "use", "northwind"))
    assert tomllib.loads(config.read_text())["profiles"]["default"]["workspace"] == punch.h.ws_id
    assert "* " in [line for line in ok(punch("workspaces", "list")).splitlines() if punch.h.ws_id in line][0]
    assert ok(punch("--version")).startswith("punch (punchclock) ")


def test_archived_tags_are_usable_as_archived_projects_are(punch):
    dry = ok(punch("start", "Late night", "-p", "legacy", "--tag", "overtime", "--dry-run", env=NOW))
    assert "project: Legacy Intranet (client Acme Corp) [archived]" in dry and "tags: overtime [archived]" in dry
    ok(punch("start", "Late night", "-p", "legacy", "--tag", "overtime", "--yes", env=NOW))
    [running] = [e for e in mine(punch) if e.end is None]
    tags = punch.h.ws().tags
    assert [tags[t]["name"] for t in running.tag_ids] == ["overtime"] and tags[running.tag_ids[0]]["archived"]
    listed = ok(punch("entries", "--from", "2026-11-20", "--tag", "overtime", "--fields", "description", env=NOW))
    assert "Late night" in listed
    ok(punch("tags", "archive", "research", "--yes"))  # active names come first: "re" is still "review"
    assert "tags: review" in ok(punch("start", "x", "--tag", "re", "--dry-run", env=NOW))
