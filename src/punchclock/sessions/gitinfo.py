"""Where a directory sits in git, read from the files (no ``git`` process): the top level, the origin
remote normalized to ``host/org/repo``, for worktrees the main repository's remote."""

from __future__ import annotations

import configparser
import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class GitPlace:
    """A directory's repository: its top level and origin remote (either may be None)."""

    root: str | None = None
    remote: str | None = None


def normalize_remote(url: str | None) -> str | None:
    """``git@github.com:acme/app.git`` and ``https://github.com/acme/app`` both become ``github.com/acme/app``."""
    if not url:
        return None
    text = url.strip()
    text = re.sub(r"^[a-z+]+://", "", text)
    text = re.sub(r"^[^@/]+@", "", text)
    text = re.sub(r"^([^/:]+):(?!\d+/)", r"\1/", text)
    text = re.sub(r"^([^/:]+):\d+/", r"\1/", text)
    return text.removesuffix("/").removesuffix(".git").lower() or None


def _git_dir(top: Path) -> Path | None:
    dot = top / ".git"
    if dot.is_dir():
        return dot
    if dot.is_file():
        text = dot.read_text(errors="replace").strip()
        if text.startswith("gitdir:"):
            target = Path(text[7:].strip())
            return target if target.is_absolute() else (top / target).resolve()
    return None


def _origin(git_dir: Path) -> str | None:
    common = git_dir
    if (git_dir / "commondir").is_file():
        common = (git_dir / (git_dir / "commondir").read_text().strip()).resolve()
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    try:
        parser.read(common / "config")
    except (configparser.Error, OSError, UnicodeDecodeError):
        return None
    return parser.get('remote "origin"', "url", fallback=None)


def locate(directory: str | None) -> GitPlace:
    """The repository ``directory`` is in (an empty place when it is none or no longer exists)."""
    if not directory:
        return GitPlace()
    here = Path(directory)
    try:
        for top in (here, *here.parents):
            git_dir = _git_dir(top)
            if git_dir is not None:
                return GitPlace(str(top), normalize_remote(_origin(git_dir)))
    except OSError:
        return GitPlace()
    return GitPlace()


def branch(root: str | None) -> str | None:
    """The checked-out branch of the repository at ``root`` (None when detached or unknown)."""
    if not root:
        return None
    git_dir = _git_dir(Path(root))
    try:
        head = (git_dir / "HEAD").read_text().strip() if git_dir else ""
    except OSError:
        return None
    return head.removeprefix("ref: refs/heads/") if head.startswith("ref: refs/heads/") else None
