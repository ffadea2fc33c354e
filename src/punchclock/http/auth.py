"""Credentials as request headers; their reprs never show the secret."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


def fingerprint(secret: str) -> str:
    """A short, stable, non-reversible id for a secret (to key shared state without storing it)."""
    return hashlib.sha256(secret.encode()).hexdigest()[:12]


def mask(secret: str | None) -> str:
    """A secret for display: its last four characters at most."""
    if not secret:
        return "(none)"
    return "…" + secret[-4:] if len(secret) > 8 else "****"


@dataclass(frozen=True)
class ApiKeyAuth:
    """A personal API key sent as ``X-Api-Key`` (Clockify's direct style)."""

    key: str = field(repr=False)
    header: str = "X-Api-Key"

    def headers(self) -> dict[str, str]:
        """The headers that authenticate a request."""
        return {self.header: self.key}

    @property
    def fingerprint(self) -> str:
        """A stable id of the key for shared limiters."""
        return fingerprint(self.key)

    def __repr__(self) -> str:
        return f"ApiKeyAuth(key={mask(self.key)})"


@dataclass(frozen=True)
class BearerAuth:
    """A bearer token, optionally with a connection header (a managed-auth gateway's style)."""

    token: str = field(repr=False)
    connection: str | None = None
    connection_header: str = "Maton-Connection"

    def headers(self) -> dict[str, str]:
        """The headers that authenticate a request."""
        out = {"Authorization": f"Bearer {self.token}"}
        if self.connection:
            out[self.connection_header] = self.connection
        return out

    @property
    def fingerprint(self) -> str:
        """A stable id of the token and connection for shared limiters."""
        return fingerprint(f"{self.token}\0{self.connection or ''}")

    def __repr__(self) -> str:
        return f"BearerAuth(token={mask(self.token)}, connection={self.connection!r})"
