"""Every command explains itself with an example."""

from __future__ import annotations

import typer.main

from punchclock.cli import app


def walk(command, prefix: str = "punch"):
    yield prefix, command
    if getattr(command, "commands", None):
        for name, sub in command.commands.items():
            yield from walk(sub, f"{prefix} {name}")


def test_every_command_has_help_with_an_example():
    root = typer.main.get_command(app)
    missing = [name for name, cmd in walk(root)
               if not cmd.help or "Example:" not in cmd.help or "Example: punch" not in cmd.help]
    assert not missing, f"commands without help and an example: {missing}"


def test_docs_cli_md_is_generated_from_the_app(monkeypatch):
    from pathlib import Path

    from punchclock.cli.docs import markdown

    monkeypatch.setenv("COLUMNS", "100")
    committed = (Path(__file__).resolve().parents[2] / "docs" / "cli.md").read_text(encoding="utf-8")
    assert committed == markdown(), "docs/cli.md is stale: run `COLUMNS=100 python -m punchclock.cli.docs > docs/cli.md`"
