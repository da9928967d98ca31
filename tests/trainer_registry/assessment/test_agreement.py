"""Observer agreement: quadratic-weighted kappa on the rubric's four levels."""

from __future__ import annotations

import math
import random
import warnings

import pytest
from sklearn.metrics import cohen_kappa_score

from trainer_registry.assessment.agreement import (
    MIN_SESSIONS,
    DoubleScored,
    by_criterion,
    weighted_kappa,
)


def _reference(first, second):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the reference warns when kappa is undefined
        value = cohen_kappa_score(first, second, labels=[1, 2, 3, 4], weights="quadratic")
    return None if math.isnan(value) else value


@pytest.mark.parametrize("seed", range(40))
def test_kappa_matches_the_reference_on_generated_ratings(seed):
    rng = random.Random(seed)
    n = rng.randint(2, 60)
    first = [rng.randint(1, 4) for _ in range(n)]
    # The second observer mostly agrees, within a level, sometimes not.
    second = [min(4, max(1, a + rng.choice([-1, 0, 0, 0, 1, 2]))) for a in first]
    assert weighted_kappa(first, second) == pytest.approx(_reference(first, second), abs=1e-12)


def test_perfect_agreement_is_one_and_a_single_level_is_undefined():
    assert weighted_kappa([1, 2, 3, 4, 3], [1, 2, 3, 4, 3]) == pytest.approx(1.0)
    assert weighted_kappa([3, 3, 3], [3, 3, 3]) is None
    assert _reference([3, 3, 3], [3, 3, 3]) is None
    # One observer always 3, the other varying: no expected disagreement? No: defined, 0.
    assert weighted_kappa([3, 3, 3, 3], [2, 3, 4, 3]) == pytest.approx(
        _reference([3, 3, 3, 3], [2, 3, 4, 3])
    )
    assert weighted_kappa([], []) is None


def test_unused_levels_do_not_shift_the_weights():
    # Without labels=[1..4] the reference would treat 2 and 4 as neighbours.
    first, second = [4, 1, 4, 1, 2, 2], [4, 1, 2, 1, 4, 1]
    assert weighted_kappa(first, second) == pytest.approx(_reference(first, second))
    unlabelled = cohen_kappa_score(first, second, weights="quadratic")
    assert weighted_kappa(first, second) != pytest.approx(unlabelled)


def test_a_far_disagreement_costs_more_than_a_near_one():
    near = weighted_kappa([1, 2, 3, 4, 2, 3], [2, 2, 3, 4, 2, 3])
    far = weighted_kappa([1, 2, 3, 4, 2, 3], [4, 2, 3, 4, 2, 3])
    assert near > far


def test_bad_ratings_are_refused():
    with pytest.raises(ValueError, match="differ in number"):
        weighted_kappa([1, 2], [1])
    with pytest.raises(ValueError, match="a rating is 5"):
        weighted_kappa([1, 5], [1, 2])


def test_per_criterion_and_overall_pool_the_sessions():
    rng = random.Random(7)
    sessions = []
    for index in range(12):
        a = {"accuracy": rng.randint(1, 4), "timing": rng.randint(2, 4)}
        b = {"accuracy": a["accuracy"], "timing": rng.randint(2, 4)}
        sessions.append(DoubleScored(str(index), a, b))
    sessions.append(DoubleScored("partial", {"accuracy": 2}, {"accuracy": 2, "timing": 3}))
    per, overall = by_criterion(sessions, ["accuracy", "timing"])
    assert per["accuracy"].kappa == pytest.approx(1.0)
    assert per["accuracy"].pairs == 13 and per["timing"].pairs == 12
    timing_a = [s.first["timing"] for s in sessions[:12]]
    timing_b = [s.second["timing"] for s in sessions[:12]]
    assert per["timing"].kappa == pytest.approx(_reference(timing_a, timing_b))
    assert overall.pairs == 25 and overall.sessions == 13
    pooled_a = [s.first["accuracy"] for s in sessions] + timing_a
    pooled_b = [s.second["accuracy"] for s in sessions] + timing_b
    assert overall.kappa == pytest.approx(_reference(pooled_a, pooled_b))
    assert not overall.too_few
    _, few = by_criterion(sessions[: MIN_SESSIONS - 1], ["accuracy"])
    assert few.too_few and few.sessions == MIN_SESSIONS - 1
