"""The ClockEye sandbox's webhooks, as ClockEye's docs describe them (``/docs/webhooks``).

Each event is an envelope ``{"id": "evt_...", "type", "created_at", "data"}`` POSTed to every
registered receiver with ``X-ClockEye-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>``.
Events: ``time_entry.created`` (the entry), ``time_entry.updated`` (partial: ``id``, ``changes``,
``updated_at``) and ``time_entry.deleted`` (``id``, ``deleted_at``).

ClockEye's docs show no API to register a receiver, so the sandbox takes them on an admin
endpoint (a sandbox choice): ``POST /__sandbox__/webhooks {"url", "secret"}``; ``GET`` lists them
(without secrets) with the outcome of each delivery. Receivers survive ``reset``.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

import httpx
import orjson

from punchclock.sandbox.clockeye import fields, shapes
from punchclock.sandbox.clockeye.state import Entry, IdFactory


@dataclass
class Delivery:
    """One signed POST waiting to be sent."""

    receiver: int
    url: str
    body: bytes
    signature: str


def sign(secret: str, body: bytes) -> str:
    """The ``X-ClockEye-Signature`` value of a body."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class Webhooks:
    """Registered receivers, the events waiting to be delivered and each delivery's outcome."""

    def __init__(self, clock):
        self.clock = clock
        self.receivers: list[dict] = []
        self.outbox: list[Delivery] = []
        self.ids = IdFactory("events")

    def add(self, url: str, secret: str) -> dict:
        """Register a receiver; both fields are required strings."""
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise ValueError("url must be an http(s) URL")
        if not isinstance(secret, str) or not secret:
            raise ValueError("secret must be a non-empty string")
        hook = {"url": url, "secret": secret, "deliveries": []}
        self.receivers.append(hook)
        return self.public(len(self.receivers) - 1)

    def public(self, index: int) -> dict:
        """A receiver as the admin endpoint shows it (never its secret)."""
        hook = self.receivers[index]
        return {"index": index, "url": hook["url"], "deliveries": list(hook["deliveries"])}

    def emit(self, kind: str, data: dict) -> None:
        """Queue one event for every receiver."""
        if not self.receivers:
            return
        envelope = {"id": self.ids.new("evt"), "type": kind, "created_at": fields.stamp(int(self.clock())),
                    "data": data}
        body = orjson.dumps(envelope)
        for i, hook in enumerate(self.receivers):
            self.outbox.append(Delivery(i, hook["url"], body, sign(hook["secret"], body)))

    def created(self, entry: Entry) -> None:
        """``time_entry.created`` with the whole entry."""
        self.emit("time_entry.created", shapes.entry(entry))

    def updated(self, entry: Entry, before: dict) -> None:
        """``time_entry.updated`` with the fields that differ from ``before`` (the entry's earlier shape)."""
        after = shapes.entry(entry)
        changes = {k: v for k, v in after.items() if k not in ("id", "updated_at", "created_at") and before.get(k) != v}
        if changes:
            self.emit("time_entry.updated", {"id": entry.id, "changes": changes, "updated_at": after["updated_at"]})

    def deleted(self, entry: Entry) -> None:
        """``time_entry.deleted``."""
        self.emit("time_entry.deleted", {"id": entry.id, "deleted_at": fields.stamp(int(self.clock()))})

    def take(self) -> list[Delivery]:
        """Hand over the queued deliveries."""
        pending, self.outbox = self.outbox, []
        return pending

    async def deliver(self, pending: list[Delivery], transport: httpx.AsyncBaseTransport | None) -> None:
        """POST each delivery and note its status (0 when the receiver could not be reached)."""
        async with httpx.AsyncClient(transport=transport, timeout=5.0) as client:
            for d in pending:
                try:
                    resp = await client.post(d.url, content=d.body, headers={
                        "Content-Type": "application/json", "X-ClockEye-Signature": d.signature})
                    status = resp.status_code
                except httpx.HTTPError:
                    status = 0
                if d.receiver < len(self.receivers):
                    self.receivers[d.receiver]["deliveries"].append(status)
