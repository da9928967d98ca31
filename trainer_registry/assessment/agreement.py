"""How far two observers agree when they score the same sessions on the rubric.

Pure functions over plain values (no Django). The measure is Cohen's kappa with
quadratic weights over the rubric's four ordered levels (1 to 4): a disagreement of one
level costs 1/9 of a disagreement of three levels, and chance agreement is taken from
each observer's own spread of levels. Kappa is 1 for perfect agreement, 0 for what
chance alone gives, below 0 for less.

The four levels are fixed, whatever levels the ratings happen to use, so the weights do
not shift when an observer never used level 1 (``sklearn.metrics.cohen_kappa_score``
agrees when given ``labels=[1, 2, 3, 4]``). When the expected disagreement is zero (both
observers put every rating on the same single level) kappa is undefined and
:func:`weighted_kappa` returns ``None``, never a number that looks like a result.

Fewer than :data:`MIN_SESSIONS` double-scored sessions is marked too few: see decision
0015 for why ten.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

LEVELS = (1, 2, 3, 4)
MIN_SESSIONS = 10


@dataclass(frozen=True)
class Agreement:
    """Kappa over ``pairs`` pairs of ratings from ``sessions`` double-scored sessions;
    ``kappa`` is None when undefined; ``too_few`` when sessions < :data:`MIN_SESSIONS`."""

    kappa: float | None
    pairs: int
    sessions: int
    exact_percent: float | None  # share of pairs on the same level, for plain reading

    @property
    def too_few(self) -> bool:
        return self.sessions < MIN_SESSIONS


def weighted_kappa(first: Sequence[int], second: Sequence[int]) -> float | None:
    """Quadratic-weighted Cohen's kappa of two equally long lists of levels (1 to 4).

    Raises ValueError when the lists differ in length or hold a level outside 1-4;
    returns None for no pairs or an undefined kappa (no expected disagreement)."""
    if len(first) != len(second):
        raise ValueError(
            f"the two observers' ratings differ in number ({len(first)} and {len(second)})"
        )
    for rating in (*first, *second):
        if rating not in LEVELS:
            raise ValueError(f"a rating is {rating!r}; levels are 1 to 4")
    n = len(first)
    if n == 0:
        return None
    k = len(LEVELS)
    observed = [[0] * k for _ in LEVELS]
    for a, b in zip(first, second, strict=True):
        observed[a - 1][b - 1] += 1
    rows = [sum(row) for row in observed]
    columns = [sum(observed[i][j] for i in range(k)) for j in range(k)]
    disagreement = expected = 0.0
    for i in range(k):
        for j in range(k):
            weight = (i - j) ** 2 / (k - 1) ** 2
            disagreement += weight * observed[i][j] / n
            expected += weight * rows[i] * columns[j] / (n * n)
    if expected == 0:
        return None
    return 1 - disagreement / expected


@dataclass(frozen=True)
class DoubleScored:
    """One session scored by two observers: each one's level per criterion id."""

    session: str
    first: Mapping[str, int]
    second: Mapping[str, int]


def agreement(pairs: Sequence[tuple[int, int]], sessions: int) -> Agreement:
    """The :class:`Agreement` of ``pairs`` of levels drawn from ``sessions`` sessions."""
    first = [a for a, _ in pairs]
    second = [b for _, b in pairs]
    exact = 100 * sum(a == b for a, b in pairs) / len(pairs) if pairs else None
    return Agreement(weighted_kappa(first, second), len(pairs), sessions, exact)


def by_criterion(
    scored: Iterable[DoubleScored], criteria: Sequence[str]
) -> tuple[dict[str, Agreement], Agreement]:
    """Agreement per criterion (its pairs pooled over the sessions), and overall (every
    criterion's pairs of every session pooled). A criterion one observer left unscored
    in a session contributes no pair from it."""
    scored = list(scored)
    per: dict[str, Agreement] = {}
    everything: list[tuple[int, int]] = []
    for criterion in criteria:
        pairs = [
            (s.first[criterion], s.second[criterion])
            for s in scored
            if criterion in s.first and criterion in s.second
        ]
        per[criterion] = agreement(pairs, len(pairs))
        everything += pairs
    return per, agreement(everything, len(scored))
