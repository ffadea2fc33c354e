"""The Apache Iceberg store, through pyiceberg: Spark, Trino or Snowflake read the same tables.

``iceberg:PATH`` is a local SQL catalog (``PATH/catalog.db``, SQLite) with its warehouse folder
(``PATH/warehouse``); ``iceberg:catalog=NAME[,key=value...]`` is any catalog pyiceberg supports,
configured the pyiceberg way (``~/.pyiceberg.yaml``, ``PYICEBERG_CATALOG__NAME__URI``...) plus the
properties given. Each provider is a namespace with one table per stream, the same columns as the
DuckDB store plus ``_hash`` (an MD5 of ``_raw``, so a commit learns which rows changed by reading
two narrow columns). Namespace ``_punch`` holds ``state``: the streams' sync state, appended per
commit with its sequence number.

**Rows and cursor together.** Iceberg commits one table at a time, so a store commit is a series:
each stream table commits its snapshot tagged ``punch.seq = N``, then the state table appends the
new states tagged ``N``, which is the commit point. A process killed before that leaves tables
ahead of the state: the next writer rolls each back to its last snapshot tagged ``<= N - 1``, and
readers never look past the committed number anyway (each table is read at its last snapshot
tagged at most the state's), so the tables and the cursors always agree.

**Reading.** :meth:`IcebergStore.query` runs DuckDB over what pyiceberg's scan plans: each table a
view over its Parquet data files (``read_parquet``; tables with delete files or remote files are
read through pyiceberg into Arrow instead), the neutral views on top, ``_punch.state`` as a view.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import threading
import time
import warnings
from dataclasses import replace
from pathlib import Path

import duckdb

from punchclock.store.base import Commit, Counts, StoreError, StoreLocked, StoreTooNew
from punchclock.store.duckdb import TableReads, _extract, create_views, q, reraise_interrupt
from punchclock.store.schema import SCHEMA_VERSION
from punchclock.sync.streams import json_array

META = "_punch"
SEQ = "punch.seq"
SPEC = "punch.spec"
VERSION = "punch.schema_version"
TIDY_EVERY = 10  # store commits between expiries of old snapshots
#: Every table keeps few old metadata files (pyiceberg copies the metadata on every commit).
TABLE_PROPERTIES = {"write.metadata.delete-after-commit.enabled": "true", "write.metadata.previous-versions-max": "5"}


def _needs_pyiceberg() -> StoreError:
    return StoreError("the Iceberg store needs pyiceberg: pip install 'punchclock[iceberg]'")


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:200] if text else type(exc).__name__


def parse_spec(rest: str) -> tuple[str, dict, Path | None]:
    """What follows ``iceberg:``: (catalog name, catalog properties, local folder or None)."""
    if rest.startswith("catalog="):
        parts = dict(part.split("=", 1) for part in rest.split(",") if "=" in part)
        name = parts.pop("catalog")
        if not name:
            raise StoreError("--store iceberg:catalog=NAME needs a catalog name")
        return name, parts, None
    if not rest:
        raise StoreError("--store iceberg: needs a folder, e.g. iceberg:~/punch-iceberg, or iceberg:catalog=NAME")
    folder = Path(rest).expanduser().absolute()
    return "punch", {"type": "sql", "uri": f"sqlite:///{folder / 'catalog.db'}",
                     "warehouse": (folder / "warehouse").as_uri()}, folder


def _seq(snapshot) -> int | None:
    """The store commit a snapshot belongs to (None for snapshots another program made)."""
    if snapshot is None:
        return None
    found = snapshot.summary.additional_properties.get(SEQ) if snapshot.summary else None
    return int(found) if found is not None else None


def _visible(table, committed: int):
    """The table's last snapshot that belongs to a committed store commit (None: nothing committed)."""
    from pyiceberg.table.snapshots import ancestors_of

    for snapshot in ancestors_of(table.current_snapshot(), table.metadata):
        seq = _seq(snapshot)
        if seq is None or seq <= committed:
            return snapshot
    return None


