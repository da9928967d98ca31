"""Course evaluation (Kirkpatrick level 1: reaction and confidence) and its aggregates.

Aggregates are anonymous: counts per level and a mean per item, with the number of
answers beside every figure; free-text answers are listed without who wrote them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum


class Scale(StrEnum):
    AGREEMENT = "agreement"
    CONFIDENCE = "confidence"


LEVELS = 5  # each scale runs from 1 to 5
# Learners are told their answers are read anonymously: no figure or comment is shown
# until at least this many have answered (the whole evaluation, and each question), so
# that no one's answers can be told from a count of one or two.
MIN_SHOWN = 5


@dataclass(frozen=True)
class Item:
    id: str
    kind: str  # likert | text
    prompt: str
    scale: Scale | None = None
    max_length: int = 2000


class EvaluationAnswerError(ValueError):
    """An answer that does not fit the evaluation; the message says which item."""


def check_answers(items: Iterable[Item], answers: Mapping[str, object]) -> dict[str, object]:
    """Validate at the door: known items, Likert levels 1-5, text within its length.

    Likert items must be answered; text items may be left empty.
    """
    items = list(items)
    by_id = {item.id: item for item in items}
    unknown = sorted(set(answers) - set(by_id))
    if unknown:
        raise EvaluationAnswerError(f"unknown item id {unknown[0]!r}")
    checked: dict[str, object] = {}
    for item in items:
        value = answers.get(item.id)
        if item.kind == "likert":
            if isinstance(value, bool) or not isinstance(value, int):
                raise EvaluationAnswerError(f"item {item.id!r} needs a level from 1 to 5")
            if not 1 <= value <= LEVELS:
                raise EvaluationAnswerError(f"item {item.id!r}: {value} is not between 1 and 5")
            checked[item.id] = value
        else:
            text = "" if value is None else value
            if not isinstance(text, str):
                raise EvaluationAnswerError(f"item {item.id!r} takes text")
            text = text.strip()
            if len(text) > item.max_length:
                raise EvaluationAnswerError(
                    f"item {item.id!r} takes at most {item.max_length} characters"
                )
            checked[item.id] = text
    return checked


@dataclass(frozen=True)
class LikertSummary:
    item_id: str
    counts: tuple[int, ...]  # answers at levels 1..5

    @property
    def answers(self) -> int:
        return sum(self.counts)

    @property
    def mean(self) -> float | None:
        if not self.answers:
            return None
        return sum(level * n for level, n in enumerate(self.counts, start=1)) / self.answers

    @property
    def agreeing(self) -> int:
        """Answers at the two top levels (agree or strongly agree; fairly or very confident)."""
        return self.counts[3] + self.counts[4]


@dataclass(frozen=True)
class Summary:
    respondents: int
    likert: tuple[LikertSummary, ...]
    texts: tuple[tuple[str, tuple[str, ...]], ...]  # (item id, answers in a stable order)


def aggregate(items: Iterable[Item], answer_sheets: Iterable[Mapping[str, object]]) -> Summary:
    """Anonymous aggregates over every learner's checked answers."""
    items = list(items)
    sheets = list(answer_sheets)
    likert = []
    texts = []
    for item in items:
        if item.kind == "likert":
            counts = [0] * LEVELS
            for sheet in sheets:
                value = sheet.get(item.id)
                if isinstance(value, int) and 1 <= value <= LEVELS:
                    counts[value - 1] += 1
            likert.append(LikertSummary(item_id=item.id, counts=tuple(counts)))
        else:
            written = sorted(
                str(sheet[item.id]) for sheet in sheets if str(sheet.get(item.id) or "").strip()
            )
            texts.append((item.id, tuple(written)))
    return Summary(respondents=len(sheets), likert=tuple(likert), texts=tuple(texts))
