"""Clockify's clients."""

from __future__ import annotations

from punchclock.http.call import Call, Mode, operation, paged_operation
from punchclock.http.validate import page_size, require_id
from punchclock.providers.clockify.models import validate
from punchclock.providers.clockify.resources._base import Resource, body, nonempty


class Clients(Resource[Mode]):
    """Clients."""

    @paged_operation
    def list(self, *, name: str | None = None, archived: bool | None = None, size: int = 5000) -> Call:
        """Every client, walked page by page."""
        return Call("GET", self._path("clients"), {"name": name, "archived": archived}, parse=validate.Client,
                    paged=True, page_size=page_size(size))

    @operation
    def get(self, client_id: str) -> Call:
        """One client."""
        return Call("GET", self._path("clients", require_id(client_id, "client_id")), parse=validate.Client)

    @operation
    def create(self, name: str, *, email: str | None = None, address: str | None = None,
               note: str | None = None) -> Call:
        """A new client."""
        return Call("POST", self._path("clients"), json=body(name=nonempty(name), email=email, address=address, note=note),
                    parse=validate.Client)

    @operation
    def update(self, client_id: str, *, name: str, archived: bool = False, email: str | None = None,
               address: str | None = None, note: str | None = None) -> Call:
        """Replace a client's fields (a PUT: omitted ones are cleared)."""
        payload = body(name=nonempty(name), archived=archived, email=email, address=address, note=note)
        return Call("PUT", self._path("clients", require_id(client_id, "client_id")), json=payload,
                    parse=validate.Client)

    @operation
    def delete(self, client_id: str) -> Call:
        """Delete an archived client."""
        return Call("DELETE", self._path("clients", require_id(client_id, "client_id")), parse=validate.Client)
