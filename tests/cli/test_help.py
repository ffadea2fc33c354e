"""Every command explains itself with an example."""

from __future__ import annotations

import click
import typer.main

from punchclock.cli import app


def walk(command: click.Command, prefix: str = "punch"):
    yield prefix, command
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            yield from walk(sub, f"{prefix} {name}")


def test_every_command_has_help_with_an_example():
    root = typer.main.get_command(app)
    missing = [name for name, cmd in walk(root)
               if not cmd.help or "Example:" not in cmd.help or "Example: punch" not in cmd.help]
    assert not missing, f"commands without help and an example: {missing}"
