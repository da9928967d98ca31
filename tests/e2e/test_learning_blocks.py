"""A learner completes each learning block with the keyboard alone, on the demo site.

Every control is reached with Tab and used with Space, Enter or the arrow keys; the
test then reads the feedback and score the learner sees, and scans the page with
axe-core (WCAG 2.0-2.2 A and AA rules) for serious or critical violations.
"""

from __future__ import annotations

import os
import re
import uuid
from pathlib import Path

import pytest

from tests.conftest import require
from tests.e2e.conftest import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture
def workbench(site):
    """The workbench's scenarios live in the database: (re)load them for a test server."""
    if not os.environ.get("COMMIT_E2E_BASE_URL"):
        from workbench.scenarios import get_scenarios, init_scenarios

        init_scenarios()
        get_scenarios.initialized = True
    return site


def learner() -> str:
    return f"learner-{uuid.uuid4().hex[:10]}"


def open_scenario(page, site, title, student):
    page.goto(f"{site.url}/workbench/")
    href = page.get_by_role("link", name=title).get_attribute("href")
    page.goto(f"{site.url}{href}?student={student}")
    page.locator(".commit-block").first.wait_for()


def focused(locator) -> bool:
    return locator.evaluate("el => el === document.activeElement")


def tab_to(page, locator, limit: int = 120) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused(locator):
            return
    raise AssertionError(f"Tab never reached {locator}")


def choose_radio(page, name: str, value: str) -> None:
    """Tab into the radio group, then arrow to the option (arrows also select)."""
    group = page.locator(f"input[type=radio][name='{name}']")
    values = [group.nth(i).get_attribute("value") for i in range(group.count())]
    tab_to(page, group.first)
    index = values.index(value)
    if index == 0:
        page.keyboard.press("Space")
    for _ in range(index):
        page.keyboard.press("ArrowDown")
    assert group.nth(index).is_checked()


def tick(page, locator) -> None:
    tab_to(page, locator)
    page.keyboard.press("Space")
    assert locator.is_checked()


def press(page, locator) -> None:
    tab_to(page, locator)
    page.keyboard.press("Enter")


def axe_violations(page) -> list[str]:
    require(AXE.exists(), "axe-core is not installed: make test installs it (npm ci)")
    # Evaluated through the browser's debugging protocol, which the page's
    # Content-Security-Policy does not govern (an inline <script> tag it would refuse).
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def screenshot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


# The demo bank's key, and a wrong answer, for each question of either form.
KEY = {
    "palermo_elements": ["a"],
    "consent_irrelevant": ["b"],
    "child_means": ["b"],
    "child_consent": ["b"],
    "before_interview": ["a", "b", "d"],
    "inconsistency": ["b"],
}
MISS = {
    "palermo_elements": ["b"],
    "consent_irrelevant": ["a"],
    "child_means": ["a"],
    "child_consent": ["a"],
    "before_interview": ["c"],
    "inconsistency": ["a"],
}


def answer_form(page, answers) -> None:
    """Answer the questions of the form this learner was given."""
    names = page.locator("form[data-collect=knowledge-check] input").evaluate_all(
        "inputs => [...new Set(inputs.map(input => input.name))]"
    )
    for name in names:
        if page.locator(f"input[type=checkbox][name={name}]").count():
            for option in answers[name]:
                tick(page, page.locator(f"input[name={name}][value={option}]"))
        else:
            choose_radio(page, name, answers[name][0])


def test_knowledge_check_pre_and_post_show_the_gain(page, workbench):
    student = learner()
    open_scenario(page, workbench, "COMMIT knowledge check: before the course", student)
    assert axe_violations(page) == []
    answer_form(page, MISS)
    press(page, page.get_by_role("button", name="Submit answers"))
    page.get_by_role("heading", name="Your answers are recorded.").wait_for()
    assert "Your score" not in page.locator(".commit-block").inner_text()

    open_scenario(page, workbench, "COMMIT knowledge check: after the course", student)
    answer_form(page, KEY)
    press(page, page.get_by_role("button", name="Submit answers"))
    page.get_by_role("heading", name="Your score: 3 of 3").wait_for()
    gain = page.get_by_role("table", name="What you learned")
    assert (
        gain.get_by_role("row", name=re.compile("Normalised gain"))
        .inner_text()
        .endswith("1.00 (high)")
    )
    assert focused(page.locator(".commit-result"))  # the result is announced and focused
    screenshot(page, "block-knowledge-check")
    assert axe_violations(page) == []


def test_case_scenario_read_in_stages_and_scored(page, workbench):
    open_scenario(page, workbench, "COMMIT case: the fishing boat", learner())
    for _ in range(3):
        press(page, page.get_by_role("button", name="Read on").locator("visible=true"))
    assert page.get_by_role("heading", name="Observations").is_visible()
    for indicator in ("dr_job_nature", "dr_wages", "ex_hours", "ex_no_pay", "cd_documents"):
        tick(page, page.locator(f"input[name=indicator][value={indicator}]"))
    choose_radio(page, "conclusion", "presumed_victim")
    assert axe_violations(page) == []
    press(page, page.get_by_role("button", name="Submit your reading"))
    page.get_by_role("heading", name=re.compile("Your score")).wait_for()
    # One indicator missed (confinement): 7 of 8 read right, the conclusion right.
    assert page.get_by_text("You read 7 of 8 indicators correctly.").is_visible()
    # An attempt is left: the count of indicators to look at, not the evidence.
    assert page.get_by_text("1 indicator to look at again", exact=False).is_visible()
    assert not page.get_by_text("Not allowed off the boat for eleven months.").count()
    screenshot(page, "block-case-scenario")
    assert axe_violations(page) == []


def test_interview_simulation_run_and_debrief(page, workbench):
    open_scenario(page, workbench, "COMMIT interview: a worker who wants to stop", learner())
    for choice in ("needs_first", "consent", "push_on", "pause_now", "refer"):
        press(page, page.locator(f"button[data-choice={choice}]"))
        page.locator(".commit-result").wait_for()
    heading = page.get_by_role("heading", name=re.compile("Debrief"))
    heading.wait_for()
    assert heading.inner_text().startswith("Debrief: 80 %")
    broke = page.get_by_role("heading", name="Principles you broke").locator(
        "xpath=following-sibling::ul[1]"
    )
    assert "Informed consent" in broke.inner_text()
    screenshot(page, "block-interview-sim")
    assert axe_violations(page) == []
    press(page, page.get_by_role("button", name="Start the interview again"))
    page.locator("button[data-choice=needs_first]").wait_for()


def test_course_evaluation_answered_once(page, workbench):
    open_scenario(page, workbench, "COMMIT course evaluation", learner())
    choose_radio(page, "relevance", "4")
    choose_radio(page, "confidence_identify", "5")
    choose_radio(page, "confidence_interview", "3")
    box = page.get_by_label("What will you do differently in your work?")
    tab_to(page, box)
    page.keyboard.type("<script>alert(1)</script> Ask for consent first.")
    assert axe_violations(page) == []
    press(page, page.get_by_role("button", name="Send my answers"))
    page.get_by_text("Thank you. Your answers are recorded").wait_for()
    screenshot(page, "block-course-evaluation")
    assert axe_violations(page) == []
