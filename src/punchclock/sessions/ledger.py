"""The push ledger: which tracker entry each segment key became, and what we last wrote there.

One JSON file per provider and workspace, replaced atomically on every change. A row is written before
each write (``pending``: what is about to be sent) and again after it (the entry id, the hash of what we
sent and the hash of what the tracker answered), so a run killed between the two knows what it may have
done. States: ``synced`` (ours, as we left it), ``edited`` and ``removed`` (the person changed or deleted
the entry in the tracker: left alone for good), ``deleted`` (we deleted it: the segment vanished).
"""

from __future__ import annotations

import re
from pathlib import Path

from punchclock.sessions.files import read_json, write_json

LEFT_ALONE = ("edited", "removed")


def ledger_path(state_dir: Path, provider: str, workspace: str | None) -> Path:
    """Where the ledger of one provider's workspace lives."""
    name = re.sub(r"[^A-Za-z0-9_.-]", "_", f"{provider}-{workspace or 'default'}")
    return Path(state_dir) / "ledgers" / f"{name}.json"


class Ledger:
    """Rows by segment key, saved after every change."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.exists = self.path.exists()
        self.rows: dict[str, dict] = read_json(self.path, {"rows": {}}).get("rows", {})

    def get(self, key: str) -> dict | None:
        """The row of a key, or None."""
        return self.rows.get(key)

    def set(self, key: str, **fields) -> dict:
        """Update a row's fields (None removes one) and save the ledger at once."""
        row = {**self.rows.get(key, {}), **fields}
        self.rows[key] = {k: v for k, v in row.items() if v is not None}
        self.save()
        return self.rows[key]

    def save(self) -> None:
        """Write the ledger atomically."""
        write_json(self.path, {"version": 1, "rows": self.rows})
        self.exists = True
