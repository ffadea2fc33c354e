"""Credentials as request headers; their reprs never show the secret.

A secret is stripped and checked when the credentials are built: one with whitespace, control
characters or anything but printable ASCII inside (a pasted line break, a stray tab) cannot be a
key and would break the request header, so it is a :class:`~punchclock.errors.ConfigError` whose
message never shows the secret.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from punchclock.errors import ConfigError


def fingerprint(secret: str) -> str:
    """A short, stable, non-reversible id for a secret (to key shared state without storing it)."""
    return hashlib.sha256(secret.encode()).hexdigest()[:12]


def mask(secret: str | None) -> str:
    """A secret for display: its last four characters at most."""
    if not secret:
        return "(none)"
    return "…" + secret[-4:] if len(secret) > 8 else "****"


def clean_secret(value: object, what: str) -> str:
    """``value`` stripped of surrounding whitespace, or a ConfigError naming ``what`` (never the value)."""
    if not isinstance(value, str):
        raise ConfigError(f"the {what} must be text")
    secret = value.strip()
    if not secret:
        raise ConfigError(f"the {what} is empty")
    if not all("!" <= char <= "~" for char in secret):
        raise ConfigError(f"the {what} has whitespace, control or non-ASCII characters inside "
                          f"(a pasted line break?); copy it again (it is not shown here)")
    return secret


@dataclass(frozen=True)
class ApiKeyAuth:
    """A personal API key sent in a header (``X-Api-Key`` by default, as Clockify takes it)."""

    key: str = field(repr=False)
    header: str = "X-Api-Key"

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", clean_secret(self.key, "API key"))

    def secrets(self) -> tuple[str, ...]:
        """The secret strings these credentials send (to scrub them from any text)."""
        return (self.key,)

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
    connection_header: str = "Connection-Id"

    def __post_init__(self) -> None:
        object.__setattr__(self, "token", clean_secret(self.token, "gateway token"))
        if self.connection is not None:
            object.__setattr__(self, "connection", clean_secret(self.connection, "connection id"))

    def secrets(self) -> tuple[str, ...]:
        """The secret strings these credentials send (to scrub them from any text)."""
        return (self.token,)

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
