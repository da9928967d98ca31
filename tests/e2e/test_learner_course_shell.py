"""A demo learner's main task on the demo site, on a desktop and on a phone: sign in (no
``?student=``), land on the courses of their trainings, open their national course, take
its pre-test, a case and an interview practice by following the outline and the "Next"
links, see their progress, and switch the site to their own language, where the course
opens translated. axe-core finds no serious or critical violation on any page visited."""

from __future__ import annotations

import re

import pytest

from tests.e2e.test_learner_scores_reach_registry import log_in
from tests.e2e.test_learning_blocks import (
    axe_violations,
    screenshot,
    workbench,  # noqa: F401 - the fixture that loads the course units
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# (account, national course, language to switch to, the outline's heading in it)
LEARNERS = {
    "desktop": ("learner-kh", "ntp-kh", "km", "កម្មវិធីបណ្តុះបណ្តាលថ្នាក់ជាតិ"),
    "phone": ("learner-th", "ntp-th", "th", "หลักสูตรฝึกอบรมระดับชาติ"),
}


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def checked(page, visited: list[str]) -> None:
    """The page fits its width and passes axe; its address is noted as visited."""
    assert fits_the_screen(page), page.url
    assert axe_violations(page) == [], page.url
    visited.append(page.url)


def open_unit_with(page, label: str) -> None:
    """From the outline, open the first unit whose activities include ``label``."""
    item = page.locator("ol.units > li").filter(
        has=page.locator("span.activity", has_text=re.compile(f"^{label}$"))
    )
    item.first.get_by_role("link").click()
    page.locator(".unit-body .commit-block").first.wait_for()


def small_targets(page) -> list[str]:
    """The shell's own links and buttons under 44 px high (its content's inline links
    aside)."""
    return page.evaluate(
        """() => [...document.querySelectorAll(
              '.unit-nav a, .breadcrumb a, .units a, a.button, .course-cards a')]
            .filter(el => el.getBoundingClientRect().height < 44)
            .map(el => el.textContent.trim().slice(0, 40))"""
    )


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_a_learner_takes_their_national_course(browser, workbench, device):  # noqa: F811
    username, course, language, heading = LEARNERS[device]
    size = PHONE if device == "phone" else DESKTOP
    context = browser.new_context(viewport=size, has_touch=device == "phone")
    page = context.new_page()
    page.set_default_timeout(20_000)
    visited: list[str] = []

    log_in(page, workbench, username, f"commit-{username}", "/learn/")
    assert page.get_by_role("heading", name="My courses", level=1).is_visible()
    cards = page.locator(".course-cards > li")
    assert cards.count() == 2  # the regional course and their national one, nothing else
    checked(page, visited)
    screenshot(page, f"learner-{device}-my-courses")

    page.locator(f'.course-cards a[href="/learn/{course}/"]').click()
    page.get_by_role("heading", name="Outline").wait_for()
    assert not small_targets(page), small_targets(page)
    checked(page, visited)
    screenshot(page, f"learner-{device}-outline")

    # The pre-test: every question answered with its first option, then submitted.
    open_unit_with(page, "Knowledge check")
    assert "Unit " in page.locator(".unit-position").inner_text()
    form = page.locator("form[data-collect=knowledge-check]")
    if form.count():  # a learner of a site that kept its data may have taken it already
        names = form.locator("input").evaluate_all(
            "inputs => [...new Set(inputs.map(input => input.name))]"
        )
        for name in names:
            form.locator(f"input[name={name}]").first.check()
        page.get_by_role("button", name="Submit answers").click()
    page.get_by_role("heading", name="Your answers are recorded.").wait_for()
    checked(page, visited)
    screenshot(page, f"learner-{device}-pre-test")

    # "Next" leads on through the course; the breadcrumb goes back to the outline.
    title = page.get_by_role("heading", level=1).inner_text()
    page.locator(".unit-nav a[rel=next]").click()
    page.wait_for_url(re.compile(rf"/learn/{course}/\d+/$"))
    assert page.get_by_role("heading", level=1).inner_text() != title
    assert page.locator(".unit-nav a[rel=prev]").is_visible()
    assert not small_targets(page), small_targets(page)
    checked(page, visited)
    page.locator(".breadcrumb").get_by_role("link", name=re.compile("National Training")).click()

    # A case, read stage by stage and submitted.
    open_unit_with(page, "Case")
    while page.get_by_role("button", name="Read on").locator("visible=true").count():
        page.get_by_role("button", name="Read on").locator("visible=true").first.click()
    page.locator("input[name=indicator]").first.check()
    page.locator("input[name=conclusion]").first.check()
    page.get_by_role("button", name="Submit your reading").click()
    page.get_by_role("heading", name=re.compile("Your score")).wait_for()
    checked(page, visited)
    screenshot(page, f"learner-{device}-case")
    page.locator(".breadcrumb").get_by_role("link", name=re.compile("National Training")).click()

    # An interview practice, played to its debrief.
    open_unit_with(page, "Interview practice")
    for _ in range(30):
        if page.get_by_role("heading", name=re.compile("Debrief")).count():
            break
        choice = page.locator(".unit-body button[data-choice]").first.element_handle()
        choice.click()
        # The block draws the next step in place of the one answered.
        page.wait_for_function("button => !button.isConnected", arg=choice)
    page.get_by_role("heading", name=re.compile("Debrief")).wait_for()
    checked(page, visited)
    screenshot(page, f"learner-{device}-interview")

    # Progress: the four units opened (pre-test, the one after it, a case, an interview),
    # shown on the outline and on My courses.
    page.locator(".breadcrumb").get_by_role("link", name=re.compile("National Training")).click()
    line = page.locator(".progress-line").first.inner_text()
    opened = int(re.match(r"(\d+) of (\d+) units opened", line).group(1))
    assert opened >= 4, line
    assert page.locator(".units .opened").count() == opened
    page.get_by_role("link", name="My courses").first.click()
    card = page.locator(f'.course-cards li:has(a[href="/learn/{course}/"])')
    assert f"{opened} of" in card.inner_text()

    # The site in the learner's language: the interface and the course both.
    page.locator("#language-select").select_option(language)
    page.locator("form.language").get_by_role("button").click()
    page.locator(f'html[lang="{language}"]').wait_for()
    page.locator(f'.course-cards a[href="/learn/{course}/"]').click()
    assert heading in page.locator("h1").inner_text()
    checked(page, visited)
    page.locator("ol.units a").first.click()
    page.locator(f'.unit-body[lang="{language}"]').wait_for()
    checked(page, visited)
    screenshot(page, f"learner-{device}-unit-{language}")
    context.close()
    assert len(visited) >= 8
