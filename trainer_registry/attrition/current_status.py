"""Retention when a follow-up only asked "are you still in the role?" (current-status data).

Each respondent is seen once, c days after training, and says whether they are still in
the role; when they left is unknown. Kaplan-Meier does not apply. The non-parametric
maximum-likelihood estimate of F(t) = P(left by t) is the isotonic (non-decreasing)
regression of the left-the-role indicators on the observation times, found by
pool-adjacent-violators: sort by c, pool tied times, then merge neighbouring blocks while
a block's share left exceeds the next one's; each block's value is its pooled (weighted)
share left. Equivalently F(c_i) = max over s <= i of min over u >= i of the pooled share
of blocks s..u. Retention is S = 1 - F, determined at the observation times only.

Ayer, Brunk, Ewing, Reid and Silverman (1955), "An empirical distribution function for
sampling with incomplete information", Annals of Mathematical Statistics 26(4);
Groeneboom and Wellner (1992), *Information Bounds and Nonparametric Maximum Likelihood
Estimation*, part II, section 1.1 (the current-status NPMLE).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class CurrentStatusCurve:
    """Retention S = 1 - F at each distinct observation time (days since training), with
    the people observed and those no longer in the role there."""

    times: np.ndarray
    observed: np.ndarray
    left: np.ndarray
    retention: np.ndarray

    def at(self, t: float) -> float | None:
        """S at the last observation time <= t (the estimate's right-continuous form);
        ``None`` before the first or after the last observation time, where the data say
        nothing."""
        if t < self.times[0] or t > self.times[-1]:
            return None
        return float(self.retention[np.searchsorted(self.times, t, side="right") - 1])

    def median(self) -> float | None:
        """The first observation time with S <= 0.5; ``None`` if never reached."""
        reached = np.flatnonzero(self.retention <= 0.5)
        return float(self.times[reached[0]]) if reached.size else None


def pool_adjacent_violators(values, weights) -> np.ndarray:
    """The weighted least-squares non-decreasing fit to ``values`` (in their order)."""
    values = np.asarray(values, dtype=float)
    weights = np.asarray(weights, dtype=float)
    means: list[float] = []
    masses: list[float] = []
    lengths: list[int] = []
    for value, weight in zip(values, weights, strict=True):
        means.append(value)
        masses.append(weight)
        lengths.append(1)
        while len(means) > 1 and means[-2] > means[-1]:
            mass = masses[-2] + masses[-1]
            mean = (means[-2] * masses[-2] + means[-1] * masses[-1]) / mass if mass else 0.0
            length = lengths[-2] + lengths[-1]
            del means[-1], masses[-1], lengths[-1]
            means[-1], masses[-1], lengths[-1] = mean, mass, length
    return np.repeat(means, lengths)


def current_status_retention(observed_after, left, weights=None) -> CurrentStatusCurve:
    """The NPMLE of retention from ``observed_after`` (days from training to the
    follow-up) and ``left`` (true if no longer in the role then), optionally weighted."""
    times = np.asarray(observed_after, dtype=float)
    status = np.asarray(left, dtype=bool)
    w = np.ones_like(times) if weights is None else np.asarray(weights, dtype=float)
    if not times.shape == status.shape == w.shape or times.ndim != 1:
        raise ValueError("observation times, status and weights must have the same length")
    if times.size == 0:
        raise ValueError("no one observed: the group is empty")
    if np.isnan(times).any() or (times < 0).any():
        raise ValueError("an observation time is negative or missing")
    if np.isnan(w).any() or (w < 0).any() or w.sum() == 0:
        raise ValueError("weights must be non-negative numbers, not all zero")
    distinct, index = np.unique(times, return_inverse=True)
    mass = np.bincount(index, weights=w, minlength=distinct.size)
    gone = np.bincount(index, weights=w * status, minlength=distinct.size)
    seen = mass > 0
    distinct, mass, gone = distinct[seen], mass[seen], gone[seen]
    fitted = pool_adjacent_violators(gone / mass, mass)
    return CurrentStatusCurve(
        times=distinct,
        observed=mass,
        left=gone,
        retention=np.clip(1 - fitted, 0.0, 1.0),
    )
