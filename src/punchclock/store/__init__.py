"""Where synced tables live: ``open_store("duckdb:PATH")`` (the default, one embedded file in the
user data directory). The sync engine, ``punch sql`` and reports talk to the :class:`Store`
interface only, so the Iceberg store (``iceberg:PATH``) sits behind the same calls."""

from __future__ import annotations

import os
from pathlib import Path

from punchclock.store.base import Commit, Counts, Store, StoreError, StoreLocked, StoreTooNew, Sweep

__all__ = ["Commit", "Counts", "Store", "StoreError", "StoreLocked", "StoreTooNew", "Sweep", "default_path",
           "open_store"]


def default_path() -> Path:
    """The default DuckDB file: ``$PUNCHCLOCK_STORE``'s path, else ``$XDG_DATA_HOME/punchclock/punch.duckdb``
    (``~/.local/share/punchclock/punch.duckdb``)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "punchclock" / "punch.duckdb"


def open_store(spec: str | None = None, *, read_only: bool = False) -> Store:
    """The store a ``--store`` value names: ``duckdb:PATH`` or a plain path (DuckDB), ``iceberg:PATH`` (a local
    SQL catalog and warehouse folder) or ``iceberg:catalog=NAME[,key=value...]`` (any pyiceberg catalog); None is
    ``$PUNCHCLOCK_STORE`` or the default file. ``read_only`` opens it for queries only."""
    spec = spec or os.environ.get("PUNCHCLOCK_STORE") or f"duckdb:{default_path()}"
    kind, sep, rest = spec.partition(":")
    if not sep or len(kind) == 1:  # a plain path (or a Windows drive letter)
        kind, rest = "duckdb", spec
    kind = kind.lower()
    if kind == "duckdb":
        if not rest:
            raise StoreError("--store duckdb: needs a file path, e.g. duckdb:~/punch.duckdb")
        from punchclock.store.duckdb import DuckDBStore

        return DuckDBStore(rest, read_only=read_only)
    if kind == "iceberg":
        from punchclock.store.iceberg import IcebergStore

        return IcebergStore(rest, read_only=read_only)
    raise StoreError(f"unknown store kind {kind!r} in --store {spec!r}; use duckdb:PATH or iceberg:PATH")
