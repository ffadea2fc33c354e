"""Set-up: login, whoami, config show."""

from __future__ import annotations

import typer

from punchclock.cli.common import STATE, command

app = typer.Typer()
config_app = typer.Typer(help="Show the settings punch uses.\n\nExample: punch config show", no_args_is_help=True)


@command(app, "login")
def login(key: str = typer.Option(None, "--key", help="API key (asked for, hidden, when not given)."),
          base_url: str = typer.Option(None, "--base-url", help="API base URL (default Clockify's; a sandbox's here)."),
          workspace: str = typer.Option(None, "--workspace", "-w", help="Default workspace id (default: your active one).")) -> None:
    """Check an API key and store it in the config file (mode 0600) under the profile.

    Example: punch login --base-url http://127.0.0.1:8765/api/v1
    """
    from punchclock.config_file import save_profile
    from punchclock.errors import InvalidInput
    from punchclock.providers.clockify import Clockify

    if not key:
        key = typer.prompt("Clockify API key (Profile settings > Advanced > API key)", hide_input=True)
    if not key or not key.strip():
        raise InvalidInput("--key", "an API key is needed")
    client = Clockify(api_key=key.strip(), base_url=base_url, workspace=workspace)
    me = client.user.me()
    workspaces = client.workspaces.list()
    chosen = workspace or me.active_workspace or me.default_workspace or (workspaces[0].id if workspaces else None)
    if workspace and workspace not in {w.id for w in workspaces}:
        raise InvalidInput("--workspace", f"{workspace} is not one of your workspaces")
    name = STATE.profile or "default"
    path = save_profile(name, {"api_key": key.strip(), "workspace": chosen, "base_url": base_url})
    ws_name = next((w.name for w in workspaces if w.id == chosen), chosen)
    typer.echo(f"logged in as {me.name} <{me.email}>; workspace {ws_name}; saved profile '{name}' to {path}")


@command(app, "whoami")
def whoami() -> None:
    """Show whose key is in use and which workspace commands act on.

    Example: punch --profile work whoami
    """
    client = STATE.client()
    me = client.user.me()
    ws = client.workspaces.get()
    typer.echo(f"{me.name} <{me.email}> in workspace {ws.name} ({ws.id})")


@command(config_app, "show")
def show() -> None:
    """Print the effective settings, secrets masked.

    Example: punch config show
    """
    from punchclock.config import config_path, load_profile
    from punchclock.http.auth import mask

    profile = load_profile(STATE.profile, workspace=STATE.workspace)
    api, reports = profile.urls()
    typer.echo(f"config file: {config_path()}")
    typer.echo(f"profile: {STATE.profile or 'default'}")
    typer.echo(f"api_key: {mask(profile.api_key)}")
    if profile.gateway_token:
        typer.echo(f"gateway_token: {mask(profile.gateway_token)}  connection: {profile.connection or '(none)'}")
    typer.echo(f"workspace: {profile.workspace or '(your active workspace)'}")
    typer.echo(f"base_url: {api}")
    typer.echo(f"reports_url: {reports}")
