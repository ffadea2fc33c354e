"""A sync run in a child process (killed with SIGKILL by the tests): prints a line after each commit."""

from __future__ import annotations

import sys

from punchclock.providers.clockify.client import Clockify
from punchclock.providers.clockify.provider import ClockifyProvider
from punchclock.store import open_store
from punchclock.sync import Options, make_plan, run


def main(base: str, key: str, workspace: str, path: str, commit_rows: str = "") -> None:
    """Sync the sandbox at ``base`` into ``path`` (a DuckDB file, or ``iceberg:FOLDER``), ``commit_rows``
    rows a commit if given (else the store's own), announcing every commit on stdout."""
    with ClockifyProvider(Clockify(key, workspace, base_url=f"{base}/api/v1", reports_url=f"{base}/reports/v1")) as p, \
            open_store(path if path.startswith("iceberg:") else f"duckdb:{path}") as store:
        commit = store.commit

        def announced(c):
            out = commit(c)
            print("commit", flush=True)
            return out

        store.commit = announced
        plan = make_plan(p.streams(), store, None, Options(commit_rows=int(commit_rows) if commit_rows else None))
        run(plan, store)
    print("done", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:6])
