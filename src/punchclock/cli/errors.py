"""Exit codes and the one handler that turns any punchclock error into a one-line message.

| code | meaning |
| --- | --- |
| 0 | done |
| 1 | unexpected failure (a bug: please report it) |
| 2 | bad input: a wrong option, name, time or duration, or a command the provider cannot serve |
| 3 | configuration: no API key or workspace, unreadable config |
| 4 | authentication: the key was refused |
| 5 | permission: your role or plan does not allow it |
| 6 | not found: no such entry, project..., or no running timer |
| 7 | rate limit or request budget exhausted: try later |
| 8 | network: the server cannot be reached or did not answer |
| 9 | the server failed (5xx) |
| 10 | cancelled at the confirmation prompt |
| 11 | outcome unknown: a change was sent but its answer was lost; it may have been made (check before retrying) |
| 130 | interrupted (Ctrl+C) |
"""

from __future__ import annotations

import sys

from punchclock import errors

EXIT_CODES = [
    (errors.InvalidInput, 2), (errors.Unsupported, 2), (errors.ConfigError, 3), (errors.AuthenticationError, 4),
    (errors.PermissionDenied, 5), (errors.NotFound, 6), (errors.RateLimited, 7), (errors.BudgetExceeded, 7),
    (errors.OutcomeUnknown, 11), (errors.TransportError, 8), (errors.ServerError, 9), (errors.BadRequest, 2),
]


class Cancelled(Exception):
    """The user said no at a confirmation prompt."""


def exit_code(exc: BaseException) -> int:
    """The documented exit code for an error."""
    if isinstance(exc, Cancelled):
        return 10
    for kind, code in EXIT_CODES:
        if isinstance(exc, kind):
            return code
    return 1


def message(exc: BaseException) -> str:
    """The one line printed for an error: what went wrong and, where useful, what to do."""
    if isinstance(exc, Cancelled):
        return "cancelled: nothing was changed"
    if isinstance(exc, errors.PermissionDenied) and not isinstance(exc, errors.PlanRequired):
        return f"error: {exc.message} - this needs a workspace admin or owner role ({exc.method} {exc.path})"
    if isinstance(exc, errors.OutcomeUnknown):
        return f"error: {exc}"
    if isinstance(exc, errors.TransportError):
        return f"error: {exc.message}; check the network and CLOCKIFY_BASE_URL ({exc.method} {exc.path})"
    if isinstance(exc, errors.ApiError) and exc.method is None:
        return f"error: {exc.message}"
    if isinstance(exc, errors.PunchclockError):
        return f"error: {exc}"
    return f"error: unexpected {type(exc).__name__}: {exc} (please report this)"


def report(exc: BaseException) -> int:
    """Print the one-line message on stderr and return the exit code."""
    sys.stderr.write(message(exc).splitlines()[0] + "\n")
    return exit_code(exc)
