"""The auditor's main task on the demo (issue 20): sign in, open the audit log from the
menu, narrow it by action and user, read an entry in words, and download the filtered
entries as CSV; on a desktop and on a phone, with axe-core finding nothing serious."""

from __future__ import annotations

import csv
import io

import pytest

from tests.e2e.test_learner_scores_reach_registry import log_in
from tests.e2e.test_learning_blocks import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True},
}


def small_targets(page) -> list[str]:
    """The menu's links and the page's form controls under 44 px high."""
    return page.evaluate(
        """() => [...document.querySelectorAll(
              '.site-header nav a, .account button, .account select, main button, main select,'
              + ' main input:not([type=checkbox]):not([type=radio]):not([type=hidden])')]
            .filter(el => el.getBoundingClientRect().height < 44)
            .map(el => el.outerHTML.slice(0, 60))"""
    )


@pytest.mark.parametrize("size", list(SIZES))
def test_the_auditor_filters_the_log_and_downloads_it(browser, site, size):
    context = browser.new_context(accept_downloads=True, **SIZES[size])
    page = context.new_page()
    page.set_default_timeout(30_000)
    log_in(page, site, "auditor", "commit-auditor", "/registry/")
    if size == "phone":
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        assert small_targets(page) == []
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Audit log").click()
    page.get_by_role("heading", name="Audit log", level=1).wait_for()
    assert axe_violations(page) == []

    # Opening the log was recorded: the auditor finds their own reading of it.
    page.get_by_label("Action").select_option(label="listed")
    page.get_by_label("User").fill("auditor")
    page.get_by_role("button", name="Show").click()
    rows = page.get_by_role("table").get_by_role("row")
    first = rows.nth(1).get_by_role("cell").all_inner_texts()
    assert first[1] == "auditor" and first[2] == "listed" and first[3] == "audit log", first
    assert "(UTC+07:00)" in first[0]
    assert "Filters:" in rows.nth(1).inner_text() or rows.count() > 2
    assert page.get_by_label("Action").input_value() == "list"  # the filter is kept
    assert axe_violations(page) == []
    if size == "phone":
        assert small_targets(page) == []
    screenshot(page, f"auditor-{size}-log")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download these entries (CSV)").click()
    body = download.value.path().read_text(encoding="utf-8")
    entries = list(csv.DictReader(io.StringIO(body)))
    assert entries and {e["action"] for e in entries} == {"list"}
    assert {e["user"] for e in entries} == {"auditor"}
    assert entries[0]["record"] == "audit log"

    # The download itself is in the log, as an export, apart from the readings.
    page.get_by_label("Action").select_option(label="exported")
    page.get_by_role("button", name="Show").click()
    exported = page.get_by_role("table").get_by_role("row").nth(1).get_by_role("cell")
    assert exported.nth(3).inner_text() == "audit log"
    assert "csv" in exported.nth(5).inner_text()
    context.close()
