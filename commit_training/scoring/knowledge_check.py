"""Pre-test and post-test scoring over one question bank, and the learner's gain.

A question is single choice (exactly one correct option, one answer) or multiple choice
(one or more correct options; the answer is right only when the chosen set equals the
correct set). Each question is worth one point.

Each question may belong to a parallel form (``A`` or ``B``, :mod:`.forms`). After a
sitting, :func:`shown_after` says how much the learner sees: nothing but that the answers
are recorded (pre-test), the score without the key (an exam not yet passed, attempts
left), or the review of every question with the key and the feedback on each option.

Normalised gain (Hake, R. R. 1998, "Interactive-engagement versus traditional methods",
*American Journal of Physics* 66, 64-74): g = (post - pre) / (max - pre), undefined when
the pre-test score is already the maximum.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum


class QuestionKind(StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"


@dataclass(frozen=True)
class Option:
    id: str
    label: str
    correct: bool = False
    feedback: str = ""


@dataclass(frozen=True)
class Question:
    id: str
    kind: QuestionKind
    prompt: str
    options: tuple[Option, ...]
    explanation: str = ""
    form: str = ""  # "A" or "B" in a bank with parallel forms

    @property
    def correct_ids(self) -> frozenset[str]:
        return frozenset(option.id for option in self.options if option.correct)

    def problems(self) -> list[str]:
        """What is wrong with this question as authored (empty when it is sound)."""
        found = []
        ids = [option.id for option in self.options]
        if len(ids) < 2:
            found.append(f"question {self.id!r} needs at least two options")
        if len(set(ids)) != len(ids):
            found.append(f"question {self.id!r} has two options with the same id")
        correct = len(self.correct_ids)
        if correct == 0:
            found.append(f"question {self.id!r} has no correct option")
        if self.kind is QuestionKind.SINGLE and correct > 1:
            found.append(
                f"question {self.id!r} is single choice but marks {correct} options correct"
            )
        return found


def bank_problems(questions: Sequence[Question]) -> list[str]:
    found = [] if questions else ["the question bank is empty"]
    ids = [question.id for question in questions]
    for duplicate in sorted({i for i in ids if ids.count(i) > 1}):
        found.append(f"two questions have the id {duplicate!r}")
    for question in questions:
        found.extend(question.problems())
    return found


def shuffled(items: Sequence, *, learner: str, salt: str) -> list:
    """``items`` in an order fixed for this learner and this block.

    The order comes from a hash of the learner and the salt, so a learner sees the same
    order on every visit and different learners see different orders.
    """
    digest = hashlib.sha256(f"{salt}\x00{learner}".encode()).digest()
    order = list(items)
    random.Random(int.from_bytes(digest[:8], "big")).shuffle(order)  # noqa: S311
    return order


@dataclass(frozen=True)
class QuestionResult:
    question_id: str
    chosen: frozenset[str]
    correct: bool
    feedback: tuple[tuple[str, str], ...]  # (option id, feedback) for each chosen option
    form: str = ""

    def response(self) -> dict:
        """The item response as stored and published: id, form, options chosen, correct."""
        return {
            "id": self.question_id,
            "form": self.form,
            "chosen": sorted(self.chosen),
            "correct": self.correct,
        }


@dataclass(frozen=True)
class TestResult:
    questions: tuple[QuestionResult, ...]

    @property
    def earned(self) -> int:
        return sum(result.correct for result in self.questions)

    @property
    def possible(self) -> int:
        return len(self.questions)

    @property
    def percent(self) -> float:
        return 100.0 * self.earned / self.possible if self.possible else 0.0

    def responses(self) -> list[dict]:
        return [result.response() for result in self.questions]


class AnswerError(ValueError):
    """An answer that does not fit the question bank; the message says where."""


def check_answers(
    questions: Sequence[Question], answers: Mapping[str, Sequence[str]]
) -> dict[str, frozenset[str]]:
    """Validate a submitted answer sheet at the door: every question answered, ids known."""
    by_id = {question.id: question for question in questions}
    unknown = sorted(set(answers) - set(by_id))
    if unknown:
        raise AnswerError(f"unknown question id {unknown[0]!r}")
    checked = {}
    for question in questions:
        chosen = answers.get(question.id)
        if not chosen:
            raise AnswerError(f"question {question.id!r} is not answered")
        if isinstance(chosen, str) or not all(isinstance(c, str) for c in chosen):
            raise AnswerError(f"question {question.id!r}: the answer must be a list of ids")
        option_ids = {option.id for option in question.options}
        for option_id in chosen:
            if option_id not in option_ids:
                raise AnswerError(f"question {question.id!r} has no option {option_id!r}")
        if question.kind is QuestionKind.SINGLE and len(set(chosen)) != 1:
            raise AnswerError(f"question {question.id!r} takes exactly one option")
        checked[question.id] = frozenset(chosen)
    return checked


def score_answers(
    questions: Sequence[Question], answers: Mapping[str, frozenset[str]]
) -> TestResult:
    """Score checked answers (see :func:`check_answers`)."""
    results = []
    for question in questions:
        chosen = answers[question.id]
        results.append(
            QuestionResult(
                question_id=question.id,
                chosen=chosen,
                correct=chosen == question.correct_ids,
                feedback=tuple(
                    (option.id, option.feedback)
                    for option in question.options
                    if option.id in chosen and option.feedback
                ),
                form=question.form,
            )
        )
    return TestResult(questions=tuple(results))


def normalised_gain(pre: float, post: float, maximum: float) -> float | None:
    """Hake's g = (post - pre) / (max - pre); ``None`` when pre is already the maximum."""
    if maximum <= 0:
        raise ValueError("the maximum score must be positive")
    if pre >= maximum:
        return None
    return (post - pre) / (maximum - pre)


def gain_band(gain: float | None) -> str | None:
    """Hake's bands: low below 0.3, medium 0.3 to 0.7, high above 0.7."""
    if gain is None:
        return None
    if gain < 0.3:
        return "low"
    return "high" if gain > 0.7 else "medium"


class Shown(StrEnum):
    """What a learner sees of a sitting once it is submitted."""

    RECORDED = "recorded"  # only that the answers are recorded: no score, key or feedback
    SCORE = "score"  # the score and pass or fail, not the key
    REVIEW = "review"  # the score and every question with the answer, key and feedback


def shown_after(phase: str, *, passed: bool, attempts_left: int | None) -> Shown:
    """The pre-test is silent; the post-test shows everything; an exam keeps its key
    until the learner has passed or has no attempt left (``attempts_left`` None means
    no limit, so the key stays hidden until a pass)."""
    if phase == "pre":
        return Shown.RECORDED
    if phase == "exam" and not passed and attempts_left != 0:
        return Shown.SCORE
    return Shown.REVIEW
