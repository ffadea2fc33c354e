"""The default store: one embedded DuckDB file.

Each provider gets a schema (``clockify``, ``clockeye``) holding one table per stream: the
workspace id, typed columns read from the raw JSON, the raw JSON itself (``_raw``), the run that
last wrote the row (``_run``) and when (``_synced_at``). ``_punch`` holds the store's version, the
streams' sync state and the registry the neutral views are built from. A commit is one DuckDB
transaction, so rows and cursor land together or not at all (DuckDB's write-ahead log rolls a
killed transaction back on the next open). DuckDB's own file lock keeps a second writer out.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import re
import threading
from dataclasses import replace
from pathlib import Path
from typing import Iterator

import duckdb
import orjson

from punchclock.store.base import Commit, Counts, StoreError, StoreLocked, StoreTooNew, Sweep
from punchclock.store.schema import DERIVED, SCHEMA_VERSION, VIEWS
from punchclock.sync.streams import WORKSPACES, Row, row_texts

_META = "_punch"
#: The in-memory database batches are typed into (by :meth:`DuckDBStore.stage`, on a connection of
#: its own) before a commit reads them: a transaction may write one database only, so staging never
#: writes inside a commit and runs beside one.
_STAGE = "_punch_stage"
#: Write-ahead log a writer lets grow before folding it into the file (and at close): fewer rewrites
#: than DuckDB's 16 MB, and memory stays bounded as the store grows.
CHECKPOINT_MB = 64
#: The raw JSON column: text as sent (a JSON column would parse every row again to check it), compressed
#: with zstd (a third of the size DuckDB's default string compression makes, in half the checkpoint time).
RAW = "VARCHAR USING COMPRESSION zstd"
#: Rows in a row group of a writer's file, and so in a sync's commit (:attr:`DuckDBStore.commit_rows`):
#: DuckDB writes an insert's whole row groups straight into the file, compressed, so a commit of whole
#: groups skips the write-ahead log and the checkpoint that would copy its rows again (half the work
#: of DuckDB's 122,880-row groups, which a commit of a sync's size never fills; files as small).
ROW_GROUP_ROWS = 12_288
#: Memory a writer's DuckDB may hold (its block cache would otherwise grow with the store; larger
#: queries spill to disk). A lower limit throughout keeps less but costs a sync time: at 64 MB, 12%
#: more per commit and 0.3 CPU-seconds per 200,000 entries, as DuckDB evicts before it allocates.
MEMORY_MB = 128
#: Rows a writer commits between lettings-go of its cache: DuckDB keeps the blocks a commit wrote
#: cached until memory runs short, though a sync never reads them again, so a sync's peak would grow
#: with the store up to ``MEMORY_MB`` (1.26x from 200,000 entries to 1,000,000). Lowering the limit
#: to ``TRIM_MB`` for a moment drops them (about 2% of the commits' time).
TRIM_ROWS = 8 * ROW_GROUP_ROWS
TRIM_MB = 48


def q(name: str) -> str:
    """A quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def _json_path(dotted: str) -> str:
    return "$." + ".".join(f'"{part}"' if not part.isidentifier() else part for part in dotted.split("."))


def _extract(column) -> str:
    """SQL reading one typed column out of ``raw``."""
    path = _json_path(column.source).replace("'", "''")
    if column.type == "VARCHAR":
        return f"json_extract_string(raw, '{path}')"
    if column.type == "JSON":  # a JSON null is no value, as the typed read has it
        return f"nullif(json_extract(raw, '{path}'), 'null')"
    if column.type in ("TIMESTAMPTZ", "DATE"):
        return f"TRY_CAST(json_extract_string(raw, '{path}') AS {column.type})"
    return f"TRY_CAST(json_extract(raw, '{path}') AS {column.type})"


#: How ``from_json`` reads a column of each type that it reads as the stored value itself: DuckDB
#: reads a JSON value into one of these types exactly as ``TRY_CAST`` of the JSON value does (and
#: reading numbers, flags and lists straight in, instead of writing them out as JSON text to cast
#: again, saves a tenth of a batch's typing). A time is read as text and cast as :func:`_extract`
#: casts it; any other type as JSON, cast.
_AS_IS = {"VARCHAR": "VARCHAR", "JSON": "JSON", "BIGINT": "BIGINT", "BOOLEAN": "BOOLEAN", "DOUBLE": "DOUBLE",
          "VARCHAR[]": ["VARCHAR"]}


