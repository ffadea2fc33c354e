"""Webhook receivers: Clockify's and ClockEye's events applied to the store, so it follows without a sync.

Every event is checked first (Clockify: ``Clockify-Signature`` equals a webhook's token; ClockEye:
``X-ClockEye-Signature: sha256=<HMAC-SHA256(secret, raw body)>``; both compared in constant time),
then kept in the store's event log under its id (ClockEye's envelope id; for Clockify, which sends
none, a digest of the event type and body), and only then applied. A redelivered event finds its id
already kept and changes nothing. Rows go in through :meth:`Store.commit`, into the table of the
provider's stream that fills the neutral view (``entries``, ``projects``...), so a later sync
simply overwrites them.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Callable

from punchclock.store import Commit, Store

#: Clockify event -> (neutral view of the entity, "upsert" or "delete").
CLOCKIFY_EVENTS = {
    "NEW_TIME_ENTRY": ("entries", "upsert"), "NEW_TIMER_STARTED": ("entries", "upsert"),
    "TIMER_STOPPED": ("entries", "upsert"), "TIME_ENTRY_UPDATED": ("entries", "upsert"),
    "TIME_ENTRY_RESTORED": ("entries", "upsert"), "TIME_ENTRY_DELETED": ("entries", "delete"),
    "NEW_PROJECT": ("projects", "upsert"), "PROJECT_UPDATED": ("projects", "upsert"),
    "PROJECT_DELETED": ("projects", "delete"),
    "NEW_CLIENT": ("clients", "upsert"), "CLIENT_UPDATED": ("clients", "upsert"),
    "CLIENT_DELETED": ("clients", "delete"),
    "NEW_TAG": ("tags", "upsert"), "TAG_UPDATED": ("tags", "upsert"), "TAG_DELETED": ("tags", "delete"),
    "NEW_TASK": ("tasks", "upsert"), "TASK_UPDATED": ("tasks", "upsert"), "TASK_DELETED": ("tasks", "delete"),
}

#: What ``punch web --register-webhooks`` subscribes, most useful first: a free workspace's three
#: webhooks keep timers and edits current; a paid one also follows new, deleted and catalog changes.
USEFUL_EVENTS = ("NEW_TIMER_STARTED", "TIMER_STOPPED", "TIME_ENTRY_UPDATED", "NEW_TIME_ENTRY",
                 "TIME_ENTRY_DELETED", "NEW_PROJECT", "PROJECT_UPDATED", "NEW_CLIENT", "NEW_TAG", "TAG_UPDATED")

#: Rate fields a webhook's time entry omits or nulls (Clockify sends none); the stored ones are kept.
_RATES = ("hourlyRate", "costRate")


class Rejected(Exception):
    """An event the receiver refuses: ``status`` (401 bad signature, 400 malformed) and a one-line reason."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Outcome:
    """What a delivery did: ``applied``, ``duplicate`` or ``ignored`` (an event the store does not follow)."""

    status: str
    event_id: str


@dataclass
class Tables:
    """Where one provider's entities live: its name, its workspace, and neutral view -> (stream, key)."""

    provider: str
    workspace_id: str
    views: dict[str, tuple[str, str]]

    @classmethod
    def of(cls, stream_set) -> "Tables":
        """The tables of a provider's :class:`~punchclock.sync.streams.StreamSet`."""
        views = {s.neutral.view: (s.name, s.key) for s in stream_set.streams if s.neutral and not s.child}
        return cls(stream_set.provider, stream_set.workspace_id, views)


class Receiver:
    """Applies verified events of one provider to the store (callers hold the store's lock)."""

    def __init__(self, store: Store, tables: Tables, run: Callable[[], str]):
        self.store, self.tables, self.run = store, tables, run

    def seen(self, event_id: str) -> bool:
        """Whether this event was already kept."""
        return self.store.event_seen(self.tables.provider, event_id)

    def keep(self, event_id: str, kind: str, body: bytes) -> None:
        """Keep the event before acting on it."""
        self.store.record_event(self.tables.provider, event_id, kind, body.decode("utf-8", "replace"))

    def stored(self, view: str, row_id: str) -> dict | None:
        """The stored raw record of one row of a view's stream."""
        stream, key = self.tables.views[view]
        _, rows = self.store.query(f'SELECT _raw FROM "{self.tables.provider}"."{stream}" '
                                   f'WHERE workspace_id = ? AND "{key}" = ?', [self.tables.workspace_id, row_id])
        return json.loads(rows[0][0]) if rows else None

    def upsert(self, view: str, row: dict) -> None:
        """Write one row of a view's stream."""
        stream, _ = self.tables.views[view]
        self.store.commit(Commit(self.tables.provider, self.tables.workspace_id, self.run(), rows={stream: [row]}))

    def delete(self, view: str, row_id: str) -> None:
        """Delete one row of a view's stream."""
        stream, _ = self.tables.views[view]
        self.store.commit(Commit(self.tables.provider, self.tables.workspace_id, self.run(),
                                 deleted={stream: [row_id]}))


