"""A learner takes the demo pre-test on one form and the post-test on the other, with the
keyboard alone, and then reviews both: the pre-test says only that the answers are
recorded; the post-test asks other questions on the same objectives, then shows the
gain between the two forms and every question of both with the key and the feedback."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_learning_blocks import (
    KEY,
    MISS,
    axe_violations,
    choose_radio,
    focused,
    learner,
    open_scenario,
    press,
    screenshot,
    tick,
    workbench,  # noqa: F401 - the fixture that loads the scenarios
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PRE = "COMMIT knowledge check: before the course"
POST = "COMMIT knowledge check: after the course"
# The demo bank (commit_training/scenarios): each objective has one question per form.
OBJECTIVES = {
    "definition": {"palermo_elements", "consent_irrelevant"},
    "children": {"child_means", "child_consent"},
    "interviewing": {"before_interview", "inconsistency"},
}
# The demo bank's key, and a wrong answer, for each question of either form.
RIGHT, WRONG = KEY, MISS
FEEDBACK = ("Right.", "No.", "Yes.", "Correct answer", "Your score", "Not correct.")


def asked(page) -> set[str]:
    """The question ids of the form on the page."""
    names = page.locator("form[data-collect=knowledge-check] input").evaluate_all(
        "inputs => inputs.map(input => input.name)"
    )
    return set(names)


def answer(page, answers: dict[str, list[str]]) -> None:
    for question, options in answers.items():
        if page.locator(f"input[type=checkbox][name={question}]").count():
            for option in options:
                tick(page, page.locator(f"input[name={question}][value={option}]"))
        else:
            choose_radio(page, question, options[0])


def test_pre_test_on_one_form_post_test_on_the_other_then_review_both(page, workbench):  # noqa: F811
    student = learner()
    open_scenario(page, workbench, PRE, student)
    before = asked(page)
    assert all(len(before & ids) == 1 for ids in OBJECTIVES.values()), before
    # One question right of the three.
    right = sorted(before)[0]
    answer(page, {q: RIGHT[q] if q == right else WRONG[q] for q in sorted(before)})
    press(page, page.get_by_role("button", name="Submit answers"))
    recorded = page.get_by_role("heading", name="Your answers are recorded.")
    recorded.wait_for()
    block = page.locator(".commit-block").inner_text()
    assert not [text for text in FEEDBACK if text in block], block
    assert page.locator("form[data-collect=knowledge-check]").count() == 0
    # The live region outside the replaced block reads the result out.
    expect(page.locator(".commit-status")).to_have_text("Your answers are recorded.")
    assert axe_violations(page) == []

    open_scenario(page, workbench, POST, student)
    after = asked(page)
    assert not before & after  # other questions ...
    assert all(len(after & ids) == 1 for ids in OBJECTIVES.values())  # ... same objectives
    answer(page, {q: RIGHT[q] for q in sorted(after)})
    press(page, page.get_by_role("button", name="Submit answers"))
    page.get_by_role("heading", name="Your score: 3 of 3").wait_for()
    assert focused(page.locator(".commit-result"))
    expect(page.locator(".commit-status")).to_have_text("Your score: 3 of 3")
    gain = page.get_by_role("table", name="What you learned")
    rows = gain.get_by_role("row")
    first = re.search(r"form ([AB])", rows.nth(0).inner_text()).group(1)
    second = re.search(r"form ([AB])", rows.nth(1).inner_text()).group(1)
    assert {first, second} == {"A", "B"}
    assert rows.nth(0).inner_text().endswith("1 / 3")
    assert rows.nth(2).inner_text().endswith("1.00 (high)")  # (1 - 1/3) / (1 - 1/3)

    review = page.get_by_role("region", name="Review your answers")
    headings = review.get_by_role("heading", level=4)
    assert headings.all_inner_texts() == [
        f"Before the course: form {first}",
        f"After the course: form {second}",
    ]
    lists = review.locator(":scope > ol")
    ids = "items => items.map(item => item.dataset.question)"
    reviewed = [set(lists.nth(i).locator(":scope > li").evaluate_all(ids)) for i in range(2)]
    assert reviewed == [before, after]
    before_text = lists.nth(0).inner_text()
    assert before_text.count("(Correct answer)") >= 3 and "(Your answer)" in before_text
    # The feedback on an option the learner did not choose, from the pre-test.
    assert "Trafficking can happen inside one country" in review.inner_text()
    screenshot(page, "block-knowledge-check-forms")
    assert axe_violations(page) == []
