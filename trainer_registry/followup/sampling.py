"""Probability samples for follow-up surveys: how many to invite, how to share them among
strata, and which people to draw. Pure functions; the same seed gives the same sample.

Formulas (Cochran, *Sampling Techniques*, 3rd ed., 1977; METRICS.md "Sampling"):

* size for a proportion: n0 = z^2 p (1 - p) / e^2; with a finite population N,
  n = n0 / (1 + (n0 - 1) / N); then divided by the expected response rate, rounded up;
* proportional allocation: n_h = n N_h / N;
* Neyman allocation: n_h proportional to N_h S_h, with S_h = sqrt(p_h (1 - p_h)).

Whole numbers are shared by the largest-remainder method, never more than a stratum
holds, and at least one per stratum while the sample allows.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.stats import norm


@dataclass(frozen=True)
class SampleSize:
    z: float
    n0: float  # infinite-population size
    n_finite: float  # after the finite population correction (== n0 without N)
    invite: int  # rounded up, after dividing by the expected response rate


def sample_size(
    *,
    proportion: float,
    margin: float,
    population: int | None = None,
    response_rate: float = 1.0,
    confidence: float = 0.95,
) -> SampleSize:
    """How many to invite to estimate a proportion within ``margin`` at ``confidence``."""
    if not 0 < proportion < 1:
        raise ValueError(f"proportion must be between 0 and 1 (exclusive), got {proportion}")
    if not 0 < margin < 1:
        raise ValueError(f"margin must be between 0 and 1 (exclusive), got {margin}")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1 (exclusive), got {confidence}")
    if not 0 < response_rate <= 1:
        raise ValueError(f"response rate must be above 0 and at most 1, got {response_rate}")
    if population is not None and population < 1:
        raise ValueError(f"population must be at least 1, got {population}")
    z = float(norm.ppf(1 - (1 - confidence) / 2))
    n0 = z * z * proportion * (1 - proportion) / (margin * margin)
    n = n0 if population is None else n0 / (1 + (n0 - 1) / population)
    invite = math.ceil(round(n / response_rate, 9))
    if population is not None:
        invite = min(invite, population)
    return SampleSize(z=z, n0=n0, n_finite=n, invite=invite)


def neyman_shares(sizes: Sequence[int], proportions: Sequence[float], n: int) -> list[float]:
    """Neyman allocation before rounding: n N_h S_h / sum(N_k S_k)."""
    weights = [size * math.sqrt(p * (1 - p)) for size, p in zip(sizes, proportions, strict=True)]
    total = sum(weights)
    if total == 0:  # every stratum certain: fall back on size
        return proportional_shares(sizes, n)
    return [n * weight / total for weight in weights]


def proportional_shares(sizes: Sequence[int], n: int) -> list[float]:
    total = sum(sizes)
    return [n * size / total for size in sizes]


def whole_allocation(shares: Sequence[float], sizes: Sequence[int], n: int) -> list[int]:
    """Round ``shares`` to whole numbers adding up to ``n`` (largest remainder), never above a
    stratum's size, and at least one per stratum while ``n`` allows."""
    if n > sum(sizes):
        raise ValueError(f"a sample of {n} is larger than the population of {sum(sizes)}")
    counts = [min(math.floor(share), size) for share, size in zip(shares, sizes, strict=True)]
    if n >= len(sizes):
        counts = [max(count, 1) if size else 0 for count, size in zip(counts, sizes, strict=True)]
    while sum(counts) > n:  # the minimum of one took too many: trim the largest
        largest = max(range(len(counts)), key=lambda i: (counts[i], -i))
        counts[largest] -= 1
    order = sorted(range(len(shares)), key=lambda i: (-(shares[i] - math.floor(shares[i])), i))
    while sum(counts) < n:
        for i in order:
            if sum(counts) == n:
                break
            if counts[i] < sizes[i]:
                counts[i] += 1
        order = sorted(range(len(shares)), key=lambda i: (-(shares[i] - counts[i]), i))
    return counts


@dataclass(frozen=True)
class Drawn:
    """One sampled unit: its id, stratum, inclusion probability and base weight."""

    unit: str
    stratum: str
    inclusion_probability: float
    base_weight: float


def draw(
    units: Mapping[str, str],
    *,
    size: int | None,
    seed: int,
    allocation: str = "proportional",
    proportions: Mapping[str, float] | None = None,
) -> list[Drawn]:
    """Draw a sample of ``size`` from ``units`` (id -> stratum label; one label for a
    simple random sample); ``size=None`` takes everyone (a census).

    Units are put in order of id first, so the input's order does not matter; strata are
    drawn in order of their labels from one ``numpy.random.Generator(PCG64(seed))``."""
    strata: dict[str, list[str]] = {}
    for unit in sorted(units):
        strata.setdefault(units[unit], []).append(unit)
    labels = sorted(strata)
    sizes = [len(strata[label]) for label in labels]
    if size is None:
        counts = sizes
    else:
        if size < 1:
            raise ValueError(f"sample size must be at least 1, got {size}")
        if allocation == "neyman":
            assumed = [(proportions or {}).get(label, 0.5) for label in labels]
            shares = neyman_shares(sizes, assumed, size)
        elif allocation == "proportional":
            shares = proportional_shares(sizes, size)
        else:
            raise ValueError(f"allocation must be proportional or neyman, got {allocation!r}")
        counts = whole_allocation(shares, sizes, size)
    generator = np.random.Generator(np.random.PCG64(seed))
    sample = []
    for label, count in zip(labels, counts, strict=True):
        members = strata[label]
        chosen = sorted(generator.choice(len(members), size=count, replace=False).tolist())
        probability = count / len(members) if members else 0.0
        sample += [Drawn(members[i], label, probability, len(members) / count) for i in chosen]
    return sample
