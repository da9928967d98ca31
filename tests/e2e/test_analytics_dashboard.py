"""A regional manager opens the analytics pages with the keyboard alone; axe-core finds no
serious or critical violation on any of them (WCAG 2.0-2.2 A and AA)."""

from __future__ import annotations

import re

import pytest

from tests.e2e.test_learning_blocks import axe_violations, focused, press, screenshot, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, site) -> None:
    page.goto(f"{site.url}/accounts/login/")
    page.get_by_label("Username").fill(site.username)
    page.get_by_label("Password").fill(site.password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/registry/"))


def test_manager_reads_the_analytics_with_the_keyboard(page, site):
    log_in(page, site)
    press(page, page.get_by_role("link", name="Analytics", exact=True))
    page.get_by_role("heading", name="Attrition and response rates").wait_for()
    overall = page.locator("#share-overall td[data-figure='respondents']")
    assert int(overall.inner_text()) > 0
    assert page.locator("#response-rates td[data-rate='RR1']").count() >= 1
    assert axe_violations(page) == []
    screenshot(page, "analytics-attrition")

    # A filter chosen with the keyboard: the sector list, then the Show button.
    sector = page.get_by_role("combobox", name="Sector", exact=True)
    tab_to(page, sector)
    page.keyboard.press("ArrowDown")  # the first sector after "All"
    chosen = sector.input_value()
    assert chosen
    press(page, page.get_by_role("button", name="Show"))
    page.wait_for_url(re.compile(rf"sector={chosen}"))
    assert int(page.locator("#share-overall td[data-figure='respondents']").inner_text()) <= int(
        re.sub(r"\D", "", page.locator("#denominators dd[data-figure='rows']").inner_text())
    )

    press(page, page.get_by_role("link", name="Retention over time"))
    page.get_by_role("heading", name="Retention over time", level=1).wait_for()
    chart = page.get_by_role("img", name=re.compile("Retention in an anti-trafficking role"))
    assert chart.count() == 1
    assert page.locator("#retention-table td[data-day='365']").count() >= 1
    assert axe_violations(page) == []
    screenshot(page, "analytics-retention")

    press(page, page.get_by_role("link", name="Training cascade"))
    page.get_by_role("heading", name="Who trained whom").wait_for()
    first = page.locator("#cascade-tree > li > details > summary").first
    tab_to(page, first)
    assert focused(first)
    details = page.locator("#cascade-tree > li > details").first
    assert details.get_attribute("open") is not None
    page.keyboard.press("Enter")  # closes the first trainer's level
    assert details.get_attribute("open") is None
    page.keyboard.press("Enter")
    assert details.get_attribute("open") is not None
    assert axe_violations(page) == []
    screenshot(page, "analytics-cascade")

    press(page, page.get_by_role("link", name="Knowledge gain"))
    page.get_by_role("table", name=re.compile("Knowledge gain by programme")).wait_for()
    assert axe_violations(page) == []
