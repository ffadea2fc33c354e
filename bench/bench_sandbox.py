"""How fast the sandbox serves, so later benchmarks know it is not their bottleneck.

Prints: (a) the median time to serve and parse one 5000-entry page (target under 100 ms);
(b) small requests per second sustained with 16 concurrent async clients for about 5 s, beside a
trivial ASGI app served the same way (target at least 500/s), as a ratio; (c) seconds to seed
1,000,000 entries (target under 60 s) and the process's peak memory after.
"""

from __future__ import annotations

import asyncio
import contextlib
import resource
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

from punchclock.sandbox.clockify.seed import SeedConfig, seeded_backend

KEY = "bench-key"


async def hello(scope, receive, send):
    """The baseline: the smallest possible ASGI answer."""
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"application/json"), (b"content-length", b"11")]})
    await send({"type": "http.response.body", "body": b'{"ok":true}'})


async def hammer(base: str, path: str, headers: dict, seconds: float = 5.0, workers: int = 16) -> float:
    """Requests per second that ``workers`` keep-alive connections sustain against ``path``.

    A minimal HTTP/1.1 client on raw asyncio streams: a full client library in the same process
    costs more than the server it measures.
    """
    host, port = base.removeprefix("http://").split(":")
    request = (f"GET {path} HTTP/1.1\r\nHost: {host}\r\n"
               + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n").encode()
    done = 0
    stop = time.perf_counter() + seconds

    async def loop():
        nonlocal done
        reader, writer = await asyncio.open_connection(host, int(port))
        while time.perf_counter() < stop:
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            if not head.startswith(b"HTTP/1.1 200"):
                raise RuntimeError(head[:60])
            length = int(next(line.split(b":")[1] for line in head.split(b"\r\n")
                              if line.lower().startswith(b"content-length")))
            await reader.readexactly(length)
            done += 1
        writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(loop() for _ in range(workers)))
    return done / (time.perf_counter() - started)


def free_port() -> int:
    """A port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def server(args: list[str]):
    """A server in its own process (so the load generator does not share its core); yields the base URL."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, *args, "--port", str(port)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, cwd=Path(__file__).parent)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                httpx.get(base + "/__sandbox__/stats", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def month_reports() -> float:
    """Seconds (median of 5) for a month's summary by project, user and day plus a detailed page of 1,000
    on a 200,000-entry workspace, in process."""
    from punchclock.sandbox import create_app
    from punchclock.sandbox.core.transport import SyncASGITransport

    backend = seeded_backend(SeedConfig(entries=200_000, api_key=KEY))
    ws = backend.seed_info.workspace_id
    month = {"dateRangeStart": "2026-10-01T00:00:00", "dateRangeEnd": "2026-10-31T23:59:59.999"}
    samples = []
    with httpx.Client(transport=SyncASGITransport(create_app(backend)), base_url="http://sandbox/reports/v1",
                      headers={"X-Api-Key": KEY}) as client:
        for _ in range(5):
            started = time.perf_counter()
            client.post(f"/workspaces/{ws}/reports/summary",
                        json={**month, "summaryFilter": {"groups": ["PROJECT", "USER", "DATE"]}}).raise_for_status()
            client.post(f"/workspaces/{ws}/reports/detailed",
                        json={**month, "detailedFilter": {"pageSize": 1000}}).raise_for_status()
            samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> None:
    """Run the three measurements and print a table."""
    sandbox = ["-m", "punchclock", "sandbox", "--entries", "20000", "--users", "2", "--api-key", KEY]
    with server(sandbox) as base:
        me = httpx.get(f"{base}/api/v1/user", headers={"X-Api-Key": KEY}).json()
        owner, ws = me["id"], me["activeWorkspace"]
        page_url = f"{base}/api/v1/workspaces/{ws}/user/{owner}/time-entries"
        with httpx.Client(headers={"X-Api-Key": KEY}, timeout=30) as client:
            samples = []
            for _ in range(21):
                started = time.perf_counter()
                rows = client.get(page_url, params={"page-size": 5000}).json()
                samples.append(time.perf_counter() - started)
            assert len(rows) == 5000
        page_ms = statistics.median(samples) * 1000
        ours = asyncio.run(hammer(base, "/api/v1/user", {"X-Api-Key": KEY}))
    with server(["-m", "uvicorn", "bench_sandbox:hello", "--log-level", "warning"]) as base:
        baseline = asyncio.run(hammer(base, "/", {}))
    month_s = month_reports()
    started = time.perf_counter()
    big = seeded_backend(SeedConfig(entries=1_000_000))
    seed_s = time.perf_counter() - started
    assert sum(len(ws.entries) for ws in big.state.workspaces.values()) == 1_000_000
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"{'measure':<44}{'value':>12}  target")
    print(f"{'5000-entry page, served and parsed (median)':<44}{page_ms:>10.1f}ms  < 100 ms "
          f"{'met' if page_ms < 100 else 'MISSED'}")
    print(f"{'GET /user, 16 concurrent clients':<44}{ours:>10.0f}/s  >= 500/s {'met' if ours >= 500 else 'MISSED'}")
    print(f"{'trivial ASGI app, same load':<44}{baseline:>10.0f}/s  (ratio ours/trivial {ours / baseline:.2f})")
    print(f"{'seed 1,000,000 entries':<44}{seed_s:>11.1f}s  < 60 s {'met' if seed_s < 60 else 'MISSED'}")
    print(f"{'summary + detailed page, a month of 200k':<44}{month_s:>11.2f}s  < 1 s {'met' if month_s < 1 else 'MISSED'}")
    print(f"{'peak memory of this process':<44}{peak_mb:>9.0f} MB")


if __name__ == "__main__":
    main()
