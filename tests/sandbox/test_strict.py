"""Strict mode refuses requests that do not validate against the spec, naming the field; the default
stays lenient like live Clockify; the data file strict mode reads is exactly what the spec gives."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import httpx
import pytest

from conftest import exported, make_harness, served_sandbox
from spec import load, spec_dir
from punchclock.sandbox.clockify import strict

ROOT = Path(__file__).resolve().parents[2]
START = "2026-11-10T09:00:00Z"


def _tool():
    module_spec = importlib.util.spec_from_file_location("request_schemas", ROOT / "tools" / "request_schemas.py")
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return module


def test_the_data_file_is_what_the_spec_gives():
    spec_dir()
    tool = _tool()
    expected = tool.render(tool.derive(load("corrected")))
    assert strict.DATA.read_text(encoding="utf-8") == expected, "stale: run python tools/request_schemas.py"
    assert len(strict.operations()) == 168


@pytest.fixture(scope="module")
def strict_box():
    return make_harness(entries=50, strict=True)


def entries(h) -> str:
    return f"/workspaces/{h.ws_id}/time-entries"


def refused(resp, status: int, code: int, *fragments: str) -> None:
    assert resp.status_code == status, resp.text[:300]
    body = resp.json()
    assert set(body) == {"message", "code"} and body["code"] == code, body
    for fragment in fragments:
        assert fragment in body["message"], body["message"]


def test_a_misspelt_field_is_refused_with_its_name_and_the_nearest_one(strict_box):
    before = len(strict_box.ws().entries)
    with strict_box.client() as c:
        resp = c.post(entries(strict_box), json={"strat": START, "description": "typo"})
    refused(resp, 400, 3002, "Unrecognized field [strat]", "did you mean [start]")
    assert len(strict_box.ws().entries) == before


def test_a_misplaced_field_is_refused(strict_box):
    """``timeInterval`` is how answers carry the times; requests take ``start`` at the top level."""
    with strict_box.client() as c:
        resp = c.post(entries(strict_box), json={"timeInterval": {"start": START}})
    refused(resp, 400, 3002, "Unrecognized field [timeInterval]", "known fields here: billable, description")


def test_the_default_stays_lenient_like_live_clockify(sandbox, owner):
    resp = owner.post(entries(sandbox), json={"start": START, "strat": START, "timeInterval": {}})
    assert resp.status_code == 201, resp.text


@pytest.mark.parametrize("body, code, fragments", [
    ({"start": "2026-11-10 09:00"}, 3002, ("java.time.Instant", "[start]")),
    ({"start": START, "tagIds": "urgent"}, 3002, ("[tagIds]",)),
    ({"start": START, "tagIds": ["a", 5]}, 3002, ("[tagIds[1]]",)),
    ({"start": START, "type": "NAP"}, 501, ("[type]", "REGULAR, BREAK")),
    ({"description": "no start"}, 501, ("start: must not be null",)),
    ({"start": None}, 501, ("start: must not be null",)),
])
def test_wrong_values_are_named_by_their_path(strict_box, body, code, fragments):
    with strict_box.client() as c:
        refused(c.post(entries(strict_box), json=body), 400, code, *fragments)


def test_nested_fields_are_checked_inside_arrays(strict_box):
    with strict_box.client() as c:
        url = f"/workspaces/{strict_box.ws_id}/projects/{next(iter(strict_box.ws().projects))}/memberships"
        resp = c.patch(url, json={"memberships": [{"userId": strict_box.user_id("member"), "hourlyRate": "high"}]})
    refused(resp, 400, 3002, "[memberships[0].hourlyRate]")


def test_query_parameters_are_checked(strict_box):
    url = f"/workspaces/{strict_box.ws_id}/projects"
    with strict_box.client() as c:
        refused(c.get(url, params={"page_size": "5"}), 400, 501, "Unknown query parameter 'page_size'",
                "did you mean [page-size]")
        refused(c.get(url, params={"sort-order": "UP"}), 400, 3000, "[UP]")
        refused(c.get(f"/workspaces/{strict_box.ws_id}/clients", params={"page": "0"}), 400, 501,
                "page: must be greater than or equal to 1")
        refused(c.get(f"/workspaces/{strict_box.ws_id}/holidays/in-period",
                      params={"start": START, "end": START}), 400, 3001, "'assigned-to'")
        assert c.get(url, params={"page-size": "5", "archived": "false"}).status_code == 200


def shared(h, suffix: str = "") -> str:
    return f"/workspaces/{h.ws_id}/shared-reports{suffix}"


REPORT_FILTER = {"dateRangeStart": "2026-11-01T00:00:00", "dateRangeEnd": "2026-11-20T23:59:59", "timeZone": "UTC",
                 "exportType": "JSON", "amountShown": "EARNED", "users": {"ids": []}, "summaryFilter": {"groups": ["PROJECT"]}}


def test_named_live_exceptions_let_what_live_clockify_accepts_through(strict_box):
    """``LIVE_EXCEPTIONS``: a shared report's filter is a report filter (local dates read in its
    timeZone, entity filters), and its update merges (``{name}`` alone keeps the filter)."""
    assert set(strict.LIVE_EXCEPTIONS) == {"shared-report-filter-is-a-report-filter", "shared-report-update-merges"}
    assert all(e.citation for e in strict.LIVE_EXCEPTIONS.values())
    with strict_box.client(prefix="/reports/v1") as c:
        made = c.post(shared(strict_box), json={"name": "Nov", "type": "SUMMARY", "filter": REPORT_FILTER})
        assert made.status_code == 200, made.text
        renamed = c.put(shared(strict_box, f"/{made.json()['id']}"), json={"name": "Nov (all)"})
        assert renamed.status_code == 200, renamed.text


@pytest.mark.parametrize("change, fragments", [
    ({"dateRangeStart": 20261101}, ("[filter.dateRangeStart]",)),
    ({"timeZone": ""}, ("filter.timeZone", "size must be between 1")),
    ({"timezone": "UTC"}, ("Unrecognized field [filter.timezone]", "did you mean [timeZone]")),
])
def test_the_live_exceptions_relax_only_what_they_name(strict_box, change, fragments):
    with strict_box.client(prefix="/reports/v1") as c:
        resp = c.post(shared(strict_box), json={"name": "Nov", "type": "SUMMARY", "filter": {**REPORT_FILTER, **change}})
    refused(resp, 400, resp.json().get("code"), *fragments)
    with strict_box.client(prefix="/reports/v1") as c:
        refused(c.put(shared(strict_box, "/0123456789abcdef01234567"), json={"nmae": "x"}), 400, 3002, "[nmae]")


def test_a_live_exception_must_name_what_the_spec_has():
    stale = strict.LiveException(operations=(), citation="-", optional=("name",))
    with pytest.raises(KeyError, match="does not require"):
        strict._relax({"properties": {"name": {"type": "string"}}}, stale)


def test_a_body_that_is_not_an_object_is_refused(strict_box):
    with strict_box.client() as c:
        refused(c.post(entries(strict_box), json=[START]), 400, 3002, "`Object` from Array")
        refused(c.post(entries(strict_box)), 400, 3002, "Required request body is missing")


def test_punch_sandbox_strict_refuses_a_misplaced_field_over_a_socket():
    with served_sandbox("--strict", "--port", "0", "--entries", "20", "--users", "3") as lines:
        settings = exported(lines, "CLOCKIFY_")
        assert any(line.startswith("# strict:") for line in lines), lines
        url = f"{settings['CLOCKIFY_BASE_URL']}/workspaces/{settings['CLOCKIFY_WORKSPACE_ID']}/time-entries"
        resp = httpx.post(url, json={"strat": START}, headers={"X-Api-Key": settings["CLOCKIFY_API_KEY"]})
        refused(resp, 400, 3002, "[strat]", "did you mean [start]")


def test_strict_applies_to_clockify_only():
    from typer.testing import CliRunner

    from punchclock.cli import app

    result = CliRunner().invoke(app, ["sandbox", "--provider", "clockeye", "--strict"])
    assert result.exit_code == 2 and result.output == "error: --strict applies to --provider clockify only\n"
