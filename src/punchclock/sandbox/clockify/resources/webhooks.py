"""Webhooks: CRUD, token rotation, per-plan limits and the delivery log."""

from __future__ import annotations

import secrets

from punchclock.sandbox.clockify import errors
from punchclock.sandbox.clockify.resources._base import Resource, find
from punchclock.timeutil import format_instant

NAME = "webhooks"

EVENTS = frozenset("""
NEW_PROJECT NEW_TASK NEW_CLIENT NEW_TIMER_STARTED TIMER_STOPPED TIME_ENTRY_UPDATED TIME_ENTRY_DELETED
TIME_ENTRY_SPLIT NEW_TIME_ENTRY TIME_ENTRY_RESTORED NEW_TAG USER_DELETED_FROM_WORKSPACE USER_JOINED_WORKSPACE
USER_DEACTIVATED_ON_WORKSPACE USER_ACTIVATED_ON_WORKSPACE USER_EMAIL_CHANGED USER_UPDATED NEW_INVOICE
INVOICE_UPDATED NEW_APPROVAL_REQUEST APPROVAL_REQUEST_STATUS_UPDATED TIME_OFF_REQUESTED TIME_OFF_REQUEST_UPDATED
TIME_OFF_REQUEST_APPROVED TIME_OFF_REQUEST_REJECTED TIME_OFF_REQUEST_STARTED TIME_OFF_REQUEST_WITHDRAWN
BALANCE_UPDATED TAG_UPDATED TAG_DELETED TASK_UPDATED CLIENT_UPDATED TASK_DELETED CLIENT_DELETED EXPENSE_RESTORED
ASSIGNMENT_CREATED ASSIGNMENT_DELETED ASSIGNMENT_PUBLISHED ASSIGNMENT_UPDATED EXPENSE_CREATED EXPENSE_DELETED
EXPENSE_UPDATED PROJECT_UPDATED PROJECT_DELETED USER_GROUP_CREATED USER_GROUP_UPDATED USER_GROUP_DELETED
USERS_INVITED_TO_WORKSPACE LIMITED_USERS_ADDED_TO_WORKSPACE COST_RATE_UPDATED BILLABLE_RATE_UPDATED
""".split())
SOURCE_TYPES = ("PROJECT_ID", "USER_ID", "TAG_ID", "TASK_ID", "WORKSPACE_ID", "ASSIGNMENT_ID", "EXPENSE_ID")
# Per plan: (per user, per workspace); the free plan allows 3 in the whole workspace.
LIMITS = {"free": (3, 3), "pro": (10, 100)}


