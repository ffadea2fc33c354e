"""Set-up: login, whoami, config show, workspaces list/use, --version."""

from __future__ import annotations

import os

import typer

from punchclock.cli.common import FORMAT, STATE, check_format, command

app = typer.Typer()
config_app = typer.Typer(help="Show the settings punch uses.\n\nExample: punch config show", no_args_is_help=True)
workspaces_app = typer.Typer(help="List your workspaces and choose the one commands act on.\n\n"
                                  "Example: punch workspaces use \"Acme Agency\"", no_args_is_help=True)


def print_version(value: bool) -> None:
    """``--version``: print the version and stop."""
    if value:
        from punchclock import __version__

        typer.echo(f"punch (punchclock) {__version__}")
        raise typer.Exit()


def complete_workspaces(incomplete: str) -> list[str]:
    """Shell completion of workspace names; silent on any failure."""
    from punchclock.cli.common import quoted

    try:
        wanted = (incomplete or "").strip("\"'").lower()
        return [quoted(w.name) for w in STATE.provider().workspaces() if w.name.lower().startswith(wanted)]
    except Exception:  # completion must never fail loudly
        return []


def complete_profiles(incomplete: str) -> list[str]:
    """Shell completion of the config file's profile names."""
    try:
        from punchclock.config import config_path, read_config

        return [p for p in (read_config(config_path()).get("profiles") or {}) if p.startswith(incomplete or "")]
    except Exception:  # completion must never fail loudly
        return []


def _profile_name() -> str:
    """The profile commands use: ``--profile``, ``PUNCHCLOCK_PROFILE``, the file's default, else ``default``."""
    from punchclock.config import config_path, read_config

    return (STATE.profile or os.environ.get("PUNCHCLOCK_PROFILE")
            or read_config(config_path()).get("default_profile") or "default")


@command(app, "login")
def login(key: str = typer.Option(None, "--key", help="API key (asked for, hidden, when not given)."),
          base_url: str = typer.Option(None, "--base-url", help="API base URL (default: the provider's, or the "
                                                                "provider's environment variable)."),
          workspace: str = typer.Option(None, "--workspace", "-w", help="Default workspace: name or id "
                                                                        "(default: your active one).")) -> None:
    """Check an API key and save what was checked (key, URLs, workspace) in the profile (file mode 0600).

    Settings in the provider's environment variables (CLOCKIFY_BASE_URL, CLOCKIFY_REPORTS_URL,
    CLOCKIFY_REGION...) are used for the check and saved with it.

    Example: punch login --base-url http://127.0.0.1:8765/api/v1
    """
    from punchclock.cli.errors import Cancelled
    from punchclock.config import DEFAULT_PROVIDER, Profile
    from punchclock.config_file import save_profile
    from punchclock.errors import ConfigError, InvalidInput, Unsupported
    from punchclock.providers.registry import provider_class
    from punchclock.resolve import resolve

    name = STATE.provider_name or DEFAULT_PROVIDER
    kind = provider_class(name)
    if not key:
        try:
            key = typer.prompt(f"{name} API key", hide_input=True)
        except (typer.Abort, KeyboardInterrupt, EOFError):
            raise Cancelled() from None
    if not key or not key.strip():
        raise InvalidInput("--key", "an API key is needed")
    given = {setting: os.environ[var] for setting, var in kind.env.items()
             if os.environ.get(var) and setting != "api_key"}
    base_url = base_url or given.get("base_url")
    _check_url(base_url)
    wanted_ws = workspace or STATE.workspace
    extra = {k: v for k, v in given.items() if k in kind.settings}
    checked = Profile(provider=kind.name, api_key=key.strip(), base_url=base_url,
                      workspace=None if wanted_ws else given.get("workspace"), extra=extra)
    with kind.from_profile(checked) as provider:
        me = provider.me()
        try:
            workspaces = provider.workspaces()
        except Unsupported:
            workspaces = []
        if wanted_ws and workspaces:
            try:
                provider.use_workspace(resolve(wanted_ws, workspaces, "workspace").id)
            except ValueError as exc:
                raise ConfigError(f"--workspace: {str(exc).split(': ', 1)[-1]}") from None
        settings = provider.settings_in_use()
    profile = _profile_name()
    path = save_profile(profile, {"provider": kind.name, "api_key": key.strip(), **extra, **settings})
    chosen = settings.get("workspace")
    ws_name = next((w.name for w in workspaces if w.id == chosen), chosen)
    where = f"; workspace {ws_name}" if ws_name else ""
    url = f" at {settings['base_url']}" if settings.get("base_url") else ""
    typer.echo(f"logged in to {kind.name}{url} as {me.name} <{me.email}>{where}; saved profile '{profile}' to {path}")


