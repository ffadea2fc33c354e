"""How carefully and how cheaply the Clockify client sends requests, against a sandbox on a real socket.

(a) Pacing: the rate the client achieves against the sandbox's ``per_key_rate`` limit, as a ratio
    of that limit (target at least 0.95), and the 429s counted after a warm-up second (target 0).
(c) Finding an unknown limit: the client's adaptive limiter, with its defaults (start 10 req/s,
    max 50), against hidden per-key limits of 3, 10, 25 and 50 req/s over 500 answered requests:
    the fraction of the limit reached and the 429s (target at least 0.9 with under 2% 429s). The
    sandbox runs in process on a simulated clock shared with the limiter, so 500 requests at
    3 req/s take a second, not three minutes.
(b) Overhead: the same calls (``GET /api/v1/user`` and one page of entries) made by a plain
    ``httpx.Client`` loop, through the HTTP core, and through the typed client, with the limiter
    effectively unlimited; the ratio to the plain loop's time is the client's cost (target at
    most 1.3x). The typed client also validates every row into a pydantic model, which the
    plain loop does not; that cost is measured alone and shown beside the rest.
    A ClockEye line does the same for the ClockEye client (``GET /v1/users/me`` and one page of
    entries, typed ``ClockEye`` against a plain ``httpx.Client`` loop), against the ClockEye
    sandbox in process (its limits off), so the sandbox's own time is in both sides of the ratio.

The sandbox runs in its own process so that it does not share the interpreter with the client
being measured. Run: ``python bench/bench_client.py``. Prints a
table; asserts nothing.
"""

from __future__ import annotations

import contextlib
import os
import socket
import statistics
import subprocess
import sys
import time
from typing import Callable, Iterator

import httpx

from punchclock.http import AdaptiveLimiter
from punchclock.providers.clockify.client import START_BURST, Clockify
from punchclock.providers.clockify.models import TimeEntry, User
from punchclock.sandbox.core.clock import SimulatedClock

KEY = "bench-client-key"
LIMIT = 20.0          # the sandbox's per-key rate in (a)
PACE_SECONDS = 10.0   # measured seconds in (a), after one second of warm-up
HIDDEN_LIMITS = (3.0, 10.0, 25.0, 50.0)  # per-key limits in (c), unknown to the client
ANSWERED = 500        # answered requests per limit in (c)
ROUNDS = 7            # rounds in (b); each round runs every contender once, in turn
CALLS = 150           # call pairs per contender and round in (b)
PAGE = 50             # entries per page in (b) (Clockify's default page size)


def serve_child() -> None:
    """In the child process: seed a sandbox, listen, print the base URL and workspace id, serve."""
    from punchclock.sandbox import create_app
    from punchclock.sandbox.clockify.seed import SeedConfig, seeded_backend
    from punchclock.sandbox.core.server import serve

    backend = seeded_backend(SeedConfig(entries=2000, users=4, api_key=KEY))
    # IPPROTO_TCP spelled out: asyncio sets TCP_NODELAY on accepted connections only when the
    # listening socket says so, and without it every answer waits ~40 ms for a delayed ACK.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(1024)
    print(f"http://127.0.0.1:{sock.getsockname()[1]} {backend.seed_info.workspace_id}", flush=True)
    serve(create_app(backend), sock)


@contextlib.contextmanager
def sandbox_process() -> Iterator[tuple[str, str]]:
    """Serve a seeded sandbox in a child process; yields its base URL and workspace id."""
    env = {**os.environ, "PUNCHCLOCK_CONFIG": "/nonexistent/punchclock.toml"}
    proc = subprocess.Popen([sys.executable, __file__, "--serve"], stdout=subprocess.PIPE, text=True, env=env)
    try:
        line = proc.stdout.readline().split()
        if len(line) != 2:
            raise RuntimeError("the sandbox did not start")
        yield line[0], line[1]
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def admin(base: str, method: str, name: str, **body) -> dict:
    """Call a sandbox admin endpoint (limits, stats, reset)."""
    resp = httpx.request(method, f"{base}/__sandbox__/{name}", json=body if method == "POST" else None)
    resp.raise_for_status()
    return resp.json()


def paced_run(base: str, workspace: str, limiter: AdaptiveLimiter, warmup: float, seconds: float) -> tuple[float, int]:
    """Call ``GET /user`` as fast as the limiter allows; returns (req/s after warm-up, 429s after warm-up)."""
    admin(base, "POST", "limits", per_key_rate=LIMIT)
    admin(base, "POST", "reset")
    with Clockify(KEY, workspace, base_url=f"{base}/api/v1", limiter=limiter) as client:
        started = time.perf_counter()
        while time.perf_counter() - started < warmup:
            client.user.me()
        before = admin(base, "GET", "stats")["by_status"].get("429", 0)
        count, begun = 0, time.perf_counter()
        while time.perf_counter() - begun < seconds:
            client.user.me()
            count += 1
        elapsed = time.perf_counter() - begun
    after = admin(base, "GET", "stats")["by_status"].get("429", 0)
    admin(base, "POST", "limits")
    return count / elapsed, after - before


