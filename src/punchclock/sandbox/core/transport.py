"""An in-process transport for *sync* httpx clients: the ASGI app runs on a background event loop.

httpx ships ``ASGITransport`` for async clients only. This gives sync clients the same
in-process path, so tests exercise real HTTP semantics without a socket. All transports share
one daemon loop thread, started on first use.
"""

from __future__ import annotations

import asyncio
import threading

import httpx

_lock = threading.Lock()
_loop: asyncio.AbstractEventLoop | None = None


def _shared_loop() -> asyncio.AbstractEventLoop:
    global _loop
    with _lock:
        if _loop is None:
            _loop = asyncio.new_event_loop()
            threading.Thread(target=_loop.run_forever, name="sandbox-asgi", daemon=True).start()
        return _loop


class SyncASGITransport(httpx.BaseTransport):
    """Send sync httpx requests to an ASGI app running on the shared background loop."""

    def __init__(self, app, *, client: tuple[str, int] = ("127.0.0.1", 50000)):
        self._inner = httpx.ASGITransport(app, client=client)
        self._loop = _shared_loop()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Run one request through the app and return the fully read response."""
        body = request.read()

        async def run() -> httpx.Response:
            inner = httpx.Request(request.method, request.url, headers=request.headers, content=body,
                                  extensions=request.extensions)
            response = await self._inner.handle_async_request(inner)
            content = await response.aread()
            return httpx.Response(response.status_code, headers=response.headers, content=content,
                                  extensions=response.extensions, request=request)

        return asyncio.run_coroutine_threadsafe(run(), self._loop).result()
