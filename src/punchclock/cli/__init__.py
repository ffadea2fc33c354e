"""The ``punch`` command. Sub-commands live in their own modules and import their work lazily."""

from __future__ import annotations

import sys

from punchclock.cli import interrupts

interrupts.install()  # first: Ctrl+C while the rest loads ends quietly with 130

import typer  # noqa: E402

from punchclock.cli import changes, listing, manage, report, sandbox, sessions, setup, sync, track, web  # noqa: E402
from punchclock.cli.common import STATE, OneLineErrors  # noqa: E402

app = typer.Typer(
    name="punch",
    help="Get time-tracking data in and out of Clockify and ClockEye.\n\nExample: punch start \"Write report\" -p acme",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    cls=OneLineErrors,
)
for sub in (setup.app, track.app, changes.app, listing.app):
    for info in sub.registered_commands:
        app.registered_commands.append(info)
app.add_typer(setup.config_app, name="config")
app.add_typer(setup.workspaces_app, name="workspaces")
for _name, _group in manage.groups().items():
    app.add_typer(_group, name=_name)
app.command("sandbox")(sandbox.sandbox)
app.add_typer(sessions.app, name="sessions")
app.registered_commands.extend(sync.app.registered_commands)
app.add_typer(report.app, name="report")
app.registered_commands.extend(web.app.registered_commands)


@app.callback()
def _root(profile: str = typer.Option(None, "--profile", "-P", envvar="PUNCHCLOCK_PROFILE",
                                      help="Config profile to use.", autocompletion=setup.complete_profiles),
          workspace: str = typer.Option(None, "--workspace", "-w", help="Workspace name or id (overrides the profile).",
                                        autocompletion=setup.complete_workspaces),
          tz: str = typer.Option(None, "--tz", help="Time zone for times you type and see (default: this machine's)."),
          provider: str = typer.Option(None, "--provider", envvar="PUNCH_PROVIDER",
                                       help="Time tracker: clockify or clockeye (default: the profile's, else clockify)."),
          version: bool = typer.Option(False, "--version", is_eager=True, callback=setup.print_version,
                                       help="Print punch's version and exit."),
          budget: int = typer.Option(None, "--budget", metavar="N",
                                     help="Requests per hour the plan allows (a free Clockify workspace: 30); "
                                          "work that cannot fit is refused up front. Default: the profile's.")
          ) -> None:
    """Get time-tracking data in and out of Clockify and ClockEye."""
    STATE.profile, STATE.workspace, STATE.tz, STATE.provider_name = profile, workspace, tz, provider
    STATE.budget, STATE._ledger = budget, None
    STATE._provider = None


def main() -> None:
    """Entry point of the ``punch`` console script."""
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("\ninterrupted\n")
        sys.exit(130)
