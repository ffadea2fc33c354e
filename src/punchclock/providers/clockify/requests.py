"""Request types: the structured items some client methods take in lists.

Most requests are keyword arguments, checked before anything is sent; these types describe the
items of the bulk-edit list (snake_case, like every keyword). Response models, a separate
set of types, live in :mod:`punchclock.providers.clockify.models`.
"""

from datetime import datetime
from typing import Required, TypedDict


class EntryChange(TypedDict, total=False):
    """One entry of :meth:`TimeEntries.bulk_update`: its ``id`` and the fields it gets (a full replace)."""

    id: Required[str]
    start: Required[datetime]
    end: datetime | None
    description: str
    project_id: str
    task_id: str
    tag_ids: list[str]
    billable: bool
    type: str
    custom_fields: dict[str, object]
