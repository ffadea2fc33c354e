"""Who a holiday or time-off policy applies to, read from a request body.

The spec takes ``users: {ids, contains, status}`` and ``userGroups: {ids, ...}`` objects
(``UserIdsSchema``/``UserGroupIdsSchema``); older clients send bare ``userIds``/``userGroupIds``
arrays, which are read too. An id that is not a member or group of the workspace is refused (400/501).
"""

from __future__ import annotations

from punchclock.sandbox.clockify import errors


def _ids(body: dict, wrapped: str, bare: str) -> list[str]:
    found = body.get(wrapped)
    values = found.get("ids") if isinstance(found, dict) else body.get(bare)
    return [v for v in values or [] if isinstance(v, str)]


def read_assignees(backend, ws, body: dict) -> tuple[list[str], list[str]]:
    """``(user ids, group ids)`` named by the body; ids foreign to the workspace are refused."""
    users = list(dict.fromkeys(_ids(body, "users", "userIds")))
    groups = list(dict.fromkeys(_ids(body, "userGroups", "userGroupIds")))
    for user_id in users:
        backend.member(ws, user_id)
    for group_id in groups:
        if group_id not in ws.groups:
            raise errors.not_in_workspace("User group")
    return users, groups


def everyone(body: dict, users: list[str], groups: list[str]) -> bool:
    """``everyoneIncludingNew`` as sent, else true only when nobody in particular was named."""
    value = body.get("everyoneIncludingNew")
    return value if isinstance(value, bool) else not (users or groups)


def automatic_entries(body: dict) -> dict:
    """``automaticTimeEntryCreation`` as the answer carries it: ``{enabled, defaultEntities}``."""
    sent = body.get("automaticTimeEntryCreation")
    sent = sent if isinstance(sent, dict) else {}
    defaults = sent.get("defaultEntities") if isinstance(sent.get("defaultEntities"), dict) else {}
    return {"enabled": bool(sent.get("enabled", False)),
            "defaultEntities": {k: defaults[k] for k in ("projectId", "taskId") if isinstance(defaults.get(k), str)}}
