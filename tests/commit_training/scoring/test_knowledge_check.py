import pytest

from commit_training.scoring.knowledge_check import (
    AnswerError,
    Option,
    Question,
    QuestionKind,
    bank_problems,
    check_answers,
    gain_band,
    normalised_gain,
    score_answers,
    shuffled,
)

BANK = (
    Question(
        id="q1",
        kind=QuestionKind.SINGLE,
        prompt="Which elements?",
        options=(
            Option("a", "Act, means, purpose", correct=True, feedback="Yes"),
            Option("b", "Border", feedback="No: crossing a border is not needed"),
        ),
    ),
    Question(
        id="q2",
        kind=QuestionKind.MULTIPLE,
        prompt="Before the interview?",
        options=(
            Option("a", "Water", correct=True),
            Option("b", "Private room", correct=True),
            Option("c", "Photograph", feedback="Never"),
        ),
    ),
)


def test_scores_single_and_multiple_choice_with_feedback():
    answers = check_answers(BANK, {"q1": ["a"], "q2": ["a", "c"]})
    result = score_answers(BANK, answers)
    assert [r.correct for r in result.questions] == [True, False]
    assert result.earned == 1 and result.possible == 2 and result.percent == 50.0
    assert result.questions[0].feedback == (("a", "Yes"),)
    assert result.questions[1].feedback == (("c", "Never"),)
    full = score_answers(BANK, check_answers(BANK, {"q1": ["a"], "q2": ["b", "a"]}))
    assert full.earned == 2


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"q1": ["a"]}, "question 'q2' is not answered"),
        ({"q1": ["z"], "q2": ["a"]}, "question 'q1' has no option 'z'"),
        ({"q1": ["a", "b"], "q2": ["a"]}, "question 'q1' takes exactly one option"),
        ({"q1": ["a"], "q2": ["a"], "q9": ["a"]}, "unknown question id 'q9'"),
        ({"q1": "a", "q2": ["a"]}, "must be a list of ids"),
    ],
)
def test_bad_answers_are_named(answers, message):
    with pytest.raises(AnswerError, match=message):
        check_answers(BANK, answers)


def test_order_is_stable_per_learner_and_differs_between_learners():
    items = list(range(20))
    first = shuffled(items, learner="amara", salt="block-1")
    assert first == shuffled(items, learner="amara", salt="block-1")
    assert sorted(first) == items
    assert first != shuffled(items, learner="bopha", salt="block-1")


def test_normalised_gain():
    assert normalised_gain(4, 8, 10) == pytest.approx(4 / 6)
    assert normalised_gain(10, 10, 10) is None
    assert normalised_gain(6, 4, 10) == pytest.approx(-0.5)
    assert [gain_band(g) for g in (0.1, 0.3, 0.7, 0.71, None)] == [
        "low",
        "medium",
        "medium",
        "high",
        None,
    ]
    with pytest.raises(ValueError):
        normalised_gain(0, 0, 0)


def test_bank_problems_name_the_question():
    bad = Question(
        id="q3",
        kind=QuestionKind.SINGLE,
        prompt="?",
        options=(Option("a", "x", correct=True), Option("b", "y", correct=True)),
    )
    assert bank_problems([*BANK, bad]) == [
        "question 'q3' is single choice but marks 2 options correct"
    ]
    assert bank_problems([]) == ["the question bank is empty"]
