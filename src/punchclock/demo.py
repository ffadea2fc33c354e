"""``make demo``: a guided tour on the sandbox, no Clockify account needed.

It starts the sandbox on a real socket, reads the whole workspace through the typed client the
way any integration would, uses the ``punch`` command line as a person would, syncs the workspace
into a local store and reports from it, serves the dashboard from that store, turns an AI coding
session into time entries (twice: the second push writes nothing), then runs the same commands
against the ClockEye sandbox.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from punchclock.providers import registry
from punchclock.sandbox import create_app, seeded_backend
from punchclock.sandbox.core.server import running

KEY = "demo-owner-key"


def _punch(env: dict, *args: str, expect: tuple[int, ...] = (0,)) -> None:
    """Run ``punch`` in a subprocess, echoing the command and its output."""
    print(f"$ punch {' '.join(args)}")
    result = subprocess.run([sys.executable, "-m", "punchclock", *args], env=env, capture_output=True, text=True)
    output = (result.stdout + result.stderr).rstrip()
    print("\n".join("  " + line for line in output.splitlines()[-12:]))
    if result.returncode not in expect:
        raise SystemExit(f"punch {' '.join(args)} failed with exit code {result.returncode}")


def _plan_expense_invoice(clockify, users: list, projects: list) -> None:
    """Scheduling totals, an expense whose receipt comes back byte for byte, and an invoice made
    from the month's billable time, exported as a PDF."""
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    monday = today + timedelta(days=7 - today.weekday())
    for row in clockify.scheduling.user_totals(monday, monday + timedelta(days=4)):
        booked = sum(day.total_hours or 0 for day in row.total_hours_per_day)
        if booked:
            print(f"  {row.user_name} is booked {booked:g} h next week")
    receipt = b"%PDF-1.4 (a scanned train ticket)"
    category = clockify.expenses.categories()[-1]
    project = next(p for p in projects if p.client_id and p.billable)
    expense = clockify.expenses.create(category.id, today.date(), amount=4250, project_id=project.id, billable=True,
                                       notes="Train to the client", receipt=("ticket.pdf", receipt))
    back = clockify.expenses.receipt(expense.id, expense.file_id)
    print(f"  expense of ${expense.total / 100:,.2f} with its receipt ({len(back)} bytes back, identical: {back == receipt})")
    invoice = clockify.invoices.create(project.client_id, today.date(), number=f"DEMO-{today:%Y%m%d}", currency="USD")
    invoice = clockify.invoices.import_items(invoice.id, today.date().replace(day=1), today.date(), group="GROUPED",
                                             expenses=True)
    path = Path(tempfile.gettempdir()) / f"punchclock-invoice-{invoice.number}.pdf"
    path.write_bytes(clockify.invoices.export(invoice.id))
    print(f"  invoice {invoice.number}: {len(invoice.items)} lines from this month's billable time and expenses, "
          f"${invoice.amount / 100:,.2f}; PDF at {path}")


