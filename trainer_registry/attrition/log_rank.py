"""Do k groups keep their people in the role alike? The log-rank test, and its
Fleming-Harrington weighted variant.

At each distinct leaving time t, with n_t people still in the role (n_jt in group j) and
d_t leaving (d_jt in group j), and a weight w_t (1 for the log-rank test):

* U_j = sum_t w_t (d_jt - d_t n_jt / n_t)             (observed minus expected)
* V_jl = sum_t w_t^2 d_t (n_jt / n_t) (delta_jl - n_lt / n_t) (n_t - d_t) / (n_t - 1)
* chi^2 = U' V^- U with k - 1 degrees of freedom (the rank of V, if fewer groups still
  have people at risk), V^- a generalised inverse.

Mantel (1966), Cancer Chemotherapy Reports 50(3); Peto and Peto (1972), JRSS A 135(2);
the k-sample form and the weights w_t = S(t-)^rho (1 - S(t-))^gamma, with S the pooled
Kaplan-Meier curve just before t, from Fleming and Harrington, *Counting Processes and
Survival Analysis* (1991), section 7.4 (rho = gamma = 0 is the log-rank test; rho = 1,
gamma = 0 weighs early leavers more, like Peto-Peto's Wilcoxon form).
Textbook check (tests): the Freireich et al. (1963) remission times tabulated by
Kleinbaum and Klein, *Survival Analysis: A Self-Learning Text*, 3rd ed. (2012), ch. 2,
give O - E = -10.25 in the treated group, variance 6.2570 and chi^2 = 16.79.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import chi2


@dataclass(frozen=True)
class LogRankTest:
    """The test's groups (sorted), observed and expected leavers per group, chi^2, its
    degrees of freedom and p-value, and the weights used (rho, gamma)."""

    groups: list
    observed: np.ndarray
    expected: np.ndarray
    chi_square: float
    degrees_of_freedom: int
    p_value: float | None
    rho: float = 0.0
    gamma: float = 0.0


def log_rank_test(
    durations, events, groups, *, rho: float = 0.0, gamma: float = 0.0
) -> LogRankTest:
    """Compare retention between the groups in ``groups`` (one label per person).

    ``events`` is true where the person left the role at ``durations`` and false where
    they were last seen in it then. With no leaving time, or a single group, chi^2 = 0
    with 0 degrees of freedom and the p-value is ``None`` (no test is possible).
    """
    durations = np.asarray(durations, dtype=float)
    events = np.asarray(events, dtype=bool)
    labels, group = np.unique(np.asarray(groups), return_inverse=True)
    if not durations.shape == events.shape == group.shape or durations.ndim != 1:
        raise ValueError("durations, events and groups must have the same length")
    if durations.size == 0:
        raise ValueError("no one to compare: the groups are empty")
    if np.isnan(durations).any() or (durations < 0).any():
        raise ValueError("a duration is negative or missing")
    if rho < 0 or gamma < 0:
        raise ValueError("the Fleming-Harrington rho and gamma must be >= 0")
    k = labels.size
    times, time_index = np.unique(durations, return_inverse=True)
    cell = time_index * k + group
    removed = np.bincount(cell, minlength=times.size * k).reshape(times.size, k)
    left = np.bincount(cell, weights=events, minlength=times.size * k).reshape(times.size, k)
    at_risk = removed[::-1].cumsum(axis=0)[::-1].astype(float)
    observed = left.sum(axis=0)
    total_left = left.sum(axis=1)
    keep = total_left > 0
    at_risk, left, total_left = at_risk[keep], left[keep], total_left[keep]
    total_at_risk = at_risk.sum(axis=1)
    if rho or gamma:
        pooled = np.cumprod(1 - total_left / total_at_risk)
        before = np.concatenate(([1.0], pooled[:-1]))
        weight = before**rho * (1 - before) ** gamma
    else:
        weight = np.ones_like(total_left)
    share = at_risk / total_at_risk[:, None]
    expected = (total_left[:, None] * share).sum(axis=0)
    u = (weight[:, None] * (left - total_left[:, None] * share)).sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        spread = np.where(
            total_at_risk > 1,
            weight**2 * total_left * (total_at_risk - total_left) / (total_at_risk - 1),
            0.0,
        )
    variance = np.einsum("t,tj,jl->jl", spread, share, np.eye(k)) - np.einsum(
        "t,tj,tl->jl", spread, share, share
    )
    degrees = int(np.linalg.matrix_rank(variance)) if k > 1 and keep.any() else 0
    statistic = float(u @ np.linalg.pinv(variance) @ u) if degrees else 0.0
    return LogRankTest(
        groups=labels.tolist(),
        observed=observed,
        expected=expected,
        chi_square=statistic,
        degrees_of_freedom=degrees,
        p_value=float(chi2.sf(statistic, degrees)) if degrees else None,
        rho=rho,
        gamma=gamma,
    )
