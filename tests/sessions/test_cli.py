"""``punch sessions ...`` end to end against a sandbox on a real socket."""

from __future__ import annotations

from datetime import UTC, datetime

from punchclock.providers.registry import open_provider
from tests.sessions.test_push import T0, scenario

UNTIL = datetime.fromtimestamp(T0 + 10 * 3600, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
SINCE = datetime.fromtimestamp(T0 - 3600, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
RULES = '[mapping]\nfallback_project = "Other"\n\n[[mapping.rule]]\nmatch.path = "/home/dev/projects/*"\nproject = "Spotter"\n'


def setup(punch, tmp_path, monkeypatch, rules: str = RULES):
    for name, value in scenario(tmp_path / "home").items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("PUNCHCLOCK_STATE_DIR", str(tmp_path / "state"))
    (tmp_path / "rules.toml").write_text(rules)
    monkeypatch.setenv("PUNCHCLOCK_SESSIONS_RULES", str(tmp_path / "rules.toml"))
    with open_provider(provider="clockify", base_url=f"{punch.base}/api/v1", api_key=punch.h.key("owner")) as provider:
        for name in ("Spotter", "API", "Other"):
            provider.create("projects", name)


def test_scan_plan_and_a_first_push_that_only_shows_its_plan(punch, tmp_path, monkeypatch):
    setup(punch, tmp_path, monkeypatch)
    scanned = punch("sessions", "scan")
    assert scanned.exit_code == 0, scanned.output
    assert "3 sessions; 3 files read, 0 unchanged" in scanned.output and "spotter-dov" in scanned.output
    planned = punch("--tz", "America/Los_Angeles", "sessions", "plan", "--since", SINCE, "--until", UNTIL)
    assert planned.exit_code == 0, planned.output
    rows = [line.split() for line in planned.output.splitlines()[2:6]]
    assert rows == [["2026-03-10", "Spotter", "1", "0", "0", "0.50"], ["2026-03-11", "API", "1", "0", "0", "0.33"],
                    ["2026-03-11", "Other", "1", "0", "0", "0.08"], ["2026-03-11", "Spotter", "2", "0", "0", "0.33"]]
    assert "5 to create, 0 to update, 0 to delete, 0 unchanged" in planned.output
    first = punch("--tz", "America/Los_Angeles", "sessions", "push", "--since", SINCE, "--until", UNTIL)
    assert first.exit_code == 0 and "first push: nothing was written" in first.output
    pushed = punch("--tz", "America/Los_Angeles", "sessions", "push", "--since", SINCE, "--until", UNTIL, "--yes")
    assert pushed.exit_code == 0 and "5 created" in pushed.output, pushed.output
    again = punch("--tz", "America/Los_Angeles", "sessions", "push", "--since", SINCE, "--until", UNTIL, "--yes")
    assert again.exit_code == 0 and "nothing to do" in again.output and "5 unchanged" in again.output


def test_map_explain_and_a_broken_rules_file(punch, tmp_path, monkeypatch):
    setup(punch, tmp_path, monkeypatch)
    explained = punch("sessions", "map", "--explain", "/home/dev/projects/app")
    assert explained.exit_code == 0
    assert "rule 1 (line 4): path '/home/dev/projects/*' matches '/home/dev/projects/app'" in explained.output
    assert "-> project Spotter" in explained.output
    (tmp_path / "rules.toml").write_text('[[mapping.rule]]\nmatch.path = "/a"\nproject = "{nope}"\n')
    broken = punch("sessions", "plan", "--since", SINCE, "--until", UNTIL)
    assert broken.exit_code == 2
    assert "line 3: rule 1: project uses unknown {nope}" in broken.output
    bad_since = punch("sessions", "plan", "--since", "the day after", "--until", UNTIL)
    assert bad_since.exit_code == 2 and "--since" in bad_since.output


def test_watch_pushes_what_settled_each_round(punch, tmp_path, monkeypatch):
    setup(punch, tmp_path, monkeypatch)
    watched = punch("sessions", "watch", "--every", "0", "--times", "2", "--since", SINCE, "--until", UNTIL)
    assert watched.exit_code == 0, watched.output
    assert watched.output.count("created") == 1 and "4 created" in watched.output  # UTC: no midnight cut


def test_a_workspace_the_key_cannot_write_to_is_one_line_and_writes_nothing(punch, tmp_path, monkeypatch):
    setup(punch, tmp_path, monkeypatch)
    state = punch.h.backend.state
    foreign = next(ws for ws in state.workspaces.values() if ws.id != punch.h.ws_id)
    before = {ws.id: len(ws.entries) for ws in state.workspaces.values()}
    monkeypatch.setenv("CLOCKIFY_API_KEY", punch.h.key("member"))  # the member is not in the owner's other workspace
    refused = punch("-w", foreign.id, "sessions", "push", "--since", SINCE, "--until", UNTIL, "--yes")
    assert refused.exit_code in (3, 5), refused.output  # an unknown workspace (3) or a refusal (5)
    lines = refused.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and "Traceback" not in refused.output
    assert {ws.id: len(ws.entries) for ws in state.workspaces.values()} == before
