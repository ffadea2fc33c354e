"""Writing the config file safely: atomic replace, owner-only permissions (0600), other profiles kept."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from punchclock.config import config_path, read_config


def _value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a valid TOML basic string


def dumps(data: dict) -> str:
    """TOML for punchclock's config shape: top-level values and ``[profiles.NAME]`` tables."""
    lines = [f"{k} = {_value(v)}" for k, v in data.items() if not isinstance(v, dict)]
    for name, profile in (data.get("profiles") or {}).items():
        lines += ["", f"[profiles.{json.dumps(name)}]"]
        lines += [f"{k} = {_value(v)}" for k, v in profile.items() if v is not None]
    return "\n".join(lines).lstrip("\n") + "\n"


def save_profile(name: str, settings: dict, *, make_default: bool = False, path: Path | None = None) -> Path:
    """Merge ``settings`` into profile ``name`` and write the file atomically with mode 0600."""
    path = path or config_path()
    data = read_config(path)
    profiles = data.setdefault("profiles", {})
    profiles[name] = {**profiles.get(name, {}), **{k: v for k, v in settings.items() if v is not None}}
    if make_default or "default_profile" not in data:
        data["default_profile"] = name
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".config-", dir=path.parent)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(dumps(data))
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
    return path
