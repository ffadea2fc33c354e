"""The dashboard's pages over a synced store: numbers equal to the sandbox's own summary report, the
downloads equal to the table, and every bad input answered with one clear message."""

from __future__ import annotations

import csv
import io
import re
from html import unescape

from punchclock.web.auth import BasicAuth
from punchclock.web import Dashboard, create_app
from punchclock.store import open_store
from tests.web.web_harness import clockify_web


def sandbox_summary(web, group: str, start: str, end: str) -> dict:
    """The Clockify sandbox's own summary report for the range (UTC wall-clock)."""
    with web.sandbox.client(prefix="/reports/v1") as reports:
        resp = reports.post(f"/workspaces/{web.sandbox.ws_id}/reports/summary", json={
            "dateRangeStart": start, "dateRangeEnd": end, "timeZone": "UTC",
            "summaryFilter": {"groups": [group.upper()]}, "amountShown": "EARNED"})
    assert resp.status_code == 200, resp.text
    return resp.json()


def cells(html: str, testid: str) -> list[str]:
    """The text of every element with that test id (HTML entities decoded)."""
    return [unescape(t) for t in re.findall(rf'data-testid="{testid}">([^<]*)<', html)]


def test_totals_and_rows_match_the_sandbox_summary_report(tmp_path):
    web = clockify_web(tmp_path)
    truth = sandbox_summary(web, "project", "2026-11-01T00:00:00.000", "2026-11-30T23:59:59.999")
    html = web.client().get("/?range=this-month&group=project").text
    total = truth["totals"][0]
    assert cells(html, "total-hours") == [f"{round(total['totalTime'] / 3600, 2):.2f}"]
    assert cells(html, "billable-hours") == [f"{round(total['totalBillableTime'] / 3600, 2):.2f}"]
    assert cells(html, "entry-count") == [str(total["entriesCount"])]
    assert cells(html, "amount")[0].startswith(f"{total['totalAmount'] / 100:.2f}")
    rows = re.findall(r'<tr data-testid="row">\s*<td>([^<]*)</td><td>([^<]*)</td>', html)
    assert {name: hours for name, hours in rows} == {
        (g["name"] or "(none)"): f"{round(g['duration'] / 3600, 2):.2f}" for g in truth["groupOne"]}


def test_csv_and_xlsx_downloads_hold_the_table_on_screen(tmp_path):
    web = clockify_web(tmp_path)
    client = web.client()
    html = client.get("/?range=custom&from=2026-11-09&to=2026-11-15&group=client").text
    shown = re.findall(r'<tr data-testid="row">\s*<td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td>', html)
    got = client.get("/export.csv?range=custom&from=2026-11-09&to=2026-11-15&group=client")
    assert got.headers["content-type"].startswith("text/csv")
    assert "attachment" in got.headers["content-disposition"]
    table = list(csv.reader(io.StringIO(got.text)))
    assert table[0][:3] == ["Client", "Hours", "Billable hours"]
    assert [(r[0], f"{float(r[1]):.2f}", f"{float(r[2]):.2f}") for r in table[1:]] == shown
    xlsx = client.get("/export.xlsx?range=custom&from=2026-11-09&to=2026-11-15&group=client")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_budget_bars_turn_red_when_over_and_the_team_lists_everyone(tmp_path):
    web = clockify_web(tmp_path, entries=3000)
    html = web.client().get("/?range=this-month").text
    bars = re.findall(r'<li class="(over|)" data-testid="budget">', html)
    assert bars and "over" in bars and "" in bars
    members = re.findall(r'<tr data-testid="member"><td>([^<]*)</td>', html)
    assert len(members) == len(web.sandbox.ws().roles)


def test_an_invalid_range_is_one_clear_message(tmp_path):
    client = clockify_web(tmp_path).client()
    for query, message in (("range=next-decade", "unknown range 'next-decade'"),
                           ("range=custom&from=2026-11-20&to=2026-11-01", "is before from"),
                           ("range=custom&from=yesterday&to=2026-11-01", "is not a date"),
                           ("range=this-week&group=planet", "unknown grouping 'planet'")):
        resp = client.get(f"/?{query}")
        assert resp.status_code == 400
        assert message in cells(resp.text, "range-error")[0]
        assert client.get(f"/export.csv?{query}").status_code == 400


