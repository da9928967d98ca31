"""An exam's bank asks questions no learner met in a pre-test or a post-test.

A knowledge check with ``phase: exam`` (the ToT's certification exam) has a bank of its
own. A question a learner has already answered, and then reviewed with its key after the
post-test, measures memory, not competence; so no exam question may repeat a question of
any pre/post bank of any course, by its id or by its prompt (compared after
:func:`normalised`: case, punctuation and spacing do not count).

The pre/post banks are found in the sources, not in the course being built: every YAML
file under ``curriculum/`` with a top-level ``assessment_id`` other than the exam's own
bank, with the question files it takes in, and the question files of every national pack
(:func:`.national.pack_questions`), which go to their course's pre/post bank.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .context import CourseContext
from .national import national_packs, pack_questions
from .sources import SourceList, SourceMap

BANK_KEY = re.compile(r"^assessment_id\s*:", re.MULTILINE)


@dataclass(frozen=True)
class Seen:
    """A question of a pre/post bank: its id, which bank, where it is written."""

    question_id: str
    bank: str  # "the pre/post bank 'rtp-core'", "the national questions of 'ntp-kh'"
    path: Path
    line: int

    def __str__(self) -> str:
        return f"question {self.question_id!r} of {self.bank} ({self.path}:{self.line})"


def normalised(prompt: str) -> str:
    """The prompt's words in lower case, so that a reworded space or comma still matches."""
    return " ".join(re.findall(r"\w+", prompt.lower()))


def check_exam_bank(
    ctx: CourseContext, bank_path: Path, assessment_id: str, questions: list[SourceMap]
) -> None:
    """Raise CurriculumError at the first exam question that a pre/post bank also asks."""
    by_id, by_prompt = _pre_post_questions(ctx, bank_path.resolve())
    for question in questions:
        question_id, prompt = question.get("id"), question.get("prompt")
        name = f"'{assessment_id}/{question_id}'"
        if question_id in by_id:
            raise question.error(
                "id",
                f"exam question {name} has the id of {by_id[question_id]}; an exam asks "
                "questions of its own, none from a pre-test or post-test",
            )
        if isinstance(prompt, str) and normalised(prompt) in by_prompt:
            raise question.error(
                "prompt",
                f"exam question {name} asks the prompt of {by_prompt[normalised(prompt)]}; "
                "an exam asks questions of its own, none from a pre-test or post-test",
            )


def _pre_post_questions(
    ctx: CourseContext, exam_bank: Path
) -> tuple[dict[str, Seen], dict[str, Seen]]:
    """Every pre/post question of the curriculum, by id and by normalised prompt."""
    by_id: dict[str, Seen] = {}
    by_prompt: dict[str, Seen] = {}
    for bank, rows in _pre_post_lists(ctx, exam_bank):
        for index, row in enumerate(rows):
            if not isinstance(row, SourceMap) or not isinstance(row.get("id"), str):
                continue  # the build of that bank's own course reports it
            seen = Seen(row["id"], bank, Path(rows.path), rows.item_lines[index])
            by_id.setdefault(row["id"], seen)
            if isinstance(row.get("prompt"), str):
                by_prompt.setdefault(normalised(row["prompt"]), seen)
    return by_id, by_prompt


def _pre_post_lists(ctx: CourseContext, exam_bank: Path) -> list[tuple[str, SourceList]]:
    lists: list[tuple[str, SourceList]] = []
    for path in sorted(ctx.root.rglob("*.yaml")):
        if path.resolve() == exam_bank or not BANK_KEY.search(path.read_text("utf-8")):
            continue
        bank = ctx.load(path)
        name = f"the pre/post bank {bank.get('assessment_id')!r}"
        lists.extend((name, rows) for rows in _lists_of(ctx, bank))
    for course_file in sorted(ctx.root.glob("courses/*/course.yaml")):
        course = course_file.parent.name
        for pack in national_packs(ctx.root, course, ctx.load(course_file)).values():
            questions = pack_questions(pack)
            if questions is not None:
                source = ctx.load(questions)
                if isinstance(source.get("questions"), SourceList):
                    name = f"the national questions of '{course}-{pack.stem}'"
                    lists.append((name, source["questions"]))
    return lists


def _lists_of(ctx: CourseContext, bank: SourceMap) -> list[SourceList]:
    """A bank's own question list and those of its question files, as far as they exist."""
    lists = [bank["questions"]] if isinstance(bank.get("questions"), SourceList) else []
    base = (ctx.root.parent / bank.path).parent
    for name in bank.get("question_files") or ():
        path = (base / str(name)).resolve()
        if path.is_file():
            topic = ctx.load(path)
            if isinstance(topic.get("questions"), SourceList):
                lists.append(topic["questions"])
    return lists
