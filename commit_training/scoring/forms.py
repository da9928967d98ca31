"""Parallel forms A and B of one question bank: who takes which, and when a gain is shown.

The course builder marks each question of a pre/post bank with its form, ``A`` or ``B``:
the questions of each learning objective alternate between the two, so both forms test
every objective, with different questions. A learner takes one form before the course
and the other after it:

- :func:`first_form` chooses the pre-test's form from a hash of the learner's anonymous
  id and the assessment id. It is reproducible (the same learner gets the same form on
  any server, at any time) and balanced (about half of a cohort takes A first), so a
  difference in difficulty between the forms cancels out over the cohort;
- :func:`form_for` gives the post-test the other form;
- :func:`pair_gain` gives the normalised gain only for a pre-test and a post-test taken
  on different forms, and otherwise says why there is none.

A bank whose questions carry no form is a single form (:data:`NO_FORM`): every sitting
asks all of it. So does an exam, whatever its questions say.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from commit_training.scoring.knowledge_check import Question, normalised_gain

FORMS = ("A", "B")
NO_FORM = ""
PHASES = ("pre", "post", "exam")


def first_form(learner: str, assessment_id: str) -> str:
    """The form this learner takes first (the pre-test's): ``A`` or ``B``, half and half.

    SHA-256 of the assessment id and the learner's id: stable across processes and
    releases (unlike Python's ``hash``), and independent between assessments.
    """
    digest = hashlib.sha256(f"{assessment_id}\x00{learner}".encode()).digest()
    return FORMS[digest[0] & 1]


def other_form(form: str) -> str:
    """B for A and A for B."""
    if form not in FORMS:
        raise ValueError(f"{form!r} is not a form; forms are A and B")
    return FORMS[1 - FORMS.index(form)]


def has_forms(questions: Sequence[Question]) -> bool:
    return any(question.form for question in questions)


def form_for(
    phase: str,
    questions: Sequence[Question],
    *,
    learner: str,
    assessment_id: str,
    taken: Mapping[str, str],
) -> str:
    """The form this learner answers in ``phase``, given the forms already ``taken``.

    ``taken`` maps a phase to the form stored with its result (``{"pre": "A"}``), so a
    learner keeps their forms even if the choice rule changed since. The pre-test takes
    the learner's :func:`first_form`, the post-test the other form than the pre-test's.
    An exam, and a bank without forms, is one form: :data:`NO_FORM`.
    """
    if phase not in PHASES:
        raise ValueError(f"phase {phase!r} is not one of {', '.join(PHASES)}")
    if phase == "exam" or not has_forms(questions):
        return NO_FORM
    if taken.get(phase) in FORMS:
        return taken[phase]
    first = taken.get("pre") if taken.get("pre") in FORMS else None
    first = first or first_form(learner, assessment_id)
    return first if phase == "pre" else other_form(first)


def questions_of(questions: Sequence[Question], form: str) -> tuple[Question, ...]:
    """The questions a sitting on ``form`` asks: the form's own, or all for NO_FORM."""
    if form == NO_FORM:
        return tuple(questions)
    return tuple(question for question in questions if question.form == form)


def form_problems(questions: Sequence[Question]) -> list[str]:
    """A bank marks every question with a form, both forms used, or none at all."""
    forms = {question.form for question in questions}
    if forms <= {NO_FORM}:
        return []
    found = []
    unmarked = [question.id for question in questions if not question.form]
    if unmarked:
        found.append(
            f"question {unmarked[0]!r} has no form; in a bank with forms every question "
            "is on form A or B"
        )
    for form in FORMS:
        if form not in forms:
            found.append(f"no question is on form {form}; a bank with forms needs both")
    return found


@dataclass(frozen=True)
class Sitting:
    """One test as a learner took it: the form and the score."""

    form: str
    earned: int
    possible: int

    @property
    def share(self) -> float:
        return self.earned / self.possible


class NoGain(StrEnum):
    """Why no gain is shown."""

    NO_PRE_TEST = "no_pre_test"  # the learner did not take the pre-test
    SAME_QUESTIONS = "same_questions"  # both sittings asked the same form
    PRE_AT_MAXIMUM = "pre_at_maximum"  # g is undefined: nothing was left to learn


@dataclass(frozen=True)
class GainReport:
    """The gain between a pre-test and a post-test, or the reason there is none."""

    pre: Sitting | None
    post: Sitting
    value: float | None
    reason: NoGain | None


def pair_gain(pre: Sitting | None, post: Sitting) -> GainReport:
    """Hake's normalised gain of a parallel pair, on the share of each form answered right.

    A gain is shown only when the two sittings were on different forms: the same
    questions a second time measure what the learner remembers of them, not what the
    course taught. Shares, not counts, because the two forms may differ by a question.
    """
    if pre is None:
        return GainReport(None, post, None, NoGain.NO_PRE_TEST)
    if not pre.form or not post.form or pre.form == post.form:
        return GainReport(pre, post, None, NoGain.SAME_QUESTIONS)
    value = normalised_gain(pre.share, post.share, 1.0)
    return GainReport(pre, post, value, None if value is not None else NoGain.PRE_AT_MAXIMUM)
