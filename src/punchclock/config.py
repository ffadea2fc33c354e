"""Where settings come from: keyword arguments, then environment variables, then a profile in the
config file (``$PUNCHCLOCK_CONFIG`` or ``~/.config/punchclock/config.toml``).

The file holds ``[profiles.NAME]`` tables with ``api_key``, ``workspace``, ``base_url``,
``reports_url``, ``region``, ``subdomain``, ``gateway_token`` and ``connection``. Secrets are
masked in every repr.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from punchclock.errors import ConfigError
from punchclock.http.auth import mask

GLOBAL_API = "https://api.clockify.me/api/v1"
GLOBAL_REPORTS = "https://reports.api.clockify.me/v1"
REGIONS = {"eu": "euc1", "euc1": "euc1", "us": "use2", "use2": "use2", "uk": "euw2", "euw2": "euw2",
           "au": "apse2", "apse2": "apse2"}
ENV = {
    "api_key": "CLOCKIFY_API_KEY", "workspace": "CLOCKIFY_WORKSPACE_ID", "base_url": "CLOCKIFY_BASE_URL",
    "reports_url": "CLOCKIFY_REPORTS_URL", "region": "CLOCKIFY_REGION", "subdomain": "CLOCKIFY_SUBDOMAIN",
    "gateway_token": "CLOCKIFY_GATEWAY_TOKEN", "connection": "CLOCKIFY_CONNECTION",
}


@dataclass
class Profile:
    """Connection settings for one Clockify account."""

    api_key: str | None = field(default=None, repr=False)
    workspace: str | None = None
    base_url: str | None = None
    reports_url: str | None = None
    region: str | None = None
    subdomain: str | None = None
    gateway_token: str | None = field(default=None, repr=False)
    connection: str | None = None

    def __repr__(self) -> str:
        shown = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(self) if f.repr)
        return f"Profile(api_key={mask(self.api_key)}, gateway_token={mask(self.gateway_token)}, {shown})"

    def urls(self) -> tuple[str, str]:
        """The main API and Reports API base URLs these settings point at."""
        region = REGIONS.get((self.region or "").lower()) if self.region else None
        if self.region and region is None:
            raise ConfigError(f"unknown region {self.region!r}; use one of eu, us, uk, au")
        api = GLOBAL_API if region is None else f"https://{region}.clockify.me/api/v1"
        reports = GLOBAL_REPORTS if region is None else f"https://{region}.clockify.me/report/v1"
        if self.subdomain:
            reports = f"https://{self.subdomain}.clockify.me/report/v1"
        return (self.base_url or api).rstrip("/"), (self.reports_url or reports).rstrip("/")


def config_path() -> Path:
    """The config file's path."""
    if os.environ.get("PUNCHCLOCK_CONFIG"):
        return Path(os.environ["PUNCHCLOCK_CONFIG"])
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "punchclock" / "config.toml"


def read_config(path: Path) -> dict:
    """The parsed config file, ``{}`` when there is none; an unreadable one is a :class:`ConfigError`."""
    if not path.exists():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}; fix or remove it") from None


def load_profile(name: str | None = None, *, path: Path | None = None, env: dict | None = None,
                 **overrides) -> Profile:
    """Settings for profile ``name`` (or the file's ``default_profile``), environment on top, then overrides."""
    env = os.environ if env is None else env
    path = path or config_path()
    data = read_config(path)
    name = name or env.get("PUNCHCLOCK_PROFILE") or data.get("default_profile") or "default"
    section = (data.get("profiles") or {}).get(name, {})
    if not isinstance(section, dict):
        raise ConfigError(f"profile {name!r} in {path} is not a table")
    unknown = set(section) - set(ENV)
    if unknown:
        raise ConfigError(f"unknown settings in profile {name!r}: {', '.join(sorted(unknown))}")
    profile = Profile(**section)
    from_env = {k: env[v] for k, v in ENV.items() if env.get(v)}
    return replace(profile, **{**from_env, **{k: v for k, v in overrides.items() if v is not None}})