def _leaf(kind: str) -> str | list:
    """The ``from_json`` structure's leaf for a column of type ``kind``."""
    return _AS_IS.get(kind) or ("VARCHAR" if kind in ("TIMESTAMPTZ", "DATE") else "JSON")


def typed_select(columns) -> tuple[str, str]:
    """How to type a batch in one pass: a ``from_json`` structure for the raw JSON ``raw``, and the
    select list reading every column from the parsed struct ``s`` exactly as :func:`_extract` reads it
    from ``raw`` (each row's JSON is parsed once, not once per column). A column whose path runs
    through another column's value, or is read both as text and as JSON, reads ``raw`` itself."""
    leaves: dict[str, str | list] = {}
    clash = set()
    for c in columns:
        kind = _leaf(c.type)
        if leaves.setdefault(c.source, kind) != kind:
            clash.add(c.source)
    tree: dict = {}
    for source in sorted(leaves, key=lambda path: path.count(".")):  # shorter paths first
        *parents, leaf = source.split(".")
        node = tree
        for part in parents:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):  # a shorter path's value: this one reads raw
                clash.add(source)
                break
        else:
            node[leaf] = leaves[source]
    select = []
    for c in columns:
        if c.source in clash:
            select.append(f"{_extract(c)} AS {q(c.name)}")
            continue
        value = "s." + ".".join(q(part) for part in c.source.split("."))
        select.append(f"{value if c.type in _AS_IS else f'TRY_CAST({value} AS {c.type})'} AS {q(c.name)}")
    return orjson.dumps(tree or {"_": "JSON"}).decode(), ", ".join(select)


def _friendly(exc: Exception, path: Path) -> StoreError:
    text = str(exc)
    if "lock" in text.lower():
        pid = re.search(r"PID (\d+)", text)
        who = f" (process {pid.group(1)})" if pid else ""
        return StoreLocked(f"the store {path} is in use by another sync{who}; wait for it to finish")
    if "not a valid DuckDB database" in text or "database file" in text.lower():
        return StoreError(f"cannot read the store {path}: it is not a punchclock DuckDB store")
    if any(full in text.lower() for full in ("no space", "file too large", "disk is full", "disk full")):
        return StoreError(f"cannot write the store {path}: the disk is full (or the file may grow no more); "
                          f"nothing of this commit was kept")
    return StoreError(f"cannot use the store {path}: {text.splitlines()[0] if text else type(exc).__name__}")


def reraise_interrupt(exc: BaseException) -> None:
    """Raise Ctrl+C that arrived inside a DuckDB statement (DuckDB raises it as an error) as the
    KeyboardInterrupt it is; any other error is left to the caller."""
    if isinstance(exc, duckdb.InterruptException) or (isinstance(exc, RuntimeError) and
                                                      str(exc) == "Query interrupted"):
        raise KeyboardInterrupt from None


def _translated(exc: BaseException, path: Path) -> BaseException:
    """What a failed store call raises: Ctrl+C as the interrupt it is, a DuckDB error in one line."""
    reraise_interrupt(exc)
    return _friendly(exc, path) if isinstance(exc, duckdb.Error) else exc


def create_views(con, tables: list[tuple[str, str, dict]]) -> None:
    """(Re)create the neutral views on ``con`` over ``tables``: (provider, stream, spec), the spec as
    :meth:`DuckDBStore.prepare` records it (its columns and neutral mapping). Every store uses this."""
    parts: dict[str, list[str]] = {name: [] for name in VIEWS}
    for provider, stream, spec in tables:
        neutral = spec.get("neutral")
        if not neutral or neutral["view"] not in VIEWS:
            continue
        mapping = neutral["columns"]
        select = []
        for name, kind in VIEWS[neutral["view"]]:
            if name == "provider":
                expr = f"'{provider}'"
            elif name == "workspace_id":
                expr = "workspace_id"
            elif name in mapping:
                expr = mapping[name] if not mapping[name].isidentifier() else q(mapping[name])
            elif name in DERIVED and all(d in mapping for d in DERIVED[name][:2]):
                a, b, template = DERIVED[name]
                expr = template.format(start=q(mapping[a]), end=q(mapping[b]))
            else:
                expr = "NULL"
            select.append(f"CAST({expr} AS {kind}) AS {q(name)}")
        parts[neutral["view"]].append(f"SELECT {', '.join(select)} FROM {q(provider)}.{q(stream)}")
    for view, selects in parts.items():
        if not selects:
            empty = ", ".join(f"CAST(NULL AS {kind}) AS {q(name)}" for name, kind in VIEWS[view])
            selects = [f"SELECT {empty} WHERE false"]
        con.execute(f"CREATE OR REPLACE VIEW main.{q(view)} AS " + " UNION ALL ".join(selects))


