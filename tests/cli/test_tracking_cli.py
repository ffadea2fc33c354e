"""`punch` tracking commands run as a user would, checked against the sandbox's state."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

UTC = timezone.utc


def owner_entries(punch):
    return punch.h.ws().by_user[punch.h.user_id("owner")]


def running_of(punch):
    return [e for e in owner_entries(punch) if e.end is None]


def project_named(punch, name):
    return next(p for p in punch.h.ws().projects.values() if p["name"] == name)


def one_line_error(result, code):
    assert result.exit_code == code, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:"), result.output
    assert "Traceback" not in result.output
    return lines[0]


def test_start_by_names_then_status_and_stop(punch):
    result = punch("start", "Fix login bug", "-p", "website", "-t", "dev", "--tag", "bugfix", "--yes")
    assert result.exit_code == 0, result.output
    [entry] = running_of(punch)
    project = project_named(punch, "Website Redesign")
    assert entry.project_id == project["id"] and entry.description == "Fix login bug"
    assert punch.h.ws().tasks[entry.task_id]["name"] == "Development"
    assert [punch.h.ws().tags[t]["name"] for t in entry.tag_ids] == ["bugfix"]
    status = punch("status")
    assert "running for" in status.output and "Website Redesign / Development" in status.output
    assert punch("stop", "--yes").exit_code == 0
    assert running_of(punch) == [] and entry.end is not None
    error = one_line_error(punch("stop", "--yes"), 6)
    assert "no timer is running" in error


def test_start_at_a_past_time_and_switch(punch):
    assert punch("start", "Morning", "--at", "-2h", "--yes").exit_code == 0
    assert punch("switch", "Afternoon", "-p", "mobile", "--yes").exit_code == 0
    rows = owner_entries(punch)
    afternoon, morning = rows[0], rows[1]
    assert morning.description == "Morning" and morning.end == afternoon.start
    assert 2 * 3600 - 60 <= morning.end - morning.start <= 2 * 3600 + 60
    assert afternoon.end is None and afternoon.project_id == project_named(punch, "Mobile App")["id"]


def test_log_with_duration_on_a_date(punch):
    result = punch("log", "Client call", "-p", "customer", "--from", "14:00", "-d", "45m", "--date", "2026-11-18",
                   "--yes")
    assert result.exit_code == 0, result.output
    entry = next(e for e in owner_entries(punch) if e.description == "Client call")
    start = datetime.fromtimestamp(entry.start, UTC)
    assert start == datetime(2026, 11, 18, 14, 0, tzinfo=UTC) and entry.end - entry.start == 45 * 60
    assert entry.project_id == project_named(punch, "Customer Portal")["id"]


def test_edit_changes_only_what_is_named_and_delete(punch):
    punch("log", "Draft", "-p", "website", "--tag", "review", "--from", "2026-11-18T09:00:00Z",
          "--to", "2026-11-18T10:00:00Z", "--yes")
    entry = next(e for e in owner_entries(punch) if e.description == "Draft")
    tags = list(entry.tag_ids)
    result = punch("edit", entry.id, "--to", "2026-11-18T10:30:00Z", "-m", "Final", "--yes")
    assert result.exit_code == 0, result.output
    assert entry.description == "Final" and entry.end - entry.start == 90 * 60
    assert entry.tag_ids == tags and entry.project_id == project_named(punch, "Website Redesign")["id"]
    assert punch("delete", entry.id, "--yes").exit_code == 0
    assert entry.id not in punch.h.ws().entries


def test_continue_restarts_the_last_entry(punch):
    last = next(e for e in owner_entries(punch) if e.end is not None)
    assert punch("continue", "--yes").exit_code == 0
    [now] = running_of(punch)
    assert (now.description, now.project_id, now.task_id) == (last.description, last.project_id, last.task_id)


def test_entries_formats_and_totals(punch):
    table = punch("entries", "--from", "2026-11-01", "--to", "2026-11-20")
    assert table.exit_code == 0, table.output
    assert table.output.strip().splitlines()[-1].startswith("total ")
    raw = punch("entries", "--from", "2026-11-01", "--to", "2026-11-20", "--format", "json")
    rows = json.loads(raw.output)
    assert rows and {"id", "timeInterval", "projectId", "hourlyRate"} <= set(rows[0])
    owner = punch.h.user_id("owner")
    expected = [e.id for e in owner_entries(punch)
                if datetime(2026, 11, 1, tzinfo=UTC).timestamp() <= e.start < datetime(2026, 11, 21, tzinfo=UTC).timestamp()]
    assert [r["id"] for r in rows] == expected and all(r["userId"] == owner for r in rows)
    csv_out = punch("entries", "--from", "2026-11-01", "--to", "2026-11-20", "--format", "csv").output
    assert csv_out.splitlines()[0].startswith("ID,Start,End,Time") and "total" not in csv_out
    ids = punch("entries", "--from", "2026-11-01", "--to", "2026-11-20", "-o", "ids").output.split()
    assert ids == expected
    lines = punch("entries", "--from", "2026-11-01", "--to", "2026-11-20", "-o", "jsonl").output.splitlines()
    assert [json.loads(line)["id"] for line in lines] == expected


def test_entries_of_another_user_by_name_and_member_is_told_the_role(punch):
    member = punch.h.backend.state.users[punch.h.user_id("member")]
    result = punch("entries", "--from", "2026-11-01", "--to", "2026-11-20", "-u", member["email"], "-o", "json")
    assert {r["userId"] for r in json.loads(result.output)} == {member["id"]}
    denied = punch("entries", "--from", "2026-11-01", "--to", "2026-11-20", "-u", "Ada",
                   env={"CLOCKIFY_API_KEY": punch.h.key("member")})
    assert "admin or owner" in one_line_error(denied, 5)


@pytest.mark.parametrize("args,field", [
    (["start", "x", "-p", "zebra", "--yes"], "no project named 'zebra'"),
    (["start", "x", "-p", "in", "--yes"], "ambiguous"),
    (["log", "x", "--from", "10:00", "--to", "9:00", "--yes"], "--to"),
    (["log", "x", "-d", "1h3x", "--yes"], "--duration"),
    (["start", "x", "--at", "teatime", "--yes"], "not a time"),
    (["entries", "--range", "fortnight"], "unknown range"),
    (["entries", "--format", "yaml"], "--format"),
])
def test_bad_input_is_one_line_exit_2_and_writes_nothing(punch, args, field):
    before = len(punch.h.ws().entries)
    assert field in one_line_error(punch(*args), 2)
    assert len(punch.h.ws().entries) == before


def test_no_key_wrong_key_and_no_network(punch, monkeypatch):
    monkeypatch.delenv("CLOCKIFY_API_KEY")
    assert "punch login" in one_line_error(punch("status"), 3)
    assert "API key" in one_line_error(punch("status", env={"CLOCKIFY_API_KEY": "wrong"}), 4)
    refused = punch("status", env={"CLOCKIFY_API_KEY": "k", "CLOCKIFY_BASE_URL": "http://127.0.0.1:9/api/v1"})
    assert "cannot connect" in one_line_error(refused, 8)


def test_writes_ask_first_dry_run_and_cancel(punch):
    before = len(punch.h.ws().entries)
    assert "would start 'x'" in punch("start", "x", "--dry-run").output
    refused = punch("start", "x")  # the runner's stdin is not a terminal
    assert "--yes" in one_line_error(refused, 2)
    assert len(punch.h.ws().entries) == before
    started = punch("start", "x", env={"PUNCH_YES": "1"})
    assert started.exit_code == 0 and len(punch.h.ws().entries) == before + 1


def test_login_stores_a_private_profile_then_works_without_env(punch, monkeypatch, tmp_path):
    config = tmp_path / "config.toml"
    monkeypatch.setenv("PUNCHCLOCK_CONFIG", str(config))
    monkeypatch.delenv("CLOCKIFY_API_KEY")
    base = f"{punch.base}/api/v1"
    monkeypatch.delenv("CLOCKIFY_BASE_URL")
    result = punch("--profile", "work", "login", "--base-url", base, input=punch.h.key("admin") + "\n")
    assert result.exit_code == 0, result.output
    assert punch.h.key("admin") not in result.output
    assert oct(config.stat().st_mode & 0o777) == "0o600"
    who = punch("--profile", "work", "whoami")
    admin = punch.h.backend.state.users[punch.h.user_id("admin")]
    assert who.exit_code == 0 and admin["name"] in who.output
    shown = punch("--profile", "work", "config", "show").output
    assert punch.h.key("admin") not in shown and punch.h.key("admin")[-4:] in shown
    bad = punch("login", "--key", "nope", "--base-url", base)
    one_line_error(bad, 4)
