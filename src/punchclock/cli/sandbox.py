"""``punch sandbox``: serve a local Clockify-compatible server seeded with realistic data."""

from __future__ import annotations

import sys

import typer


def sandbox(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8765, help="Port to listen on (0 picks a free one)."),
    seed: int = typer.Option(1, help="Seed of the data generator: the same seed gives the same data."),
    entries: int = typer.Option(5000, help="Total time entries across all users."),
    users: int = typer.Option(8, help="Users in the agency workspace (owner, admin, members)."),
    plan: str = typer.Option("pro", help="Workspace plan: 'pro' (no hourly budget) or 'free' (30 requests/hour)."),
    rate_limit: float = typer.Option(0, "--rate-limit", help="Requests per second per API key (0: no limit)."),
    hourly_budget: int = typer.Option(-1, help="Requests per hour per workspace (-1: the plan's default)."),
    retry_after: float = typer.Option(-1, help="Send Retry-After with this many seconds on 429 (-1: no header)."),
    api_key: str = typer.Option(None, "--api-key", help="API key for the owner (default: generated from the seed)."),
) -> None:
    """Serve a Clockify-compatible sandbox and print the URL, API key and workspace id to use.

    Example: punch sandbox --port 8765 --entries 20000 --plan free --rate-limit 10
    """
    if plan not in ("pro", "free"):
        typer.echo(f"error: --plan must be 'pro' or 'free', not {plan!r}", err=True)
        raise typer.Exit(2)
    if entries < 0 or users < 1:
        typer.echo("error: --entries must be >= 0 and --users >= 1", err=True)
        raise typer.Exit(2)
    from punchclock.sandbox import Limits, create_app
    from punchclock.sandbox.clockify.seed import SeedConfig, seeded_backend
    from punchclock.sandbox.core.server import bind, serve

    budget = hourly_budget if hourly_budget >= 0 else (30 if plan == "free" else None)
    limits = Limits(per_key_rate=rate_limit or None, hourly_budget=budget,
                    retry_after=retry_after if retry_after >= 0 else None)
    backend = seeded_backend(SeedConfig(seed=seed, users=users, entries=entries, plan=plan, api_key=api_key))
    try:
        sock = bind(host, port)
    except OSError as exc:
        typer.echo(f"error: cannot listen on {host}:{port}: {exc.strerror}. Pick another --port.", err=True)
        raise typer.Exit(2)
    base = f"http://{host}:{sock.getsockname()[1]}"
    info = backend.seed_info
    lines = [
        f"Clockify sandbox serving on {base}",
        f"  CLOCKIFY_BASE_URL={base}/api/v1",
        f"  CLOCKIFY_REPORTS_URL={base}/reports/v1",
        f"  CLOCKIFY_API_KEY={info.key_for('owner')}",
        f"  CLOCKIFY_WORKSPACE_ID={info.workspace_id}",
        f"  admin key: {info.key_for('admin')}" if users > 1 else "",
        f"  member key: {info.key_for('member')}" if users > 2 else "",
        f"  gateway: {base}/clockify/api/v1 with 'Authorization: Bearer <key>'",
        f"  plan {plan}, {entries} entries, {users} users; admin endpoints under {base}/__sandbox__/",
        "Press Ctrl+C to stop.",
    ]
    typer.echo("\n".join(line for line in lines if line))
    sys.stdout.flush()
    serve(create_app(backend, limits=limits), sock)
