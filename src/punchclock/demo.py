"""``make demo``: a guided tour on the sandbox, no Clockify account needed.

For now it starts the sandbox on a real socket, reads the workspace through plain HTTP the way
any Clockify integration would, and prints a summary. Later capabilities (client, sync,
reports, sessions, dashboard) join the tour as they land.
"""

from __future__ import annotations

import time
from collections import Counter

import httpx

from punchclock.sandbox import create_app
from punchclock.sandbox.clockify.seed import SeedConfig, seeded_backend
from punchclock.sandbox.server import running
from punchclock.timeutil import parse_duration


def _walk(client: httpx.Client, path: str, size: int = 5000, **params) -> list[dict]:
    """Every row of a paged listing: 1-indexed pages, stop on a short page."""
    rows, page = [], 1
    while True:
        batch = client.get(path, params={**params, "page": page, "page-size": size})
        batch.raise_for_status()
        rows += batch.json()
        if len(batch.json()) < size:
            return rows
        page += 1


def tour(entries: int = 20000) -> None:
    """Run the demo tour and print what it finds."""
    print("== 1. The sandbox: a local Clockify with realistic agency data ==")
    started = time.perf_counter()
    backend = seeded_backend(SeedConfig(entries=entries, api_key="demo-owner-key"))
    print(f"seeded {entries:,} time entries in {time.perf_counter() - started:.2f}s")
    app = create_app(backend)
    with running(app) as base:
        ws_id = backend.seed_info.workspace_id
        print(f"serving on {base}  (punch sandbox does the same in the foreground)")
        print(f"  X-Api-Key: demo-owner-key   workspace: {ws_id}\n")
        with httpx.Client(base_url=f"{base}/api/v1", headers={"X-Api-Key": "demo-owner-key"}, timeout=30) as api:
            me = api.get("/user").json()
            workspaces = api.get("/workspaces").json()
            print("== 2. Who am I, and where ==")
            print(f"{me['name']} <{me['email']}>, member of {len(workspaces)} workspaces: "
                  + ", ".join(w["name"] for w in workspaces))
            ws = f"/workspaces/{ws_id}"
            users = _walk(api, f"{ws}/users")
            projects = _walk(api, f"{ws}/projects", hydrated="true")
            clients = _walk(api, f"{ws}/clients")
            tags = _walk(api, f"{ws}/tags")
            print(f"{len(users)} users, {len(clients)} clients, {len(projects)} projects "
                  f"({sum(len(p['tasks']) for p in projects)} tasks, hydrated in the same request), {len(tags)} tags\n")

            print("== 3. Every entry of every user, 5000 per page ==")
            api.post(f"{base}/__sandbox__/reset")
            started = time.perf_counter()
            all_entries = []
            for user in users:
                all_entries += _walk(api, f"{ws}/user/{user['id']}/time-entries")
            elapsed = time.perf_counter() - started
            stats = api.get(f"{base}/__sandbox__/stats").json()
            print(f"read {len(all_entries):,} entries in {stats['total']} requests, {elapsed:.2f}s\n")

            print("== 4. Where the hours went ==")
            names = {p["id"]: p["name"] for p in projects}
            hours: Counter[str] = Counter()
            billable = 0.0
            for e in all_entries:
                if e["timeInterval"]["duration"]:
                    h = parse_duration(e["timeInterval"]["duration"]).total_seconds() / 3600
                    hours[names.get(e["projectId"], "(no project)")] += h
                    billable += h * e["hourlyRate"]["amount"] / 100 if e["billable"] else 0
            for name, h in hours.most_common(6):
                print(f"  {name:<28} {h:>9,.1f} h")
            print(f"  {'total':<28} {sum(hours.values()):>9,.1f} h   billable amount ${billable:,.2f}\n")

            print("== 5. Running right now ==")
            by_id = {u["id"]: u["name"] for u in users}
            for e in api.get(f"{ws}/time-entries/status/in-progress").json():
                print(f"  {by_id[e['userId']]}: {e['description']} (since {e['timeInterval']['start']})")
    print("\nNext: `punch sandbox` serves this on a port of your choice; see README.md.")


if __name__ == "__main__":
    tour()
