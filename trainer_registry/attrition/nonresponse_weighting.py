"""Weights that correct a follow-up for the people who did not answer.

People still in post are easier to trace, so respondents over-represent stayers. Within
each weighting class (cells thought to answer alike, e.g. country x sector) the
respondents' weights are raised to stand for the eligible people sampled there who did
not answer (Kalton and Flores-Cervantes, "Weighting methods", Journal of Official
Statistics 19(2), 2003, section 2; METRICS.md "Non-response"):

* base weight of a sampled person in stratum h: d = N_h / n_h (inverse of the chance of
  being drawn);
* class adjustment factor: a_c = (sum of d over eligible sampled in c) /
  (sum of d over respondents in c);
* final weight: d a_c for a respondent, 0 for everyone else.

The spread of the weights costs precision: Kish's effective sample size (Kish, *Survey
Sampling*, 1965, section 11.7) is n_eff = (sum w)^2 / sum w^2.

Reference: two classes with 40 sampled and 30 responding, and 80 sampled and 48
responding, equal base weights -> factors 1.3333 and 1.6667.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


def kish_effective_n(weights) -> float:
    """(sum w)^2 / sum w^2 over the positive weights; 0 when every weight is 0."""
    w = np.asarray(weights, dtype=float)
    if w.size and (np.isnan(w).any() or (w < 0).any()):
        raise ValueError("weights must be non-negative numbers")
    square_sum = float((w * w).sum())
    return float(w.sum() ** 2 / square_sum) if square_sum else 0.0


def base_weights(population_sizes, sample_sizes) -> np.ndarray:
    """d_h = N_h / n_h for each stratum (arrays of the same length)."""
    sizes = np.asarray(population_sizes, dtype=float)
    sampled = np.asarray(sample_sizes, dtype=float)
    if sizes.shape != sampled.shape:
        raise ValueError("population sizes and sample sizes must be equal lists")
    if (sampled <= 0).any() or (sampled > sizes).any():
        stratum = int(np.flatnonzero((sampled <= 0) | (sampled > sizes))[0])
        raise ValueError(
            f"stratum {stratum}: sample size {sampled[stratum]:g} is not between 1 and the "
            f"population of {sizes[stratum]:g}"
        )
    return sizes / sampled


@dataclass(frozen=True)
class NonresponseWeights:
    """The adjusted weight of each sampled person (0 for non-respondents and the
    ineligible), the factor and counts per class, and Kish's effective n."""

    weights: np.ndarray
    classes: pd.DataFrame  # index: class; columns eligible, respondents, factor
    effective_n: float


def nonresponse_weights(base_weight, eligible, responded, weighting_class) -> NonresponseWeights:
    """Adjust base weights for non-response within weighting classes.

    All four arguments are per sampled person, in the same order. A respondent must be
    eligible; a class with eligible people but no respondent cannot be adjusted and is an
    error naming it (merge it with a neighbouring class).
    """
    d = np.asarray(base_weight, dtype=float)
    is_eligible = np.asarray(eligible, dtype=bool)
    answered = np.asarray(responded, dtype=bool)
    cells = pd.Series(np.asarray(weighting_class, dtype=object))
    if not d.shape == is_eligible.shape == answered.shape == (len(cells),):
        raise ValueError("base weights, eligibility, response and classes must be equal lists")
    if np.isnan(d).any() or (d < 0).any():
        raise ValueError(f"person {int(np.flatnonzero(~(d >= 0))[0])}: base weight is not >= 0")
    if (answered & ~is_eligible).any():
        person = int(np.flatnonzero(answered & ~is_eligible)[0])
        raise ValueError(f"person {person}: a respondent marked not eligible")
    table = pd.DataFrame(
        {
            "class": cells,
            "eligible_weight": np.where(is_eligible, d, 0.0),
            "respondent_weight": np.where(answered, d, 0.0),
            "eligible": is_eligible.astype(int),
            "respondents": answered.astype(int),
        }
    )
    classes = table.groupby("class", sort=True).sum()
    unanswered = classes.index[(classes["eligible"] > 0) & (classes["respondents"] == 0)]
    if len(unanswered):
        raise ValueError(
            f"weighting class {unanswered[0]!r}: eligible people but no respondent; "
            "merge it with another class"
        )
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = classes["eligible_weight"] / classes["respondent_weight"]
    classes["factor"] = factor.where(classes["respondents"] > 0)
    per_person = cells.map(classes["factor"]).to_numpy(dtype=float)
    weights = np.where(answered, d * np.nan_to_num(per_person), 0.0)
    return NonresponseWeights(
        weights=weights,
        classes=classes[["eligible", "respondents", "factor"]],
        effective_n=kish_effective_n(weights[answered]),
    )
