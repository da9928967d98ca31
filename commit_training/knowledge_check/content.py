"""The question bank of a knowledge check, read from its OLX content."""

from __future__ import annotations

import functools
import re

from commit_training.author_html import child_markup, inner_markup
from commit_training.olx import ContentError, choice, content_root, flag, required
from commit_training.scoring.forms import FORMS, form_problems
from commit_training.scoring.knowledge_check import Option, Question, QuestionKind, bank_problems

ID = re.compile(r"^[a-z0-9_-]{1,64}$")


def checked_id(element) -> str:
    value = required(element, "id")
    if not ID.match(value):
        raise ContentError(
            f"<{element.tag}> line {element.sourceline}: id {value!r} must be 1-64 "
            "lower-case letters, digits, '_' or '-'"
        )
    return value


def form_of(element) -> str:
    """The question's parallel form: ``A``, ``B``, or ``""`` in a bank without forms."""
    value = element.get("form", "")
    if value and value not in FORMS:
        raise ContentError(
            f"<{element.tag}> line {element.sourceline}: form {value!r} must be A or B"
        )
    return value


@functools.lru_cache(maxsize=256)
def parse(content_xml: str) -> tuple[Question, ...]:
    """The questions, in the order written; raises ContentError where the XML is wrong."""
    root = content_root("commit_knowledge_check", content_xml)
    questions = []
    for element in root:
        if not isinstance(element.tag, str):
            continue
        if element.tag != "question":
            raise ContentError(
                f"line {element.sourceline}: <{element.tag}> does not belong in a knowledge "
                "check; use <question>"
            )
        options = tuple(
            Option(
                id=checked_id(option),
                label=inner_markup(option, skip=frozenset({"feedback"})),
                correct=flag(option, "correct"),
                feedback=child_markup(option, "feedback"),
            )
            for option in element.findall("option")
        )
        questions.append(
            Question(
                id=checked_id(element),
                kind=QuestionKind(choice(element, "kind", ("single", "multiple"), "single")),
                prompt=child_markup(element, "prompt"),
                options=options,
                explanation=child_markup(element, "explanation"),
                form=form_of(element),
            )
        )
    return tuple(questions)


def problems(questions: tuple[Question, ...]) -> list[str]:
    """Authoring errors: those of the bank and its questions, and of its forms."""
    found = bank_problems(questions)
    found.extend(form_problems(questions))
    found.extend(f"question {q.id!r} has no prompt" for q in questions if not q.prompt)
    return found
