"""Every operation of the corrected spec is served by the sandbox or listed with a written reason,
the answer tables of ``spec.py`` agree with the spec, and the README states the count truly."""

from __future__ import annotations

from pathlib import Path

from punchclock.sandbox.clockify import routes
from spec import MAY_BE_EMPTY, NO_BODY, OVERRIDES, RAW, load, no_body_operations, operations, shape, spec_dir

HOSTS = {"/workspaces/{}/audit-log": "auditlog"}
REPORTS = ("/workspaces/{}/reports", "/shared-reports", "/workspaces/{}/shared-reports")
NOT_SERVED: dict[tuple[str, str], str] = {}
"""Operations of the corrected spec the sandbox does not serve, each with the reason (none today)."""


def host_of(path: str) -> str:
    """The sandbox host an operation of the corrected spec lives on."""
    return HOSTS.get(path) or ("reports" if path.startswith(REPORTS) else "api")


def served_operations() -> set[tuple[str, str]]:
    """The (METHOD, shape) pairs of the corrected spec that a sandbox route answers on the right host."""
    served = {(r.method, r.host, shape(r.template)) for r in routes.ALL}
    return {(m, shape(p)) for m, p in operations("corrected") if (m, host_of(shape(p)), shape(p)) in served}


def test_every_operation_is_served_or_explained():
    spec_dir()
    every = {(m, shape(p)) for m, p in operations("corrected")}
    unexplained = sorted(every - served_operations() - set(NOT_SERVED))
    assert not unexplained, f"operations neither served nor listed in NOT_SERVED with a reason: {unexplained}"
    assert all(reason.strip() for reason in NOT_SERVED.values())
    assert not set(NOT_SERVED) - every, "NOT_SERVED lists operations the spec does not have"


def test_the_answer_tables_name_real_operations_with_reasons():
    spec_dir()
    every = {(m, shape(p)) for m, p in operations("corrected")}
    assert NO_BODY == no_body_operations(), "NO_BODY must be exactly the operations the spec documents without a body"
    for table in (OVERRIDES, RAW, MAY_BE_EMPTY):
        assert set(table) <= every, sorted(set(table) - every)
    assert all("research" in o.reason or "spec" in o.reason for o in OVERRIDES.values())
    assert all(reason.strip() for reason in [*RAW.values(), *MAY_BE_EMPTY.values()])


def test_readme_states_the_served_count():
    spec_dir()
    total = len(operations("corrected"))
    served = len(served_operations())
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    sentence = f"The sandbox serves {served} of the corrected spec's {total} operations"
    assert sentence in readme, f"README should say: {sentence!r}"
    assert load("official")["info"]["title"] == "Clockify API"
