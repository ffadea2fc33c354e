"""An in-process transport for *sync* httpx clients: the ASGI app runs on a private event loop.

httpx ships ``ASGITransport`` for async clients only. This gives sync clients the same
in-process path, so tests exercise real HTTP semantics without a socket.
"""

from __future__ import annotations

import asyncio
import threading

import httpx


class SyncASGITransport(httpx.BaseTransport):
    """Send sync httpx requests to an ASGI app running on a background event-loop thread."""

    def __init__(self, app, *, client: tuple[str, int] = ("127.0.0.1", 50000)):
        self._inner = httpx.ASGITransport(app, client=client)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="sandbox-asgi", daemon=True)
        self._thread.start()

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

    def close(self) -> None:
        """Stop the loop thread."""
        if self._loop.is_running():
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=5)
