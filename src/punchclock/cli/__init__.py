"""The ``punch`` command. Sub-commands live in their own modules and import their work lazily."""

from __future__ import annotations

import typer

from punchclock.cli import sandbox

app = typer.Typer(
    name="punch",
    help="Get time-tracking data in and out of Clockify.\n\nExample: punch sandbox --entries 20000",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
)
app.command("sandbox")(sandbox.sandbox)


@app.callback()
def _root() -> None:
    """Get time-tracking data in and out of Clockify."""


def main() -> None:
    """Entry point of the ``punch`` console script."""
    app()