def overhead(base: str, workspace: str) -> dict[str, float]:
    """Median seconds per call pair of each contender (plain httpx, HTTP core, typed client)."""
    url = f"{base}/api/v1"
    plain = httpx.Client(base_url=url, headers={"X-Api-Key": KEY, "Accept": "application/json"})
    unlimited = AdaptiveLimiter(1e9, adaptive=False)
    typed = Clockify(KEY, workspace, base_url=url, limiter=unlimited)
    user_id = typed.user.me().id
    entries = f"/workspaces/{workspace}/user/{user_id}/time-entries"
    params = {"page": 1, "page-size": PAGE, "hydrated": "false"}

    def plain_pair() -> None:
        plain.get("/user").json()
        plain.get(entries, params=params).json()

    def core_pair() -> None:
        typed._http.request("GET", "/user").json()
        typed._http.request("GET", entries, params=params).json()

    def typed_pair() -> None:
        typed.user.me()
        typed.time_entries.list(user_id, size=PAGE).first_page()

    contenders: dict[str, Callable[[], None]] = {
        "plain httpx.Client": plain_pair, "HTTP core (HttpClient)": core_pair, "typed client (Clockify)": typed_pair,
    }
    samples: dict[str, list[float]] = {name: [] for name in contenders}
    for fn in contenders.values():  # warm connections, caches and imports
        for _ in range(20):
            fn()
    for _ in range(ROUNDS):
        for name, fn in contenders.items():
            started = time.perf_counter()
            for _ in range(CALLS):
                fn()
            samples[name].append((time.perf_counter() - started) / CALLS)
    result = {name: statistics.median(values) for name, values in samples.items()}
    user_json, page_json = plain.get("/user").json(), plain.get(entries, params=params).json()
    plain.close()
    typed.close()
    result["model validation alone"] = validation_cost(user_json, page_json)
    return result


def validation_cost(user_json: dict, page_json: list) -> float:
    """Seconds the typed client spends turning one call pair's JSON into models (median of rounds)."""
    def validate() -> None:
        User.model_validate(user_json)
        [TimeEntry.model_validate(row) for row in page_json]

    samples = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        for _ in range(CALLS):
            validate()
        samples.append((time.perf_counter() - started) / CALLS)
    return statistics.median(samples)


def unknown_limit(limit: float) -> tuple[float, int, int]:
    """(fraction of ``limit`` reached, 429s, requests sent) for ``ANSWERED`` calls to ``GET /user``
    through a limiter with the client's defaults, against a sandbox with that hidden per-key limit."""
    from punchclock.sandbox import create_app
    from punchclock.sandbox.clockify.seed import SeedConfig, seeded_backend
    from punchclock.sandbox.core.transport import SyncASGITransport

    backend = seeded_backend(SeedConfig(entries=10, users=1, api_key=KEY))
    app = create_app(backend)
    clock = SimulatedClock()
    app.limiter.clock = clock
    with httpx.Client(transport=SyncASGITransport(app), base_url="http://sandbox") as control:
        control.post("/__sandbox__/limits", json={"per_key_rate": limit}).raise_for_status()
    limiter = AdaptiveLimiter(10.0, max_rate=50.0, burst=START_BURST, clock=clock, sleep=clock.sleep)  # Clockify()'s
    with Clockify(KEY, backend.seed_info.workspace_id, base_url="http://sandbox/api/v1", limiter=limiter,
                  transport=SyncASGITransport(app)) as client:
        begun = clock.now
        for _ in range(ANSWERED):
            client.user.me()
        elapsed = clock.now - begun
    refused = app.stats.by_status.get("429", 0)
    return ANSWERED / elapsed / limit, refused, app.stats.total


