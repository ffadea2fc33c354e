"""The one definition of the provider-neutral views reports and the dashboard read, and the
store's schema version.

Each provider's streams say how they fill a view (:class:`punchclock.sync.streams.Neutral`); a
store unions every provider's mapping into one view, so ``SELECT * FROM entries`` reads time
entries of Clockify and ClockEye alike: provider, workspace, ids, names, start/end as UTC
timestamps, duration in seconds, billable and rates in cents where the provider has them.
"""

from __future__ import annotations

#: Bumped when tables change shape; a store written with a higher number is refused.
SCHEMA_VERSION = 1

#: Neutral view name -> its columns and types, in order (``provider`` and ``workspace_id`` first).
VIEWS: dict[str, tuple[tuple[str, str], ...]] = {
    "entries": (("provider", "VARCHAR"), ("workspace_id", "VARCHAR"), ("id", "VARCHAR"), ("user_id", "VARCHAR"),
                ("project_id", "VARCHAR"), ("task_id", "VARCHAR"), ("description", "VARCHAR"),
                ("start", "TIMESTAMPTZ"), ("end", "TIMESTAMPTZ"), ("duration_seconds", "BIGINT"),
                ("running", "BOOLEAN"), ("billable", "BOOLEAN"), ("tag_ids", "VARCHAR[]"),
                ("hourly_rate", "BIGINT"), ("cost_rate", "BIGINT"), ("currency", "VARCHAR")),
    "projects": (("provider", "VARCHAR"), ("workspace_id", "VARCHAR"), ("id", "VARCHAR"), ("name", "VARCHAR"),
                 ("client_id", "VARCHAR"), ("client_name", "VARCHAR"), ("billable", "BOOLEAN"),
                 ("archived", "BOOLEAN"), ("color", "VARCHAR"), ("hourly_rate", "BIGINT"), ("cost_rate", "BIGINT"),
                 ("currency", "VARCHAR"),
                 # an active time estimate (seconds) and budget (cents), for reports' used percentage
                 ("estimate_seconds", "BIGINT"), ("estimate_includes_non_billable", "BOOLEAN"),
                 ("estimate_reset", "VARCHAR"), ("budget", "BIGINT")),
    "users": (("provider", "VARCHAR"), ("workspace_id", "VARCHAR"), ("id", "VARCHAR"), ("name", "VARCHAR"),
              ("email", "VARCHAR"), ("status", "VARCHAR")),
    "clients": (("provider", "VARCHAR"), ("workspace_id", "VARCHAR"), ("id", "VARCHAR"), ("name", "VARCHAR"),
                ("email", "VARCHAR"), ("archived", "BOOLEAN")),
    "tags": (("provider", "VARCHAR"), ("workspace_id", "VARCHAR"), ("id", "VARCHAR"), ("name", "VARCHAR"),
             ("archived", "BOOLEAN")),
    "tasks": (("provider", "VARCHAR"), ("workspace_id", "VARCHAR"), ("id", "VARCHAR"), ("project_id", "VARCHAR"),
              ("name", "VARCHAR"), ("status", "VARCHAR"), ("hourly_rate", "BIGINT"), ("cost_rate", "BIGINT")),
}

#: Computed view columns a mapping may leave to the store, given the columns it did map.
DERIVED = {
    # whole seconds between the instants, as reports count them (40x faster than date_diff)
    "duration_seconds": ("start", "end", "(epoch_us({end}) - epoch_us({start})) // 1000000"),
    "running": ("start", "end", "({end} IS NULL)"),
}
