"""Sample sizes, allocation and reproducible draws, against METRICS.md's reference values."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from trainer_registry.followup.sampling import (
    draw,
    neyman_shares,
    proportional_shares,
    sample_size,
    whole_allocation,
)


@pytest.mark.parametrize(("population", "expected"), [(None, 385), (600, 235), (1000, 278)])
def test_sample_size_reference_values(population, expected):
    size = sample_size(proportion=0.5, margin=0.05, population=population)
    assert size.invite == expected
    if population is None:
        assert size.n0 == pytest.approx(384.145882, abs=1e-6)


def test_response_rate_and_small_populations():
    assert sample_size(proportion=0.5, margin=0.05, response_rate=0.5).invite == 769
    assert sample_size(proportion=0.5, margin=0.05, population=50, response_rate=0.5).invite == 50


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"proportion": 1.0, "margin": 0.05}, "proportion"),
        ({"proportion": 0.5, "margin": 0}, "margin"),
        ({"proportion": 0.5, "margin": 0.05, "population": 0}, "population"),
        ({"proportion": 0.5, "margin": 0.05, "response_rate": 1.5}, "response rate"),
    ],
)
def test_sample_size_refuses_impossible_input(arguments, message):
    with pytest.raises(ValueError, match=message):
        sample_size(**arguments)


def test_neyman_reference_values():
    shares = neyman_shares([300, 200, 100], [0.3, 0.4, 0.4], 120)
    assert shares == pytest.approx([57.998, 41.335, 20.667], abs=1e-3)
    assert whole_allocation(shares, [300, 200, 100], 120) == [58, 41, 21]


def test_whole_allocation_adds_up_caps_and_keeps_every_stratum():
    assert whole_allocation(proportional_shares([1000, 5], 10), [1000, 5], 10) == [9, 1]
    assert whole_allocation(proportional_shares([3, 100], 50), [3, 100], 50) == [1, 49]
    assert whole_allocation([10.0, 0.0], [3, 40], 12) == [3, 9]  # capped at the stratum size
    with pytest.raises(ValueError, match="larger than the population"):
        whole_allocation([5, 5], [3, 3], 10)


def _population(n=600, seed=1):
    rng = random.Random(seed)
    return {f"p{i:04d}": rng.choice(["KH", "KH", "VN", "LA"]) for i in range(n)}


def test_same_seed_same_sample_whatever_the_row_order():
    units = _population()
    shuffled = dict(random.Random(9).sample(list(units.items()), len(units)))
    first = draw(units, size=120, seed=2013)
    assert draw(shuffled, size=120, seed=2013) == first
    assert draw(units, size=120, seed=2014) != first


def test_strata_sizes_follow_the_allocation():
    units = _population()
    sizes = Counter(units.values())
    sample = draw(units, size=120, seed=7)
    drawn = Counter(d.stratum for d in sample)
    expected = whole_allocation(
        proportional_shares([sizes[k] for k in sorted(sizes)], 120),
        [sizes[k] for k in sorted(sizes)],
        120,
    )
    assert [drawn[k] for k in sorted(sizes)] == expected
    assert len({d.unit for d in sample}) == 120
    for d in sample:
        assert d.inclusion_probability == pytest.approx(drawn[d.stratum] / sizes[d.stratum])
        assert d.base_weight == pytest.approx(1 / d.inclusion_probability)
    neyman = Counter(
        d.stratum
        for d in draw(
            units,
            size=120,
            seed=7,
            allocation="neyman",
            proportions={"KH": 0.5, "VN": 0.1, "LA": 0.1},
        )
    )
    assert neyman["KH"] > drawn["KH"]  # the more variable stratum gets more


def test_census_takes_everyone():
    units = _population(50)
    sample = draw(units, size=None, seed=1)
    assert {d.unit for d in sample} == set(units)
    assert all(d.inclusion_probability == 1 and d.base_weight == 1 for d in sample)
