import pytest

from commit_training.scoring.evaluation import (
    EvaluationAnswerError,
    Item,
    Scale,
    aggregate,
    check_answers,
)

ITEMS = [
    Item("relevance", "likert", "Relevant?", Scale.AGREEMENT),
    Item("change", "text", "What will you change?", max_length=20),
]


def test_aggregates_count_and_average():
    sheets = [
        check_answers(ITEMS, {"relevance": 5, "change": "  Ask consent "}),
        check_answers(ITEMS, {"relevance": 4}),
        check_answers(ITEMS, {"relevance": 2, "change": ""}),
    ]
    summary = aggregate(ITEMS, sheets)
    assert summary.respondents == 3
    (relevance,) = summary.likert
    assert relevance.counts == (0, 1, 0, 1, 1)
    assert relevance.answers == 3 and relevance.agreeing == 2
    assert relevance.mean == pytest.approx(11 / 3)
    assert summary.texts == (("change", ("Ask consent",)),)
    assert aggregate(ITEMS, []).likert[0].mean is None


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({}, "item 'relevance' needs a level"),
        ({"relevance": 6}, "6 is not between 1 and 5"),
        ({"relevance": True}, "needs a level"),
        ({"relevance": 3, "change": "x" * 21}, "at most 20 characters"),
        ({"relevance": 3, "other": 1}, "unknown item id 'other'"),
        ({"relevance": 3, "change": 7}, "takes text"),
    ],
)
def test_bad_answers_are_named(answers, message):
    with pytest.raises(EvaluationAnswerError, match=message):
        check_answers(ITEMS, answers)
