"""Where a ClockEye client's settings come from: arguments first, then ``CLOCKEYE_*`` variables, then defaults.

``CLOCKEYE_API_KEY`` holds the key, ``CLOCKEYE_BASE_URL`` the API root (default
``https://api.clockeye.ai/v1``) and ``CLOCKEYE_AUTH`` how the key is sent: ``bearer``
(``Authorization: Bearer <key>``, the default) or ``x-api-key`` (``X-API-Key: <key>``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from punchclock.errors import ConfigError
from punchclock.http.auth import ApiKeyAuth, BearerAuth, mask

DEFAULT_BASE_URL = "https://api.clockeye.ai/v1"
ENV = {"api_key": "CLOCKEYE_API_KEY", "base_url": "CLOCKEYE_BASE_URL", "auth_scheme": "CLOCKEYE_AUTH"}
SCHEMES = ("bearer", "x-api-key")


@dataclass(frozen=True)
class Settings:
    """How to reach ClockEye: key, API root and auth scheme (the key never shows in a repr)."""

    api_key: str = field(repr=False)
    base_url: str = DEFAULT_BASE_URL
    auth_scheme: str = "bearer"

    def auth(self) -> ApiKeyAuth | BearerAuth:
        """The credentials object that puts the key in the chosen header."""
        if self.auth_scheme == "x-api-key":
            return ApiKeyAuth(self.api_key, header="X-API-Key")
        return BearerAuth(self.api_key)

    def __repr__(self) -> str:
        return f"Settings(api_key={mask(self.api_key)}, base_url={self.base_url!r}, auth_scheme={self.auth_scheme!r})"


def resolve(api_key: str | None = None, base_url: str | None = None, auth_scheme: str | None = None) -> Settings:
    """Settings from the arguments, else the environment, else the defaults; a clear error when unusable."""
    key = api_key or os.environ.get(ENV["api_key"])
    if not key or not key.strip():
        raise ConfigError(f"no ClockEye API key: pass api_key=... or set {ENV['api_key']}")
    url = (base_url or os.environ.get(ENV["base_url"]) or DEFAULT_BASE_URL).rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise ConfigError(f"ClockEye base URL must start with http:// or https://, got {url!r}")
    scheme = (auth_scheme or os.environ.get(ENV["auth_scheme"]) or "bearer").strip().lower()
    if scheme not in SCHEMES:
        raise ConfigError(f"unknown ClockEye auth scheme {scheme!r}: use bearer or x-api-key ({ENV['auth_scheme']})")
    return Settings(key.strip(), url, scheme)
