"""The assessment blueprint: each question tests one objective, and two parallel forms.

A course's ``objectives`` (their ``assessed_by``) are its blueprint. The build holds the
knowledge-check questions to it (``<assessment_id>/<question id>``; cases and
interview simulations may serve several objectives):

1. every question of a pre/post bank, and of an exam's bank, is listed under exactly one
   objective;
2. an objective that lists questions of a pre/post bank lists at least two of them;
3. in a course with a pre-test and a post-test, every objective lists at least two of
   their questions, except a national objective (one a national pack adds) taught by
   case work, which lists none.

Each objective's questions of a pre/post bank, in the order it lists them, go to form A,
B, A, B, ...: each form asks at least one question per objective, and about as many as
the other, so the two forms are parallel. :func:`write_forms` writes the form on each
question of the pre-test and the post-test (``<question form="A">``); the knowledge
check gives a learner one form before the course and the other after (docs/olx.md).
The exam has one form, its whole bank, and no ``form`` attribute.
"""

from __future__ import annotations

from collections.abc import Callable

from .course_model import Course, Objective
from .errors import CurriculumError
from .sources import SourceMap

FORMS = ("A", "B")
EXAM = "exam"


def knowledge_check_banks(course: Course) -> dict[str, str]:
    """``{assessment_id: "pre/post" or "exam"}`` for the knowledge checks of the course."""
    return {
        c.assessment[0]: EXAM if c.assessment[1] == EXAM else "pre/post"
        for c in course.components()
        if c.assessment
    }


def split_forms(
    course: Course, objectives: list[Objective], is_national: Callable[[Objective], bool]
) -> dict[str, dict[str, str]]:
    """Check rules 1-3 and return ``{assessment_id: {question id: "A" or "B"}}``.

    Raises CurriculumError at the ``assessed_by`` of the objective that breaks a rule.
    """
    banks = knowledge_check_banks(course)
    owner: dict[str, str] = {}
    forms: dict[str, dict[str, str]] = {bank: {} for bank, kind in banks.items() if kind != EXAM}
    for objective in objectives:
        mine: dict[str, list[str]] = {}
        for item in objective.assessed_by:
            bank, slash, question = item.partition("/")
            if not slash or bank not in banks:
                continue  # a case or an interview simulation
            if item in owner:
                raise objective.source.error(
                    "assessed_by",
                    f"objective {objective.id!r}: question {item!r} is also listed under "
                    f"objective {owner[item]!r}; a question tests exactly one objective",
                )
            owner[item] = objective.id
            if bank in forms:
                mine.setdefault(bank, []).append(question)
        for bank, questions in mine.items():
            if len(questions) < 2:
                raise objective.source.error(
                    "assessed_by",
                    f"objective {objective.id!r} lists one question of {bank!r} "
                    f"({bank}/{questions[0]}); it needs at least two, so that forms A and "
                    "B each ask one",
                )
            for index, question in enumerate(questions):
                forms[bank][question] = FORMS[index % 2]
        if forms and not mine and not is_national(objective):
            raise objective.source.error(
                "assessed_by",
                f"objective {objective.id!r} lists no question of the pre-test and "
                f"post-test ({', '.join(sorted(forms))}); every objective needs at least two "
                "(only a national objective taught by case work may have none)",
            )
    return forms


def write_forms(course: Course, forms: dict[str, dict[str, str]], spec: SourceMap) -> None:
    """Set ``form`` on every question of each pre-test and post-test of the course."""
    for component in course.components():
        if not component.assessment or component.assessment[0] not in forms:
            continue
        assessment_id, phase = component.assessment
        for question in component.body[0].iter("question"):
            form = forms[assessment_id].get(question.get("id"))
            if form is None:
                raise CurriculumError(
                    spec.path,
                    spec.line_of("objectives"),
                    f"question '{assessment_id}/{question.get('id')}' of the {phase}-test "
                    f"{component.url_name!r} is not in the post-test's bank, so no "
                    "objective lists it; the pre-test and the post-test share one bank",
                )
            question.set("form", form)
