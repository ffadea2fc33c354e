"""Typed Clockify responses: pydantic models with camelCase aliases that keep unknown fields.

Durations are :class:`datetime.timedelta` (ISO-8601 on the wire), times are aware UTC datetimes.
A field Clockify adds tomorrow is kept in ``model_extra`` and survives a round trip.
"""

from punchclock.providers.clockify.models.base import Duration, Model, UtcDateTime
from punchclock.providers.clockify.models.core import (
    Client, CustomFieldValue, Estimate, Group, Membership, Project, Rate, Tag, Task, TimeEntry,
    TimeInterval, User, Webhook, WebhookLog, Workspace,
)

__all__ = [
    "Model", "Duration", "UtcDateTime", "Client", "CustomFieldValue", "Estimate", "Group", "Membership",
    "Project", "Rate", "Tag", "Task", "TimeEntry", "TimeInterval", "User", "Webhook", "WebhookLog", "Workspace",
]
