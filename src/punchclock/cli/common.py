"""What every command shares: global options, the client, confirmation of writes, error handling."""

from __future__ import annotations

import functools
import os
import sys
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable

import typer

from punchclock.cli.errors import Cancelled, report


@dataclass
class State:
    """Global options of one ``punch`` invocation."""

    profile: str | None = None
    workspace: str | None = None
    tz: str | None = None
    provider_name: str | None = None
    _provider: object = field(default=None, repr=False)

    def provider(self):
        """The provider for these options (its workspace defaults to the user's active one)."""
        if self._provider is None:
            from punchclock.providers.registry import open_provider

            self._provider = open_provider(self.profile, provider=self.provider_name, workspace=self.workspace)
        return self._provider

    def zone(self):
        """The time zone people's times are read in: ``--tz``, ``PUNCH_TZ``, else this machine's."""
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        from punchclock.errors import InvalidInput

        name = self.tz or os.environ.get("PUNCH_TZ")
        if not name:
            return datetime.now().astimezone().tzinfo
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise InvalidInput("tz", f"unknown time zone {name!r} (try Europe/Berlin or UTC)") from None


STATE = State()


def command(app: typer.Typer, name: str | None = None, **options) -> Callable:
    """Register a command whose errors become one line on stderr and a documented exit code."""

    def register(fn: Callable) -> Callable:
        @functools.wraps(fn)
        def run(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except (typer.Exit, typer.Abort):
                raise
            except KeyboardInterrupt:
                sys.stderr.write("interrupted\n")
                raise typer.Exit(130) from None
            except BrokenPipeError:  # the reader (| head) has gone: stop quietly
                sys.stdout = open(os.devnull, "w")
                raise typer.Exit(0) from None
            except Exception as exc:  # every failure is one line and an exit code, never a traceback
                if os.environ.get("PUNCH_DEBUG"):
                    raise
                raise typer.Exit(report(exc)) from None

        app.command(name, **options)(run)
        return fn

    return register


def confirm(plan: str, *, yes: bool, dry_run: bool) -> bool:
    """Show what a write will do; True to go ahead. ``--dry-run`` stops here, ``--yes`` skips the question."""
    if dry_run:
        typer.echo(f"dry run, would {plan}")
        return False
    if yes or os.environ.get("PUNCH_YES", "").lower() in ("1", "true", "yes"):
        return True
    if not sys.stdin.isatty():
        from punchclock.errors import InvalidInput

        raise InvalidInput("--yes", f"refusing to {plan} without confirmation; pass --yes (or set PUNCH_YES=1)")
    if not typer.confirm(f"{plan[0].upper()}{plan[1:]}?", default=True):
        raise Cancelled()
    return True


FORMAT = typer.Option("table", "--format", "-o", help="Output: table, json, jsonl, csv, md or ids.")
YES = typer.Option(False, "--yes", "-y", help="Do it without asking.")
DRY_RUN = typer.Option(False, "--dry-run", help="Show what would be done and stop.")


def check_format(fmt: str) -> str:
    """Refuse an unknown output format with a clear message."""
    from punchclock.cli.output import FORMATS
    from punchclock.errors import InvalidInput

    if fmt not in FORMATS:
        raise InvalidInput("--format", f"must be one of {', '.join(FORMATS)}, not {fmt!r}")
    return fmt


def complete_names(kind: str) -> Callable[[str], list[str]]:
    """Shell completion of names of a catalog kind (projects, tags...); silent on any failure."""

    def complete(incomplete: str) -> list[str]:
        try:
            from punchclock.catalog import Catalog

            items = getattr(Catalog(STATE.provider()), kind)
            return [i.name for i in items if i.name.lower().startswith(incomplete.lower())][:50]
        except Exception:  # completion must never fail loudly
            return []

    return complete