class Service(Resource):
    """Webhook rules."""

    def get(self, ws, webhook_id: str) -> dict:
        """One webhook, or 400/501."""
        return find(ws.webhooks, webhook_id, "Webhook")

    def list(self, ws, caller, kind: str | None = None) -> dict:
        """``GET /webhooks``: the envelope ``{webhooks, workspaceWebhookCount}``, not paged."""
        self.backend.require_admin(ws, caller)
        rows = [dict(w) for w in ws.webhooks.values()]
        return {"webhooks": rows, "workspaceWebhookCount": len(ws.webhooks)}

    def of_addon(self, ws, caller, addon_id: str) -> dict:
        """``GET /addons/{addonId}/webhooks``: the add-on's own webhooks (an add-on token sees only its own)."""
        if caller.addon_id is None:
            self.backend.require_admin(ws, caller)
        elif caller.addon_id != addon_id:
            raise errors.access_denied()
        rows = [dict(w) for w in ws.webhooks.values() if w.get("addonId") == addon_id]
        return {"webhooks": rows, "workspaceWebhookCount": len(ws.webhooks)}

    def statuses(self, ws, caller, webhook_id: str, statuses: list[str]) -> list[dict]:
        """``GET /webhooks/{id}/statuses``: each delivery's event status with its latest log."""
        self.backend.require_admin(ws, caller)
        self.get(ws, webhook_id)
        rows = []
        for log in reversed(ws.webhook_logs.get(webhook_id, [])):
            status = "SUCCEEDED" if 200 <= log["statusCode"] < 300 else "FAILED"
            if statuses and status not in statuses:
                continue
            rows.append({"id": log["id"][::-1], "webhookId": webhook_id, "webhookLogId": log["id"], "status": status,
                         "statusCode": log["statusCode"], "retryCount": 0, "requestBody": log["requestBody"],
                         "responseBody": log["responseBody"], "respondedAt": log["respondedAt"]})
        return rows

    def _fields(self, body: dict) -> dict:
        name = body.get("name")
        if not name:
            raise errors.invalid("Webhook already exists")
        if not 2 <= len(name) <= 30:
            raise errors.invalid("Webhook name has to be between 2 and 30 characters long")
        url = body.get("url")
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise errors.invalid("Webhook url is not valid")
        event = body.get("webhookEvent")
        if event not in EVENTS:
            raise errors.invalid("You entered invalid value for field: [webhookEvent]")
        source_type = body.get("triggerSourceType") or "WORKSPACE_ID"
        if source_type not in SOURCE_TYPES:
            raise errors.invalid("You entered invalid value for field: [triggerSourceType]")
        sources = body.get("triggerSource") or []
        if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
            raise errors.invalid("You entered invalid value for field: [triggerSource]")
        return {"name": name, "url": url, "webhookEvent": event, "triggerSourceType": source_type,
                "triggerSource": list(sources)}

    def create(self, ws, caller, body: dict) -> dict:
        """``POST /webhooks``: a new webhook with a fresh token, within the plan's limits."""
        self.backend.require_admin(ws, caller)
        fields = self._fields(body)
        per_user, per_ws = LIMITS["free" if ws.plan == "free" else "pro"]
        mine = sum(1 for w in ws.webhooks.values() if w["userId"] == caller.id)
        if len(ws.webhooks) >= per_ws or mine >= per_user:
            raise errors.invalid("Webhook limit reached for this workspace")
        hook = {"id": self.backend.new_id(), **fields, "userId": caller.id, "workspaceId": ws.id,
                "authToken": secrets.token_urlsafe(24), "enabled": True, "deliveryEnabled": True,
                "planEnabled": True, **({"addonId": caller.addon_id} if caller.addon_id else {})}
        ws.webhooks[hook["id"]] = hook
        return dict(hook)

    def update(self, ws, caller, webhook_id: str, body: dict) -> dict:
        """``PUT /webhooks/{id}``."""
        self.backend.require_admin(ws, caller)
        hook = self.get(ws, webhook_id)
        hook.update(self._fields(body))
        return dict(hook)

    def delete(self, ws, caller, webhook_id: str) -> dict:
        """``DELETE /webhooks/{id}``: the deleted webhook."""
        self.backend.require_admin(ws, caller)
        hook = self.get(ws, webhook_id)
        del ws.webhooks[webhook_id]
        ws.webhook_logs.pop(webhook_id, None)
        return dict(hook)

    def rotate_token(self, ws, caller, webhook_id: str) -> dict:
        """``PATCH /webhooks/{id}/token``: a new token; the old one stops being sent."""
        self.backend.require_admin(ws, caller)
        hook = self.get(ws, webhook_id)
        hook["authToken"] = secrets.token_urlsafe(24)
        return dict(hook)

    def record_delivery(self, workspace_id: str, webhook_id: str, status: int, request_body: str,
                        response_body: str) -> None:
        """Log one delivery attempt (what ``POST /webhooks/{id}/logs`` reads back)."""
        ws = self.backend.state.workspaces.get(workspace_id)
        if ws is None or webhook_id not in ws.webhooks:
            return
        ws.webhook_logs.setdefault(webhook_id, []).append({
            "id": self.backend.new_id(), "webhookId": webhook_id, "statusCode": status,
            "requestBody": request_body, "responseBody": response_body[:2000],
            "respondedAt": format_instant(self.backend.now()).replace("Z", ".000+00:00"),
        })

    def logs(self, ws, caller, webhook_id: str, body: dict) -> list[dict]:
        """Delivery attempts, newest first unless ``sortByNewest`` is false, filtered by status."""
        self.backend.require_admin(ws, caller)
        self.get(ws, webhook_id)
        rows = list(ws.webhook_logs.get(webhook_id, []))
        status = (body.get("status") or "ALL").upper()
        if status == "SUCCEEDED":
            rows = [r for r in rows if 200 <= r["statusCode"] < 300]
        elif status == "FAILED":
            rows = [r for r in rows if not 200 <= r["statusCode"] < 300]
        if body.get("sortByNewest", True):
            rows.reverse()
        return rows
