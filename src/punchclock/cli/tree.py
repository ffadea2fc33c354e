"""The ``punch`` command tree: built whole for the docs and tests, one command at a time for a run.

Importing every command module and building all of their commands (some 65, each read from its
function's signature) costs a run about 0.1 s, while ``punch status`` needs one command. So
:data:`COMMANDS` names the module of each top-level command, in the order ``punch --help`` lists
them, and the root group of a run (:func:`root`) builds a command only when it is looked up: the one
a run invokes, or all of them for ``--help``, completion and "did you mean". The help text is the
same either way (``tests/cli/test_startup.py`` holds :data:`COMMANDS` and every help page to the
whole tree).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, MutableMapping
from importlib import import_module

import typer
import typer.main

from punchclock.cli import setup
from punchclock.cli.common import STATE, OneLineErrors

#: Top-level command or group -> the module of ``punchclock.cli`` that defines it, in help order
#: (commands first, then groups, as Typer lists them).
COMMANDS = {
    "login": "setup", "whoami": "setup",
    "start": "track", "stop": "track", "cancel": "track", "status": "track", "switch": "track",
    "continue": "track", "clone": "track",
    "log": "changes", "edit": "changes", "delete": "changes",
    "entries": "listing", "today": "listing",
    "sandbox": "sandbox",
    "sync": "sync", "sql": "sync",
    "web": "web",
    "config": "setup", "workspaces": "setup",
    "projects": "manage", "clients": "manage", "tags": "manage", "groups": "manage", "users": "manage",
    "tasks": "manage", "webhooks": "manage",
    "sessions": "sessions",
    "report": "report",
}
PARTS = tuple(dict.fromkeys(COMMANDS.values()))
"""The command modules in the order their commands are registered."""

QUICK_PARTS = ("setup", "track", "changes", "listing", "manage")
"""Modules whose commands only talk to the tracker and print (no local store, server or thread outlives
them), so a run of one may end without Python's teardown (:func:`punchclock.cli.end_now`)."""

SETTINGS = {"rich_markup_mode": None, "pretty_exceptions_enable": False}
"""What the root passes down to every command it builds (plain help text, Python's own tracebacks)."""


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


def make_app(parts: tuple[str, ...] = PARTS) -> typer.Typer:
    """The ``punch`` Typer app with the commands of ``parts`` (all of them by default)."""
    app = typer.Typer(
        name="punch",
        help="Get time-tracking data in and out of Clockify and ClockEye.\n\nExample: punch start \"Write report\" -p acme",
        no_args_is_help=True,
        add_completion=True,
        cls=OneLineErrors,
        **SETTINGS,
    )
    app.callback()(_root)
    for part in parts:
        attach(app, part)
    return app


def attach(app: typer.Typer, part: str, only: str | None = None) -> None:
    """Register the top-level commands and groups of ``punchclock.cli.<part>`` on ``app`` (just the
    one named ``only``, when given)."""
    commands, groups = _contents(part)
    app.registered_commands.extend(info for info in commands if only in (None, _name(info)))
    for name, group in groups.items():
        if only in (None, name):
            app.add_typer(group, name=name)


@functools.cache
def _contents(part: str) -> tuple[list, dict[str, typer.Typer]]:
    """The top-level commands of ``punchclock.cli.<part>`` and its groups by name (read once)."""
    module = import_module(f"punchclock.cli.{part}")
    if part == "manage":
        return [], module.groups()
    if part in ("sessions", "report"):
        return [], {part: module.app}
    if part == "setup":
        return module.app.registered_commands, {"config": module.config_app, "workspaces": module.workspaces_app}
    return module.app.registered_commands, {}


def _name(info) -> str:
    return info.name or typer.main.get_command_name(info.callback.__name__)


def build(name: str):
    """The click command (or group) of the top-level command ``name``, built on its own."""
    part = typer.Typer(**SETTINGS)
    attach(part, COMMANDS[name], only=name)
    return typer.main.get_group(part).commands[name]


class LazyCommands(MutableMapping):
    """The root's commands by name: every name of :data:`COMMANDS` is there, built when first read."""

    def __init__(self):
        self.built: dict = {}

    def __getitem__(self, name: str):
        if name not in self.built:
            if name not in COMMANDS:
                raise KeyError(name)
            self.built[name] = build(name)
        return self.built[name]

    def __setitem__(self, name: str, command) -> None:
        self.built[name] = command

    def __delitem__(self, name: str) -> None:
        raise TypeError("the commands of punch cannot be removed")

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys([*COMMANDS, *self.built]))

    def __len__(self) -> int:
        return len(set(COMMANDS) | set(self.built))


def root():
    """The root group of one run: its global options at once, each command when it is looked up."""
    group = typer.main.get_command(make_app(parts=()))
    group.commands = LazyCommands()
    return group


def ends_quickly(group) -> bool:
    """Whether the run of ``group`` (from :func:`root`) built only commands of :data:`QUICK_PARTS`."""
    built = group.commands.built
    return bool(built) and all(COMMANDS[name] in QUICK_PARTS for name in built)
