"""``punch`` on a real pseudo-terminal: questions, their defaults, Ctrl+C at a question and at start-up."""

from __future__ import annotations

import os
import pty
import select
import signal
import sys
from pathlib import Path

import pytest

PUNCH = Path(sys.executable).with_name("punch")  # installed by `make test`; a missing script fails the tests


class Terminal:
    """``punch`` running on a pseudo-terminal it controls (so Ctrl+C there is a real SIGINT)."""

    def __init__(self, punch, *args: str, **extra_env: str):
        env = {**os.environ, **extra_env, "CLOCKIFY_BASE_URL": f"{punch.base}/api/v1", "CLOCKIFY_API_KEY": punch.h.key("owner"),
               "CLOCKIFY_REPORTS_URL": f"{punch.base}/reports/v1", "PUNCH_TZ": "UTC", "COLUMNS": "120"}
        env.pop("PUNCH_YES", None)
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})  # no Ctrl+C reaches the forked test
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: punch, with the terminal as its controlling terminal
            signal.signal(signal.SIGINT, signal.SIG_DFL)  # as a shell starts it
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
            os.execve(str(PUNCH), [str(PUNCH), *args], env)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        self.seen = b""
        self.closed = False

    def expect(self, text: str, limit: float = 30.0) -> str:
        """Read until ``text`` has appeared (or the program ended); returns everything seen."""
        while text.encode() not in self.seen:
            ready, _, _ = select.select([self.fd], [], [], limit)
            if not ready:
                break
            try:
                chunk = os.read(self.fd, 4096)
            except OSError:
                chunk = b""
            if not chunk:
                self.closed = True  # the program has let go of the terminal: it is ending
                break
            self.seen += chunk
        return self.seen.decode(errors="replace")

    def send(self, text: str) -> None:
        os.write(self.fd, text.encode())

    def finish(self) -> int:
        """Read to the end and return the exit status as a shell reports it (130 for death by SIGINT)."""
        self.expect("\0never\0")
        if not self.closed:  # silent for the whole limit and still waiting for something: a failure, not a hang
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            os.close(self.fd)
            raise AssertionError(f"punch did not end; it showed: {self.seen.decode(errors='replace')[-300:]!r}")
        _, status = os.waitpid(self.pid, 0)
        os.close(self.fd)
        return 128 + os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)


NOW = {"PUNCH_NOW": "2026-11-20T18:00:00Z"}  # a Friday evening, UTC (the fixture's zone)


def owner_entries(punch):
    return punch.h.ws().by_user[punch.h.user_id("owner")]


def test_a_question_is_answered_on_the_terminal(punch):
    term = Terminal(punch, "start", "Typed at a terminal", "-p", "website")
    shown = term.expect("[Y/n]")
    assert "project: Website Redesign" in shown and "Start 'Typed at a terminal'" in shown
    term.send("y\r")
    assert term.finish() == 0
    assert [e.description for e in owner_entries(punch) if e.end is None] == ["Typed at a terminal"]


def test_delete_defaults_to_no(punch):
    entry = owner_entries(punch)[0]
    term = Terminal(punch, "delete", entry.id)
    assert "[y/N]" in term.expect("[y/N]")
    term.send("\r")
    assert term.finish() == 10 and "cancelled: nothing was changed" in term.seen.decode()
    assert entry.id in punch.h.ws().entries


def test_ctrl_c_at_a_question_cancels_with_10(punch):
    before = len(punch.h.ws().entries)
    term = Terminal(punch, "log", "x", "-p", "website", "--from", "9:00", "-d", "1h")
    term.expect("[Y/n]")
    term.send("\x03")
    assert term.finish() == 10
    assert "Traceback" not in term.seen.decode() and len(punch.h.ws().entries) == before


def test_ctrl_c_at_the_key_prompt_of_login_cancels_with_10(punch, tmp_path):
    term = Terminal(punch, "login")
    term.expect("API key")
    term.send("\x03")
    assert term.finish() == 10 and "Traceback" not in term.seen.decode()


@pytest.mark.parametrize("moment", ["", " typer.main\r\n", " punchclock.cli.setup\r\n", " punchclock.cli\r\n"])
def test_ctrl_c_during_start_up_is_130_without_a_traceback(punch, moment):
    """Python reports each import as it finishes (-X importtime): Ctrl+C lands before Python runs,
    in the middle of loading punch, or once it has loaded and is parsing and sending its request."""
    term = Terminal(punch, "status", "--format", "json", PYTHONPROFILEIMPORTTIME="1")
    if moment:
        assert moment in term.expect(moment)
    os.kill(term.pid, signal.SIGINT)
    assert term.finish() == 130
    assert "Traceback" not in term.seen.decode()


def test_a_project_left_out_is_picked_from_a_filtered_list_then_its_task(punch):
    term = Terminal(punch, "start", "Picked", "--at", "17:00", **NOW)
    assert "(no project)" in term.expect("Enter to pick")
    term.send("websit")
    assert "> Website Redesign" in term.expect("\x1b[7m> Website Redesign")
    term.send("\r")
    term.expect("task of Website Redesign")
    term.send("develop\r")
    shown = term.expect("[Y/n]")
    assert "project: Website Redesign" in shown and "task: Development" in shown
    term.send("y\r")
    assert term.finish() == 0
    [running] = [e for e in owner_entries(punch) if e.end is None]
    project = punch.h.ws().projects[running.project_id]
    assert (running.description, project["name"]) == ("Picked", "Website Redesign")
    assert punch.h.ws().tasks[running.task_id]["name"] == "Development"


def test_arrows_move_through_the_matches_of_log(punch):
    term = Terminal(punch, "log", "Arrowed", "--from", "9:00", "-d", "1h", **NOW)
    term.expect("Enter to pick")
    term.send("internal")
    term.expect("\x1b[7m> Internal: Admin")
    term.send("\x1b[B")  # down: the second match
    term.expect("\x1b[7m> Internal: Sales")
    term.send("\r")
    shown = term.expect("Enter to pick")  # its tasks, or straight to the question when it has none
    if "task of Internal: Sales" in shown:
        term.send("\r")  # (no task)
    assert "project: Internal: Sales" in term.expect("[Y/n]")
    term.send("\r")
    assert term.finish() == 0
    [entry] = [e for e in owner_entries(punch) if e.description == "Arrowed"]
    assert punch.h.ws().projects[entry.project_id]["name"] == "Internal: Sales" and entry.task_id is None


@pytest.mark.parametrize("key", ["\x1b", "\x03"], ids=["esc", "ctrl-c"])
def test_esc_or_ctrl_c_at_the_picker_cancels_with_10(punch, key):
    before = len(punch.h.ws().entries)
    term = Terminal(punch, "switch", "Never", **NOW)
    term.expect("Enter to pick")
    term.send("web")
    term.expect("\x1b[7m> Website Redesign")
    term.send(key)
    assert term.finish() == 10
    assert "cancelled: nothing was changed" in term.seen.decode() and "Traceback" not in term.seen.decode()
    assert len(punch.h.ws().entries) == before


def test_nothing_is_picked_without_a_terminal_or_with_yes(punch):
    term = Terminal(punch, "start", "No picker", "--yes", **NOW)
    assert term.finish() == 0 and "Enter to pick" not in term.seen.decode()
    result = punch("start", "Piped", "--yes", env=NOW)  # stdin is not a terminal
    assert result.exit_code == 0 and "Enter to pick" not in result.output
    [running] = [e for e in owner_entries(punch) if e.end is None]
    assert (running.description, running.project_id) == ("Piped", None)