class _Known:
    """What the store knows of one provider's workspace (see :class:`punchclock.sync.streams.Known`)."""

    def __init__(self, store: "DuckDBStore", provider: str, workspace_id: str, streams: dict):
        self.store, self.provider, self.workspace_id, self.streams = store, provider, workspace_id, streams

    def _table(self, stream: str) -> str:
        return f"{q(self.provider)}.{q(stream)}"

    def ids(self, stream: str) -> list[str]:
        """Ids of a stream's rows in this workspace, sorted."""
        key = self.streams[stream].key
        rows = self.store.con.execute(f"SELECT {q(key)} FROM {self._table(stream)} WHERE workspace_id = ? "
                                      f"ORDER BY 1", [self.workspace_id]).fetchall()
        return [r[0] for r in rows]

    def counts(self, stream: str, column: str) -> dict[str, int] | None:
        """Rows per value of ``column``; None when the stream was never read completely."""
        state = self.store.state(self.provider, self.workspace_id, stream) or {}
        if not state.get("full_at"):
            return None
        rows = self.store.con.execute(f"SELECT {q(column)}, count(*) FROM {self._table(stream)} "
                                      f"WHERE workspace_id = ? GROUP BY 1", [self.workspace_id]).fetchall()
        return {r[0]: r[1] for r in rows}

    def holds(self, stream: str) -> bool:
        """Whether the workspace has any row of the stream stored."""
        return bool(self.store.con.execute(f"SELECT 1 FROM {self._table(stream)} WHERE workspace_id = ? LIMIT 1",
                                           [self.workspace_id]).fetchall())

    def oldest_running(self, stream: str) -> float | None:
        """Start of the oldest stored open row (a running timer), in epoch seconds."""
        spec = self.streams[stream]
        if not spec.cursor or not getattr(spec, "end", None):
            return None
        found = self.store.con.execute(
            f"SELECT min(epoch({q(spec.cursor)})) FROM {self._table(stream)} "
            f"WHERE workspace_id = ? AND {q(spec.end)} IS NULL", [self.workspace_id]).fetchall()[0]
        return found[0] if found[0] is not None else None


class TableReads:
    """What both stores answer the same way, by SQL over their tables (``self.con``, a DuckDB
    connection) and the streams they hold (``self.streams``)."""

    con: duckdb.DuckDBPyConnection
    streams: dict[str, dict]

    def known(self, provider: str, workspace_id: str) -> _Known:
        """Facts for fetches and plans, read from the tables."""
        return _Known(self, provider, workspace_id, self.streams.get(provider, {}))

    def workspace_record(self, provider: str, workspace_id: str) -> dict | None:
        """The stored raw record of the workspace (from a :data:`WORKSPACES` stream), if any."""
        try:
            found = self.con.execute(f"SELECT _raw FROM {q(provider)}.{WORKSPACES} WHERE workspace_id = ? AND id = ?",
                                     [workspace_id, workspace_id]).fetchall()  # all: no result left open
        except duckdb.Error:
            return None
        return json.loads(found[0][0]) if found else None


#: Names a database cannot be attached under (DuckDB's own catalogs).
_TAKEN = {"memory", "system", "temp", "main", _STAGE}


