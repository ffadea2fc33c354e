"""How ClockEye words its errors, read into the shared error tree by :mod:`punchclock.http.errors`.

ClockEye documents two body shapes; both give the same message and the same lowercase code::

    {"error": {"code": "invalid_request", "message": "The project_id field is required", "details": {...}}}
    {"error": "The project_id field is required", "code": "INVALID_REQUEST", "details": {...}}
"""

from __future__ import annotations

import httpx

from punchclock.http.call import loads
from punchclock.http.errors import ErrorStyle

KEY_HELP = ("Check the API key: create one in ClockEye under Settings > API Keys, then set CLOCKEYE_API_KEY "
            "(or pass api_key=...); CLOCKEYE_AUTH=bearer|x-api-key chooses how it is sent.")


def read_error(response: httpx.Response) -> tuple[str, str | None]:
    """The message and code of a ClockEye error answer, whichever shape it has."""
    fallback = response.reason_phrase or "error"
    try:
        data = loads(response.content)
    except ValueError:
        return (response.text.strip()[:200] or fallback), None
    if not isinstance(data, dict):
        return fallback, None
    error = data.get("error")
    if isinstance(error, dict):
        message, code = error.get("message"), error.get("code")
    elif isinstance(error, str):
        message, code = error, data.get("code")
    else:
        message, code = data.get("message"), data.get("code")
    return str(message or fallback), code.lower() if isinstance(code, str) else None


ERRORS = ErrorStyle(read=read_error, key_help=KEY_HELP)
"""How ClockEye's error answers read: either body shape, and where to set its key."""
