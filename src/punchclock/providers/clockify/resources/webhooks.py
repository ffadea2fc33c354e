"""Webhooks: CRUD, token rotation and delivery logs."""

from __future__ import annotations

from punchclock.errors import InvalidInput
from punchclock.http.call import Call, Mode, model_list, operation
from punchclock.http.validate import choice, ids, require_id
from punchclock.providers.clockify.models import validate
from punchclock.providers.clockify.resources._base import Resource

SOURCE_TYPES = ("PROJECT_ID", "USER_ID", "TAG_ID", "TASK_ID", "WORKSPACE_ID", "ASSIGNMENT_ID", "EXPENSE_ID")


def _payload(name: str, url: str, event: str, source_type: str, sources: list[str] | None) -> dict:
    if not isinstance(name, str) or not 2 <= len(name) <= 30:
        raise InvalidInput("name", "must be 2 to 30 characters (Clockify requires it)")
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        raise InvalidInput("url", "must be an http(s) URL")
    if not isinstance(event, str) or not event.isupper():
        raise InvalidInput("event", f"must be a Clockify webhook event such as NEW_TIME_ENTRY, got {event!r}")
    return {"name": name, "url": url, "webhookEvent": event,
            "triggerSourceType": choice(source_type, SOURCE_TYPES, "source_type"),
            "triggerSource": ids(sources, "sources") or []}


class Webhooks(Resource[Mode]):
    """Webhooks of the workspace."""

    @operation
    def list(self) -> Call:
        """Every webhook (Clockify answers them all at once)."""
        return Call("GET", self._path("webhooks"), parse=lambda d: [validate.Webhook(w) for w in d["webhooks"]])

    @operation
    def get(self, webhook_id: str) -> Call:
        """One webhook."""
        return Call("GET", self._path("webhooks", require_id(webhook_id, "webhook_id")), parse=validate.Webhook)

    @operation
    def create(self, name: str, url: str, event: str, *, source_type: str = "WORKSPACE_ID",
               sources: list[str] | None = None) -> Call:
        """A new webhook for one event; its ``auth_token`` arrives in ``Clockify-Signature``."""
        return Call("POST", self._path("webhooks"), json=_payload(name, url, event, source_type, sources),
                    parse=validate.Webhook)

    @operation
    def update(self, webhook_id: str, name: str, url: str, event: str, *, source_type: str = "WORKSPACE_ID",
               sources: list[str] | None = None) -> Call:
        """Replace a webhook's settings."""
        return Call("PUT", self._path("webhooks", require_id(webhook_id, "webhook_id")),
                    json=_payload(name, url, event, source_type, sources), parse=validate.Webhook)

    @operation
    def delete(self, webhook_id: str) -> Call:
        """Delete a webhook."""
        return Call("DELETE", self._path("webhooks", require_id(webhook_id, "webhook_id")), parse=validate.Webhook)

    @operation
    def rotate_token(self, webhook_id: str) -> Call:
        """A new token for a webhook; the old one stops being sent."""
        return Call("PATCH", self._path("webhooks", require_id(webhook_id, "webhook_id"), "token"),
                    parse=validate.Webhook)

    @operation
    def statuses(self, webhook_id: str, *, statuses: list[str] | None = None) -> Call:
        """Each delivery's event status with its latest log, newest first."""
        chosen = [choice(s, ("SUCCEEDED", "FAILED", "PENDING"), "statuses") for s in statuses or []]
        return Call("GET", self._path("webhooks", require_id(webhook_id, "webhook_id"), "statuses"),
                    {"statuses": chosen or None})

    @operation
    def of_addon(self, addon_id: str) -> Call:
        """An add-on's webhooks (Clockify answers an add-on's own token, or a workspace admin's key)."""
        return Call("GET", self._path("addons", require_id(addon_id, "addon_id"), "webhooks"),
                    parse=lambda data: [validate.Webhook(w) for w in data["webhooks"]])

    @operation
    def logs(self, webhook_id: str, *, status: str = "ALL", newest_first: bool = True) -> Call:
        """Delivery attempts of a webhook."""
        return Call("POST", self._path("webhooks", require_id(webhook_id, "webhook_id"), "logs"),
                    json={"status": choice(status, ("ALL", "SUCCEEDED", "FAILED"), "status"),
                          "sortByNewest": newest_first}, parse=model_list(validate.WebhookLog), idempotent=True)
