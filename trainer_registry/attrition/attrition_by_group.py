"""The attrition figures of every group at once, from arrays: the core that
``trainer-registry attrition`` and the benchmark run.

For each group g (numbered 0..groups-1): ``sampled`` rows; ``respondents`` (answered
yes or no); ``left`` (answered no); ``share_left`` = left / respondents with its interval
(Wilson by default, Brown, Cai and DasGupta 2001); the Kaplan-Meier curve over the
respondents whose clock has an end (Greenwood variance, log(-log) interval; see
:mod:`~trainer_registry.attrition.grouped_kaplan_meier`), the respondents without one
counted in ``km_excluded``; retention at the given days and the median retention.
With weights: the weighted share sum(w left) / sum(w) over respondents, Kish's effective
n = (sum w)^2 / sum w^2 (Kish 1965, section 11.7), and the interval of the share taken as
share x n_eff of n_eff (the exact Clopper-Pearson interval needs whole counts, so a
weighted share asked for it gets Wilson's).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from trainer_registry.attrition.grouped_kaplan_meier import GroupedCurves, grouped_kaplan_meier
from trainer_registry.attrition.intervals import intervals

RETENTION_DAYS = (365, 730, 1095)


@dataclass(frozen=True)
class GroupFigures:
    """Arrays with one value per group. ``share_left`` and the interval are NaN where a
    group has no respondents; ``retention[day]`` and ``median`` are NaN where the curve
    says nothing (past the last observation, never down to one half, no one usable)."""

    sampled: np.ndarray
    respondents: np.ndarray
    left: np.ndarray
    share_left: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray
    ci_method: str
    km_excluded: np.ndarray
    curves: GroupedCurves
    retention: dict[int, np.ndarray]
    median: np.ndarray
    effective_n: np.ndarray | None = None  # weighted figures only


def _counts(group, responded, left, groups: int):
    """Sampled, respondents and leavers per group from one ``np.bincount`` over the codes
    4 x group + 2 x responded + left (``left`` implies ``responded``): a single pass, where
    a count per flag would first copy the rows that carry it."""
    codes = group * 4
    codes += responded.view(np.int8) * 2
    codes += left.view(np.int8)
    table = np.bincount(codes, minlength=4 * groups).reshape(groups, 4)
    return table.sum(axis=1), table[:, 2] + table[:, 3], table[:, 3].copy()


def attrition_by_group(
    group,
    responded,
    left,
    days,
    *,
    groups: int,
    weights=None,
    ci_method: str = "wilson",
    retention_days: tuple[int, ...] = RETENTION_DAYS,
) -> GroupFigures:
    """Figures per group from one value per sampled person: ``group`` number,
    ``responded`` and ``left`` flags, ``days`` from training to the end of the clock (the
    leaving date for leavers, the last confirmation for stayers; NaN when not known) and
    optional non-negative ``weights``. Inner code: the caller has checked the file."""
    group = np.asarray(group, dtype=np.int64)
    responded = np.asarray(responded, dtype=bool)
    left = np.asarray(left, dtype=bool) & responded
    days = np.asarray(days, dtype=float)
    usable = responded & ~np.isnan(days)
    everyone = bool(usable.all())  # no row to drop: skip the copies
    curves = None
    if everyone and weights is None:  # the curves' one pass counts the groups too
        curves = grouped_kaplan_meier(group, days, left, None, groups=groups)
    if curves is not None and curves.people is not None:
        sampled, leavers = curves.people, curves.leavers
        respondents = sampled
    else:
        sampled, respondents, leavers = _counts(group, responded, left, groups)
    if weights is None:
        n, k, method, effective_n, km_weights = respondents, leavers, ci_method, None, None
    else:
        w = np.where(responded, np.asarray(weights, dtype=float), 0.0)
        total = np.bincount(group, weights=w, minlength=groups)
        squares = np.bincount(group, weights=w * w, minlength=groups)
        weighted_left = np.bincount(group, weights=w * left, minlength=groups)
        with np.errstate(divide="ignore", invalid="ignore"):
            share = weighted_left / total
            effective_n = np.where(squares > 0, total**2 / squares, 0.0)
        n, k = effective_n, np.where(total > 0, share * effective_n, 0.0)
        method = "wilson" if ci_method == "clopper-pearson" else ci_method
        km_weights = w if everyone else np.compress(usable, w)
    with np.errstate(divide="ignore", invalid="ignore"):
        share_left = (
            leavers / respondents if weights is None else np.where(total > 0, share, np.nan)
        )
    share_left = np.where(respondents > 0, share_left, np.nan)
    ci_low, ci_high = intervals(np.minimum(k, n), n, method=method)
    if weights is not None:
        ci_low = np.where(total > 0, ci_low, np.nan)
        ci_high = np.where(total > 0, ci_high, np.nan)
    if curves is None and everyone:
        curves = grouped_kaplan_meier(group, days, left, km_weights, groups=groups)
    elif curves is None:  # np.compress: many times faster than a boolean index
        curves = grouped_kaplan_meier(
            np.compress(usable, group),
            np.compress(usable, days),
            np.compress(usable, left),
            km_weights,
            groups=groups,
        )
    return GroupFigures(
        sampled=sampled,
        respondents=respondents,
        left=leavers,
        share_left=share_left,
        ci_low=ci_low,
        ci_high=ci_high,
        ci_method=method,
        km_excluded=(
            np.zeros(groups, dtype=np.int64)
            if everyone
            else respondents - np.bincount(np.compress(usable, group), minlength=groups)
        ),
        curves=curves,
        retention={day: curves.retention_at(day) for day in retention_days},
        median=curves.medians(),
        effective_n=effective_n,
    )
