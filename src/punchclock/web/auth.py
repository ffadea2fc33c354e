"""HTTP basic authentication for a dashboard bound beyond localhost (any user name, the password given).

Webhook receivers are exempt: they carry their own signatures. Static assets are exempt too.
"""

from __future__ import annotations

import base64
import binascii
import hmac

from starlette.responses import PlainTextResponse

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
OPEN_PREFIXES = ("/webhooks/", "/static/")


def local(host: str) -> bool:
    """Whether binding to ``host`` keeps the dashboard on this machine."""
    return host.strip().strip("[]").lower() in LOCAL_HOSTS


def _password(header: str | None) -> str | None:
    scheme, _, value = (header or "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return decoded.partition(":")[2]


class BasicAuth:
    """ASGI middleware: answer 401 unless the request's basic credentials carry ``password``."""

    def __init__(self, app, password: str):
        self.app, self.password = app, password.encode()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"].startswith(OPEN_PREFIXES):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        given = _password(headers.get("authorization"))
        if given is not None and hmac.compare_digest(given.encode(), self.password):
            await self.app(scope, receive, send)
            return
        reply = PlainTextResponse("the dashboard needs its password", 401,
                                  headers={"WWW-Authenticate": 'Basic realm="punch web", charset="UTF-8"'})
        await reply(scope, receive, send)
