"""The indicator rule of DOMAIN.md, on its three worked cases and its edges."""

import pytest

from commit_training.scoring.indicators import (
    ILO_EC_2009,
    Case,
    Conclusion,
    Dimension,
    Indicator,
    IndicatorList,
    Strength,
    conclude,
    policy_named,
    positive_dimensions,
    score_case,
)

S, M, W = Strength.STRONG, Strength.MEDIUM, Strength.WEAK


def ind(id_, dimension, strength, present=True):
    return Indicator(id=id_, dimension=Dimension(dimension), strength=strength, present=present)


@pytest.mark.parametrize(
    ("strengths", "positive"),
    [
        ([S, S], True),
        ([S, M], True),
        ([S, W], True),
        ([M, M, M], True),
        ([M, M, W], True),
        ([S], False),
        ([M, M], False),
        ([M, W, W], False),
        ([W, W, W, W, W], False),
        ([], False),
    ],
)
def test_dimension_threshold(strengths, positive):
    assert ILO_EC_2009.dimension_positive(strengths) is positive


def test_case_a_fishing_boat_is_a_presumed_victim():
    indicators = [
        ind("job_deception", "DR", S),
        ind("wage_deception", "DR", M),
        ind("twenty_hour_days", "EX", S),
        ind("no_pay", "EX", M),
        ind("captain_holds_id", "CD", S),
        ind("kept_on_board", "CD", S),
    ]
    assert positive_dimensions(indicators) == {
        Dimension.DECEPTIVE_RECRUITMENT,
        Dimension.EXPLOITATIVE_CONDITIONS,
        Dimension.COERCION_AT_DESTINATION,
    }
    assert conclude(indicators, child=False) is Conclusion.PRESUMED_VICTIM


def test_case_b_domestic_worker_is_a_presumed_victim_through_vulnerability():
    indicators = [
        ind("pay_deception", "DR", M),
        ind("conditions_deception", "DR", M),
        ind("irregular_status", "VR", M),
        ind("poverty", "VR", M),
        ind("lack_of_information", "VR", M),
        ind("excessive_hours", "EX", S),
        ind("poor_housing", "EX", M),
        ind("threat_to_tell_family", "CD", W),
        ind("dependency", "VD", M),
        ind("fear_of_authorities", "VD", M),
        ind("past_difficulties", "VD", W),
    ]
    positive = positive_dimensions(indicators)
    assert Dimension.DECEPTIVE_RECRUITMENT not in positive
    assert Dimension.COERCION_AT_DESTINATION not in positive
    assert {
        Dimension.RECRUITMENT_BY_ABUSE_OF_VULNERABILITY,
        Dimension.EXPLOITATIVE_CONDITIONS,
        Dimension.ABUSE_OF_VULNERABILITY_AT_DESTINATION,
    } <= positive
    assert conclude(indicators, child=False) is Conclusion.PRESUMED_VICTIM


def test_case_c_child_needs_no_means():
    indicators = [ind("twelve_hour_days", "EX", S), ind("no_schooling", "EX", M)]
    assert conclude(indicators, child=True, act=True) is Conclusion.PRESUMED_VICTIM
    # Without the act shown and no recruitment, the same child is exploited: refer.
    assert conclude(indicators, child=True, act=False) is Conclusion.EXPLOITED_REFER
    # The same indicators for an adult lack recruitment and destination.
    assert conclude(indicators, child=False) is Conclusion.EXPLOITED_REFER


def test_adult_with_only_exploitation_is_exploited_refer():
    indicators = [ind("hours", "EX", S), ind("pay", "EX", M), ind("lie", "DR", S)]
    assert conclude(indicators, child=False) is Conclusion.EXPLOITED_REFER


def test_no_indicators_reach_no_conclusion():
    assert conclude([ind("tired", "EX", W)], child=False) is Conclusion.NO_CONCLUSION
    assert conclude([], child=True, act=True) is Conclusion.NO_CONCLUSION


def test_unknown_policy_is_named():
    assert policy_named("ilo_ec_2009") is ILO_EC_2009
    with pytest.raises(ValueError, match="unknown indicator policy 'strict'"):
        policy_named("strict")


def test_score_explains_each_mistake():
    case = Case(
        indicator_list=IndicatorList.ADULT_LABOUR,
        indicators=(
            ind("job_deception", "DR", S),
            ind("wage_deception", "DR", M),
            ind("hours", "EX", S),
            ind("no_pay", "EX", M),
            ind("id_held", "CD", S),
            ind("confined", "CD", S),
            ind("violence", "CD", S, present=False),
        ),
    )
    result = score_case(case, {"job_deception", "hours", "no_pay", "violence"}, "exploited_refer")
    kinds = {item.id: item.kind for item in result.indicators}
    assert kinds == {
        "job_deception": "found",
        "wage_deception": "missed",
        "hours": "found",
        "no_pay": "found",
        "id_held": "missed",
        "confined": "missed",
        "violence": "wrongly_marked",
    }
    assert result.conclusion_expected is Conclusion.PRESUMED_VICTIM
    assert not result.conclusion_correct
    # What the learner marked (DR: 1S alone; CD: 1S alone) supports only "refer".
    assert result.conclusion_from_marks is Conclusion.EXPLOITED_REFER
    assert result.indicators_correct == 3
    assert result.score == pytest.approx(0.5 * 3 / 7, abs=1e-6)
    perfect = score_case(
        case,
        {"job_deception", "wage_deception", "hours", "no_pay", "id_held", "confined"},
        Conclusion.PRESUMED_VICTIM,
    )
    assert perfect.score == 1.0
    assert perfect.mistakes() == ()
