"""Set-up: login, whoami, config show."""

from __future__ import annotations

import typer

from punchclock.cli.common import STATE, command

app = typer.Typer()
config_app = typer.Typer(help="Show the settings punch uses.\n\nExample: punch config show", no_args_is_help=True)


@command(app, "login")
def login(key: str = typer.Option(None, "--key", help="API key (asked for, hidden, when not given)."),
          base_url: str = typer.Option(None, "--base-url", help="API base URL (default: the provider's; a sandbox's here)."),
          workspace: str = typer.Option(None, "--workspace", "-w", help="Default workspace id (default: your active one).")) -> None:
    """Check an API key and store it in the config file (mode 0600) under the profile.

    Example: punch login --base-url http://127.0.0.1:8765/api/v1
    """
    from punchclock.config import DEFAULT_PROVIDER, Profile
    from punchclock.config_file import save_profile
    from punchclock.errors import InvalidInput, Unsupported
    from punchclock.providers.registry import provider_class

    name = STATE.provider_name or DEFAULT_PROVIDER
    kind = provider_class(name)
    if not key:
        key = typer.prompt(f"{name} API key", hide_input=True)
    if not key or not key.strip():
        raise InvalidInput("--key", "an API key is needed")
    with kind.from_profile(Profile(provider=kind.name, api_key=key.strip(), base_url=base_url,
                                   workspace=workspace)) as provider:
        me = provider.me()
        try:
            workspaces = provider.workspaces()
        except Unsupported:
            workspaces = []
    if workspace and workspaces and workspace not in {w.id for w in workspaces}:
        raise InvalidInput("--workspace", f"{workspace} is not one of your workspaces")
    chosen = workspace or me.workspace_id or (workspaces[0].id if workspaces else None)
    profile = STATE.profile or "default"
    path = save_profile(profile, {"provider": kind.name, "api_key": key.strip(), "workspace": chosen,
                                  "base_url": base_url})
    ws_name = next((w.name for w in workspaces if w.id == chosen), chosen)
    where = f"; workspace {ws_name}" if ws_name else ""
    typer.echo(f"logged in to {kind.name} as {me.name} <{me.email}>{where}; saved profile '{profile}' to {path}")


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
    """Print the effective settings, secrets masked.

    Example: punch config show
    """
    from punchclock.config import load_profile
    from punchclock.config_file import config_path
    from punchclock.http.auth import mask

    profile = load_profile(STATE.profile, provider=STATE.provider_name, workspace=STATE.workspace)
    typer.echo(f"config file: {config_path()}")
    typer.echo(f"profile: {STATE.profile or 'default'}")
    typer.echo(f"provider: {profile.provider}")
    typer.echo(f"api_key: {mask(profile.api_key)}")
    typer.echo(f"workspace: {profile.workspace or '(your active workspace)'}")
    typer.echo(f"base_url: {profile.base_url or '(the provider default)'}")
    for name, value in sorted(profile.extra.items()):
        secret = any(word in name for word in ("key", "token", "secret", "password"))
        typer.echo(f"{name}: {mask(value) if secret else value}")
