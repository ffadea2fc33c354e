"""The seam holds: nothing outside a provider's own packages imports them, except the two registries."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "punchclock"
PROVIDERS = sorted(p.name for p in (SRC / "providers").iterdir() if p.is_dir() and not p.name.startswith("_"))
REGISTRIES = {SRC / "providers" / "registry.py", SRC / "sandbox" / "__init__.py"}


def _owner(path: Path) -> str | None:
    """The provider whose package a file belongs to (``providers/<p>/`` or ``sandbox/<p>/``), else None."""
    rel = path.relative_to(SRC).parts
    if len(rel) > 2 and rel[0] in ("providers", "sandbox") and rel[1] in PROVIDERS:
        return rel[1]
    return None


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append(node.module)
            found += [f"{node.module}.{alias.name}" for alias in node.names]
    return found


def violations() -> list[str]:
    """Every ``file: module`` where a file reaches into a provider package that is not its own."""
    out = []
    for path in sorted(SRC.rglob("*.py")):
        if path in REGISTRIES:
            continue
        owner = _owner(path)
        for module in _imports(path):
            for provider in PROVIDERS:
                if provider == owner:
                    continue
                for side in ("providers", "sandbox"):
                    package = f"punchclock.{side}.{provider}"
                    if module == package or module.startswith(package + "."):
                        out.append(f"{path.relative_to(SRC)}: {module}")
    return sorted(set(out))


def test_both_providers_are_known_to_the_check():
    assert {"clockify", "clockeye"} <= set(PROVIDERS)


def test_nothing_above_the_seam_imports_a_provider_package():
    assert violations() == []
