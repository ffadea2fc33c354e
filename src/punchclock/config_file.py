"""The config file, the one module that reads and writes it: where it is, parsing it, and saving a
profile safely (atomic replace, owner-only permissions 0600, other profiles kept); and where the
small state file beside it lives."""

from __future__ import annotations

import json
import os
import tempfile
import tomllib
from pathlib import Path

from punchclock.errors import ConfigError


def config_path() -> Path:
    """The config file's path."""
    if os.environ.get("PUNCHCLOCK_CONFIG"):
        return Path(os.environ["PUNCHCLOCK_CONFIG"])
    return _default_config_path()


def _default_config_path() -> Path:
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
    return write_private(path, dumps(data))


def write_private(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` atomically (a reader sees the old file or the new one) with mode 0600."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", dir=path.parent)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
    return path


def state_path() -> Path:
    """The small state file beside the config file (``budgets.json``): what runs learn about limits and
    whose key it is. A config "file" that is a device (``PUNCHCLOCK_CONFIG=/dev/null``) has no folder of
    ours beside it: the state file then stays in the default config folder."""
    config = config_path()
    if config.exists() and not config.is_file():
        config = _default_config_path()
    return config.parent / "budgets.json"
