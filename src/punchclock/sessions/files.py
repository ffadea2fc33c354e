"""Local state of ``punch sessions``: where it lives and how it is written (atomically, owner-only)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import orjson


def state_dir(environ=os.environ) -> Path:
    """``$PUNCHCLOCK_STATE_DIR``, else ``$XDG_STATE_HOME/punchclock``, else ``~/.local/state/punchclock``."""
    if environ.get("PUNCHCLOCK_STATE_DIR"):
        return Path(environ["PUNCHCLOCK_STATE_DIR"]).expanduser()
    base = environ.get("XDG_STATE_HOME") or Path(environ.get("HOME") or Path.home()) / ".local" / "state"
    return Path(base) / "punchclock"


def write_json(path: Path, data) -> None:
    """Replace ``path`` with ``data`` as JSON all at once: a crash leaves the old file or the new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(orjson.dumps(data, option=orjson.OPT_SORT_KEYS))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_json(path: Path, default):
    """The JSON in ``path``, or ``default`` when there is no file (a damaged file is an error naming it)."""
    from punchclock.errors import ConfigError

    try:
        return orjson.loads(path.read_bytes())
    except FileNotFoundError:
        return default
    except (orjson.JSONDecodeError, OSError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}; move it away to start over") from None
