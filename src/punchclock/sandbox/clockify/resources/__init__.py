"""The backend's rules, one module per resource.

Every module here that defines ``NAME`` and ``Service`` is attached to the backend as
``backend.<NAME>``; nothing needs registering by hand.
"""

from __future__ import annotations

import importlib
import pkgutil

SERVICES: dict[str, type] = {}
for _info in pkgutil.iter_modules(__path__):
    if _info.name.startswith("_"):
        continue
    _module = importlib.import_module(f"{__name__}.{_info.name}")
    if hasattr(_module, "NAME") and hasattr(_module, "Service"):
        SERVICES[_module.NAME] = _module.Service
