"""``punch sync``: every stream of a provider into a store, with the fewest requests, resumable.

::

    source = provider.streams()                 # the provider's streams, declared as data
    with open_store("duckdb:~/punch.duckdb") as store:
        plan = make_plan(source, store)         # no request made: what it will cost
        print("\\n".join(plan.describe()))
        report = run(plan, store)               # rows and cursors committed together
"""

from __future__ import annotations

from punchclock.sync.plan import Options, Plan, make_plan
from punchclock.sync.runner import Report, StreamResult, Watcher, run

__all__ = ["Options", "Plan", "Report", "StreamResult", "Watcher", "make_plan", "run"]
