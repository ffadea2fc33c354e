"""The Clockify sandbox backend: state plus the rules Clockify applies, with no HTTP in it.

Each resource's rules live in their own module under ``resources/`` and hang off the backend
as an attribute (``backend.projects``, ``backend.entries``...). Routes call those; tests may
call them directly to arrange state.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable

from punchclock.sandbox.clockify import errors
from punchclock.sandbox.clockify.state import IdFactory, State, Workspace

PAID_FEATURES = {"custom-fields": "CUSTOM_FIELDS", "policies": "TIME_OFF", "add-users": "PAID_PLAN"}


@dataclass
class Caller:
    """Who is calling: the user behind the key (and, for the gateway, the connection used)."""

    user: dict
    key: str
    addon_id: str | None = None

    @property
    def id(self) -> str:
        """The calling user's id."""
        return self.user["id"]


@dataclass
class Delivery:
    """A webhook POST waiting to be sent."""

    workspace_id: str
    webhook_id: str
    url: str
    token: str
    event: str
    body: dict


class ClockifyBackend:
    """State and rules of a fake Clockify; ``reset()`` restores the seeded data."""

    def __init__(self, seeder: Callable[["ClockifyBackend"], None] | None = None, *, id_seed: int = 0,
                 clock: Callable[[], float] = time.time):
        from punchclock.sandbox.clockify import resources

        self.seeder = seeder
        self.id_seed = id_seed
        self.clock = clock
        self.outbox: list[Delivery] = []
        self.state = State(ids=IdFactory(id_seed))
        for name, service in resources.SERVICES.items():
            setattr(self, name, service(self))
        self.reset()

    # -- lifecycle -------------------------------------------------------------------------
    def reset(self) -> None:
        """Drop all state and run the seeder again (deterministic for the same seed)."""
        self.state = State(ids=IdFactory(self.id_seed))
        self.outbox.clear()
        if self.seeder:
            self.seeder(self)

    def now(self) -> int:
        """The sandbox's current time in epoch seconds."""
        return int(self.clock())

    def new_id(self) -> str:
        """A fresh 24-hex id."""
        return self.state.ids.new()

    # -- auth and access -------------------------------------------------------------------
    def add_key(self, user_id: str, key: str) -> None:
        """Give a user an API key (and a gateway connection id derived from it)."""
        self.state.keys[key] = user_id

    def authenticate(self, key: str | None) -> Caller:
        """Resolve an API key to its caller, or raise Clockify's 401."""
        if not key:
            raise errors.no_token()
        user_id = self.state.keys.get(key)
        if user_id is None:
            raise errors.unknown_key()
        return Caller(self.state.users[user_id], key)

    def install_addon(self, workspace_id: str) -> tuple[str, str]:
        """Install an add-on on a workspace: ``(add-on id, X-Addon-Token)``; it acts as the owner."""
        addon_id, token = self.new_id(), "addon-" + self.new_id()
        self.state.addon_tokens[token] = (workspace_id, addon_id)
        return addon_id, token

    def authenticate_addon(self, token: str) -> Caller:
        """Resolve an ``X-Addon-Token`` to its workspace owner acting for the add-on, or 401/4017."""
        found = self.state.addon_tokens.get(token)
        if found is None:
            raise errors.ApiError(401, "Token is not valid", 4017)
        ws = self.state.workspaces[found[0]]
        owner = next(uid for uid, role in ws.roles.items() if role == "owner")
        return Caller(self.state.users[owner], token, found[1])

    def caller_for_connection(self, caller: Caller, connection: str | None) -> Caller:
        """Gateway mode: the connection header picks whose Clockify account acts."""
        if not connection:
            return caller
        user_id = self.state.connections.get(connection)
        if user_id is None:
            raise errors.ApiError(400, f"Connection {connection} not found", 400)
        return Caller(self.state.users[user_id], caller.key)

    def workspace(self, caller: Caller, workspace_id: str) -> Workspace:
        """The workspace if the caller belongs to it; otherwise Clockify's 403."""
        ws = self.state.workspaces.get(workspace_id)
        if ws is None or caller.id not in ws.roles:
            raise errors.access_denied()
        return ws

    def role(self, ws: Workspace, caller: Caller) -> str:
        """The caller's role in a workspace: owner, admin or member."""
        return ws.roles[caller.id]

    def require_admin(self, ws: Workspace, caller: Caller) -> None:
        """Refuse members: only owners and admins may do this."""
        if ws.roles.get(caller.id) not in ("owner", "admin"):
            raise errors.access_denied()

    def require_self_or_admin(self, ws: Workspace, caller: Caller, user_id: str) -> None:
        """Members may act on their own data only."""
        if user_id != caller.id:
            self.require_admin(ws, caller)

    def require_plan(self, ws: Workspace, feature: str) -> None:
        """Refuse a paid-plan feature on a free workspace with 403."""
        if ws.plan == "free":
            raise errors.plan_required(PAID_FEATURES.get(feature, feature.upper()))

    def member(self, ws: Workspace, user_id: str) -> dict:
        """A user of this workspace, or 400/501 'User doesn't belong to Workspace'."""
        if user_id not in ws.roles:
            raise errors.not_in_workspace("User")
        return self.state.users[user_id]

    # -- events ----------------------------------------------------------------------------
    def emit(self, ws: Workspace, event: str, body: dict, *, sources: dict | None = None) -> None:
        """Queue a webhook delivery for every enabled webhook of ``event`` whose trigger matches."""
        for hook in ws.webhooks.values():
            if hook["webhookEvent"] != event or not hook["enabled"]:
                continue
            wanted = hook.get("triggerSource") or []
            kind = hook.get("triggerSourceType")
            if wanted and kind != "WORKSPACE_ID":
                value = (sources or {}).get(kind)
                values = value if isinstance(value, (list, tuple)) else [value]
                if not any(v in wanted for v in values):
                    continue
            self.outbox.append(Delivery(ws.id, hook["id"], hook["url"], hook["authToken"], event, body))

    def take_outbox(self) -> list[Delivery]:
        """Hand over the queued deliveries, leaving the outbox empty."""
        pending, self.outbox = self.outbox, []
        return pending