class DuckDBStore(TableReads):
    """Tables in one DuckDB file (``read_only`` for queries: no writer lock, nothing changed)."""

    kind = "duckdb"
    commit_rows = ROW_GROUP_ROWS

    def __init__(self, path: str | Path, *, read_only: bool = False):
        self.path = Path(path).expanduser()
        self.read_only = read_only
        self.streams: dict[str, dict] = {}
        self._typing: dict[int, tuple] = {}
        if read_only and not self.path.exists():
            raise StoreError(f"no store at {self.path}: run `punch sync` first")
        if self.path.exists():
            self._check_version()
        elif not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.con = duckdb.connect(str(self.path), read_only=True) if read_only else self._writer()
            self.con.execute("SET TimeZone = 'UTC'")
            if not read_only:
                # a sync's pages append to the same row groups: checkpointing every 16 MB of log (the
                # default) rewrites them over and over, while a larger log holds more rows in memory
                # until it is folded in; a commit is just as durable in the log
                self.con.execute(f"SET checkpoint_threshold = '{CHECKPOINT_MB}MB'")
                self.con.execute(f"SET memory_limit = '{MEMORY_MB}MB'")  # the cache of a growing store, capped
                self._bootstrap()
                self.con.execute(f"ATTACH ':memory:' AS {_STAGE}")
                self._stager, self._staging = self.con.cursor(), threading.Lock()
                self._names, self._spent, self._written = itertools.count(), [], 0
        except duckdb.Error as exc:
            raise _friendly(exc, self.path) from None

    # -- opening ----------------------------------------------------------------------------
    def _writer(self) -> duckdb.DuckDBPyConnection:
        """A connection writing the file in row groups of :data:`ROW_GROUP_ROWS` (an option of
        attaching a database, not of connecting to one), named as ``duckdb.connect`` names it."""
        con = duckdb.connect()
        name = self.path.stem if self.path.stem and self.path.stem.lower() not in _TAKEN else "store"
        path = str(self.path).replace("'", "''")
        try:
            con.execute(f"ATTACH '{path}' AS {q(name)} (ROW_GROUP_SIZE {ROW_GROUP_ROWS})")
            con.execute(f"USE {q(name)}")
        except BaseException:
            con.close()
            raise
        return con

    def _check_version(self) -> None:
        """Refuse, before anything is written, a store from a newer punchclock (or not a store)."""
        try:
            con = duckdb.connect(str(self.path), read_only=True)
        except duckdb.Error as exc:
            raise _friendly(exc, self.path) from None
        try:
            found = con.execute(f"SELECT value FROM {_META}.meta WHERE key = 'schema_version'").fetchone()
        except duckdb.Error:
            found = None
        finally:
            con.close()
        if found and int(found[0]) > SCHEMA_VERSION:
            raise StoreTooNew(f"the store {self.path} was written by a newer punchclock (store version {found[0]}, "
                              f"this one knows up to {SCHEMA_VERSION}); upgrade punchclock or use another --store")

    def _bootstrap(self) -> None:
        self.con.execute("BEGIN")
        self.con.execute(f"CREATE SCHEMA IF NOT EXISTS {_META}")
        self.con.execute(f"CREATE TABLE IF NOT EXISTS {_META}.meta (key VARCHAR, value VARCHAR)")
        self.con.execute(f"CREATE TABLE IF NOT EXISTS {_META}.state (provider VARCHAR, workspace_id VARCHAR, "
                         "stream VARCHAR, state JSON, updated_at TIMESTAMPTZ)")
        self.con.execute(f"CREATE TABLE IF NOT EXISTS {_META}.tables (provider VARCHAR, stream VARCHAR, spec JSON)")
        self.con.execute(f"CREATE TABLE IF NOT EXISTS {_META}.events (provider VARCHAR, id VARCHAR, type VARCHAR, "
                         "body VARCHAR, received_at TIMESTAMPTZ)")
        if not self.con.execute(f"SELECT 1 FROM {_META}.meta WHERE key = 'schema_version'").fetchone():
            self.con.execute(f"INSERT INTO {_META}.meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
        self.con.execute("COMMIT")

    # -- tables and views -------------------------------------------------------------------
    def prepare(self, provider: str, streams) -> None:
        """Create or widen the tables of ``provider``'s streams and rebuild the neutral views."""
        self.streams[provider] = {s.name: s for s in streams}
        try:
            self.con.execute("BEGIN")
            self.con.execute(f"CREATE SCHEMA IF NOT EXISTS {q(provider)}")
            for s in streams:
                cols = ", ".join(f"{q(c.name)} {c.type}" for c in s.columns)
                self.con.execute(f"CREATE TABLE IF NOT EXISTS {q(provider)}.{q(s.name)} (workspace_id VARCHAR, "
                                 f"{cols}, _raw {RAW}, _run VARCHAR, _synced_at TIMESTAMPTZ)")
                have = {r[0] for r in self.con.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_catalog = current_database() AND "
                    "table_schema = ? AND table_name = ?",
                    [provider, s.name]).fetchall()}
                for c in s.columns:
                    if c.name not in have:
                        self.con.execute(f"ALTER TABLE {q(provider)}.{q(s.name)} ADD COLUMN {q(c.name)} {c.type}")
                spec = {"columns": [c.name for c in s.columns],
                        "neutral": {"view": s.neutral.view, "columns": s.neutral.columns} if s.neutral else None}
                self.con.execute(f"DELETE FROM {_META}.tables WHERE provider = ? AND stream = ?", [provider, s.name])
                self.con.execute(f"INSERT INTO {_META}.tables VALUES (?, ?, ?)", [provider, s.name, json.dumps(spec)])
            self._views()
            self.con.execute("COMMIT")
        except duckdb.Error as exc:
            self._rollback()
            raise _friendly(exc, self.path) from None

    def _views(self) -> None:
        tables = [(p, s, json.loads(spec)) for p, s, spec in
                  self.con.execute(f"SELECT * FROM {_META}.tables ORDER BY 1, 2").fetchall()]
        create_views(self.con, tables)

    # -- state ------------------------------------------------------------------------------
    def state(self, provider: str, workspace_id: str, stream: str) -> dict | None:
        """A stream's sync state (None before its first sync)."""
        found = self.con.execute(f"SELECT state FROM {_META}.state WHERE provider = ? AND workspace_id = ? "
                                 "AND stream = ?", [provider, workspace_id, stream]).fetchone()
        return json.loads(found[0]) if found else None

    # -- writing ----------------------------------------------------------------------------
    def commit(self, commit: Commit) -> dict[str, Counts]:
        """Apply rows, deletions, sweeps and states in one transaction."""
        counts: dict[str, Counts] = {}
        if any(rows and stream not in commit.typed for stream, rows in commit.rows.items()):
            commit = self.stage(commit)
        try:
            self.con.execute("BEGIN")
            for stream, rows in commit.rows.items():
                counts.setdefault(stream, Counts()).__iadd__(self._upsert(commit, stream))
            for stream in commit.dedupe:
                counts.setdefault(stream, Counts()).added -= self._dedupe(commit, stream)
            for stream, ids in commit.deleted.items():
                counts.setdefault(stream, Counts()).deleted += self._delete(commit, stream, ids)
            for sweep in commit.sweeps:
                counts.setdefault(sweep.stream, Counts()).deleted += self._sweep(commit, sweep)
            for stream, state in commit.states.items():
                self.con.execute(f"DELETE FROM {_META}.state WHERE provider = ? AND workspace_id = ? AND stream = ?",
                                 [commit.provider, commit.workspace_id, stream])
                self.con.execute(f"INSERT INTO {_META}.state VALUES (?, ?, ?, ?, now())",
                                 [commit.provider, commit.workspace_id, stream, json.dumps(state)])
            self.con.execute("COMMIT")
            self._written += sum(size for _, size in commit.typed.values())
            if self._written >= TRIM_ROWS:
                self._trim()
        except BaseException as exc:
            self._rollback()
            raise _translated(exc, self.path) from None
        finally:
            self._unstage(commit)
        return counts

    def _trim(self) -> None:
        """Drop the cached blocks the last commits wrote (see :data:`TRIM_ROWS`), with no staging
        under way to need memory meanwhile."""
        self._written = 0
        with self._staging:
            self.con.execute(f"SET memory_limit = '{TRIM_MB}MB'")
            self.con.execute(f"SET memory_limit = '{MEMORY_MB}MB'")

    def stage(self, commit: Commit) -> Commit:
        """The commit with each stream's rows typed into a table of the in-memory stage database: each
        row's JSON parsed once, in SQL (no Python work per row), and a key seen twice keeping its
        last row. Runs on the stager's own connection, so a sync types its next batch while the
        store commits this one."""
        if self.read_only:
            raise StoreError("the store is open read-only")
        typed = dict(commit.typed)
        try:
            with self._staging:
                while self._spent:
                    self._stager.execute(f"DROP TABLE IF EXISTS {self._spent.pop()}")
                for stream, rows in commit.rows.items():
                    if rows and stream not in typed:
                        typed[stream] = self._type(commit, stream, rows)
        except BaseException as exc:
            self._unstage(replace(commit, typed=typed))
            raise _translated(exc, self.path) from None
        return replace(commit, typed=typed)

    def _type(self, commit: Commit, stream: str, rows: list[Row]) -> tuple[str, int]:
        """Rows into a new stage table: its name and how many rows it holds."""
        spec = self._spec(commit.provider, stream)
        structure, select = self._typed(spec)
        key, name = q(spec.key), f"{_STAGE}.b{next(self._names)}"
        cur = self._stager
        cur.execute(f"CREATE TABLE {name} AS SELECT ? AS workspace_id, {select}, raw AS _raw, ? AS _run, now() AS "
                    f"_synced_at FROM (SELECT raw, from_json(raw, '{structure}') AS s FROM (SELECT "
                    f"unnest(?::VARCHAR[]) AS raw))", [commit.workspace_id, commit.run, row_texts(rows)])
        size, twice = cur.execute(f"SELECT count(*), count(*) - count(DISTINCT {key}) - "
                                  f"(count(*) FILTER ({key} IS NULL) > 0)::INT FROM {name}").fetchone()
        if twice:  # the last row of a key seen twice stays
            cur.execute(f"DELETE FROM {name} WHERE rowid IN (SELECT rowid FROM (SELECT rowid, row_number() OVER "
                        f"(PARTITION BY {key} ORDER BY rowid DESC) AS n FROM {name}) WHERE n > 1)")
        return name, size - twice

    def _unstage(self, commit: Commit) -> None:
        """The commit's stage tables (committed or not) are spent: the next staging drops them (this
        thread never waits on the stager's lock)."""
        self._spent.extend(name for name, _ in commit.typed.values())

    def _rollback(self) -> None:
        try:
            self.con.execute("ROLLBACK")
        except duckdb.Error:
            pass

    def _spec(self, provider: str, stream: str):
        return self.streams[provider][stream]

    def _upsert(self, commit: Commit, stream: str) -> Counts:
        """Replace the stream's staged rows: stored rows of their keys are found by scanning the key
        column alone (a table's raw JSON is never scanned, so a commit costs what its own rows cost),
        their raw JSON, read by row id, says which are changed; they are deleted and the batch goes in.
        A stream the commit ``appends`` to skips the look-up (its read's end resolves a key written twice)."""
        if stream not in commit.typed:
            return Counts()
        batch, size = commit.typed[stream]
        spec = self._spec(commit.provider, stream)
        table, key = f"{q(commit.provider)}.{q(stream)}", q(spec.key)
        con = self.con
        found = [] if stream in commit.appends else con.execute(
            f"SELECT t.rowid FROM {table} t SEMI JOIN {batch} b ON t.{key} = b.{key} WHERE t.workspace_id = ?",
            [commit.workspace_id]).fetchall()
        replaced = changed = 0
        if found:
            ids = [r[0] for r in found]
            replaced, changed = con.execute(
                f"SELECT count(DISTINCT o.{key}), count(DISTINCT o.{key}) FILTER (CAST(o._raw AS VARCHAR) IS DISTINCT "
                f"FROM b._raw) FROM (SELECT {key}, _raw FROM {table} WHERE rowid IN (SELECT unnest(?::BIGINT[]))) o "
                f"JOIN {batch} b ON o.{key} = b.{key}", [ids]).fetchone()
            con.execute(f"DELETE FROM {table} WHERE rowid IN (SELECT unnest(?::BIGINT[]))", [ids])
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {batch}")
        return Counts(size - replaced, changed, 0)

    def _dedupe(self, commit: Commit, stream: str) -> int:
        """Delete all but the last written row of each of the stream's keys stored twice in the
        workspace: keys are grouped by their hash first (8 bytes a row, not the keys' text: 0.1 s and
        tens of megabytes at a million rows, once a read), then only the keys whose hash came twice are
        compared. Answers the rows deleted."""
        table, key = f"{q(commit.provider)}.{q(stream)}", q(self._spec(commit.provider, stream).key)
        found = self.con.execute(
            f"DELETE FROM {table} WHERE rowid IN (SELECT rowid FROM (SELECT rowid, row_number() OVER (PARTITION BY "
            f"{key} ORDER BY rowid DESC) AS n FROM {table} WHERE workspace_id = ? AND hash({key}) IN (SELECT "
            f"hash({key}) FROM {table} WHERE workspace_id = ? GROUP BY 1 HAVING count(*) > 1)) WHERE n > 1)",
            [commit.workspace_id, commit.workspace_id]).fetchone()
        return found[0] if found else 0

    def _typed(self, spec) -> tuple[str, str]:
        found = self._typing.get(id(spec))
        if found is None or found[0] is not spec:
            structure, select = typed_select(spec.columns)
            found = self._typing[id(spec)] = (spec, structure.replace("'", "''"), select)
        return found[1], found[2]

    def _delete(self, commit: Commit, stream: str, ids: list[str]) -> int:
        if not ids:
            return 0
        spec = self._spec(commit.provider, stream)
        found = self.con.execute(f"DELETE FROM {q(commit.provider)}.{q(stream)} WHERE workspace_id = ? AND "
                                 f"{q(spec.key)} IN (SELECT unnest(?::VARCHAR[]))",
                                 [commit.workspace_id, list(ids)]).fetchone()
        return found[0] if found else 0

    def _sweep(self, commit: Commit, sweep: Sweep) -> int:
        where = ""
        params: list = [commit.workspace_id, sweep.run]
        if sweep.column is not None and sweep.since is not None:
            where = f" AND {q(sweep.column)} >= to_timestamp(?)"
            params.append(sweep.since)
        found = self.con.execute(f"DELETE FROM {q(commit.provider)}.{q(sweep.stream)} WHERE workspace_id = ? AND "
                                 f"_run IS DISTINCT FROM ?{where}", params).fetchone()
        return found[0] if found else 0

    # -- webhook events ---------------------------------------------------------------------
    def record_event(self, provider: str, event_id: str, kind: str, body: str) -> None:
        """Keep a received webhook event (before it is applied) under its id."""
        try:
            self.con.execute(f"INSERT INTO {_META}.events VALUES (?, ?, ?, ?, now())", [provider, event_id, kind, body])
        except duckdb.Error as exc:
            raise _friendly(exc, self.path) from None

    def event_seen(self, provider: str, event_id: str) -> bool:
        """Whether a webhook event with this id was already kept (a redelivery)."""
        try:
            found = self.con.execute(f"SELECT 1 FROM {_META}.events WHERE provider = ? AND id = ? LIMIT 1",
                                     [provider, event_id]).fetchone()
        except duckdb.Error:
            return False
        return found is not None

    # -- reading ----------------------------------------------------------------------------
    def query(self, sql: str, params: list | None = None) -> tuple[list[str], list[tuple]]:
        """Run one query: its column names and rows (a read-only store refuses writes)."""
        try:
            cur = self.con.execute(sql, params or [])
            names = [d[0] for d in cur.description] if cur.description else []
            return names, cur.fetchall() if cur.description else []
        except Exception as exc:
            reraise_interrupt(exc)  # Ctrl+C during a long query
            if not isinstance(exc, duckdb.Error):
                raise
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise StoreError(f"query failed: {first}") from None

    @contextlib.contextmanager
    def loading(self) -> Iterator[None]:
        """A sync's commits: DuckDB works on one thread meanwhile (a commit's statements are too small
        to share out, and the other cores fetch and type the next batch: 15% less time per batch),
        then on as many as before."""
        before = self.con.execute("SELECT current_setting('threads')").fetchone()[0]
        self.con.execute("SET threads = 1")
        try:
            yield
        finally:
            if self.con is not None:
                self.con.execute(f"SET threads = {int(before)}")

    def close(self) -> None:
        """Close the file (releasing its lock)."""
        con = getattr(self, "con", None)
        if con is not None:
            with getattr(self, "_staging", contextlib.nullcontext()):  # a stager's query ends first
                con.close()
            self.con = None

    def __enter__(self) -> "DuckDBStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

