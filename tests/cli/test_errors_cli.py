"""Errors say what to do in one line with the documented exit code; a low rate limit means waiting."""

from __future__ import annotations

import httpx
import pytest

from punchclock.http.auth import fingerprint
from punchclock.http.limiter import AdaptiveLimiter, forget_limiters, shared_limiter
from punchclock.providers.clockify.client import START_BURST
from punchclock.sandbox.core.clock import SimulatedClock


def one_line(result, code: int) -> str:
    assert result.exit_code == code, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:") and "Traceback" not in result.output, result.output
    return lines[0]


@pytest.mark.parametrize("args,words", [
    (["start", "--bogus"], "No such option: --bogus"),
    (["entries", "--from"], "requires an argument"),
    (["nosuchcommand"], "No such command"),
    (["tags", "create", "x", "--client", "Acme"], "No such option: --client"),
])
def test_usage_errors_are_one_line_exit_2(punch, args, words):
    line = one_line(punch(*args), 2)
    assert words in line and "--help" in line


def test_unknown_profile_and_bad_base_url_are_configuration_errors(punch):
    assert "no profile 'nope'" in one_line(punch("--profile", "nope", "status"), 3)
    for url in ("not a url", "ftp://example.org/api"):
        assert "not an http(s) URL" in one_line(punch("status", env={"CLOCKIFY_BASE_URL": url}), 3)


def test_unknown_workspace_is_exit_3_and_a_name_works(punch):
    assert "no workspace named 'Nowhere'" in one_line(punch("-w", "Nowhere", "status"), 3)
    assert punch("-w", "northwind", "status").exit_code == 0


def test_an_entry_of_another_workspace_is_no_such_entry(punch):
    made = punch("-w", "ada", "log", "Elsewhere", "--from", "9:00", "-d", "1h", "--date", "2026-11-18", "--yes")
    assert made.exit_code == 0, made.output
    other = next(e for ws_id, ws in punch.h.backend.state.workspaces.items() if ws_id != punch.h.ws_id
                 for e in ws.entries.values())
    assert f"no entry '{other.id}' in this workspace" in one_line(punch("delete", other.id, "--yes"), 6)


def test_an_echoed_bad_value_is_cut_short(punch):
    line = one_line(punch("start", "x", "--at", "y" * 5000, "--yes"), 2)
    assert len(line) < 250 and "…" in line


def test_a_long_retry_after_says_when_to_try_again(punch):
    httpx.post(f"{punch.base}/__sandbox__/limits", json={"per_key_rate": 0.001, "retry_after": 3600})
    assert "try again in 60 min" in one_line(punch("status"), 7)


def test_a_working_day_against_one_request_per_second_all_succeeds(punch):
    clock = SimulatedClock()
    punch.h.app.limiter.clock = clock
    httpx.post(f"{punch.base}/__sandbox__/limits", json={"per_key_rate": 1})
    day = [["status"], ["start", "Standup", "-p", "website", "--at", "9:00", "--yes"],
           ["switch", "Code review", "-p", "mobile", "--at", "9:20", "--yes"], ["status"],
           ["stop", "--at", "11:00", "--yes"], ["log", "Lunch call", "--from", "12:00", "-d", "30m", "--yes"],
           ["start", "Write report", "--at", "13:00", "--yes"], ["stop", "--at", "17:00", "--yes"],
           ["today"], ["edit", "^1", "-m", "Report", "--yes"], ["entries", "--range", "this-week", "-o", "csv"],
           ["delete", "^2", "--yes"], ["workspaces", "list"], ["projects", "list"]]
    for args in day:
        forget_limiters()  # each command is a new process with a fresh limiter, on the simulated clock
        fresh = AdaptiveLimiter(10.0, max_rate=50.0, burst=START_BURST, clock=clock, sleep=clock.sleep)  # Clockify()'s
        for workspace in (None, punch.h.ws_id):
            shared_limiter(fingerprint(punch.h.key("owner")), workspace, lambda: fresh)
        result = punch(*args, env={"PUNCH_NOW": "2026-11-20T18:00:00Z"})
        assert result.exit_code == 0, (args, result.output)
    assert punch.h.app.stats.snapshot()["by_status"].get("429", 0) > 0  # the limit was really hit
    assert clock.now - 1000.0 > 20  # and waited out, in simulated time