def tour(entries: int = 20000) -> None:
    """Run the demo tour and print what it finds."""
    print("== 1. The sandbox: a local Clockify with realistic agency data ==")
    started = time.perf_counter()
    backend = seeded_backend("clockify", entries=entries, api_key=KEY)
    print(f"seeded {entries:,} time entries in {time.perf_counter() - started:.2f}s")
    with running(create_app(backend)) as base:
        ws_id = backend.seed_info.workspace_id
        print(f"serving on {base}  (`punch sandbox` does the same in the foreground)\n")
        with registry.client("clockify", KEY, ws_id, base_url=f"{base}/api/v1",
                             reports_url=f"{base}/reports/v1") as clockify:
            me = clockify.user.me()
            workspaces = clockify.workspaces.list()
            print("== 2. The client: who am I, and where ==")
            print(f"{me.name} <{me.email}>, member of {len(workspaces)} workspaces: "
                  + ", ".join(w.name for w in workspaces))
            users = clockify.users.list().to_list()
            projects = clockify.projects.list(hydrated=True).to_list()
            clients = clockify.clients.list().to_list()
            tags = clockify.tags.list().to_list()
            print(f"{len(users)} users, {len(clients)} clients, {len(projects)} projects "
                  f"({sum(len(p.tasks or []) for p in projects)} tasks, hydrated in the same request), {len(tags)} tags\n")

            print("== 3. Every entry of every user, 5000 per page ==")
            httpx.post(f"{base}/__sandbox__/reset")
            started = time.perf_counter()
            everything = [e for u in users for e in clockify.time_entries.list(u.id)]
            elapsed = time.perf_counter() - started
            stats = httpx.get(f"{base}/__sandbox__/stats").json()
            print(f"read {len(everything):,} entries in {stats['total']} requests, {elapsed:.2f}s\n")

            print("== 4. Where the hours went ==")
            names = {p.id: p.name for p in projects}
            hours: Counter[str] = Counter()
            billable = 0.0
            for e in everything:
                if e.elapsed is not None:
                    h = e.elapsed.total_seconds() / 3600
                    hours[names.get(e.project_id, "(no project)")] += h
                    billable += h * e.hourly_rate.amount / 100 if e.billable and e.hourly_rate else 0
            for name, h in hours.most_common(6):
                print(f"  {name:<28} {h:>9,.1f} h")
            print(f"  {'total':<28} {sum(hours.values()):>9,.1f} h   billable amount ${billable:,.2f}\n")

            print("== 5. Running right now ==")
            by_id = {u.id: u.name for u in users}
            for e in clockify.time_entries.in_progress():
                print(f"  {by_id[e.user_id]}: {e.description} (since {e.time_interval.start:%H:%M} UTC)")

            print("\n== 6. Beyond the timer: next week's plan, a receipt, an invoice ==")
            _plan_expense_invoice(clockify, users, projects)

        print("\n== 7. The command line: a working day with punch ==")
        env = {**os.environ, "CLOCKIFY_API_KEY": KEY, "CLOCKIFY_BASE_URL": f"{base}/api/v1",
               "CLOCKIFY_REPORTS_URL": f"{base}/reports/v1", "CLOCKIFY_WORKSPACE_ID": ws_id,
               "PUNCHCLOCK_CONFIG": str(Path(tempfile.mkdtemp(prefix="punch-demo-")) / "config.toml"),
               "PUNCH_TZ": "UTC", "COLUMNS": "150"}  # a config folder of its own: yours is left alone
        _punch(env, "whoami")
        _punch(env, "start", "Fix login bug", "-p", "website", "-t", "dev", "--tag", "bugfix", "--at", "-50m", "--yes")
        _punch(env, "status")
        _punch(env, "switch", "Code review", "-p", "mobile", "--at", "-20m", "--yes")
        _punch(env, "stop", "--yes")
        _punch(env, "log", "Client call", "-p", "customer", "--duration", "45m", "--yes")
        _punch(env, "entries", "--range", "today")
        print("(an ambiguous name is refused with the candidates and exit code 2:)")
        _punch(env, "start", "oops", "-p", "in", "--yes", expect=(2,))

        print("\n== 8. Sync: every table into a local DuckDB file, then only what changed ==")
        store = f"duckdb:{Path(tempfile.mkdtemp()) / 'punch.duckdb'}"
        _punch(env, "sync", "--store", store, "--plan")
        _punch(env, "sync", "--store", store, "--yes")
        _punch(env, "sync", "--store", store, "--yes")
        _punch(env, "sql", "--store", store, "select p.name as project, round(sum(e.duration_seconds) / 3600, 1) "
               "as hours from entries e join projects p on p.id = e.project_id group by 1 order by 2 desc limit 5")

        print("\n== 9. Reports: last month by client and project, from the store, the same numbers as Clockify's ==")
        _punch(env, "report", "summary", "--store", store, "--range", "last-month", "--group", "client,project")
        _dashboard(env, store)
        _sessions(env)
        _clockeye(env)
    print("\nNext: `punch web` on your own synced store, `punch sessions plan` on your own transcripts, and")
    print("`punch sandbox` to serve this sandbox on a port while you try things; see README.md.")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _dashboard(env: dict, store: str) -> None:
    """``punch web`` on the synced store: wait for it, read what the page would download, stop it."""
    print("\n== 10. The dashboard: `punch web` serves the store on localhost ==")
    port = _free_port()
    print(f"$ punch web --store {store} --port {port}")
    server = subprocess.Popen([sys.executable, "-m", "punchclock", "web", "--store", store, "--port", str(port)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                page = httpx.get(f"{base}/?range=last-month&group=client", timeout=5)
                break
            except httpx.TransportError:
                if server.poll() is not None:
                    raise SystemExit(f"punch web failed: {server.stderr.read().strip()}") from None
                time.sleep(0.1)
        else:
            raise SystemExit("punch web did not answer within 10 s")
        print(f"  {base}/ answers {page.status_code} ({len(page.content):,} bytes: cards, chart, budgets, team, timers)")
        csv = httpx.get(f"{base}/export.csv?range=last-month&group=client", timeout=10)
        print(f"  the page's CSV download ({base}/export.csv?range=last-month&group=client):")
        print("\n".join("    " + line for line in csv.text.strip().splitlines()[:6]))
        print("  (open the address in a browser for the live page; the demo stops it now)")
    finally:
        server.terminate()
        server.wait(timeout=10)


def _transcript(root: Path, cwd: str, start: datetime) -> None:
    """A short Claude Code transcript: three prompts and their work, a few minutes apart, in ``cwd``."""
    folder = root / "projects" / "".join(c if c.isalnum() else "-" for c in cwd)
    folder.mkdir(parents=True)
    session = "7f3c2a10-0000-4000-8000-000000000001"
    lines = []
    for n, minutes in enumerate((0, 6, 14, 22, 31, 40, 47)):
        at = (start + timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        kind = "user" if n % 3 == 0 else "assistant"
        content = "Fix the login bug" if kind == "user" else [{"type": "text", "text": "Working on it."}]
        lines.append({"type": kind, "sessionId": session, "timestamp": at, "cwd": cwd, "gitBranch": "fix-login",
                      "message": {"role": kind, "content": content}})
    (folder / f"{session}.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines))


def _sessions(env: dict) -> None:
    """An AI coding session becomes time entries: plan, push, and a second push that writes nothing."""
    print("\n== 11. Sessions: an AI coding session becomes time entries, exactly once ==")
    home = Path(tempfile.mkdtemp())
    start = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(hours=3)
    _transcript(home / "claude", "/home/ada/code/website", start)
    rules = home / "sessions.toml"
    rules.write_text('[[mapping.rule]]\nmatch.path = "/home/ada/code/website*"\nproject = "Website Redesign"\n')
    here = {**env, "CLAUDE_CONFIG_DIR": str(home / "claude"), "CODEX_HOME": str(home / "codex"),
            "PUNCHCLOCK_STATE_DIR": str(home / "state"), "PUNCHCLOCK_SESSIONS_RULES": str(rules)}
    window = ("--since", f"{start - timedelta(hours=1):%Y-%m-%dT%H:%M:%SZ}",
              "--until", f"{start + timedelta(hours=2):%Y-%m-%dT%H:%M:%SZ}")
    _punch(here, "sessions", "plan", *window)
    _punch(here, "sessions", "push", *window, "--yes")
    _punch(here, "sessions", "push", *window, "--yes")


def _clockeye(env: dict) -> None:
    """The same commands against a second tracker: ClockEye's sandbox, chosen with ``--provider``."""
    print("\n== 12. Another tracker, the same commands: ClockEye ==")
    backend = seeded_backend("clockeye", entries=2000, api_key="demo-clockeye-key")
    with running(create_app(backend, provider="clockeye")) as base:
        eye = {**env, "CLOCKEYE_API_KEY": "demo-clockeye-key", "CLOCKEYE_BASE_URL": f"{base}/v1"}
        _punch(eye, "--provider", "clockeye", "whoami")
        project = next(iter(backend.state.projects.values()))["name"]
        _punch(eye, "--provider", "clockeye", "log", "Design review", "-p", project,
               "--duration", "30m", "--yes")
        _punch(eye, "--provider", "clockeye", "entries", "--range", "today")
        print("(what ClockEye does not have is said in one line:)")
        _punch(eye, "--provider", "clockeye", "tags", "list", expect=(2,))


if __name__ == "__main__":
    tour()
