"""The M&E analyst's main task on the demo (issue 20): sign in, open the analytics, read
the attrition and response rates of the latest follow-up campaign (the page says which),
every share as a percentage, then the training cascade with trainers under short
pseudonyms of the analyst's own, never a name nor the public id; on a desktop and on a
phone, with axe-core finding nothing serious."""

from __future__ import annotations

import re

import pytest

from tests.e2e.test_learner_scores_reach_registry import log_in
from tests.e2e.test_learning_blocks import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True},
}
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
PSEUDONYM = re.compile(r"\bP-[0-9A-Z]{6}\b")


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("size", list(SIZES))
def test_the_analyst_reads_attrition_and_the_cascade(browser, site, size):
    context = browser.new_context(**SIZES[size])
    page = context.new_page()
    page.set_default_timeout(30_000)
    log_in(page, site, "analyst", "commit-analyst", "/registry/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Analytics").click()
    page.get_by_role("heading", name="Attrition and response rates").wait_for()
    page.wait_for_load_state()  # a long page: the heading is there before the rest
    page.get_by_text("Figures of the latest follow-up campaign").wait_for()
    rr1 = page.locator("#response-rates td[data-rate='RR1']").first.inner_text()
    assert re.fullmatch(r"\d{1,3}\.\d %", rr1), rr1
    assert fits(page)
    assert axe_violations(page) == []
    screenshot(page, f"analyst-{size}-attrition")

    page.get_by_role("link", name="Training cascade").click()
    page.get_by_role("heading", name="Who trained whom").wait_for()
    page.wait_for_load_state()
    text = page.locator("main").inner_text()
    html = page.content()
    assert PSEUDONYM.search(text), text[:500]
    assert not UUID.search(html)  # not the id of the registry's addresses, not even hidden
    first_visit = PSEUDONYM.findall(text)
    page.reload()
    page.wait_for_load_state()
    assert PSEUDONYM.findall(page.locator("main").inner_text()) == first_visit  # stable
    assert fits(page)
    assert axe_violations(page) == []
    screenshot(page, f"analyst-{size}-cascade")
    context.close()
