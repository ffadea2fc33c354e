"""The ``punch`` command. Sub-commands live in their own modules and import their work lazily."""

from __future__ import annotations

import typer

from punchclock.cli import manage, sandbox, setup, track
from punchclock.cli.common import STATE

app = typer.Typer(
    name="punch",
    help="Get time-tracking data in and out of Clockify and ClockEye.\n\nExample: punch start \"Write report\" -p acme",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
for sub in (setup.app, track.app):
    for info in sub.registered_commands:
        app.registered_commands.append(info)
app.add_typer(setup.config_app, name="config")
for _name, _group in manage.groups().items():
    app.add_typer(_group, name=_name)
app.command("sandbox")(sandbox.sandbox)


@app.callback()
def _root(profile: str = typer.Option(None, "--profile", "-P", envvar="PUNCHCLOCK_PROFILE",
                                      help="Config profile to use."),
          workspace: str = typer.Option(None, "--workspace", "-w", help="Workspace id (overrides the profile)."),
          tz: str = typer.Option(None, "--tz", help="Time zone for times you type and see (default: this machine's)."),
          provider: str = typer.Option(None, "--provider", envvar="PUNCH_PROVIDER",
                                       help="Time tracker: clockify or clockeye (default: the profile's, else clockify).")
          ) -> None:
    """Get time-tracking data in and out of Clockify and ClockEye."""
    STATE.profile, STATE.workspace, STATE.tz, STATE.provider_name = profile, workspace, tz, provider
    STATE._provider = None


def main() -> None:
    """Entry point of the ``punch`` console script."""
    app()
