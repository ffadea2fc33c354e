"""``punch web``: the local dashboard and webhook receivers over the store."""

from __future__ import annotations

import os

import typer

from punchclock.cli.common import STATE, command

app = typer.Typer(rich_markup_mode=None)


@command(app, "web")
def web(store: str = typer.Option(None, "--store", "-s", envvar="PUNCHCLOCK_STORE",
                                  help="Where the tables live: duckdb:PATH (default: punch.duckdb in the user "
                                       "data directory)."),
        host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (anything but localhost needs "
                                                             "--password)."),
        port: int = typer.Option(8000, "--port", min=0, max=65535, help="Port to listen on."),
        password: str = typer.Option(None, "--password", envvar="PUNCH_WEB_PASSWORD",
                                     help="Ask for this password (HTTP basic auth); prefer the environment "
                                          "variable, which keeps it out of the process list."),
        register_webhooks: str = typer.Option(None, "--register-webhooks", metavar="URL",
                                              help="Subscribe the tracker's webhooks to this public URL "
                                                   "(the receiver path is added) before serving."),
        register_only: bool = typer.Option(False, "--register-only",
                                           help="With --register-webhooks: register, print, and exit.")) -> None:
    """Serve the dashboard (hours by project, client, user, tag; running timers; Log Time) on localhost.

    The page reads the store (run `punch sync` first); POST /webhooks/clockify and /webhooks/clockeye
    keep it current without a sync. ClockEye's signing secret comes from PUNCH_CLOCKEYE_WEBHOOK_SECRET.

    Example: punch web --port 8000 --register-webhooks https://example.org/punch
    """
    from punchclock.errors import InvalidInput, PunchclockError, Unsupported
    from punchclock.store import open_store
    from punchclock.web import Dashboard, create_app
    from punchclock.web.auth import BasicAuth, local
    from punchclock.web.register import known_tokens, register

    if not local(host) and not password:
        raise InvalidInput("--host", f"binding to {host} exposes the dashboard; give --password (or "
                                     f"PUNCH_WEB_PASSWORD) or bind to 127.0.0.1")
    provider = STATE.provider()
    opened = open_store(store)
    board = Dashboard(opened, provider, tz=STATE.zone(), store_label=store or "",
                      clockeye_secret=os.environ.get("PUNCH_CLOCKEYE_WEBHOOK_SECRET") or None)
    try:
        board.prepare([provider.streams()])
    except Unsupported:
        typer.echo(f"note: {provider.name} has no sync streams here; webhooks cannot update the store", err=True)
    try:
        board.clockify_tokens |= known_tokens(provider)
    except PunchclockError:
        pass  # a provider without webhooks (or unreachable now): registration below still adds tokens
    if register_webhooks:
        done = register(provider, register_webhooks)
        board.clockify_tokens |= done.tokens
        typer.echo(f"webhooks to {done.url}: {', '.join(done.subscribed) or 'none'}")
        if done.skipped:
            typer.echo(f"left out (plan limit): {', '.join(done.skipped)}" + (f" ({done.reason})" if done.reason
                                                                                else ""))
        if register_only:
            opened.close()
            return
    served = create_app(board)
    if password:
        served = BasicAuth(served, password)
    from punchclock.sandbox.core.server import bind, serve

    try:
        sock = bind(host, port)
    except OSError as exc:
        raise InvalidInput("--port", f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    typer.echo(f"punch web on http://{host}:{sock.getsockname()[1]}/ (Ctrl+C stops)")
    try:
        serve(served, sock)
    finally:
        opened.close()
