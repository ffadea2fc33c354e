"""The dashboard in a real browser: Playwright driving Debian's Chromium (``apt-get install chromium``).

A machine without Chromium FAILS these tests (never skips): CI installs it through apt. The dashboard's
screenshot goes to a temporary folder, or to ``$PUNCH_SCREENSHOT`` (``make screenshot`` renews
``docs/dashboard.png`` that way), so a test run leaves the source tree as it was.
"""

from __future__ import annotations

import csv
import io
import os
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from punchclock.sandbox.core.server import running
from tests.web.web_harness import NOW, clockify_web

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    assert CHROMIUM.exists(), "Chromium is missing: apt-get install -y chromium (the browser tests need it)"
    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def served(tmp_path):
    web = clockify_web(tmp_path, entries=3000)
    with running(web.app) as base:
        yield web, base


def open_page(browser, base: str, path: str = "/?range=this-month"):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True,
                                  timezone_id="UTC")
    page = context.new_page()
    page.clock.install(time=NOW)
    page.goto(base + path)
    return page


def test_totals_match_the_sandbox_summary_and_a_screenshot_is_saved(browser, served, tmp_path):
    web, base = served
    screenshot = Path(os.environ.get("PUNCH_SCREENSHOT") or tmp_path / "dashboard.png")
    page = open_page(browser, base)
    with web.sandbox.client(prefix="/reports/v1") as reports:
        truth = reports.post(f"/workspaces/{web.sandbox.ws_id}/reports/summary", json={
            "dateRangeStart": "2026-11-01T00:00:00", "dateRangeEnd": "2026-11-30T23:59:59.999", "timeZone": "UTC",
            "summaryFilter": {"groups": ["PROJECT"]}}).json()["totals"][0]
    assert page.get_by_test_id("total-hours").inner_text() == f"{round(truth['totalTime'] / 3600, 2):.2f}"
    assert page.get_by_test_id("billable-hours").inner_text() == \
        f"{round(truth['totalBillableTime'] / 3600, 2):.2f}"
    assert page.get_by_test_id("entry-count").inner_text() == str(truth["entriesCount"])
    assert page.locator("[data-testid=budget].over").count() >= 1
    screenshot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.stat().st_size > 10_000


def test_the_log_time_form_creates_the_entry_and_it_appears_at_once(browser, served):
    web, base = served
    page = open_page(browser, base, "/?range=today")
    before = page.get_by_test_id("entry-count").inner_text()
    name = web.stored("select name from projects where not archived order by name limit 1")[0][0]
    page.get_by_test_id("form-project").select_option(label=name)
    page.get_by_test_id("form-description").fill("Logged in the browser")
    page.get_by_test_id("form-day").fill(NOW.date().isoformat())
    page.get_by_test_id("form-start").fill("07:00")
    page.get_by_test_id("form-end").fill("08:30")
    page.get_by_test_id("form-submit").click()
    assert page.get_by_test_id("form-ok").inner_text() == "Logged 1.50 h"
    made = [e for e in web.sandbox.ws().entries.values() if e.description == "Logged in the browser"]
    assert len(made) == 1 and made[0].end - made[0].start == 5400
    page.wait_for_function(f"document.querySelector('[data-testid=entry-count]').innerText == '{int(before) + 1}'")
    assert page.locator("[data-testid=row] td", has_text=name).count() == 1
    # a mistake shows its message in the form
    page.get_by_test_id("form-start").fill("09:00")
    page.get_by_test_id("form-end").fill("08:00")
    page.get_by_test_id("form-submit").click()
    assert page.get_by_test_id("form-error").inner_text() == "end: must be after start"


def test_a_running_timer_ticks(browser, served):
    web, base = served
    page = open_page(browser, base)
    timer = page.get_by_test_id("timer-elapsed").first
    start = datetime.fromisoformat(timer.get_attribute("datetime") or timer.get_attribute("data-start"))
    page.clock.run_for(1000)
    first = timer.inner_text()
    page.clock.run_for(5000)
    second = timer.inner_text()

    def seconds(text: str) -> int:
        h, m, s = (int(x) for x in text.split(":"))
        return h * 3600 + m * 60 + s

    assert seconds(second) - seconds(first) == 5
    assert abs(seconds(first) - (NOW - start + timedelta(seconds=1)).total_seconds()) <= 2


def test_the_csv_download_matches_the_table(browser, served):
    web, base = served
    page = open_page(browser, base, "/?range=last-month&group=user")
    shown = [[c.inner_text() for c in row.locator("td").all()[:3]] for row in page.get_by_test_id("row").all()]
    with page.expect_download() as info:
        page.get_by_test_id("download-csv").click()
    text = Path(info.value.path()).read_text()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["User", "Hours", "Billable hours"]
    assert [[r[0], f"{float(r[1]):.2f}", f"{float(r[2]):.2f}"] for r in rows[1:]] == shown
    assert re.match(r"punch-user-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.csv", info.value.suggested_filename)
