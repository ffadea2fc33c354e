"""Typed Clockify responses: pydantic models with camelCase aliases that keep unknown fields.

Durations are :class:`datetime.timedelta` (ISO-8601 on the wire), times are aware UTC datetimes.
A field Clockify adds tomorrow is kept in ``model_extra`` and survives a round trip. The models (and
pydantic) load on first use of a name, so a run that reads plain JSON never pays for them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from punchclock.http.call import ModelRefs

if TYPE_CHECKING:
    from punchclock.providers.clockify.models.base import Duration, Model, UtcDateTime
    from punchclock.providers.clockify.models.core import (
        Client, CustomFieldValue, Estimate, Group, Membership, Project, Rate, Tag, Task, TimeEntry,
        TimeInterval, User, Webhook, WebhookLog, Workspace,
    )

__all__ = [
    "Model", "Duration", "UtcDateTime", "Client", "CustomFieldValue", "Estimate", "Group", "Membership",
    "Project", "Rate", "Tag", "Task", "TimeEntry", "TimeInterval", "User", "Webhook", "WebhookLog", "Workspace",
]

validate = ModelRefs(__name__)
"""``validate.TimeEntry`` parses like ``TimeEntry.model_validate``, loading the models on first use."""


def __getattr__(name: str):
    """A model named in ``__all__``, imported on first use."""
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = "base" if name in ("Model", "Duration", "UtcDateTime") else "core"
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
