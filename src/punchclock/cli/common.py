"""What every command shares: global options, the provider, the clock, confirmation of writes, errors.

``PUNCH_NOW`` (an ISO timestamp) pins the clock every command reads through :meth:`State.now`;
it exists for tests and demos, so that times like ``23:55`` can be tried just after midnight.
"""

from __future__ import annotations

import functools
import os
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Callable

import typer
from typer._click import exceptions as click_errors  # typer vendors click: its usage errors live here
from typer.core import TyperGroup

from punchclock.cli.errors import Cancelled, exit_code, message


@dataclass
class State:
    """Global options of one ``punch`` invocation."""

    profile: str | None = None
    workspace: str | None = None
    tz: str | None = None
    provider_name: str | None = None
    budget: int | None = None
    _provider: object = field(default=None, repr=False)
    _ledger: object = field(default=None, repr=False)

    def provider(self):
        """The provider for these options (its workspace defaults to the user's active one).

        A profile named with ``--profile`` must exist; ``--workspace`` may be a name or an id and
        must be one of the user's workspaces (else a configuration error, exit 3).
        """
        if self._provider is None:
            from punchclock.providers.registry import open_provider

            self._check_profile()
            self._check_urls()
            provider = open_provider(self.profile, provider=self.provider_name, workspace=self.workspace,
                                     budget=self._checked_budget())
            if self.workspace:
                self._use_workspace(provider)
            self._ledger = RunBudget.open(provider)
            self._provider = provider
        return self._provider

    def _checked_budget(self) -> int | None:
        from punchclock.errors import InvalidInput

        if self.budget is not None and self.budget < 1:
            raise InvalidInput("--budget", f"must be 1 or more requests per hour, not {self.budget}")
        return self.budget

    def settle_budget(self, failure: BaseException | None) -> str | None:
        """At the end of a command: remember the requests spent under a budget, and a free plan a 429
        revealed, so the next run budgets up front. Returns what to tell the user, or None."""
        if self._ledger is None:
            return None
        try:
            return self._ledger.settle(failure)
        except OSError as exc:
            return f"cannot write {self._ledger.ledger.path}: {exc.strerror}"

    def _check_profile(self) -> None:
        from punchclock.config import config_path, read_config
        from punchclock.errors import ConfigError

        name = self.profile or os.environ.get("PUNCHCLOCK_PROFILE")
        if not name:
            return
        path = config_path()
        known = sorted((read_config(path).get("profiles") or {}))
        if name not in known:
            raise ConfigError(f"no profile {name!r} in {path} (known: {', '.join(known) or 'none'}); "
                              f"create it with `punch --profile {name} login`")

    def _check_urls(self) -> None:
        """A base URL that is not http(s)://host is a configuration error (exit 3), not a network one."""
        from urllib.parse import urlsplit

        from punchclock.config import load_profile
        from punchclock.errors import ConfigError
        from punchclock.timeutil import short

        profile = load_profile(self.profile, provider=self.provider_name)
        for name in ("base_url", *profile.extra):
            value = profile.get(name)
            if name.endswith("_url") and value:
                parts = urlsplit(str(value))
                if parts.scheme not in ("http", "https") or not parts.netloc:
                    raise ConfigError(f"{name} {short(value, 60)} is not an http(s) URL; fix the profile or the "
                                      f"environment (`punch config show` says where it comes from)")

    def _use_workspace(self, provider) -> None:
        from punchclock.errors import ConfigError, Unsupported
        from punchclock.resolve import resolve

        try:
            workspaces = provider.workspaces()
        except Unsupported:
            return
        try:
            chosen = resolve(self.workspace, workspaces, "workspace")
        except ValueError as exc:
            raise ConfigError(f"--workspace: {str(exc).split(': ', 1)[-1]}; `punch workspaces list` shows "
                              f"yours") from None
        provider.use_workspace(chosen.id)

    def zone(self):
        """The time zone people's times are read in: ``--tz``, ``PUNCH_TZ``, else this machine's."""
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        from punchclock.errors import InvalidInput
        from punchclock.timeutil import short

        name = self.tz or os.environ.get("PUNCH_TZ")
        if not name:
            return datetime.now().astimezone().tzinfo
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise InvalidInput("--tz", f"unknown time zone {short(name)} (try Europe/Berlin or UTC)") from None

    def now(self) -> datetime:
        """The current time (aware UTC); ``PUNCH_NOW`` pins it, for tests and demos."""
        from punchclock.errors import InvalidInput
        from punchclock.timeutil import parse_instant, short

        pinned = os.environ.get("PUNCH_NOW")
        if not pinned:
            return datetime.now(UTC)
        try:
            return parse_instant(pinned)
        except ValueError:
            raise InvalidInput("PUNCH_NOW", f"must be an ISO timestamp with an offset, not {short(pinned)}") from None


