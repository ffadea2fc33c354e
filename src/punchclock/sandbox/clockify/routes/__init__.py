"""HTTP routes of the Clockify sandbox, one module per resource; they only translate HTTP.

Every function decorated with :func:`punchclock.sandbox.clockify.routing.route` in a module of
this package is served; ``ALL`` lists them.
"""

from __future__ import annotations

import importlib
import pkgutil

from punchclock.sandbox.clockify.routing import collect

ALL = []
for _info in pkgutil.iter_modules(__path__):
    if not _info.name.startswith("_"):
        ALL.extend(collect(importlib.import_module(f"{__name__}.{_info.name}")))
