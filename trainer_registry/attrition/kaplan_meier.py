"""Kaplan-Meier retention in a role, with Greenwood variance and log(-log) intervals.

S(t) = prod over event times t_i <= t of (1 - d_i / n_i), with d_i the (weighted) people
leaving at t_i and n_i those still observed in the role just before it.
Var S(t) = S(t)^2 sum d_i / (n_i (n_i - d_i))  (Greenwood, 1926).
Interval: S^exp(±z sigma), sigma = sqrt(sum d_i / (n_i (n_i - d_i))) / |ln S| (the
log(-log) transform, lifelines' default; it stays within [0, 1]).
Reference (METRICS.md): T = [3,5,6,6,8,10,12,12,15,18], E = [1,1,0,1,1,0,1,1,0,0] ->
S(12) = 0.291667, SE 0.166580, interval (0.047055, 0.608526), median 12; with weights
[2,2,1,1,1,3,1,1,2,2], S(12) = 0.4125.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import norm


@dataclass(frozen=True)
class Curve:
    """The curve at each distinct event time."""

    times: np.ndarray
    at_risk: np.ndarray
    events: np.ndarray
    survival: np.ndarray
    standard_error: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray
    last_observed: float  # the largest duration, event or censored

    def at(self, t: float) -> float | None:
        """S(t); ``None`` past the last observation."""
        if t > self.last_observed:
            return None
        index = np.searchsorted(self.times, t, side="right") - 1
        return 1.0 if index < 0 else float(self.survival[index])

    def median(self) -> float | None:
        """The smallest t with S(t) <= 0.5; ``None`` if never reached."""
        reached = np.flatnonzero(self.survival <= 0.5)
        return float(self.times[reached[0]]) if reached.size else None


def greenwood_interval(
    survival: np.ndarray, greenwood: np.ndarray, confidence: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Greenwood's standard error S sqrt(G) and the log(-log) bounds, from the curve S and
    the running sum G of d / (n (n - d)). Written as exp(ln S * exp(+-z sigma)), which is
    S^exp(+-z sigma) with one logarithm for both bounds. Where S = 0 the bounds are 0 and
    the standard error is NaN; where S = 1 (or G is infinite) the bounds are NaN."""
    z = norm.ppf(1 - (1 - confidence) / 2)
    # The same operations, in place where a result is not kept: fewer long temporaries.
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        root = np.sqrt(greenwood)
        standard_error = survival * root
        log_survival = np.log(survival)
        np.multiply(root, z, out=root)
        stretch = np.abs(log_survival)
        np.divide(root, stretch, out=stretch)  # z * root / |ln S|
        np.exp(stretch, out=stretch)
        ci_low = np.multiply(log_survival, stretch)
        np.exp(ci_low, out=ci_low)
        ci_high = np.divide(log_survival, stretch, out=root)
        np.exp(ci_high, out=ci_high)
        dead = survival <= 0  # S = 0: both bounds 0 (and S is never negative)
        ci_low[dead] = 0.0
        ci_high[dead] = 0.0
    for values in (standard_error, ci_low, ci_high):
        values[~np.isfinite(values)] = np.nan
    return standard_error, ci_low, ci_high


def kaplan_meier(durations, events, weights=None, *, confidence: float = 0.95) -> Curve:
    """The curve of one group: ``durations`` (days from the start of the clock),
    ``events`` (true if the person left the role then, false if last seen in it then),
    optional non-negative ``weights``. Raises ``ValueError`` for an empty group, unequal
    lengths or a negative duration."""
    durations = np.asarray(durations, dtype=float)
    events = np.asarray(events, dtype=bool)
    weights = np.ones_like(durations) if weights is None else np.asarray(weights, dtype=float)
    if durations.shape != events.shape or durations.shape != weights.shape:
        raise ValueError("durations, events and weights must have the same length")
    if durations.size == 0:
        raise ValueError("no one to follow: the group is empty")
    if (durations < 0).any():
        raise ValueError("a duration is negative")
    times, inverse = np.unique(durations, return_inverse=True)
    removed = np.bincount(inverse, weights=weights, minlength=times.size)
    died = np.bincount(inverse, weights=weights * events, minlength=times.size)
    at_risk = removed[::-1].cumsum()[::-1]
    keep = died > 0
    times, at_risk, died = times[keep], at_risk[keep], died[keep]
    survival = np.cumprod(1 - died / at_risk)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(at_risk > died, died / (at_risk * (at_risk - died)), np.inf)
    standard_error, ci_low, ci_high = greenwood_interval(survival, np.cumsum(terms), confidence)
    return Curve(
        times=times,
        at_risk=at_risk,
        events=died,
        survival=survival,
        standard_error=standard_error,
        ci_low=ci_low,
        ci_high=ci_high,
        last_observed=float(durations.max()),
    )
