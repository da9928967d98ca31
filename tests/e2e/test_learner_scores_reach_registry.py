"""A demo learner logs in, takes the pre-test (the answers only recorded: no key, no
feedback), then the post-test on the other form, and reviews both; a programme manager
then finds the participation's scores, forms and gain on the learner's registry page."""

from __future__ import annotations

import re

import pytest

from tests.e2e.test_learning_blocks import (
    axe_violations,
    open_scenario,
    press,
    screenshot,
    workbench,  # noqa: F401 - the fixture that loads the scenarios
)
from tests.e2e.test_parallel_forms import FEEDBACK, POST, PRE, RIGHT, WRONG, answer, asked

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, site, username, password, then):
    page.goto(f"{site.url}/accounts/login/?next={then}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(re.escape(then)))


def find_site_participation(page, site, name):
    """The row of the site's demonstration course on the page of the person called
    ``name`` who took it (generated demo people may share the name)."""
    page.goto(f"{site.url}/registry/people/?q={name.replace(' ', '+')}")
    links = page.get_by_role("link", name=name, exact=True)
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hrefs, f"no person called {name} in the registry"
    for href in hrefs:
        page.goto(f"{site.url}{href}")
        trainings = page.get_by_role("table", name="Trainings")
        row = trainings.get_by_role("row").filter(has_text="COMMIT demonstration course")
        if row.count():
            return row
    raise AssertionError(f"none of the people called {name} took the site's course")


def test_a_learners_pre_and_post_test_reach_the_registry(page, workbench):  # noqa: F811
    log_in(page, workbench, "learner-kh", "commit-learner-kh", "/workbench/")
    # ?student is ignored for a logged-in learner: the answers are the account's.
    open_scenario(page, workbench, PRE, "someone-else")
    before = asked(page)
    right = sorted(before)[0]
    answer(page, {q: RIGHT[q] if q == right else WRONG[q] for q in sorted(before)})
    press(page, page.get_by_role("button", name="Submit answers"))
    page.get_by_role("heading", name="Your answers are recorded.").wait_for()
    block = page.locator(".commit-block").inner_text()
    assert not [text for text in FEEDBACK if text in block], block

    open_scenario(page, workbench, POST, "someone-else")
    after = asked(page)
    assert not before & after
    answer(page, {q: RIGHT[q] for q in sorted(after)})
    press(page, page.get_by_role("button", name="Submit answers"))
    page.get_by_role("heading", name="Your score: 3 of 3").wait_for()
    headings = page.get_by_role("region", name="Review your answers").get_by_role(
        "heading", level=4
    )
    titles = headings.all_inner_texts()
    assert len(titles) == 2 and titles[0].startswith("Before the course: form ")
    first, second = titles[0][-1], titles[1][-1]
    assert {first, second} == {"A", "B"}

    page.context.clear_cookies()
    log_in(page, workbench, "manager", "commit-manager", "/registry/")

    # The manager finds the learner as a manager would, by name: the site may be another
    # process (``make run``) whose database this test cannot read.
    row = find_site_participation(page, workbench, "Chea Sokunthea")
    cells = row.get_by_role("cell").all_inner_texts()
    assert cells[3] == f"33.33 (form {first})"
    assert cells[4] == f"100.00 (form {second})"
    assert cells[5] == f"1.00 (high), form {first} to form {second}"
    assert cells[6] == "6"
    screenshot(page, "registry-learner-scores")
    assert axe_violations(page) == []


def test_a_manager_reads_the_course_translations_in_khmer(page, workbench):  # noqa: F811
    log_in(page, workbench, workbench.username, workbench.password, "/registry/")
    page.get_by_role("link", name="Course translations").click()
    page.locator("#language-select").select_option("km")
    page.locator("form.language").get_by_role("button").click()
    page.get_by_role("heading", name="ការបកប្រែវគ្គសិក្សា", level=1).wait_for()
    table = page.get_by_role("table")
    rows = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name="ntp-kh"))
    assert rows.count() == 1
    share = rows.get_by_role("cell").nth(2).inner_text()
    assert re.fullmatch(r"\d{1,3}[.,]\d %", share), share  # the language's decimal mark
    screenshot(page, "course-translations-km")
    assert axe_violations(page) == []
