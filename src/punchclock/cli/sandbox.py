"""``punch sandbox``: serve a local Clockify- or ClockEye-compatible server seeded with realistic data."""

from __future__ import annotations

import sys

import typer

PROVIDERS = ("clockify", "clockeye")

app = typer.Typer()


@app.command("sandbox")
def sandbox(
    provider: str = typer.Option("clockify", "--provider", help="Which API to fake: 'clockify' or 'clockeye'."),
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8765, help="Port to listen on (0 picks a free one)."),
    seed: int = typer.Option(1, help="Seed of the data generator: the same seed gives the same data."),
    entries: int = typer.Option(5000, help="Total time entries across all users."),
    users: int = typer.Option(8, help="Users in the agency workspace (owner, admin, members)."),
    plan: str = typer.Option("pro", help="Clockify workspace plan: 'pro' (no hourly budget) or 'free' (30 requests/hour)."),
    rate_limit: float = typer.Option(0, "--rate-limit", help="Requests per second per API key (0: no limit)."),
    hourly_budget: int = typer.Option(-1, help="Requests per hour per workspace (Clockify) or per API key "
                                               "(ClockEye); -1: the plan's or ClockEye's default."),
    retry_after: float = typer.Option(-1, help="Send Retry-After with this many seconds on 429 (-1: no header; "
                                               "ClockEye always sends one)."),
    api_key: str = typer.Option(None, "--api-key", help="API key for the owner (default: generated from the seed)."),
    error_style: str = typer.Option("nested", help="ClockEye error bodies: 'nested' or 'flat'."),
    strict: bool = typer.Option(False, "--strict", help="Clockify: refuse requests that do not validate against "
                                                        "the spec (unknown fields, wrong types) with a 400 naming the field."),
) -> None:
    """Serve a Clockify- or ClockEye-compatible sandbox and print the settings to reach it as export
    lines a shell takes (paste them, or save the output and eval it).

    Example: punch sandbox --port 8765 --entries 20000 --plan free --rate-limit 10

    Example: punch sandbox --provider clockeye --port 0
    """
    reason = _bad_option(provider, port, entries, users, plan, rate_limit, hourly_budget, retry_after, error_style)
    if strict and provider != "clockify":
        reason = "--strict applies to --provider clockify only"
    if reason:
        typer.echo(f"error: {reason}", err=True)
        raise typer.Exit(2)
    if provider == "clockeye":
        _serve_clockeye(host, port, seed, entries, users, rate_limit, hourly_budget, retry_after, api_key, error_style)
        return
    from punchclock.sandbox import Limits, create_app, seeded_backend
    from punchclock.sandbox.core.server import serve

    budget = hourly_budget if hourly_budget >= 0 else (30 if plan == "free" else None)
    limits = Limits(per_key_rate=rate_limit or None, hourly_budget=budget,
                    retry_after=retry_after if retry_after >= 0 else None)
    backend = seeded_backend("clockify", seed=seed, users=users, entries=entries, plan=plan, api_key=api_key)
    sock = _listen(host, port)
    base = f"http://{host}:{sock.getsockname()[1]}"
    info = backend.seed_info
    settings = {"PUNCH_PROVIDER": "clockify", "CLOCKIFY_BASE_URL": f"{base}/api/v1",
                "CLOCKIFY_REPORTS_URL": f"{base}/reports/v1", "CLOCKIFY_API_KEY": info.key_for("owner"),
                "CLOCKIFY_WORKSPACE_ID": info.workspace_id}
    notes = [
        f"admin key: {info.key_for('admin')}" if users > 1 else "",
        f"member key: {info.key_for('member')}" if users > 2 else "",
        f"gateway: {base}/clockify/api/v1 with 'Authorization: Bearer <key>'",
        f"plan {plan}, {entries} entries, {users} users; admin endpoints under {base}/__sandbox__/",
        "strict: requests that do not validate against the spec are refused with a 400 naming the field"
        if strict else "",
    ]
    _announce(f"Clockify sandbox serving on {base}", settings, notes)
    serve(create_app(backend, limits=limits, strict=strict), sock)


