"""The share no longer in the role from a stratified sample, with its standard error.

A follow-up drawn by strata (country, ministry, programme, cohort) samples some strata
more heavily than their size warrants; pooling the respondents then over-represents
those strata. The stratified estimator weights each stratum by its share of the
population instead (Cochran, *Sampling Techniques*, 3rd ed., 1977, section 5.3 and
eq. 5.48 for proportions; METRICS.md "Stratified estimate"):

* p_st = sum_h W_h p_h, with W_h = N_h / N;
* Var(p_st) = sum_h W_h^2 (1 - f_h) p_h q_h / (n_h - 1), with f_h = n_h / N_h, q_h = 1 - p_h.

Reference: N = [300, 200, 100], n = [40, 40, 40], p = [0.3, 0.4, 0.4] -> p_st = 0.35,
SE 0.042617, against the naive pooled share 0.3667.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import norm


@dataclass(frozen=True)
class StratifiedShare:
    """The stratified share, its standard error and a normal 95 % (by default) interval."""

    estimate: float
    standard_error: float
    ci: tuple[float, float]
    confidence: float
    pooled: float  # the naive share over all respondents, to show what stratifying changed
    strata: int
    respondents: int


def stratified_proportion(
    population_sizes, sample_sizes, proportions, *, confidence: float = 0.95
) -> StratifiedShare:
    """p_st and its standard error from each stratum's N_h, n_h (respondents) and p_h.

    The interval is p_st +- z SE, clipped to [0, 1] (Cochran's normal approximation; the
    method is named where it is shown). A stratum needs at least two respondents for its
    variance term; ``n_h`` may not exceed ``N_h``.
    """
    sizes = np.asarray(population_sizes, dtype=float)
    sampled = np.asarray(sample_sizes, dtype=float)
    shares = np.asarray(proportions, dtype=float)
    if not sizes.shape == sampled.shape == shares.shape or sizes.ndim != 1:
        raise ValueError("population sizes, sample sizes and proportions must be equal lists")
    if sizes.size == 0:
        raise ValueError("no strata: give at least one")
    if (sampled < 2).any():
        stratum = int(np.flatnonzero(sampled < 2)[0])
        raise ValueError(
            f"stratum {stratum}: needs at least 2 respondents, has {sampled[stratum]:g}"
        )
    if (sampled > sizes).any():
        stratum = int(np.flatnonzero(sampled > sizes)[0])
        raise ValueError(
            f"stratum {stratum}: {sampled[stratum]:g} respondents in a population of "
            f"{sizes[stratum]:g}"
        )
    if ((shares < 0) | (shares > 1)).any():
        stratum = int(np.flatnonzero((shares < 0) | (shares > 1))[0])
        raise ValueError(f"stratum {stratum}: proportion {shares[stratum]} is not in [0, 1]")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence}")
    share_of_population = sizes / sizes.sum()
    estimate = float((share_of_population * shares).sum())
    variance = (
        share_of_population**2 * (1 - sampled / sizes) * shares * (1 - shares) / (sampled - 1)
    ).sum()
    standard_error = float(np.sqrt(variance))
    z = float(norm.ppf(1 - (1 - confidence) / 2))
    return StratifiedShare(
        estimate=estimate,
        standard_error=standard_error,
        ci=(max(0.0, estimate - z * standard_error), min(1.0, estimate + z * standard_error)),
        confidence=confidence,
        pooled=float((sampled * shares).sum() / sampled.sum()),
        strata=int(sizes.size),
        respondents=int(sampled.sum()),
    )


def stratified_share_left(
    respondents: pd.DataFrame,
    population_sizes: pd.Series,
    *,
    strata: list[str],
    confidence: float = 0.95,
) -> StratifiedShare:
    """The stratified share of respondents no longer in the role.

    ``respondents`` holds one row per respondent with the ``strata`` columns and a boolean
    ``left`` column; ``population_sizes`` is indexed by the strata values (a MultiIndex for
    several columns) and gives N_h. Every stratum with respondents must have its N_h.
    """
    if "left" not in respondents.columns:
        raise ValueError("respondents need a 'left' column (True when no longer in the role)")
    grouped = respondents.groupby(strata, sort=True)["left"].agg(["size", "mean"])
    missing = grouped.index.difference(population_sizes.index)
    if len(missing):
        raise ValueError(f"no population size for stratum {missing[0]!r}")
    sizes = population_sizes.reindex(grouped.index).to_numpy(dtype=float)
    return stratified_proportion(
        sizes, grouped["size"].to_numpy(), grouped["mean"].to_numpy(), confidence=confidence
    )
