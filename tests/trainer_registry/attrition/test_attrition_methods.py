"""Intervals and Kaplan-Meier against METRICS.md, and against a plain loop."""

from __future__ import annotations

import numpy as np
import pytest

from trainer_registry.attrition.intervals import (
    clopper_pearson,
    jeffreys,
    wilson,
    wilson_lower_one_sided,
)
from trainer_registry.attrition.kaplan_meier import kaplan_meier

T = [3, 5, 6, 6, 8, 10, 12, 12, 15, 18]
E = [1, 1, 0, 1, 1, 0, 1, 1, 0, 0]


def test_interval_reference_values():
    assert wilson(42, 120) == pytest.approx((0.270519, 0.438787), abs=1e-6)
    assert clopper_pearson(42, 120) == pytest.approx((0.265202, 0.442395), abs=1e-6)
    assert jeffreys(42, 120) == pytest.approx((0.269037, 0.438101), abs=1e-6)
    assert wilson_lower_one_sided(42, 120) == pytest.approx(0.282405, abs=1e-6)


def test_interval_edges():
    assert clopper_pearson(0, 10)[0] == 0.0 and clopper_pearson(10, 10)[1] == 1.0
    assert jeffreys(0, 10)[0] == 0.0 and jeffreys(10, 10)[1] == 1.0
    with pytest.raises(ValueError, match="n must be positive"):
        wilson(0, 0)


def test_kaplan_meier_reference_values():
    curve = kaplan_meier(T, E)
    assert list(curve.times) == [3, 5, 6, 8, 12]
    assert curve.survival == pytest.approx([0.9, 0.8, 0.7, 0.583333, 0.291667], abs=1e-6)
    assert curve.standard_error[-1] == pytest.approx(0.166580, abs=1e-6)
    assert (curve.ci_low[-1], curve.ci_high[-1]) == pytest.approx((0.047055, 0.608526), abs=1e-6)
    assert curve.median() == 12
    assert curve.at(12) == pytest.approx(0.291667, abs=1e-6)
    assert curve.at(19) is None
    weighted = kaplan_meier(T, E, [2, 2, 1, 1, 1, 3, 1, 1, 2, 2])
    assert weighted.at(12) == pytest.approx(0.4125, abs=1e-12)


def _loop(durations, events, weights):
    """Kaplan-Meier the long way: one pass per distinct event time."""
    survival, times, values = 1.0, [], []
    for t in sorted({d for d, e in zip(durations, events, strict=True) if e}):
        n = sum(w for d, w in zip(durations, weights, strict=True) if d >= t)
        d = sum(w for dd, e, w in zip(durations, events, weights, strict=True) if dd == t and e)
        survival *= 1 - d / n
        times.append(t)
        values.append(survival)
    return times, values


@pytest.mark.parametrize("seed", range(8))
def test_kaplan_meier_matches_a_plain_loop(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 60))
    durations = rng.integers(0, 40, n)  # many ties
    events = rng.random(n) < 0.5
    events[0] = True
    weights = rng.uniform(0.5, 3, n) if seed % 2 else np.ones(n)
    curve = kaplan_meier(durations, events, weights)
    times, values = _loop(durations.tolist(), events.tolist(), weights.tolist())
    assert list(curve.times) == times
    assert curve.survival == pytest.approx(values, abs=1e-12)


def test_all_censored_and_one_person():
    curve = kaplan_meier([5, 7], [0, 0])
    assert curve.times.size == 0 and curve.at(6) == 1.0 and curve.median() is None
    one = kaplan_meier([4], [1])
    assert list(one.survival) == [0.0] and one.median() == 4
    with pytest.raises(ValueError, match="empty"):
        kaplan_meier([], [])
