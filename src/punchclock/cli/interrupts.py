"""Ctrl+C before a command runs (while Python loads ``punch``) ends quietly with exit status 130.

Imported first by :mod:`punchclock.cli`: from then on an uncaught ``KeyboardInterrupt`` prints
``interrupted`` instead of a traceback (Python still ends the process by SIGINT, which shells
report as 130). Other uncaught errors keep Python's usual report.
"""

from __future__ import annotations

import sys

_installed = False


def _hook(kind, value, trace, _previous=sys.excepthook) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.stderr.write("\ninterrupted\n")
        return
    _previous(kind, value, trace)


def install() -> None:
    """Route an uncaught Ctrl+C to one quiet line (idempotent)."""
    global _installed
    if not _installed:
        sys.excepthook = _hook
        _installed = True
