import math

import pytest

from commit_training.scoring.forms import (
    NO_FORM,
    NoGain,
    Sitting,
    first_form,
    form_for,
    form_problems,
    other_form,
    pair_gain,
    questions_of,
)
from commit_training.scoring.knowledge_check import (
    Option,
    Question,
    QuestionKind,
    Shown,
    shown_after,
)


def question(qid: str, form: str = "") -> Question:
    return Question(
        id=qid,
        kind=QuestionKind.SINGLE,
        prompt=f"Question {qid}?",
        options=(Option("a", "Yes", correct=True), Option("b", "No")),
        form=form,
    )


BANK = (question("q1", "A"), question("q2", "B"), question("q3", "A"), question("q4", "B"))
LEARNERS = [f"learner-{n:05d}" for n in range(4000)]


def test_the_first_form_is_reproducible_and_known_in_advance():
    assert [first_form(name, "rtp-core") for name in LEARNERS[:50]] == [
        first_form(name, "rtp-core") for name in LEARNERS[:50]
    ]
    # Fixed values: the rule is SHA-256, not Python's per-process hash().
    assert (first_form("amara", "rtp-core"), first_form("dara", "rtp-core")) == ("A", "B")


def test_about_half_the_learners_take_each_form_first():
    for assessment in ("rtp-core", "ntp-core", "tot-core"):
        firsts = [first_form(name, assessment) for name in LEARNERS]
        share = firsts.count("A") / len(firsts)
        # Binomial(4000, 0.5): four standard deviations either side of a half.
        assert abs(share - 0.5) < 4 * math.sqrt(0.25 / len(firsts)), (assessment, share)


def test_the_choice_is_independent_between_assessments():
    same = sum(first_form(n, "rtp-core") == first_form(n, "ntp-core") for n in LEARNERS)
    assert abs(same / len(LEARNERS) - 0.5) < 0.04


def test_the_post_test_takes_the_other_form():
    for name in LEARNERS[:200]:
        pre = form_for("pre", BANK, learner=name, assessment_id="core", taken={})
        post = form_for("post", BANK, learner=name, assessment_id="core", taken={})
        assert pre == first_form(name, "core") and post == other_form(pre)
        after = form_for("post", BANK, learner=name, assessment_id="core", taken={"pre": pre})
        assert after == post


def test_stored_forms_win_over_the_rule():
    name = "amara"
    stored = other_form(first_form(name, "core"))
    assert form_for("pre", BANK, learner=name, assessment_id="core", taken={"pre": stored}) == (
        stored
    )
    assert form_for(
        "post", BANK, learner=name, assessment_id="core", taken={"pre": stored}
    ) == other_form(stored)
    assert form_for("post", BANK, learner=name, assessment_id="core", taken={"post": "A"}) == "A"


def test_an_exam_and_a_bank_without_forms_are_one_form():
    plain = tuple(question(f"q{n}") for n in range(4))
    assert form_for("exam", BANK, learner="x", assessment_id="exam", taken={}) == NO_FORM
    assert form_for("pre", plain, learner="x", assessment_id="core", taken={}) == NO_FORM
    assert questions_of(BANK, NO_FORM) == BANK
    assert [q.id for q in questions_of(BANK, "A")] == ["q1", "q3"]
    assert [q.id for q in questions_of(BANK, "B")] == ["q2", "q4"]
    with pytest.raises(ValueError, match="phase 'final'"):
        form_for("final", BANK, learner="x", assessment_id="core", taken={})
    with pytest.raises(ValueError, match="'C' is not a form"):
        other_form("C")


def test_form_problems():
    assert form_problems(BANK) == []
    assert form_problems(tuple(question(f"q{n}") for n in range(3))) == []
    assert form_problems((question("q1", "A"), question("q2", "A"))) == [
        "no question is on form B; a bank with forms needs both"
    ]
    assert form_problems((question("q1", "A"), question("q2"), question("q3", "B"))) == [
        "question 'q2' has no form; in a bank with forms every question is on form A or B"
    ]


def test_a_gain_only_from_a_parallel_pair():
    report = pair_gain(Sitting("A", 2, 5), Sitting("B", 4, 5))
    assert report.reason is None and report.value == pytest.approx((0.8 - 0.4) / (1 - 0.4))
    # Forms of different lengths: shares, not counts.
    report = pair_gain(Sitting("B", 1, 4), Sitting("A", 4, 5))
    assert report.value == pytest.approx((0.8 - 0.25) / 0.75)
    assert pair_gain(Sitting("A", 2, 5), Sitting("A", 4, 5)).reason is NoGain.SAME_QUESTIONS
    assert pair_gain(Sitting("", 2, 5), Sitting("", 4, 5)).reason is NoGain.SAME_QUESTIONS
    assert pair_gain(None, Sitting("B", 4, 5)).reason is NoGain.NO_PRE_TEST
    top = pair_gain(Sitting("A", 5, 5), Sitting("B", 4, 5))
    assert (top.value, top.reason) == (None, NoGain.PRE_AT_MAXIMUM)
    assert all(
        pair_gain(Sitting("A", 1, 5), Sitting(form, 5, 5)).value is None for form in ("A", "")
    )


def test_what_a_learner_is_shown_after_each_phase():
    assert shown_after("pre", passed=True, attempts_left=None) is Shown.RECORDED
    assert shown_after("post", passed=False, attempts_left=1) is Shown.REVIEW
    assert shown_after("exam", passed=False, attempts_left=1) is Shown.SCORE
    assert shown_after("exam", passed=False, attempts_left=None) is Shown.SCORE
    assert shown_after("exam", passed=False, attempts_left=0) is Shown.REVIEW
    assert shown_after("exam", passed=True, attempts_left=1) is Shown.REVIEW
