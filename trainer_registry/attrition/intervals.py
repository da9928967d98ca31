"""Confidence intervals for a share (k of n), with the method always named.

Brown, Cai and DasGupta (2001), "Interval estimation for a binomial proportion",
Statistical Science 16(2): Wilson or Jeffreys recommended; Clopper-Pearson on request.
Reference (METRICS.md): 42 of 120 -> Wilson (0.270519, 0.438787), Clopper-Pearson
(0.265202, 0.442395), Jeffreys (0.269037, 0.438101); one-sided Wilson lower 0.282405.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.stats import beta, norm

METHODS = ("wilson", "clopper-pearson", "jeffreys")


def _check(k: float, n: float, confidence: float) -> None:
    if n <= 0:
        raise ValueError(f"n must be positive, got {n}")
    if not 0 <= k <= n:
        raise ValueError(f"k must be between 0 and n={n}, got {k}")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence}")


def wilson(k: float, n: float, *, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval: (p + z²/2n ± z sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n)."""
    _check(k, n, confidence)
    z = norm.ppf(1 - (1 - confidence) / 2)
    return _wilson(k / n, n, z)


def _wilson(p: float, n: float, z: float) -> tuple[float, float]:
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def wilson_lower_one_sided(k: float, n: float, *, confidence: float = 0.95) -> float:
    """The one-sided Wilson lower bound: the share is at least this, at ``confidence``."""
    _check(k, n, confidence)
    return _wilson(k / n, n, norm.ppf(confidence))[0]


def clopper_pearson(k: int, n: int, *, confidence: float = 0.95) -> tuple[float, float]:
    """Exact (Clopper-Pearson) interval from the beta distribution."""
    _check(k, n, confidence)
    alpha = 1 - confidence
    low = 0.0 if k == 0 else float(beta.ppf(alpha / 2, k, n - k + 1))
    high = 1.0 if k == n else float(beta.ppf(1 - alpha / 2, k + 1, n - k))
    return low, high


def jeffreys(k: float, n: float, *, confidence: float = 0.95) -> tuple[float, float]:
    """Jeffreys interval: quantiles of Beta(k + 1/2, n - k + 1/2), with the bound set to
    0 (or 1) when k = 0 (or n), as Brown, Cai and DasGupta advise."""
    _check(k, n, confidence)
    alpha = 1 - confidence
    low = 0.0 if k == 0 else float(beta.ppf(alpha / 2, k + 0.5, n - k + 0.5))
    high = 1.0 if k == n else float(beta.ppf(1 - alpha / 2, k + 0.5, n - k + 0.5))
    return low, high


def interval(
    k: float, n: float, *, method: str = "wilson", confidence: float = 0.95
) -> tuple[float, float]:
    if method == "wilson":
        return wilson(k, n, confidence=confidence)
    if method == "clopper-pearson":
        return clopper_pearson(round(k), round(n), confidence=confidence)
    if method == "jeffreys":
        return jeffreys(k, n, confidence=confidence)
    raise ValueError(f"unknown interval method {method!r}; use one of {', '.join(METHODS)}")


def intervals(
    k, n, *, method: str = "wilson", confidence: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """The same intervals for many shares at once (arrays ``k`` of ``n``); NaN where
    n = 0. Each bound equals the one :func:`interval` gives for that share alone."""
    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    if method not in METHODS:
        raise ValueError(f"unknown interval method {method!r}; use one of {', '.join(METHODS)}")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence}")
    if (n < 0).any() or (k < 0).any() or (k > n).any():
        raise ValueError("each k must be between 0 and its n")
    alpha = 1 - confidence
    with np.errstate(divide="ignore", invalid="ignore"):
        if method == "wilson":
            z = norm.ppf(1 - alpha / 2)
            p = k / n
            denominator = 1 + z * z / n
            centre = (p + z * z / (2 * n)) / denominator
            half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
            low, high = np.maximum(0.0, centre - half), np.minimum(1.0, centre + half)
        else:
            if method == "clopper-pearson":
                k, n = np.round(k), np.round(n)
                low = beta.ppf(alpha / 2, k, n - k + 1)
                high = beta.ppf(1 - alpha / 2, k + 1, n - k)
            else:
                low = beta.ppf(alpha / 2, k + 0.5, n - k + 0.5)
                high = beta.ppf(1 - alpha / 2, k + 0.5, n - k + 0.5)
            low = np.where(k == 0, 0.0, low)
            high = np.where(k == n, 1.0, high)
    empty = n == 0
    return np.where(empty, np.nan, low), np.where(empty, np.nan, high)
