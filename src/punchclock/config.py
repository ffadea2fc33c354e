"""Where settings come from: keyword arguments, then the provider's environment variables, then a
profile in the config file (``$PUNCHCLOCK_CONFIG`` or ``~/.config/punchclock/config.toml``).

The file holds ``[profiles.NAME]`` tables. Every profile has the neutral settings ``provider``
(``clockify`` when absent), ``api_key``, ``workspace`` and ``base_url``; beside them sit the settings
its provider declares (Clockify's ``reports_url``, ``region``, ``gateway_token``...; ClockEye's
``auth_scheme``). Which environment variables count is the provider's choice too
(``CLOCKIFY_API_KEY``, ``CLOCKEYE_API_KEY``...). Secrets are masked in every repr.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from punchclock.config_file import config_path, read_config
from punchclock.errors import ConfigError
from punchclock.http.auth import mask

NEUTRAL = ("api_key", "workspace", "base_url")
DEFAULT_PROVIDER = "clockify"


@dataclass
class Profile:
    """Connection settings for one account of one provider."""

    provider: str = DEFAULT_PROVIDER
    api_key: str | None = field(default=None, repr=False)
    workspace: str | None = None
    base_url: str | None = None
    extra: dict = field(default_factory=dict, repr=False)

    def get(self, name: str):
        """A setting by name, neutral or provider-specific (None when unset)."""
        return getattr(self, name) if name in NEUTRAL else self.extra.get(name)

    def __repr__(self) -> str:
        extra = ", ".join(f"{k}={mask(v) if _secret(k) else repr(v)}" for k, v in sorted(self.extra.items()))
        return (f"Profile(provider={self.provider!r}, api_key={mask(self.api_key)}, workspace={self.workspace!r}, "
                f"base_url={self.base_url!r}{', ' + extra if extra else ''})")


def _secret(name: str) -> bool:
    return any(word in name for word in ("key", "token", "secret", "password"))


def load_profile(name: str | None = None, *, provider: str | None = None, path: Path | None = None,
                 env: dict | None = None, **overrides) -> Profile:
    """Settings for profile ``name`` (or the file's ``default_profile``), environment on top, then overrides.

    ``provider`` forces one (a client class asks for its own); otherwise ``PUNCH_PROVIDER``, the
    profile's ``provider`` setting, else Clockify. A default profile written for another provider
    is not used for a forced one; a profile named explicitly must match.
    """
    from punchclock.providers.registry import provider_class

    env = os.environ if env is None else env
    path = path or config_path()
    data = read_config(path)
    explicit = name or env.get("PUNCHCLOCK_PROFILE")
    name = explicit or data.get("default_profile") or "default"
    profiles = data.get("profiles") or {}
    if explicit and profiles and explicit not in profiles:
        raise ConfigError(f"no profile {explicit!r} in {path}; known: {', '.join(sorted(profiles)) or '(none)'}")
    section = profiles.get(name, {})
    if not isinstance(section, dict):
        raise ConfigError(f"profile {name!r} in {path} is not a table")
    section = dict(section)
    written_for = section.pop("provider", DEFAULT_PROVIDER)
    chosen = provider or env.get("PUNCH_PROVIDER") or written_for
    if chosen != written_for:
        if explicit:
            raise ConfigError(f"profile {name!r} is for {written_for}, not {chosen}")
        section = {}
    kind = provider_class(chosen)
    allowed = set(NEUTRAL) | set(kind.settings)
    unknown = set(section) - allowed
    if unknown:
        raise ConfigError(f"unknown settings in profile {name!r} for {chosen}: {', '.join(sorted(unknown))}")
    values = {**section, **{k: env[v] for k, v in kind.env.items() if env.get(v)},
              **{k: v for k, v in overrides.items() if v is not None}}
    stray = set(values) - allowed
    if stray:
        raise ConfigError(f"{chosen} has no setting {', '.join(sorted(stray))}")
    profile = Profile(provider=chosen)
    return replace(profile, **{k: values[k] for k in NEUTRAL if k in values},
                   extra={k: v for k, v in values.items() if k not in NEUTRAL})


def budget_setting(profile: Profile) -> int | None:
    """The profile's ``budget`` (requests per rolling hour) as a number, None when unset; anything but
    a whole number of at least 1 is a :class:`ConfigError`."""
    value = profile.get("budget")
    if value is None or value == "":
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        number = 0
    if isinstance(value, bool) or number < 1 or (isinstance(value, float) and value != number):
        raise ConfigError(f"budget must be a whole number of requests per hour, 1 or more, not {str(value)[:20]!r}")
    return number