def _check_url(url: str | None) -> None:
    """A base URL must be http(s)://host...; anything else is a configuration error (exit 3)."""
    from urllib.parse import urlsplit

    from punchclock.errors import ConfigError
    from punchclock.timeutil import short

    if url is None:
        return
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"base URL {short(url, 60)} is not an http(s) URL (like https://api.clockify.me/api/v1)")


@command(app, "whoami")
def whoami() -> None:
    """Show whose key is in use and which workspace commands act on.

    Example: punch --profile work whoami
    """
    from punchclock.errors import Unsupported

    provider = STATE.provider()
    me = provider.me()
    try:
        where = next((f" in workspace {w.name} ({w.id})" for w in provider.workspaces() if w.id == provider.workspace_id),
                     "")
    except Unsupported:
        where = ""
    typer.echo(f"{me.name} <{me.email}> on {provider.name}{where}")


@command(config_app, "show")
def show() -> None:
    """Print the settings commands will use and where each comes from, secrets masked.

    Example: punch config show
    """
    from punchclock.config import config_path, load_profile, read_config
    from punchclock.http.auth import mask
    from punchclock.providers.registry import provider_class

    STATE._check_profile()
    profile = load_profile(STATE.profile, provider=STATE.provider_name, workspace=STATE.workspace)
    kind = provider_class(profile.provider)
    name = _profile_name()
    path = config_path()
    saved = ((read_config(path).get("profiles") or {}).get(name) or {})
    typer.echo(f"config file: {path}" + ("" if path.exists() else " (not created yet: `punch login` writes it)"))
    typer.echo(f"profile: {name}" + ("" if saved else " (not in the file)"))
    typer.echo(f"provider: {profile.provider}")
    defaults = _defaults(kind, profile)

    def source(setting: str) -> str:
        if setting == "workspace" and STATE.workspace:
            return " (from --workspace)"
        var = kind.env.get(setting)
        if var and os.environ.get(var):
            return f" (from {var})"
        return " (from the profile)" if setting in saved else ""

    typer.echo(f"api_key: {mask(profile.api_key) if profile.api_key else '(none: run `punch login`)'}{source('api_key')}")
    typer.echo(f"workspace: {profile.workspace or '(your active workspace)'}{source('workspace')}")
    for setting in ("base_url", *kind.settings):
        value = profile.get(setting)
        if value is None and setting in defaults:
            typer.echo(f"{setting}: {defaults[setting]} (default)")
        elif value is not None:
            secret = any(word in setting for word in ("key", "token", "secret", "password"))
            typer.echo(f"{setting}: {mask(value) if secret else value}{source(setting)}")


def _defaults(kind, profile) -> dict:
    """The URLs a provider's client would use for the profile (no request is sent)."""
    try:
        client = kind.client_class()(settings=profile)
    except Exception:  # no key yet, or a provider whose client wants more: no defaults to show
        return {}
    try:
        return {k: getattr(client, k) for k in ("base_url", "reports_url") if getattr(client, k, None)}
    finally:
        getattr(client, "close", lambda: None)()


@command(workspaces_app, "list")
def workspaces_list(fmt: str = FORMAT) -> None:
    """List your workspaces; the one commands act on is marked with *.

    Example: punch workspaces list
    """
    from punchclock.cli.output import Column, plural, render

    check_format(fmt)
    provider = STATE.provider()
    rows = provider.workspaces()
    current = provider.workspace_id
    render(rows, [Column("", lambda w: "*" if w.id == current else "", wrap=False),
                  Column("ID", lambda w: w.id, wrap=False), Column("Name", lambda w: w.name)], fmt,
           total=plural(len(rows), "workspace"))


@command(workspaces_app, "use")
def workspaces_use(name: str = typer.Argument(..., help="Workspace name, unique prefix or id.",
                                              autocompletion=complete_workspaces)) -> None:
    """Make a workspace the profile's default.

    Example: punch workspaces use "Acme Agency"
    """
    from punchclock.config_file import save_profile
    from punchclock.errors import ConfigError
    from punchclock.resolve import resolve

    provider = STATE.provider()
    try:
        chosen = resolve(name, provider.workspaces(), "workspace")
    except ValueError as exc:
        raise ConfigError(f"{str(exc).split(': ', 1)[-1]}; `punch workspaces list` shows yours") from None
    profile = _profile_name()
    path = save_profile(profile, {"provider": provider.name, "workspace": chosen.id})
    typer.echo(f"profile '{profile}' now uses workspace {chosen.name} ({chosen.id}); saved to {path}")
