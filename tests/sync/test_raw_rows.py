"""The sync's hot path keeps rows as the JSON texts the server sent: listings hand them over without
building dicts, the store stores each text as its ``_raw`` and reads keys out of texts exactly as out
of dicts (nested paths, numbers, nulls, a key seen twice), and a text and its dict are the same row."""

from __future__ import annotations

import json
import math

import msgspec
import pytest

from punchclock.providers.clockify.streams import MemberEntries
from punchclock.store import Commit, open_store
from punchclock.sync.streams import Column, Step, Stream, json_rows
from tests.conftest import make_harness
from tests.sync.helpers import provider, rows, sync, true_entries


def test_member_listings_hand_rows_over_as_texts_and_the_store_keeps_them_as_sent(tmp_path):
    h = make_harness(users=3, entries=120)
    path = tmp_path / "s.duckdb"
    sync(h, path)
    member = min(h.ws().members)
    with provider(h) as p, open_store(f"duckdb:{path}") as store:
        store.prepare("clockify", p.streams().streams)
        step = Step("time_entries", h.ws_id, "full", known=store.known("clockify", h.ws_id))
        texts = [row for part in MemberEntries().parts(p.client, step) for batch in part() for row in batch.rows]
        sent = p.client._http.request("GET", f"/workspaces/{h.ws_id}/user/{member}/time-entries",
                                      params={"page-size": 5000}).content
    assert texts and all(isinstance(row, str) for row in texts)
    truth = true_entries(h)
    assert {e["id"]: e for e in map(json.loads, texts)} == truth
    as_sent = {bytes(raw).decode() for raw in msgspec.json.decode(sent, type=list[msgspec.Raw])}
    stored = {raw for (raw,) in rows(path, f"select _raw from clockify.time_entries where user_id = '{member}'")}
    assert as_sent and stored == as_sent


def test_json_rows_reads_arrays_as_texts_and_anything_else_decoded():
    assert json_rows(b'[{"id": "a", "x": [1, {"y": null}]}, {"id":"b"}]') == [
        '{"id": "a", "x": [1, {"y": null}]}', '{"id":"b"}']
    assert json_rows(b'{"expenses": {"expenses": [{"id": "e"}]}}') == {"expenses": {"expenses": [{"id": "e"}]}}
    assert math.isnan(json_rows(b'[{"rate": NaN}]')[0]["rate"])  # JSON only the standard library reads: decoded
    with pytest.raises(ValueError):
        json_rows(b'[{"id": }]')


ROWS = [
    {"id": "a", "approvalRequest": {"id": "r1", "owner": {"userId": "u"}}},
    {"id": 7, "approvalRequest": {"id": 12}},
    {"id": "c", "approvalRequest": None},
    {"id": "d"},
    {"id": None, "approvalRequest": {"other": 1}},
    {"id": "a", "approvalRequest": {"id": "r9"}, "note": "the last row of a key seen twice"},
]


@pytest.mark.parametrize("path", ["id", "approvalRequest.id", "approvalRequest.owner.userId", "missing.deeper"])
def test_keys_read_from_texts_equal_keys_read_from_dicts(tmp_path, path):
    """The store reads a row's key (nested, a number, null, seen twice: the last row stays) the same
    from its text as from its dict."""
    stream = Stream("things", (Column("k", path=path), Column("note")), key="k")
    stored = []
    for kind, batch in (("texts", [json.dumps(row) for row in ROWS]), ("dicts", ROWS)):
        with open_store(f"duckdb:{tmp_path / kind}.duckdb") as store:
            store.prepare("p", [stream])
            counts = store.commit(Commit("p", "w", "r", rows={"things": batch}))["things"]
            found = store.query("select k, note, _raw from p.things order by k, _raw")[1]
        stored.append((counts.added, [(k, note, json.loads(raw)) for k, note, raw in found]))
    assert stored[0] == stored[1]
    keys = [k for k, *_ in stored[0][1]]
    assert len(keys) == len(set(keys)) == stored[0][0]
    if path == "id":
        assert [(k, note) for k, note, _ in stored[0][1]] == [
            ("7", None), ("a", "the last row of a key seen twice"), ("c", None), ("d", None), (None, None)]


def test_a_path_through_a_value_that_is_no_object_reads_none(tmp_path):
    stream = Stream("things", (Column("id"), Column("k", path="approvalRequest.id")), key="id")
    with open_store(f"duckdb:{tmp_path / 's.duckdb'}") as store:
        store.prepare("p", [stream])
        store.commit(Commit("p", "w", "r", rows={"things": ['{"id": "1", "approvalRequest": "text"}',
                                                           '{"id": "2", "approvalRequest": [1]}',
                                                           '{"id": "3", "approvalRequest": {"id": "x"}}']}))
        assert store.query("select id, k from p.things order by id")[1] == [("1", None), ("2", None), ("3", "x")]


def test_a_text_and_its_dict_are_the_same_row(tmp_path):
    h = make_harness(users=2, entries=10)
    path = tmp_path / "s.duckdb"
    sync(h, path)
    tags = [{"id": "t1", "name": "one"}, {"id": "t2", "name": "two"}]
    with open_store(f"duckdb:{path}") as store, provider(h) as p:
        store.prepare("clockify", p.streams().streams)
        first = store.commit(Commit("clockify", h.ws_id, "r", rows={"tags": [json.dumps(t, separators=(",", ":"))
                                                                             for t in tags]}))
        again = store.commit(Commit("clockify", h.ws_id, "r", rows={"tags": tags}))
        edited = store.commit(Commit("clockify", h.ws_id, "r", rows={"tags": ['{"id":"t1","name":"uno"}', tags[1]]}))
        names = store.query("select id, name from clockify.tags where id in ('t1', 't2') order by 1")[1]
    assert (first["tags"].added, again["tags"].added, again["tags"].changed) == (2, 0, 0)
    assert (edited["tags"].added, edited["tags"].changed) == (0, 1)
    assert names == [("t1", "uno"), ("t2", "two")]