class IcebergStore(TableReads):
    """Stream tables in an Iceberg catalog (``read_only`` for queries: no lock, nothing changed)."""

    kind = "iceberg"
    commit_rows = 20_000  # a snapshot and data file per commit: larger means fewer, and more rows held

    def __init__(self, rest: str, *, read_only: bool = False):
        try:
            from pyiceberg.catalog import load_catalog
        except ImportError:
            raise _needs_pyiceberg() from None
        self.name, props, self.folder = parse_spec(rest)
        self.read_only = read_only
        self.streams: dict[str, dict] = {}
        self._lock = None
        self._reader: duckdb.DuckDBPyConnection | None = None
        self._stale: set[tuple[str, str]] | None = None  # None: rebuild everything
        self._states: dict[tuple[str, str, str], dict] | None = None
        self._loaded: dict[tuple[str, str], object] = {}  # tables by (namespace, name), kept current by commits
        self._specs: dict[tuple[str, str], dict] = {}
        self._untidy: set[tuple[str, str]] = set()
        self._stage, self._staging = duckdb.connect(), threading.Lock()
        self._stage.execute("SET TimeZone = 'UTC'")
        where = str(self.folder) if self.folder else f"catalog {self.name!r}"
        if self.folder is not None:
            if read_only and not (self.folder / "catalog.db").exists():
                raise StoreError(f"no store at {self.folder}: run `punch sync --store iceberg:{self.folder}` first")
            if not read_only:
                self._take_lock()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                self.catalog = load_catalog(self.name, **props)
                self._bootstrap()
        except StoreError:
            self.close()
            raise
        except Exception as exc:  # noqa: BLE001 (any catalog failure is one line)
            self.close()
            raise StoreError(f"cannot reach the Iceberg {where}: {_one_line(exc)}") from None
        self.where = where

    # -- opening ----------------------------------------------------------------------------
    def _take_lock(self) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle = open(self.folder / ".lock", "a+")
        except OSError as exc:
            raise StoreError(f"cannot use the store {self.folder}: {exc.strerror or _one_line(exc)}") from None
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            raise StoreLocked(f"the store {self.folder} is in use by another sync; wait for it to finish") from None
        self._lock = handle

    def _bootstrap(self) -> None:
        """Check the version, create ``_punch.state`` (writers), learn the committed number and roll
        back tables a killed commit left ahead of it."""
        from pyiceberg.exceptions import NoSuchTableError

        try:
            state = self.catalog.load_table(f"{META}.state")
        except NoSuchTableError:
            if self.read_only:
                raise StoreError(f"no store in the Iceberg {self.name!r} catalog: run `punch sync` first") from None
            state = self._create_state()
        found = state.properties.get(VERSION)
        if found and int(found) > SCHEMA_VERSION:
            raise StoreTooNew(f"the store {self.folder or self.name} was written by a newer punchclock (store "
                              f"version {found}, this one knows up to {SCHEMA_VERSION}); upgrade punchclock or "
                              f"use another --store")
        self.state_table = state
        self.committed = _seq(state.current_snapshot()) or 0
        if not self.read_only:
            self._recover()

    def _create_state(self):
        import pyarrow as pa

        with contextlib.suppress(Exception):
            self.catalog.create_namespace(META)
        schema = pa.schema([("provider", pa.string()), ("workspace_id", pa.string()), ("stream", pa.string()),
                            ("state", pa.string()), ("seq", pa.int64()), ("updated_at", pa.timestamp("us", "UTC"))])
        return self.catalog.create_table(f"{META}.state", schema=schema, properties={VERSION: str(SCHEMA_VERSION), **TABLE_PROPERTIES})

    def _tables(self) -> list[tuple[str, str]]:
        """Every stream table: (namespace, name)."""
        found = []
        for (namespace, *_) in self.catalog.list_namespaces():
            if namespace != META:
                found += [(namespace, ident[-1]) for ident in self.catalog.list_tables(namespace)]
        return found

    def _recover(self) -> None:
        """Roll back every table whose current snapshot belongs to an uncommitted store commit."""
        from pyiceberg.expressions import AlwaysTrue

        for namespace, name in self._tables():
            table = self.catalog.load_table(f"{namespace}.{name}")
            seq = _seq(table.current_snapshot())
            if seq is None or seq <= self.committed:
                continue
            keep = _visible(table, self.committed)
            if keep is not None:
                table.manage_snapshots().rollback_to_snapshot(keep.snapshot_id).commit()
            else:
                table.delete(AlwaysTrue(), snapshot_properties={SEQ: str(self.committed)})

    # -- tables -----------------------------------------------------------------------------
    def _typed_sql(self, spec) -> str:
        cols = ", ".join(f"{self._cast(c)} AS {q(c.name)}" for c in spec.columns)
        return (f"SELECT CAST(? AS VARCHAR) AS workspace_id, {cols}, CAST(raw AS VARCHAR) AS _raw, "
                f"CAST(? AS VARCHAR) AS _run, now() AS _synced_at, md5(CAST(raw AS VARCHAR)) AS _hash FROM _stage "
                f"QUALIFY row_number() OVER (PARTITION BY {q(spec.key)} ORDER BY n DESC) = 1")  # a key's last row

    @staticmethod
    def _cast(column) -> str:
        expr = _extract(column)
        return f"CAST({expr} AS VARCHAR)" if column.type == "JSON" else expr

    def stage(self, commit: Commit) -> Commit:
        """The commit with each stream's rows typed ahead as Arrow tables (on the stage's own
        connection: a sync types its next batch while this store commits)."""
        typed = dict(commit.typed)
        for stream, rows in commit.rows.items():
            if rows and stream not in typed:
                typed[stream] = self._arrow(self.streams[commit.provider][stream], rows, commit.workspace_id,
                                            commit.run)
        return replace(commit, typed=typed)

    def _arrow(self, spec, rows: list[dict], workspace_id: str, run: str):
        """Rows typed exactly as the DuckDB store types them, as an Arrow table (one caller at a time)."""
        with self._staging:
            self._stage.execute("CREATE OR REPLACE TEMP TABLE _stage AS SELECT unnest(a) AS raw, "
                                "generate_subscripts(a, 1) AS n FROM (SELECT CAST(? AS JSON)::JSON[] AS a)",
                                [json_array(rows)])
            return self._stage.sql(self._typed_sql(spec), params=[workspace_id, run]).to_arrow_table()

    def prepare(self, provider: str, streams) -> None:
        """Create or widen the tables of ``provider``'s streams; record their neutral mapping."""
        from pyiceberg.exceptions import NoSuchTableError

        self.streams[provider] = {s.name: s for s in streams}
        if self.read_only:
            return
        try:
            with contextlib.suppress(Exception):
                self.catalog.create_namespace(provider)
            for s in streams:
                spec = json.dumps({"columns": [c.name for c in s.columns],
                                   "neutral": {"view": s.neutral.view, "columns": s.neutral.columns}
                                   if s.neutral else None})
                schema = self._arrow(s, [], "", "").schema
                try:
                    table = self.catalog.load_table(f"{provider}.{s.name}")
                except NoSuchTableError:
                    self.catalog.create_table(f"{provider}.{s.name}", schema=schema,
                                              properties={SPEC: spec, **TABLE_PROPERTIES})
                    continue
                have = {f.name for f in table.schema().fields}
                if not {f.name for f in schema} <= have or table.properties.get(SPEC) != spec:
                    with table.transaction() as tx:
                        if not {f.name for f in schema} <= have:
                            with tx.update_schema() as update:
                                update.union_by_name(schema)
                        tx.set_properties({SPEC: spec})
        except StoreError:
            raise
        except Exception as exc:  # noqa: BLE001
            raise StoreError(f"cannot prepare the Iceberg store {self.where}: {_one_line(exc)}") from None
        self._stale = None

    # -- reading through DuckDB -------------------------------------------------------------
    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """A DuckDB connection whose views read every table at its committed snapshot."""
        if self._reader is None:
            self._reader = duckdb.connect()
            self._reader.execute("SET TimeZone = 'UTC'")
            self._stale = None
        if self._stale is None or self._stale:
            self._refresh(self._stale)
            self._stale = set()
        return self._reader

    def _table(self, namespace: str, name: str, *, fresh: bool = False):
        """A stream table, loaded once (this process is its only writer while it holds the lock)."""
        if fresh or (namespace, name) not in self._loaded:
            self._loaded[(namespace, name)] = self.catalog.load_table(f"{namespace}.{name}")
        return self._loaded[(namespace, name)]

    def _refresh(self, only: set | None) -> None:
        """Point the views of the ``only`` tables (every table when None) at their committed files."""
        con = self._reader
        names = self._tables() if only is None else [t for t in only if t in self._specs] + \
            [t for t in only if t not in self._specs]
        for namespace, name in names:
            table = self._table(namespace, name, fresh=only is None)
            self._specs[(namespace, name)] = json.loads(table.properties.get(SPEC) or "{}")
            con.execute(f"CREATE SCHEMA IF NOT EXISTS {q(namespace)}")
            self._view(con, f"{q(namespace)}.{q(name)}", table)
        if only is None or any(t not in self._specs for t in only):
            create_views(con, sorted((n, t, spec) for (n, t), spec in self._specs.items()))
        self._state_view()

    def _state_view(self) -> None:
        con = self._reader
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {META}")
        latest = [(p, w, s, json.dumps(v)) for (p, w, s), v in self._all_states().items()]
        con.execute("CREATE OR REPLACE TEMP TABLE _punch_state (provider VARCHAR, workspace_id VARCHAR, "
                    "stream VARCHAR, state JSON)")
        if latest:
            con.executemany("INSERT INTO _punch_state VALUES (?, ?, ?, ?)", latest)
        con.execute(f"CREATE OR REPLACE VIEW {META}.state AS SELECT * FROM _punch_state")

    def _view(self, con, target: str, table) -> None:
        """``target`` as a view over the table's committed snapshot (its Parquet files, planned by pyiceberg)."""
        snapshot = _visible(table, self.committed)
        empty = table.schema().as_arrow().empty_table()
        token = "_empty_" + target.replace('"', "").replace(".", "_")
        con.register(token, empty)
        if snapshot is None:
            con.execute(f"CREATE OR REPLACE VIEW {target} AS SELECT * FROM {token}")
            return
        tasks = list(table.scan(snapshot_id=snapshot.snapshot_id).plan_files())
        paths = [t.file.file_path for t in tasks]
        local = all(p.startswith("file://") or p.startswith("/") for p in paths)
        if any(t.delete_files for t in tasks) or not local:
            arrow = table.scan(snapshot_id=snapshot.snapshot_id).to_arrow()
            con.register(token + "_rows", arrow)
            con.execute(f"CREATE OR REPLACE VIEW {target} AS SELECT * FROM {token}_rows")
            return
        if not paths:
            con.execute(f"CREATE OR REPLACE VIEW {target} AS SELECT * FROM {token}")
            return
        files = ", ".join("'" + p.removeprefix("file://").replace("'", "''") + "'" for p in paths)
        con.execute(f"CREATE OR REPLACE VIEW {target} AS SELECT * FROM {token} UNION ALL BY NAME "
                    f"SELECT * FROM read_parquet([{files}], union_by_name = true)")

    def _all_states(self) -> dict[tuple[str, str, str], dict]:
        if self._states is None:
            self._states = {}
            snapshot = _visible(self.state_table, self.committed)
            if snapshot is not None:
                rows = self.state_table.scan(snapshot_id=snapshot.snapshot_id).to_arrow().sort_by("seq").to_pylist()
                for row in rows:
                    if row["stream"] != "_commit":
                        self._states[(row["provider"], row["workspace_id"], row["stream"])] = json.loads(row["state"])
        return self._states

    def state(self, provider: str, workspace_id: str, stream: str) -> dict | None:
        """A stream's sync state (None before its first sync)."""
        return self._all_states().get((provider, workspace_id, stream))

    def query(self, sql: str, params: list | None = None) -> tuple[list[str], list[tuple]]:
        """Run one query with DuckDB over the committed tables: its column names and rows."""
        try:
            cur = self.con.execute(sql, params or [])
            names = [d[0] for d in cur.description] if cur.description else []
            return names, cur.fetchall() if cur.description else []
        except Exception as exc:
            reraise_interrupt(exc)  # Ctrl+C during a long query
            if not isinstance(exc, duckdb.Error):
                raise
            raise StoreError(f"query failed: {_one_line(exc)}") from None

    # -- writing ----------------------------------------------------------------------------
    def commit(self, commit: Commit) -> dict[str, Counts]:
        """Each touched table commits a snapshot tagged with the next number, then the state table
        (the commit point); a failure rolls the tables back to the last committed number."""
        if self.read_only:
            raise StoreError("the store is open read-only")
        seq = self.committed + 1
        counts: dict[str, Counts] = {}
        touched = list(dict.fromkeys([*commit.rows, *commit.deleted, *(s.stream for s in commit.sweeps)]))
        try:
            commit = self.stage(commit)
            for stream in touched:
                counts[stream] = self._write(commit, stream, seq)
            self._write_states(commit, seq)
        except BaseException as exc:
            self._abandon()
            reraise_interrupt(exc)
            if isinstance(exc, (StoreError, KeyboardInterrupt, SystemExit)):
                raise
            if isinstance(exc, OSError) and exc.errno == 28:
                raise StoreError(f"cannot write the store {self.where}: the disk is full; nothing of this commit "
                                 f"was kept") from None
            raise StoreError(f"cannot write the store {self.where}: {_one_line(exc)}; nothing of this commit "
                             f"was kept") from None
        self.committed = seq
        if self._stale is not None:
            self._stale |= {(commit.provider, s) for s in touched}
        self._untidy |= {(commit.provider, s) for s in touched}
        if seq % TIDY_EVERY == 0:
            self._tidy()
        return counts

    def _tidy(self) -> None:
        """Expire the snapshots older than the current one of the tables written lately and of the
        state table, so table metadata (copied by pyiceberg on every commit) stays small. Data
        files stay where they are: a reader planning an older snapshot still finds its files."""
        tables = [self._table(*t) for t in sorted(self._untidy)] + [self.state_table]
        for table in tables:
            current = table.current_snapshot()
            old = [s.snapshot_id for s in table.metadata.snapshots if current and s.snapshot_id != current.snapshot_id]
            if old:
                table.maintenance.expire_snapshots().by_ids(old).commit()
        self._untidy = set()

    def _abandon(self) -> None:
        """Undo a half-made commit: tables back to the committed number, caches dropped."""
        with contextlib.suppress(Exception):
            self._recover()
        self._stale, self._states, self._loaded = None, None, {}

    def _write(self, commit: Commit, stream: str, seq: int) -> Counts:
        from pyiceberg.expressions import And, EqualTo, GreaterThanOrEqual, In, NotEqualTo, Or

        spec = self.streams[commit.provider][stream]
        key, ws = spec.key, commit.workspace_id
        con, table_sql = self.con, f"{q(commit.provider)}.{q(stream)}"
        result = Counts()
        gone: list[str] = []
        new = commit.typed.get(stream)
        if new is not None:
            con.register("_new", new)
            matched = con.execute(
                f"SELECT n.{q(key)}, o._hash IS DISTINCT FROM n._hash FROM _new n JOIN {table_sql} o "
                f"ON o.workspace_id = ? AND o.{q(key)} = n.{q(key)}", [ws]).fetchall()
            con.unregister("_new")
            gone += [m[0] for m in matched]
            result.added = new.num_rows - len(matched)
            result.changed = sum(1 for m in matched if m[1])
        ids = list(commit.deleted.get(stream) or [])
        if ids:
            found = [r[0] for r in con.execute(f"SELECT {q(key)} FROM {table_sql} WHERE workspace_id = ? AND "
                                               f"{q(key)} IN (SELECT unnest(?::VARCHAR[]))", [ws, ids]).fetchall()]
            gone += found
            result.deleted += len(found)
        predicates = [And(EqualTo("workspace_id", ws), In(key, sorted(set(gone))))] if gone else []
        for sweep in (s for s in commit.sweeps if s.stream == stream):
            where, params = "", [ws, sweep.run]
            expr = And(EqualTo("workspace_id", ws), NotEqualTo("_run", sweep.run))
            if sweep.column is not None and sweep.since is not None:
                where, since = f" AND {q(sweep.column)} >= to_timestamp(?)", sweep.since
                params.append(since)
                instant = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(since))
                expr = And(expr, GreaterThanOrEqual(sweep.column, instant))
            if gone:  # rows this commit replaces or deletes are counted once, above
                where += f" AND {q(key)} NOT IN (SELECT unnest(?::VARCHAR[]))"
                params.append(sorted(set(gone)))
            swept = con.execute(f"SELECT count(*) FROM {table_sql} WHERE workspace_id = ? AND _run IS DISTINCT "
                                f"FROM ?{where}", params).fetchall()[0][0]
            if swept:
                result.deleted += swept
                predicates.append(expr)
        if not predicates and new is None:
            return result
        props = {SEQ: str(seq)}
        table = self._table(commit.provider, stream)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with table.transaction() as tx:
                if predicates:
                    tx.delete(predicates[0] if len(predicates) == 1 else Or(*predicates), snapshot_properties=props)
                if new is not None and new.num_rows:
                    tx.append(new.select([f.name for f in table.schema().fields]), snapshot_properties=props)
        return result

    def _write_states(self, commit: Commit, seq: int) -> None:
        import pyarrow as pa

        now = int(time.time() * 1_000_000)
        states = commit.states or {"_commit": {}}
        rows = [{"provider": commit.provider, "workspace_id": commit.workspace_id, "stream": stream,
                 "state": json.dumps(state), "seq": seq, "updated_at": now} for stream, state in states.items()]
        schema = self.state_table.schema().as_arrow()
        arrow = pa.Table.from_pylist(rows, schema=schema)
        self.state_table.append(arrow, snapshot_properties={SEQ: str(seq)})
        cache = self._all_states()
        for stream, state in (commit.states or {}).items():
            cache[(commit.provider, commit.workspace_id, stream)] = state

    def loading(self) -> contextlib.AbstractContextManager[None]:
        """A sync's commits: nothing to tune (each commit is an Arrow append of its own)."""
        return contextlib.nullcontext()

    def close(self) -> None:
        """Expire old snapshots (a writer), release the lock and the DuckDB connections."""
        if self._lock is not None and self._untidy:
            with contextlib.suppress(Exception):
                self._tidy()
        for con in (self._reader, self._stage):
            if con is not None:
                con.close()
        self._reader = self._stage = None
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    def __enter__(self) -> "IcebergStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
