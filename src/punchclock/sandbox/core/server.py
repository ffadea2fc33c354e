"""Serving a sandbox app on a real socket with uvicorn, in the foreground or on a background thread."""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
from typing import Iterator

import uvicorn


class _QuietDrops(logging.Filter):
    """Keep injected connection drops out of the server log (they are faults, not bugs)."""

    def filter(self, record: logging.LogRecord) -> bool:
        from punchclock.sandbox.core.app import ConnectionDropped

        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, ConnectionDropped)


def _config(app, log_level: str) -> uvicorn.Config:
    logging.getLogger("uvicorn.error").addFilter(_QuietDrops())
    return uvicorn.Config(app, log_level=log_level, access_log=False, lifespan="off", timeout_keep_alive=30)


def bind(host: str = "127.0.0.1", port: int = 0) -> socket.socket:
    """A listening socket (port 0 picks a free one)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)  # lets asyncio set TCP_NODELAY
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    return sock


def serve(app, sock: socket.socket, *, log_level: str = "warning") -> None:
    """Serve ``app`` on ``sock`` until interrupted."""
    uvicorn.Server(_config(app, log_level)).run(sockets=[sock])


@contextlib.contextmanager
def running(app, host: str = "127.0.0.1", port: int = 0, *, log_level: str = "warning") -> Iterator[str]:
    """Serve ``app`` on a background thread; yields the base URL (``http://127.0.0.1:PORT``)."""
    sock = bind(host, port)
    server = uvicorn.Server(_config(app, log_level))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="sandbox-server", daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("the sandbox server failed to start")
        threading.Event().wait(0.01)
    actual = sock.getsockname()
    try:
        yield f"http://{host if ':' not in host else f'[{host}]'}:{actual[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
