"""Start-up: a run of ``punch`` builds only the command it invokes, yet its help, its list of commands
and its "did you mean" are those of the whole tree, and it loads nothing it does not use."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import typer.main

from conftest import make_harness
from punchclock.cli import app
from punchclock.cli.tree import COMMANDS, root
from punchclock.sandbox.core.server import running


def pages(command, path: list[str]):
    """``(path, help page)`` of ``command`` and of every command under it."""
    ctx = command.context_class(command, info_name=" ".join(path))
    yield " ".join(path), command.get_help(ctx)
    for name in command.list_commands(ctx) if hasattr(command, "list_commands") else ():
        yield from pages(command.get_command(ctx, name), path + [name])


def test_the_index_of_commands_is_the_whole_tree_in_help_order():
    whole = typer.main.get_command(app)
    assert list(whole.commands) == list(COMMANDS)


def test_every_help_page_of_a_run_is_the_whole_tree_s(monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    assert dict(pages(root(), ["punch"])) == dict(pages(typer.main.get_command(app), ["punch"]))


def run(group, *args: str, capsys) -> tuple[int, str]:
    """Exit status and stderr of the root group ``group`` run with ``args``."""
    with pytest.raises(SystemExit) as done:
        group.main(list(args), prog_name="punch")
    return done.value.code, capsys.readouterr().err


def test_a_run_builds_only_the_command_it_invokes(capsys):
    group = root()
    code, said = run(group, "sandbox", "--plan", "gold", capsys=capsys)
    assert code == 2 and "--plan" in said
    assert set(group.commands.built) == {"sandbox"}


def test_a_mistyped_command_is_matched_against_every_command(capsys):
    code, said = run(root(), "webhoks", capsys=capsys)
    assert code == 2 and "Did you mean 'webhooks', 'web'?" in said


def test_punch_status_loads_no_other_command_nor_httpx_s_command_line(tmp_path):
    """In a process of its own, as a user runs it, against a sandbox on a socket (``python -v`` lists
    every module it loads): nor pydantic, as it reads plain JSON (and Typer needs no adapter)."""
    h = make_harness(entries=20)
    with running(h.app) as base:
        env = {**os.environ, "CLOCKIFY_API_KEY": h.key("owner"), "CLOCKIFY_BASE_URL": f"{base}/api/v1",
               "CLOCKIFY_WORKSPACE_ID": h.ws_id, "PUNCHCLOCK_CONFIG": str(tmp_path / "none.toml"), "PUNCH_TZ": "UTC"}
        done = subprocess.run([sys.executable, "-v", "-m", "punchclock", "status"], env=env,
                              capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout == "no timer is running\n", done.stdout
    modules = {line.split("'")[1] for line in done.stderr.splitlines() if line.startswith("import '")}
    assert {"punchclock.cli.track", "httpx"} <= modules
    unused = {f"punchclock.cli.{part}" for part in COMMANDS.values()} - {"punchclock.cli.track", "punchclock.cli.setup"}
    assert not modules & (unused | {"httpx._main", "rich", "pygments", "typer._adapters", "pydantic"}), \
        sorted(modules & (unused | {"httpx._main", "rich", "pygments", "typer._adapters", "pydantic"}))


def test_a_command_that_only_prints_ends_without_python_s_teardown(tmp_path):
    """``punch status`` ends at once (an exit handler of Python's never runs) with its exit status; ``--help``,
    which builds every command, ends as usual."""
    probe = ("import atexit, sys\natexit.register(lambda: print('teardown'))\nsys.argv = ['punch', *sys.argv[1:]]\n"
             "from punchclock.cli import main\nmain()\n")
    h = make_harness(entries=20)
    with running(h.app) as base:
        env = {**os.environ, "CLOCKIFY_API_KEY": h.key("owner"), "CLOCKIFY_BASE_URL": f"{base}/api/v1",
               "CLOCKIFY_WORKSPACE_ID": h.ws_id, "PUNCHCLOCK_CONFIG": str(tmp_path / "none.toml"), "PUNCH_TZ": "UTC"}
        stop = subprocess.run([sys.executable, "-c", probe, "stop"], env=env, capture_output=True, text=True, timeout=60)
        helped = subprocess.run([sys.executable, "-c", probe, "--help"], env=env, capture_output=True, text=True,
                                timeout=60)
    assert (stop.returncode, stop.stdout, stop.stderr) == (6, "", "error: no timer is running\n")
    assert helped.returncode == 0 and helped.stdout.endswith("teardown\n")


def test_options_convert_as_typer_s_own_even_when_no_adapter_is_built(punch, monkeypatch):
    """Typer's pydantic adapters are built only for a value that needs converting (``--budget 5`` from a
    string); a bad one gets Typer's own message; a value of the plain type passes as it is."""
    from punchclock.cli import coercion

    coercion.install()
    assert punch("--budget", "5", "status").exit_code == 0
    bad = punch("--budget", "abc", "status")
    assert bad.exit_code == 2
    assert "Invalid value for '--budget': Input should be a valid integer" in bad.stderr, bad.stderr
    assert punch("--tz", "Asia/Tokyo", "status").exit_code == 0


def test_a_listing_reads_plain_json_without_loading_pydantic(tmp_path):
    """`punch entries` turns the server's JSON straight into rows: neither the typed client's models nor
    pydantic load (they cost about 0.15 s of start-up); a first run also learns whose key it is that way."""
    h = make_harness(entries=20)
    with running(h.app) as base:
        env = {**os.environ, "CLOCKIFY_API_KEY": h.key("owner"), "CLOCKIFY_BASE_URL": f"{base}/api/v1",
               "CLOCKIFY_WORKSPACE_ID": h.ws_id, "PUNCHCLOCK_CONFIG": str(tmp_path / "none.toml"), "PUNCH_TZ": "UTC"}
        done = subprocess.run([sys.executable, "-v", "-m", "punchclock", "entries", "-r", "this-year", "-o", "csv"],
                              env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.count("\n") > 1, done.stdout
    modules = {line.split("'")[1] for line in done.stderr.splitlines() if line.startswith("import '")}
    assert "punchclock.cli.listing" in modules
    assert not modules & {"pydantic", "punchclock.providers.clockify.models.core"}