class RunBudget:
    """The request budget of one run, kept in :class:`~punchclock.http.budget_ledger.BudgetLedger` across
    runs: an explicit one (``--budget``, the profile's ``budget``) or a free plan learned from a 429; and
    the key's user id, learned once so that later runs spend no request on it."""

    def __init__(self, client, key: str):
        from punchclock.http.budget_ledger import BudgetLedger

        self.client = client
        self.key = key
        self.ledger = BudgetLedger()
        self.explicit = client.limiter.budget is not None
        self.known_user = None

    @classmethod
    def open(cls, provider) -> "RunBudget | None":
        """The run's budget for ``provider``'s client, its earlier spending counted; None for providers
        whose limiter keeps no request budget (ClockEye's published windows)."""
        from punchclock.http.budget_ledger import ledger_key

        client = getattr(provider, "client", None)
        limiter = getattr(client, "limiter", None)
        if limiter is None or not hasattr(limiter, "budget"):
            return None
        run = cls(client, ledger_key(client.auth.fingerprint, client.base_url, client.workspace_id))
        run._apply(run.ledger.learned(run.key))
        if getattr(client, "user_id", "") is None:
            client.user_id = run.known_user = run.ledger.user(run.key)
        return run

    def _apply(self, learned: int | None) -> None:
        from punchclock.http.limiter import RequestBudget

        limiter = self.client.limiter
        if learned and not self.explicit:
            limiter.budget = RequestBudget(learned, clock=limiter.clock)
        if limiter.budget is not None:
            self.ledger.restore(self.key, limiter.budget)

    def settle(self, failure: BaseException | None) -> str | None:
        """Record what was spent; after 429s that outlast a per-second limit (the server asked for a pause
        over a minute, even on a request the command could do without, or the command failed with 429s
        through every retry and no ``Retry-After``) and no explicit budget, learn the free plan. Returns
        the one thing to tell the user about it the first time, else None."""
        from punchclock.errors import RateLimited
        from punchclock.http.budget_ledger import FREE_PLAN_BUDGET, FREE_PLAN_PAUSE
        from punchclock.http.errors import format_wait

        limiter = self.client.limiter
        note = None
        paused = limiter.delay()
        unsaid = isinstance(failure, RateLimited) and failure.retry_after is None
        if not self.explicit and (paused > FREE_PLAN_PAUSE or unsaid):
            wait = paused if paused > FREE_PLAN_PAUSE else None
            fresh = limiter.budget is None or limiter.budget.limit != FREE_PLAN_BUDGET
            self.ledger.learn_free_plan(self.key, 3600.0 if wait is None else wait)
            limiter.budget = None
            self._apply(FREE_PLAN_BUDGET)
            if fresh:
                when = "within 60 min" if wait is None else f"in {format_wait(wait)}"
                note = (f"this workspace allows about {FREE_PLAN_BUDGET} requests per hour (a free plan); later "
                        f"runs budget for it and refuse up front what cannot fit (the next request fits {when}; "
                        f"`--budget N` overrides)")
        if limiter.budget is not None:
            self.ledger.record(self.key, limiter.budget)
        user = getattr(self.client, "user_id", None)
        if user and user != self.known_user:
            try:
                self.ledger.remember_user(self.key, user)
            except OSError:
                pass  # only a request saved next time: not worth a word when the state file cannot be written
        return note


STATE = State()


class OneLineErrors(TyperGroup):
    """The root group: usage errors and interruptions end as one line and a documented exit code."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        """Run the command; a usage error is ``error: ...`` (exit 2), Ctrl+C anywhere is exit 130."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click_errors.NoArgsIsHelpError as exc:
            exc.show()
            sys.exit(0)
        except click_errors.UsageError as exc:
            where = exc.ctx.command_path if exc.ctx else "punch"
            sys.stderr.write(f"error: {_cut(exc.format_message())} (see `{where} --help`)\n")
            sys.exit(2)
        except click_errors.ClickException as exc:
            sys.stderr.write(f"error: {_cut(exc.format_message())}\n")
            sys.exit(exc.exit_code)
        except (typer.Abort, KeyboardInterrupt):
            sys.stderr.write("\ninterrupted\n")
            sys.exit(130)
        sys.exit(code if isinstance(code, int) else 0)