def _announce(title: str, settings: dict[str, str], notes: list[str]) -> None:
    """Print the settings as ``export NAME=value`` lines and everything else as ``#`` comments, so the
    whole output can be pasted into a shell or ``eval``-ed (values are quoted for the shell)."""
    import shlex

    lines = [f"# {title}; paste the export lines into a shell, or eval them",
             *(f"export {name}={shlex.quote(value)}" for name, value in settings.items()),
             *(f"# {note}" for note in notes if note), "# Press Ctrl+C to stop."]
    typer.echo("\n".join(lines))
    sys.stdout.flush()


def _bad_option(provider: str, port: int, entries: int, users: int, plan: str, rate_limit: float,
                hourly_budget: int, retry_after: float, error_style: str) -> str | None:
    """Why the startup options cannot work, in one line; None when they can."""
    if provider not in PROVIDERS:
        return f"--provider must be one of {', '.join(PROVIDERS)}, not {provider!r}"
    if plan not in ("pro", "free"):
        return f"--plan must be 'pro' or 'free', not {plan!r}"
    if provider == "clockeye" and plan != "pro":
        return "--plan applies to --provider clockify only (ClockEye's limits are per API key)"
    if entries < 0 or users < 1:
        return "--entries must be >= 0 and --users >= 1"
    if not 0 <= port <= 65535:
        return f"--port must be between 0 and 65535, not {port}"
    if rate_limit < 0:
        return f"--rate-limit must be >= 0 requests per second (0: no limit), not {rate_limit:g}"
    if hourly_budget == 0 or hourly_budget < -1:
        return f"--hourly-budget must be a positive number of requests (or -1 for the default), not {hourly_budget}"
    if retry_after < 0 and retry_after != -1:
        return f"--retry-after must be >= 0 seconds (or -1 for no header), not {retry_after:g}"
    if error_style not in ("nested", "flat"):
        return f"--error-style must be 'nested' or 'flat', not {error_style!r}"
    return None


def _listen(host: str, port: int):
    """A listening socket, or exit 2 with the reason."""
    from punchclock.sandbox.core.server import bind

    try:
        return bind(host, port)
    except OSError as exc:
        typer.echo(f"error: cannot listen on {host}:{port}: {exc.strerror}. Pick another --port.", err=True)
        raise typer.Exit(2)


def _serve_clockeye(host: str, port: int, seed: int, entries: int, users: int, rate_limit: float,
                    hourly_budget: int, retry_after: float, api_key: str | None, error_style: str) -> None:
    """Serve the ClockEye sandbox and print ``export`` lines for ``CLOCKEYE_BASE_URL`` and ``CLOCKEYE_API_KEY``."""
    from dataclasses import replace

    from punchclock.sandbox import create_app, seeded_backend
    from punchclock.sandbox.core.server import serve

    backend = seeded_backend("clockeye", seed=seed, users=users, entries=entries, api_key=api_key)
    app = create_app(backend, provider="clockeye", error_style=error_style)
    limits = replace(app.limiter.limits, per_key_rate=rate_limit or None,
                     retry_after=retry_after if retry_after >= 0 else None,
                     **({"per_hour": hourly_budget} if hourly_budget > 0 else {}))
    app.limiter.configure(limits)
    sock = _listen(host, port)
    base = f"http://{host}:{sock.getsockname()[1]}"
    info = backend.seed_info
    settings = {"PUNCH_PROVIDER": "clockeye", "CLOCKEYE_BASE_URL": f"{base}/v1",
                "CLOCKEYE_API_KEY": info.key_for("owner")}
    notes = [
        f"admin key: {info.key_for('admin')}" if users > 1 else "",
        f"member key: {info.key_for('member')}" if users > 2 else "",
        f"also under {base}/api/v1 and {base}/api; send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'",
        (f"limits per key: {limits.per_minute}/minute, {limits.per_hour}/hour, {limits.per_day}/day; "
         f"{entries} entries, {users} users; admin endpoints under {base}/__sandbox__/"),
    ]
    _announce(f"ClockEye sandbox serving on {base}", settings, notes)
    serve(app, sock)
