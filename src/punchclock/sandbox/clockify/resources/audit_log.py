"""The audit log (Clockify's separate audit-log host): the workspace's change log as audit actions.

Actions are read from the same change log the ``entities/*`` feeds use: creating, updating and
deleting projects, tasks, clients, tags, expenses and time entries. The change log does not keep
who made a change, so entries name the workspace owner as author (a simplification: the live log
names the real author).
"""

from __future__ import annotations

from punchclock.sandbox.clockify import errors
from punchclock.sandbox.clockify.resources._base import Resource
from punchclock.timeutil import format_instant, parse_instant

NAME = "audit_log"
VERBS = {"created": "CREATE", "updated": "UPDATE", "deleted": "DELETE"}
NOUNS = {"PROJECT": "PROJECT", "TASK": "TASK", "CLIENT": "CLIENT", "TAG": "TAG", "EXPENSE": "EXPENSE",
         "EXPENSES": "EXPENSE"}


def action(kind: str, entity_type: str) -> str | None:
    """The audit action of a change-log row, or None when the audit log has no such action."""
    verb = VERBS.get(kind)
    if entity_type == "TIME_ENTRY":
        return {"CREATE": "CREATE_TIME_PERSONAL_MANUAL", "UPDATE": "UPDATE_TIME_PERSONAL",
                "DELETE": "DELETE_TIME_PERSONAL"}.get(verb)
    noun = NOUNS.get(entity_type)
    return f"{verb}_{noun}" if verb and noun else None


class Service(Resource):
    """Audit-log search: admins only."""

    def search(self, ws, caller, body: dict) -> list[dict]:
        """Entries of ``actions`` within ``start``..``end``, oldest first, paged (``page-size`` 1..50)."""
        self.backend.require_admin(ws, caller)
        actions = body.get("actions")
        if not isinstance(actions, list) or not actions:
            raise errors.invalid("actions: must not be empty")
        try:
            start, end = parse_instant(body.get("start")).timestamp(), parse_instant(body.get("end")).timestamp()
        except (TypeError, ValueError):
            raise errors.invalid("start and end: must be timestamps like 2026-05-14T00:00:00Z") from None
        size, page = body.get("page-size", 20), max(1, body.get("page") or 1)
        if not isinstance(size, int) or not 1 <= size <= 50:
            raise errors.invalid("page-size: must be between 1 and 50")
        authors = body.get("authors") if isinstance(body.get("authors"), dict) else {}
        owner_id = next(uid for uid, role in ws.roles.items() if role == "owner")
        named = set(authors.get("authorIds") or [])
        excluded = authors.get("contains") == "DOES_NOT_CONTAIN"
        if named and ((owner_id in named) == excluded):
            return []
        owner = self.backend.state.users[owner_id]
        rows = []
        for kind, entity_type, entity_id, at in ws.changes:
            name = action(kind, entity_type)
            if name in actions and start <= at <= end:
                rows.append({"action": name, "workspaceId": ws.id, "userId": owner_id, "userName": owner["name"],
                             "userEmail": owner["email"], "timestamp": format_instant(at),
                             "content": f'{{"id":"{entity_id}"}}', "previousContent": None})
        return rows[(page - 1) * size: page * size]
