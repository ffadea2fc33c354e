"""Generate ``docs/cli.md`` from the command tree: ``python -m punchclock.cli.docs > docs/cli.md``."""

from __future__ import annotations

import typer.main


def _walk(command, path: list[str]):
    yield path, command
    if getattr(command, "commands", None):
        for name in sorted(command.commands):
            yield from _walk(command.commands[name], path + [name])


def markdown() -> str:
    """The reference of every ``punch`` command: usage, help text and options."""
    from punchclock.cli import app
    from punchclock.cli.errors import __doc__ as exit_codes

    root = typer.main.get_command(app)
    out = ["# `punch` command reference", "", "Generated from the command tree by `python -m punchclock.cli.docs`.", ""]
    for path, command in _walk(root, ["punch"]):
        ctx = command.context_class(command, info_name=" ".join(path))
        out += [f"## `{' '.join(path)}`", "", "```", command.get_help(ctx).rstrip(), "```", ""]
    out += ["## Exit codes", "", exit_codes.split("\n\n", 1)[1].strip(), ""]
    return "\n".join(out)


if __name__ == "__main__":
    print(markdown(), end="")