def clockeye_overhead() -> dict[str, float]:
    """Median seconds per call pair (``users/me`` plus one page of entries) of a plain httpx loop and of
    the typed ClockEye client, against the ClockEye sandbox in process with its limits off."""
    from punchclock.http.windows import WindowLimiter
    from punchclock.providers.clockeye import ClockEye
    from punchclock.sandbox.clockeye.app import create_app as clockeye_app
    from punchclock.sandbox.clockeye.seed import SeedConfig as ClockEyeSeed
    from punchclock.sandbox.clockeye.seed import seeded_backend as clockeye_backend
    from punchclock.sandbox.core.limits import Limits
    from punchclock.sandbox.core.transport import SyncASGITransport

    app = clockeye_app(clockeye_backend(ClockEyeSeed(entries=2000, users=4, api_key=KEY)), limits=Limits())
    url = "http://sandbox/v1"
    plain = httpx.Client(transport=SyncASGITransport(app), base_url=url,
                         headers={"Authorization": f"Bearer {KEY}", "Accept": "application/json"})
    typed = ClockEye(KEY, base_url=url, transport=SyncASGITransport(app), limiter=WindowLimiter([(10**9, 60.0)]))
    params = {"page": 1, "per_page": PAGE}

    def plain_pair() -> None:
        plain.get("/users/me").json()
        plain.get("/time-entries", params=params).json()

    def typed_pair() -> None:
        typed.users.me()
        typed.time_entries.list(per_page=PAGE).first_page()

    contenders = {"plain httpx.Client": plain_pair, "typed client (ClockEye)": typed_pair}
    samples: dict[str, list[float]] = {name: [] for name in contenders}
    for fn in contenders.values():  # warm connections, caches and imports
        for _ in range(20):
            fn()
    for _ in range(ROUNDS):
        for name, fn in contenders.items():
            started = time.perf_counter()
            for _ in range(CALLS):
                fn()
            samples[name].append((time.perf_counter() - started) / CALLS)
    plain.close()
    typed.close()
    return {name: statistics.median(values) for name, values in samples.items()}


def main() -> None:
    """Run both measurements and print the table."""
    with sandbox_process() as (base, workspace):
        fixed_rate, fixed_429 = paced_run(base, workspace, AdaptiveLimiter(LIMIT, adaptive=False), 1.0, PACE_SECONDS)
        costs = overhead(base, workspace)
    found = {limit: unknown_limit(limit) for limit in HIDDEN_LIMITS}
    eye = clockeye_overhead()

    print(f"(a) pacing against a sandbox limit of {LIMIT:g} req/s per key")
    print(f"    {'client':<40}{'req/s':>8}{'x limit':>9}{'429s':>6}")
    print(f"    {'fixed rate 20, adaptive off':<40}{fixed_rate:>8.2f}{fixed_rate / LIMIT:>9.3f}{fixed_429:>6}")
    print(f"    target: fixed rate >= 0.95 x limit with 0 429s after warm-up -> "
          f"{'met' if fixed_rate / LIMIT >= 0.95 and fixed_429 == 0 else 'MISSED'}")
    base_cost = costs["plain httpx.Client"]
    print(f"(b) cost of GET /user + one page of {PAGE} entries, median of {ROUNDS} rounds x {CALLS}")
    print(f"    {'contender':<40}{'ms/pair':>8}{'x plain':>9}")
    typed_less_models = costs["typed client (Clockify)"] - costs["model validation alone"]
    rows = [*costs.items(), ("typed client less model validation", typed_less_models)]
    for name, cost in rows:
        print(f"    {name:<40}{cost * 1000:>8.3f}{cost / base_cost:>9.2f}")
    for name, cost in [("HTTP core", costs["HTTP core (HttpClient)"]),
                       ("typed client", costs["typed client (Clockify)"]),
                       ("typed client less model validation", typed_less_models)]:
        ratio = cost / base_cost
        print(f"    target: {name} at most 1.30 x plain -> {'met' if ratio <= 1.3 else 'MISSED'} ({ratio:.2f})")
    eye_ratio = eye["typed client (ClockEye)"] / eye["plain httpx.Client"]
    print(f"    ClockEye, in process: {'plain httpx.Client':<18}{eye['plain httpx.Client'] * 1000:>8.3f}{1:>9.2f}")
    print(f"    ClockEye, in process: {'typed ClockEye':<18}{eye['typed client (ClockEye)'] * 1000:>8.3f}{eye_ratio:>9.2f}")
    print(f"    target: typed ClockEye at most 1.30 x plain -> {'met' if eye_ratio <= 1.3 else 'MISSED'} "
          f"({eye_ratio:.2f})")

    print(f"(c) the adaptive limiter (start 10, max 50) against a hidden limit, {ANSWERED} answered requests, "
          f"simulated time")
    print(f"    {'hidden limit (req/s)':<40}{'x limit':>9}{'429s':>6}{'% 429':>7}")
    for limit, (fraction, refused, sent) in found.items():
        print(f"    {limit:<40g}{fraction:>9.3f}{refused:>6}{100 * refused / sent:>7.2f}")
    met = all(f >= 0.9 and r / n < 0.02 for f, r, n in found.values())
    print(f"    target: >= 0.9 x limit with < 2% 429s at every limit -> {'met' if met else 'MISSED'}")


if __name__ == "__main__":
    serve_child() if sys.argv[1:] == ["--serve"] else main()
