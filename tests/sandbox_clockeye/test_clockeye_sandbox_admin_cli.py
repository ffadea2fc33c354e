"""The core's admin endpoints, faults and statistics work for ClockEye; ``punch sandbox --provider
clockeye`` prints how to reach it and refuses bad options in one line."""

from __future__ import annotations

import httpx
import pytest
from typer.testing import CliRunner

from clockeye_sandbox import make_sandbox
from conftest import exported, served_sandbox
from punchclock.cli import app as punch


@pytest.fixture
def sandbox():
    return make_sandbox(entries=50)


def test_stats_count_by_route_template(sandbox):
    with sandbox.client() as owner:
        entry_id = owner.get("/time-entries").json()["data"][0]["id"]
        owner.get(f"/time-entries/{entry_id}")
        owner.get("/time-entries/te_0000000000")
    with sandbox.admin() as admin:
        stats = admin.get("/stats").json()
    assert stats["total"] == 3
    assert stats["by_route"] == {"GET /v1/time-entries": 1, "GET /v1/time-entries/{entryId}": 2}
    assert stats["by_status"] == {"200": 2, "404": 1}


def test_injected_errors_answer_server_error_before_any_write(sandbox):
    before = len(sandbox.backend.state.entries)
    with sandbox.admin() as admin:
        assert admin.post("/faults", json={"error_rate": 1.0, "error_statuses": [503]}).status_code == 200
    with sandbox.client() as owner:
        resp = owner.post("/time-entries", json={"description": "x", "start_time": "2026-11-18T10:00:00Z"})
    assert resp.status_code == 503 and resp.json()["error"]["code"] == "server_error"
    assert len(sandbox.backend.state.entries) == before
    with sandbox.admin() as admin:
        admin.post("/faults", json={})
    with sandbox.client() as owner:
        assert owner.get("/users/me").status_code == 200


def test_a_dropped_connection_happens_after_the_write(sandbox):
    before = len(sandbox.backend.state.entries)
    with sandbox.admin() as admin:
        admin.post("/faults", json={"drop_rate": 1.0})
    with sandbox.client() as owner, pytest.raises(httpx.RemoteProtocolError):
        owner.post("/time-entries", json={"description": "x", "start_time": "2026-11-18T10:00:00Z",
                                          "end_time": "2026-11-18T11:00:00Z"})
    assert len(sandbox.backend.state.entries) == before + 1


def test_info_lists_users_and_counts_without_keys(sandbox):
    with sandbox.admin() as admin:
        info = admin.get("/info")
    assert [u["role"] for u in info.json()["users"]] == ["owner", "admin", "member", "member"]
    assert info.json()["entries"] == len(sandbox.backend.state.entries)
    assert sandbox.key("owner") not in info.text


def test_punch_sandbox_provider_clockeye_prints_its_settings_and_serves_them():
    with served_sandbox("--provider", "clockeye", "--port", "0", "--entries", "40", "--users", "3",
                        "--hourly-budget", "7") as lines:
        settings = exported(lines, "CLOCKEYE_")
        assert set(settings) == {"CLOCKEYE_BASE_URL", "CLOCKEYE_API_KEY"}
        assert settings["CLOCKEYE_BASE_URL"].endswith("/v1")
        headers = {"Authorization": f"Bearer {settings['CLOCKEYE_API_KEY']}"}
        resp = httpx.get(settings["CLOCKEYE_BASE_URL"] + "/users/me", headers=headers)
        assert resp.status_code == 200 and resp.json()["data"]["role"] == "owner"
        assert (resp.headers["X-RateLimit-Limit"], resp.headers["X-RateLimit-Remaining"]) == ("7", "6")


@pytest.mark.parametrize("args, reason", [
    (["--rate-limit", "-1"], "--rate-limit must be >= 0"),
    (["--hourly-budget", "0"], "--hourly-budget must be a positive number"),
    (["--plan", "free", "--hourly-budget", "0"], "--hourly-budget must be a positive number"),
    (["--entries", "-5"], "--entries must be >= 0"),
    (["--retry-after", "-3"], "--retry-after must be >= 0"),
    (["--port", "70000"], "--port must be between 0 and 65535"),
    (["--provider", "toggl"], "--provider must be one of clockify, clockeye"),
    (["--provider", "clockeye", "--plan", "free"], "--plan applies to --provider clockify only"),
    (["--provider", "clockeye", "--error-style", "loud"], "--error-style must be 'nested' or 'flat'"),
])
def test_bad_startup_options_exit_2_with_one_line(args, reason):
    result = CliRunner().invoke(punch, ["sandbox", *args])
    assert result.exit_code == 2
    assert result.output.startswith(f"error: {reason}") and result.output.count("\n") == 1
    assert "Traceback" not in result.output
