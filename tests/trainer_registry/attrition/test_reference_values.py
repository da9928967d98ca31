"""Every METRICS.md reference value of the new attrition methods, to 1e-6."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from trainer_registry.attrition.cascade import cascade, generation_depth, generations
from trainer_registry.attrition.knowledge_gain import knowledge_gain, normalised_gain
from trainer_registry.attrition.nonresponse_weighting import kish_effective_n, nonresponse_weights
from trainer_registry.attrition.stratified_estimate import stratified_proportion
from trainer_registry.attrition.turnover import turnover_over_period, turnover_rate


def test_stratified_estimate_reference():
    share = stratified_proportion([300, 200, 100], [40, 40, 40], [0.3, 0.4, 0.4])
    assert share.estimate == pytest.approx(0.35, abs=1e-6)
    assert share.standard_error == pytest.approx(0.042617, abs=1e-6)
    assert share.pooled == pytest.approx(0.366667, abs=1e-6)


def test_stratified_estimate_rejects_a_stratum_of_one():
    with pytest.raises(ValueError, match="stratum 1: needs at least 2 respondents"):
        stratified_proportion([300, 200], [40, 1], [0.3, 0.4])


def test_nonresponse_factors_reference():
    responded = np.r_[np.ones(30), np.zeros(10), np.ones(48), np.zeros(32)].astype(bool)
    result = nonresponse_weights(
        np.ones(120), np.ones(120, bool), responded, ["a"] * 40 + ["b"] * 80
    )
    assert result.classes["factor"].tolist() == pytest.approx([4 / 3, 5 / 3], abs=1e-6)
    assert result.weights.sum() == pytest.approx(120)
    assert result.effective_n == pytest.approx(kish_effective_n(result.weights[responded]))
    assert kish_effective_n([1, 1, 2]) == pytest.approx(16 / 6)


def test_a_class_without_respondents_is_named():
    with pytest.raises(ValueError, match="weighting class 'b'"):
        nonresponse_weights([1, 1], [True, True], [True, False], ["a", "b"])


def test_turnover_reference():
    assert turnover_rate(9, 50, 46) == pytest.approx(0.1875, abs=1e-12)
    spells = pd.DataFrame(
        {
            "started_on": ["2010-01-01"] * 50 + ["2015-03-01"] * 5,
            "ended_on": ["2015-06-01"] * 9 + [None] * 41 + [None] * 5,
            "end_reason": ["left_government"] * 9 + [""] * 46,
        }
    )
    result = turnover_over_period(
        spells, period_start=date(2015, 1, 1), period_end=date(2015, 12, 31)
    )
    assert (result.separations, result.headcount_start, result.headcount_end) == (9, 50, 46)
    assert result.rate == pytest.approx(0.1875)
    promoted = spells.assign(end_reason=["promoted_within_anti_trafficking"] * 9 + [""] * 46)
    assert (
        turnover_over_period(
            promoted, period_start=date(2015, 1, 1), period_end=date(2015, 12, 31)
        ).separations
        == 0
    )


def test_knowledge_gain_hake():
    pre = [40, 60, 100, 50, np.nan]
    post = [70, 80, 100, 50, 90]
    gain = knowledge_gain(pre, post, maximum=100, pass_mark=70)
    assert (gain.pairs, gain.unpaired, gain.at_maximum) == (4, 1, 1)
    assert gain.class_gain == pytest.approx((200 / 3 - 50) / (100 - 50))
    assert gain.mean_individual_gain == pytest.approx((0.5 + 0.5 + 0) / 3)
    assert gain.raw_gain == pytest.approx(12.5)
    assert gain.passed == 3 and gain.pass_rate == pytest.approx(0.75)
    low, high = gain.paired_change_ci
    assert low < 12.5 < high
    assert np.isnan(normalised_gain([100], [100], maximum=100)[0])


def test_cascade_counts_joint_trainings_once():
    deliveries = pd.DataFrame(
        {
            "training_id": [1, 1, 2, 3],
            "trainer_id": ["A", "B", "A", "C"],
            "held_on": ["2025-12-01", "2025-12-01", "2024-01-01", "2025-11-01"],
        }
    )
    attendance = pd.DataFrame(
        {"training_id": [1, 1, 1, 2, 3], "person_id": ["p1", "p2", "p3", "p4", "p1"]}
    )
    result = cascade(deliveries, attendance, ["A", "B", "D"], reference_date=date(2026, 1, 31))
    assert result.certified_trainers == 3 and result.active_trainers == 2
    assert result.active_share == pytest.approx(2 / 3)
    assert result.trainees == 4  # p1-p3 trained jointly by A and B count once; C not certified
    assert result.trainees_per_certified_trainer == pytest.approx(4 / 3)
    assert result.trainees_in_window == 3 and result.trainees_per_active_trainer == 1.5
    assert result.jointly_trained == 3
    assert result.by_trainer.loc["A", "trainees"] == 4
    assert not result.by_trainer.loc["D", "active"]


def test_generation_depth():
    edges = pd.DataFrame(
        {"trainer_id": ["R1", "R1", "N1", "N2"], "trainee_id": ["N1", "N2", "P1", "P1"]}
    )
    table = generations(edges).set_index("person_id")
    assert table.loc["R1", "level"] == "regional" and table.loc["N2", "level"] == "national"
    assert table.loc["P1", "level"] == "provincial" and generation_depth(edges) == 3
    with pytest.raises(ValueError, match="circle"):
        generations(pd.DataFrame({"trainer_id": ["X", "Y"], "trainee_id": ["Y", "X"]}))