def test_the_log_time_form_refuses_end_before_start_and_an_unknown_project(tmp_path):
    web = clockify_web(tmp_path)
    client = web.client()
    project = web.stored("select id from projects where not archived limit 1")[0][0]
    before = len(web.sandbox.ws().entries)
    form = {"project_id": project, "description": "x", "day": "2026-11-20", "start": "10:00", "end": "09:00"}
    for change, message in (({}, "end: must be after start"),
                            ({"project_id": "f" * 24, "end": "11:00"}, "project: unknown project"),
                            ({"day": "20/11/2026", "end": "11:00"}, "day: '20/11/2026' is not a date"),
                            ({"start": "", "end": "11:00"}, "start: is missing"),
                            ({"end": "11:00", "tz": "Mars/Olympus"}, "tz: unknown time zone")):
        resp = client.post("/entries", data={**form, **change})
        assert resp.status_code == 422
        assert cells(resp.text, "form-error")[0].startswith(message)
    assert len(web.sandbox.ws().entries) == before


def test_logged_time_is_read_in_the_users_zone_and_sent_as_utc(tmp_path):
    web = clockify_web(tmp_path, tz="Europe/Berlin")
    project = web.stored("select id from projects where not archived limit 1")[0][0]
    resp = web.client().post("/entries", data={"project_id": project, "description": "zoned", "day": "2026-11-20",
                                               "start": "09:00", "end": "10:15", "tz": "America/New_York"})
    assert resp.status_code == 201 and resp.headers["HX-Trigger"] == "entries-changed"
    made = [e for e in web.sandbox.ws().entries.values() if e.description == "zoned"]
    assert [(e.start, e.end) for e in made] == [(1795183200, 1795187700)]  # 14:00Z..15:15Z
    assert web.stored("select epoch(start)::BIGINT from entries where description = 'zoned'") == [(1795183200,)]


def test_a_store_never_synced_says_how_to_sync(tmp_path):
    web = clockify_web(tmp_path, synced=False)
    resp = web.client().get("/")
    assert resp.status_code == 200
    assert 'data-testid="never-synced"' in resp.text and f"punch sync --store duckdb:{web.path}" in resp.text
    assert web.client().get("/export.csv").status_code == 409


def test_the_api_key_never_reaches_a_page(tmp_path):
    web = clockify_web(tmp_path)
    client = web.client()
    key = web.sandbox.key()
    pages = [client.get(p).text for p in ("/", "/?range=last-month&group=user", "/fragments/running",
                                          "/export.csv", "/static/punch.js")]
    assert all(key not in page for page in pages)


def test_a_password_guards_everything_but_the_webhooks(tmp_path):
    from fastapi.testclient import TestClient

    board = Dashboard(open_store(f"duckdb:{tmp_path / 'p.duckdb'}"))
    client = TestClient(BasicAuth(create_app(board), "s3cret"))
    assert client.get("/").status_code == 401
    assert client.get("/", auth=("anyone", "wrong")).status_code == 401
    assert client.get("/", auth=("anyone", "s3cret")).status_code == 200
    assert client.post("/webhooks/clockify", content=b"{}").status_code == 404  # no receiver, but not 401


def test_web_never_imports_a_provider_package():
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "src" / "punchclock"
    found = []
    for path in [*(root / "web").rglob("*.py"), root / "cli" / "web.py"]:
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            found += [f"{path.name}: {n}" for n in names if n.startswith("punchclock.providers.")
                      and n not in ("punchclock.providers.base", "punchclock.providers.registry")]
    assert found == []


def test_team_hours_match_the_sandbox_summary_by_user_whatever_the_table_groups(tmp_path):
    web = clockify_web(tmp_path)
    truth = sandbox_summary(web, "user", "2026-11-01T00:00:00.000", "2026-11-30T23:59:59.999")
    expected = {g["name"]: f"{round(g['duration'] / 3600, 2):.2f}" for g in truth["groupOne"]}
    for group in ("project", "client", "user", "tag"):
        html = web.client().get(f"/?range=this-month&group={group}").text
        team = dict(re.findall(r'<tr data-testid="member"><td>([^<]*)</td><td>([^<]*)</td>', html))
        assert {unescape(k): v for k, v in team.items() if v != "0.00"} == expected, group
