"""Nothing in sync/ or store/ imports a provider's package: streams reach them through the seam."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "punchclock"


def test_sync_and_store_never_import_a_provider_package():
    offenders = []
    for folder in ("sync", "store"):
        for path in (SRC / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                    [node.module or ""] if isinstance(node, ast.ImportFrom) else []
                offenders += [f"{path.name}: {n}" for n in names
                              if n.startswith("punchclock.providers.") and n not in ("punchclock.providers.base",
                                                                                     "punchclock.providers.registry")]
    assert offenders == []
