"""Clients: unique names, archive before delete."""

from __future__ import annotations

from punchclock.sandbox.clockify import errors
from punchclock.sandbox.clockify.resources._base import NamedResource, check_name, check_unique_name, currency_of

NAME = "clients"


class Service(NamedResource):
    """Client rules."""

    collection = "clients"
    kind = "Client"
    entity_type = "CLIENT"
    events = ("NEW_CLIENT", "CLIENT_UPDATED", "CLIENT_DELETED")
    delete_needs_archive = True

    def create(self, ws, caller, *, name, email=None, address=None, note=None) -> dict:
        """``POST /clients``: admins only."""
        self.backend.require_admin(ws, caller)
        name = check_name(name, "Client", high=100)
        check_unique_name(ws.clients.values(), name, "Client")
        _check_lengths(address, note)
        record = {
            "id": self.backend.new_id(), "name": name, "workspaceId": ws.id, "archived": False,
            "address": address, "email": email, "note": note, "ccEmails": None,
            "currencyId": ws.record["currencies"][0]["id"], "currencyCode": currency_of(ws),
        }
        return self._store(ws, record, True)

    def update(self, ws, caller, client_id, *, name, archived=False, email=None, address=None, note=None) -> dict:
        """``PUT /clients/{id}``: a full replace (omitted fields fall back to their defaults)."""
        self.backend.require_admin(ws, caller)
        record = self.get(ws, client_id)
        name = check_name(name, "Client", high=100)
        check_unique_name(ws.clients.values(), name, "Client", skip=client_id)
        _check_lengths(address, note)
        record.update(name=name, archived=bool(archived), email=email, address=address, note=note)
        return self._store(ws, record, False)


def _check_lengths(address, note) -> None:
    if address is not None and len(address) > 3000:
        raise errors.invalid("Client address has to be at most 3000 characters long")
    if note is not None and len(note) > 3000:
        raise errors.invalid("Client note has to be at most 3000 characters long")