def _object(body: bytes) -> dict:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise Rejected(400, "the body is not JSON") from None
    if not isinstance(data, dict):
        raise Rejected(400, "the body is not a JSON object")
    return data


# -- Clockify ---------------------------------------------------------------------------------------
def clockify_signed(signature: str | None, tokens: set[str]) -> bool:
    """Whether ``Clockify-Signature`` equals one of the webhooks' tokens (constant time per token)."""
    given = (signature or "").encode()
    found = False
    for token in tokens:
        found |= hmac.compare_digest(given, token.encode())
    return bool(given) and found


def clockify_event(receiver: Receiver, event: str | None, body: bytes) -> Outcome:
    """Keep and apply one verified Clockify delivery (the entity itself is the body)."""
    if not event:
        raise Rejected(400, "the Clockify-Webhook-Event-Type header is missing")
    entity = _object(body)
    action = CLOCKIFY_EVENTS.get(event)
    if action and not isinstance(entity.get("id"), str):
        raise Rejected(400, f"a {event} body needs the entity's id")
    if action and entity.get("workspaceId") not in (None, receiver.tables.workspace_id):
        raise Rejected(400, "the event belongs to another workspace")
    event_id = hashlib.sha256(event.encode() + b"\n" + body).hexdigest()
    if receiver.seen(event_id):
        return Outcome("duplicate", event_id)
    receiver.keep(event_id, event, body)
    if action is None or action[0] not in receiver.tables.views:
        return Outcome("ignored", event_id)
    view, verb = action
    if verb == "delete":
        receiver.delete(view, entity["id"])
    else:
        if view == "entries":
            entity = _keep_rates(entity, receiver.stored(view, entity["id"]))
        receiver.upsert(view, entity)
    return Outcome("applied", event_id)


def _keep_rates(entity: dict, old: dict | None) -> dict:
    """A webhook's entry without rates keeps the rates the store had for it."""
    if not old:
        return entity
    return {**entity, **{k: old[k] for k in _RATES if entity.get(k) is None and old.get(k) is not None}}


# -- ClockEye ---------------------------------------------------------------------------------------
def clockeye_signed(signature: str | None, secret: str | None, body: bytes) -> bool:
    """Whether ``X-ClockEye-Signature`` is ``sha256=`` the HMAC-SHA256 of the raw body (constant time)."""
    if not secret or not signature:
        return False
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(signature.strip().encode(), expected.encode())


def clockeye_event(receiver: Receiver, body: bytes) -> Outcome:
    """Keep and apply one verified ClockEye envelope ``{id, type, created_at, data}``."""
    envelope = _object(body)
    event_id, kind, data = envelope.get("id"), envelope.get("type"), envelope.get("data")
    if not isinstance(event_id, str) or not event_id or not isinstance(kind, str) or not isinstance(data, dict):
        raise Rejected(400, "the envelope needs id, type and a data object")
    if kind.startswith("time_entry.") and not isinstance(data.get("id"), str):
        raise Rejected(400, f"a {kind} event needs the entry's id")
    if kind == "time_entry.updated" and not isinstance(data.get("changes"), dict):
        raise Rejected(400, "a time_entry.updated event needs a changes object")
    if receiver.seen(event_id):
        return Outcome("duplicate", event_id)
    receiver.keep(event_id, kind, body)
    if "entries" not in receiver.tables.views:
        return Outcome("ignored", event_id)
    if kind == "time_entry.created":
        receiver.upsert("entries", data)
    elif kind == "time_entry.deleted":
        receiver.delete("entries", data["id"])
    elif kind == "time_entry.updated":
        old = receiver.stored("entries", data["id"]) or {"id": data["id"]}
        if _newer(old.get("updated_at"), data.get("updated_at")):
            return Outcome("ignored", event_id)  # an older update delivered late
        merged = {**old, **data["changes"], "id": data["id"]}
        if data.get("updated_at"):
            merged["updated_at"] = data["updated_at"]
        receiver.upsert("entries", merged)
    else:
        return Outcome("ignored", event_id)
    return Outcome("applied", event_id)


def _newer(stored: str | None, incoming: str | None) -> bool:
    """Whether the stored row was updated after the incoming change (ISO-8601 UTC strings compare)."""
    return bool(stored and incoming and str(stored) > str(incoming))