def _cut(text: str, most: int = 300) -> str:
    line = " ".join(text.split())
    return line if len(line) <= most else line[:most] + "…"


def command(app: typer.Typer, name: str | None = None, **options) -> Callable:
    """Register a command whose errors become one line on stderr and a documented exit code."""

    def register(fn: Callable) -> Callable:
        @functools.wraps(fn)
        def run(*args, **kwargs):
            try:
                result = fn(*args, **kwargs)
            except (typer.Exit, typer.Abort):
                _say(STATE.settle_budget(None))
                raise
            except KeyboardInterrupt:
                sys.stderr.write("\ninterrupted\n")
                raise typer.Exit(130) from None
            except BrokenPipeError:  # the reader (| head) has gone: stop quietly
                sys.stdout = open(os.devnull, "w")
                raise typer.Exit(0) from None
            except Exception as exc:  # every failure is one line and an exit code, never a traceback
                note = STATE.settle_budget(exc)
                if os.environ.get("PUNCH_DEBUG"):
                    _say(note)
                    raise
                sys.stderr.write(message(exc).splitlines()[0] + (f" ({note})" if note else "") + "\n")
                raise typer.Exit(exit_code(exc)) from None
            _say(STATE.settle_budget(None))
            return result

        app.command(name, **options)(run)
        return fn

    return register


def _say(note: str | None) -> None:
    if note:
        sys.stderr.write(f"note: {note}\n")


def confirm(plan: str, *, yes: bool, dry_run: bool, detail: list[str] | tuple = (), default: bool = True) -> bool:
    """Show what a write will do (``plan`` and ``detail`` lines); True to go ahead.

    ``--dry-run`` shows the same and stops; ``--yes`` (or ``PUNCH_YES=1``) skips the question; with
    no terminal to ask on, the write is refused unless ``--yes``. Ctrl+C or end of input at the
    question cancels (exit 10). ``default`` is the answer Enter gives (deletes pass False).
    """
    if dry_run:
        typer.echo(f"dry run, would {plan}")
        for line in detail:
            typer.echo(f"  {line}")
        return False
    if yes or os.environ.get("PUNCH_YES", "").lower() in ("1", "true", "yes"):
        return True
    if not sys.stdin.isatty():
        from punchclock.errors import InvalidInput

        raise InvalidInput("--yes", f"refusing to {plan}: there is no terminal to ask on; pass --yes "
                                    f"(or set PUNCH_YES=1) to go ahead, or --dry-run to look first")
    for line in detail:
        typer.echo(f"  {line}")
    try:
        answer = typer.confirm(f"{plan[0].upper()}{plan[1:]}?", default=default)
    except (typer.Abort, KeyboardInterrupt, EOFError):
        raise Cancelled() from None
    if not answer:
        raise Cancelled()
    return True


FORMAT = typer.Option("table", "--format", "-o", help="Output: table, json, jsonl, csv, md or ids.",
                      autocompletion=lambda incomplete: _starting(("table", "json", "jsonl", "csv", "md", "ids"),
                                                                  incomplete))
YES = typer.Option(False, "--yes", "-y", help="Do it without asking.")
DRY_RUN = typer.Option(False, "--dry-run", help="Show what would be done and stop.")


def _starting(words, incomplete: str) -> list[str]:
    return [w for w in words if w.startswith(incomplete or "")]


def check_format(fmt: str) -> str:
    """Refuse an unknown output format with a clear message."""
    from punchclock.cli.output import FORMATS
    from punchclock.errors import InvalidInput
    from punchclock.timeutil import short

    if fmt not in FORMATS:
        raise InvalidInput("--format", f"must be one of {', '.join(FORMATS)}, not {short(fmt)}")
    return fmt


def quoted(name: str) -> str:
    """A completion candidate a shell takes whole: names with spaces come quoted."""
    return f'"{name}"' if any(ch in name for ch in " '&|;()<>") else name


def complete_names(kind: str) -> Callable[[str], list[str]]:
    """Shell completion of names of a catalog kind (projects, tags...); silent on any failure."""

    def complete(incomplete: str) -> list[str]:
        try:
            from punchclock.catalog import Catalog

            items = getattr(Catalog(STATE.provider()), kind)
            wanted = (incomplete or "").strip("\"'").lower()
            return [quoted(i.name) for i in items if i.name.lower().startswith(wanted)][:50]
        except Exception:  # completion must never fail loudly
            return []

    return complete
