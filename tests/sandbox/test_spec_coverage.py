"""How much of Clockify's official spec the sandbox serves, and that the README says so truly."""

from __future__ import annotations

import re
from pathlib import Path

from punchclock.sandbox.clockify import routes
from spec import load, operations, spec_dir

REPORTS = ("/v1/workspaces/{}/reports", "/v1/shared-reports", "/v1/workspaces/{}/shared-reports")


def _shape(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "{}", path)


def served_official_operations() -> set[tuple[str, str]]:
    """The (METHOD, path) pairs of the official spec that a sandbox route answers."""
    served = {(r.method, r.host, _shape(r.template)) for r in routes.ALL}
    out = set()
    for method, path in operations("official"):
        shape = _shape(path)
        host = "reports" if shape.startswith(REPORTS) else "api"
        if (method, host, shape.removeprefix("/v1")) in served:
            out.add((method, path))
    return out


def test_readme_states_the_served_count():
    spec_dir()
    total = len(operations("official"))
    served = len(served_official_operations())
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    sentence = f"The sandbox serves {served} of the official spec's {total} operations"
    assert sentence in readme, f"README should say: {sentence!r}"
    assert load("official")["info"]["title"] == "Clockify API"
