"""The store types a batch in one parse per row (``from_json``): every typed column of every stream of
both providers equals what reading it out of the raw JSON column by column (``json_extract``) gives,
on the sandboxes' own data; a key seen twice in a batch keeps one row."""

from __future__ import annotations

import duckdb
import pytest

from punchclock.store import Commit, open_store
from punchclock.store.duckdb import _extract, q, typed_select
from punchclock.sync.streams import Column
from tests.clockeye.clockeye_harness import make_harness as clockeye_harness
from tests.conftest import make_harness
from tests.sync.helpers import clockeye_provider, provider, sync, sync_clockeye


def _disagreements(spec: str, provider_name: str, streams) -> dict[str, int]:
    """Per ``stream.column``, stored rows whose typed value differs from ``json_extract`` over ``_raw``."""
    found, rows = {}, 0
    with open_store(spec, read_only=True) as store:
        for stream in streams:
            table = f"{q(provider_name)}.{q(stream.name)}"
            rows += store.query(f"select count(*) from {table}")[1][0][0]
            for column in stream.columns:
                wrong = store.query(f"select count(*) from (select *, _raw as raw from {table}) "
                                    f"where {q(column.name)} is distinct from {_extract(column)}")[1][0][0]
                if wrong:
                    found[f"{stream.name}.{column.name}"] = wrong
    assert rows > 0
    return found


def test_clockify_columns_read_as_json_extract_reads_them(tmp_path):
    h = make_harness(users=4, entries=400)
    sync(h, tmp_path / "s.duckdb")
    with provider(h) as p:
        streams = p.streams().streams
    assert _disagreements(f"duckdb:{tmp_path / 's.duckdb'}", "clockify", streams) == {}


def test_clockeye_columns_read_as_json_extract_reads_them(tmp_path):
    h = clockeye_harness()
    spec = f"duckdb:{tmp_path / 'e.duckdb'}"
    sync_clockeye(h, spec)
    with clockeye_provider(h) as p:
        streams = p.streams().streams
    assert _disagreements(spec, "clockeye", streams) == {}


@pytest.mark.parametrize("columns", [
    (Column("id"), Column("a", path="x"), Column("b", "BIGINT", "x.y")),   # a path that is another's prefix
    (Column("id"), Column("a", path="x.y"), Column("b", "BIGINT", "x.y")),  # one path, text and number
    (Column("id"), Column("a", "JSON", "x.y"), Column("b", path="x.y"), Column("c", "VARCHAR[]", "z")),
])
@pytest.mark.parametrize("raw", ['{"id": "1", "x": {"y": 42}, "z": ["a"]}', '{"id": 7, "x": {"y": "text"}}',
                                 '{"id": "2", "x": 5}'])
def test_clashing_paths_read_as_json_extract_reads_them(columns, raw):
    structure, select = typed_select(columns)
    con = duckdb.connect()
    got = con.execute(f"SELECT {select} FROM (SELECT raw, from_json(raw, '{structure}') AS s "
                      f"FROM (SELECT ?::JSON AS raw))", [raw]).fetchall()
    want = con.execute(f"SELECT {', '.join(_extract(c) for c in columns)} FROM (SELECT ?::JSON AS raw)",
                       [raw]).fetchall()
    assert got == want


@pytest.mark.parametrize("kind", ["duckdb", "iceberg"])
def test_a_key_seen_twice_in_a_batch_keeps_its_last_row(tmp_path, kind):
    h = make_harness(users=2, entries=10)
    path = f"duckdb:{tmp_path / 's.duckdb'}" if kind == "duckdb" else f"iceberg:{tmp_path / 'warehouse'}"
    sync(h, path)
    with open_store(path) as store:
        with provider(h) as p:
            store.prepare("clockify", p.streams().streams)
        counts = store.commit(Commit("clockify", h.ws_id, "r", rows={"tags": [
            {"id": "t-new", "name": "first"}, {"id": "t-new", "name": "second"}, {"id": "t-new", "name": "third"}]}))
        assert (counts["tags"].added, counts["tags"].changed) == (1, 0)
        assert store.query("select name from clockify.tags where id = 't-new'")[1] == [("third",)]


_ODD = ["true", "false", '"yes"', '"true"', "1", "0", "2", "1.5", "12.7", '"12x"', '"12"', "null", "[1, 2]",
        '{"a": 1}', '["a", 1, {"b": 2}, null, true]', '"text"', "1e3", "9223372036854775808", "-3",
        '"2026-01-01T00:00:00Z"', '"2026-03-29T01:30:00+02:00"', '"2026-01-01"', '""', "1700000000"]


@pytest.mark.parametrize("kind", ["VARCHAR", "JSON", "BIGINT", "BOOLEAN", "DOUBLE", "VARCHAR[]", "TIMESTAMPTZ",
                                  "DATE"])
def test_every_column_type_reads_any_value_as_json_extract_reads_it(kind):
    """Typing reads numbers, flags and lists straight into their type: whatever the value (of another
    type, out of range, malformed), the column holds what ``_extract`` reads out of the raw JSON."""
    columns = (Column("id"), Column("v", kind, "x.v"), Column("w", kind, "w"))
    structure, select = typed_select(columns)
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    raws = [f'{{"id": "{i}", "x": {{"v": {value}}}, "w": {value}}}' for i, value in enumerate(_ODD)]
    got = con.execute(f"SELECT {select} FROM (SELECT raw, from_json(raw, '{structure}') AS s "
                      f"FROM (SELECT unnest(?::VARCHAR[]) AS raw)) ORDER BY id::INT", [raws]).fetchall()
    want = con.execute(f"SELECT {', '.join(f'{_extract(c)} AS {q(c.name)}' for c in columns)} FROM (SELECT "
                       f"unnest(?::VARCHAR[]) AS raw) ORDER BY id::INT", [raws]).fetchall()
    assert got == want
    assert sum(row[1] is not None for row in got) > 1  # the values are read, not all lost
