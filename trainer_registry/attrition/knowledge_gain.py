"""What a class learnt, from the same test taken before and after a training.

Hake (1998), "Interactive-engagement versus traditional methods: a six-thousand-student
survey of mechanics test data for introductory physics courses", American Journal of
Physics 66(1) (DOMAIN.md section 6; METRICS.md "Knowledge gain"):

* individual normalised gain g = (post - pre) / (max - pre), undefined when pre = max:
  those people are left out of g and counted;
* class gain <g> = (mean post - mean pre) / (max - mean pre), over the same people as g;
* bands: low below 0.3, medium 0.3 to 0.7, high above 0.7.

Beside it, because g hides the size of the change: the raw gain (mean post - mean pre,
over every pair), the pass rate after the training (post >= pass mark, Wilson interval)
and the paired change with its Student t interval, mean d +- t_{n-1} s_d / sqrt(n).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import t as student_t

from trainer_registry.attrition.intervals import wilson


def gain_band(g: float) -> str:
    """Hake's band for a normalised gain: low (< 0.3), medium (0.3-0.7), high (> 0.7)."""
    if g < 0.3:
        return "low"
    return "high" if g > 0.7 else "medium"


def normalised_gain(pre, post, *, maximum: float) -> np.ndarray:
    """g for each person; NaN where pre = max (undefined)."""
    pre = np.asarray(pre, dtype=float)
    post = np.asarray(post, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(pre < maximum, (post - pre) / (maximum - pre), np.nan)


@dataclass(frozen=True)
class KnowledgeGain:
    """Every figure with its denominator: ``pairs`` with both scores, ``unpaired``
    left out for a missing score, ``at_maximum`` left out of g for pre = max."""

    pairs: int
    unpaired: int
    at_maximum: int
    class_gain: float | None
    class_gain_band: str | None
    mean_individual_gain: float | None
    raw_gain: float | None
    paired_change_ci: tuple[float, float] | None
    passed: int
    pass_rate: float | None
    pass_rate_ci: tuple[float, float] | None
    confidence: float


def knowledge_gain(
    pre, post, *, maximum: float, pass_mark: float, confidence: float = 0.95
) -> KnowledgeGain:
    """The class's gains from paired ``pre`` and ``post`` scores (NaN for a missing
    score), on a test scored out of ``maximum`` and passed at ``pass_mark``."""
    pre = np.asarray(pre, dtype=float)
    post = np.asarray(post, dtype=float)
    if pre.shape != post.shape or pre.ndim != 1:
        raise ValueError("pre and post scores must be lists of the same length")
    if not maximum > 0:
        raise ValueError(f"the maximum score must be positive, got {maximum}")
    if not 0 <= pass_mark <= maximum:
        raise ValueError(f"the pass mark {pass_mark} is not between 0 and {maximum}")
    for name, scores in (("pre", pre), ("post", post)):
        outside = ~np.isnan(scores) & ((scores < 0) | (scores > maximum))
        if outside.any():
            person = int(np.flatnonzero(outside)[0])
            raise ValueError(
                f"person {person}: {name} score {scores[person]:g} is not between 0 and {maximum:g}"
            )
    paired = ~np.isnan(pre) & ~np.isnan(post)
    pre, post = pre[paired], post[paired]
    n = int(pre.size)
    defined = pre < maximum
    class_gain = None
    if defined.any():
        mean_pre, mean_post = pre[defined].mean(), post[defined].mean()
        class_gain = float((mean_post - mean_pre) / (maximum - mean_pre))
    change = post - pre
    change_ci = None
    if n >= 2:
        half = student_t.ppf(1 - (1 - confidence) / 2, n - 1) * change.std(ddof=1) / np.sqrt(n)
        change_ci = (float(change.mean() - half), float(change.mean() + half))
    passed = int((post >= pass_mark).sum())
    return KnowledgeGain(
        pairs=n,
        unpaired=int((~paired).sum()),
        at_maximum=int((~defined).sum()),
        class_gain=class_gain,
        class_gain_band=gain_band(class_gain) if class_gain is not None else None,
        mean_individual_gain=(
            float(normalised_gain(pre[defined], post[defined], maximum=maximum).mean())
            if defined.any()
            else None
        ),
        raw_gain=float(change.mean()) if n else None,
        paired_change_ci=change_ci,
        passed=passed,
        pass_rate=passed / n if n else None,
        pass_rate_ci=wilson(passed, n, confidence=confidence) if n else None,
        confidence=confidence,
    )
