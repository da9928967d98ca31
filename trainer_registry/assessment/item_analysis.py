"""Item analysis of one form of a knowledge check: difficulty, discrimination, option
shares per item, and the form's KR-20 reliability.

Pure (numpy and pandas, no Django). The responses come in as a learners x items
:class:`ResponseMatrix` (built from long rows by :func:`response_matrix`); every
statistic comes from the learners' totals (one matrix-vector product) and one pass over
the items, each item's column read once (dot products and vectorised counts), never a
loop over learners and no learners x items temporary.

What "skipped" means. A learner *answered* an item when they chose an option; a skipped
item (no option chosen, or no row for that learner and item) is not answered. For each
learner, the **total** is the number of items they answered correctly (a skip adds
nothing). An item's statistics use only the learners who answered it:

* **difficulty** p = correct / answered (Lord and Novick's item p-value);
* **discrimination** = the Pearson correlation, over the learners who answered the item,
  between the item score x (0/1) and the **rest score** r = total - x, the learner's
  total over the *other* items they answered (the corrected item-total correlation);
* **option shares** = learners who chose the option / learners who answered the item.

The form's **KR-20** (Kuder and Richardson 1937) uses the learners who answered every
item of the form (``complete``): KR-20 = k/(k-1) * (1 - sum p_j q_j / var(total)), with
p_j the share correct among them, q_j = 1 - p_j and var(total) the variance of their
totals, both variances with the same denominator (the count of complete learners); on
the 0/1 matrix it equals Cronbach's alpha computed with that one denominator.

Undefined statistics are ``None`` (JSON ``null``): difficulty with no answer;
discrimination with fewer than 2 answers or when the item score or the rest score does
not vary among them; KR-20 with fewer than 2 items, fewer than 2 complete learners or
totals that do not vary among them.

Flags: ``too_easy`` (p > 0.90), ``too_hard`` (p < 0.20), ``low_discrimination``
(r < 0.20), ``discrimination_undefined`` (r is ``None`` with at least one answer),
``rare_distractor:<option>`` (a distractor, an option never scored correct, chosen by
under 5 % of those who answered), ``too_few_learners`` (under 30 answered: the figures
are shown but should not be used to judge the item).

All sums are of integers held in float64 and stay below 2**53, so the moments are exact
and the correlations are computed from exact integer sums (n Sxy - Sx Sy).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

EASY_ABOVE = 0.90
HARD_BELOW = 0.20
DISCRIMINATION_BELOW = 0.20
RARE_DISTRACTOR_BELOW = 0.05
MIN_LEARNERS = 30
SKIPPED = -1


@dataclass(frozen=True)
class ResponseMatrix:
    """Learners (rows) x items (columns) of one form.

    ``score`` is a float64 0/1 matrix (0 where not answered); ``chosen`` holds option
    codes (indices into ``options``, ``SKIPPED`` where not answered; int8 up to 126
    options); ``keyed[j, o]`` is true when option ``o`` was scored correct for some
    learner on item ``j`` (the key; every other option chosen is a distractor).
    :func:`response_matrix` lays both matrices out item by item (Fortran order), so that
    one item's column is contiguous; any layout gives the same figures."""

    learner_ids: np.ndarray
    item_ids: tuple[str, ...]
    options: tuple[str, ...]
    score: np.ndarray
    chosen: np.ndarray
    keyed: np.ndarray

    @property
    def answered(self) -> np.ndarray:
        """Learners x items, true where the learner chose an option."""
        return self.chosen != SKIPPED


def _codes(values: Sequence | pd.Series, *, sort: bool) -> tuple[np.ndarray, np.ndarray]:
    """Codes (in first-seen order, or with ``sort`` in the values' text order) and the
    distinct values. Text columns and categoricals (as the reader gives) alike."""
    series = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
    codes, uniques = pd.factorize(series, sort=False)
    uniques = np.asarray(uniques, dtype=object)
    if sort and uniques.size:
        order = np.argsort(uniques.astype(str), kind="stable")
        rank = np.empty(order.size, dtype=np.int64)
        rank[order] = np.arange(order.size)
        codes, uniques = rank[codes], uniques[order]
    return codes, uniques


def response_matrix(
    learner_id: Sequence | pd.Series,
    item_id: Sequence | pd.Series,
    chosen: Sequence | pd.Series,
    correct: Sequence | pd.Series,
) -> ResponseMatrix:
    """The matrix of long rows, one per learner and item (pairs must be unique: the
    reader checks). ``chosen`` is the option id, ``""`` when skipped; ``correct`` 1 or 0
    (ignored when skipped). Learners and items keep the order they first appear in."""
    learner_codes, learners = _codes(learner_id, sort=False)
    item_codes, items = _codes(item_id, sort=False)
    chosen = chosen if isinstance(chosen, pd.Series) else pd.Series(list(chosen), dtype=object)
    took = (chosen.fillna("") != "").to_numpy(dtype=bool)
    picked, options = _codes(chosen[took], sort=True)
    right = np.asarray(correct, dtype=np.int8) == 1
    right &= took
    keyed = np.zeros((len(items), len(options)), dtype=bool)
    option_codes = np.full(len(took), SKIPPED, dtype=np.int64)
    option_codes[took] = picked
    keyed[item_codes[right], option_codes[right]] = True
    del option_codes
    # Item-major cells: each item's learners contiguous; one flat cell index per row.
    cell = item_codes
    cell *= len(learners)
    cell += learner_codes
    del learner_codes
    score = np.zeros((len(items), len(learners)))
    codes = np.full(score.shape, SKIPPED, dtype=np.int8 if len(options) < 127 else np.int32)
    score.ravel()[cell[right]] = 1.0
    codes.ravel()[cell[took]] = picked
    return ResponseMatrix(
        learner_ids=np.asarray(learners, dtype=object),
        item_ids=tuple(str(item) for item in items),
        options=tuple(str(option) for option in options),
        score=score.T,
        chosen=codes.T,
        keyed=keyed,
    )


@dataclass(frozen=True)
class ItemStatistics:
    """One item: learners who answered it, p, r (``None`` where undefined), the share
    choosing each option (in option order), the keyed options, and the flags."""

    item_id: str
    answered: int
    difficulty: float | None
    discrimination: float | None
    options: dict[str, float]
    keys: tuple[str, ...]
    flags: tuple[str, ...]

    def as_dict(self) -> dict:
        return {
            "item_id": self.item_id,
            "answered": self.answered,
            "difficulty": self.difficulty,
            "discrimination": self.discrimination,
            "options": dict(self.options),
            "keys": list(self.keys),
            "flags": list(self.flags),
        }


@dataclass(frozen=True)
class ItemAnalysis:
    """The form: learners (every learner in the matrix), items, learners who answered
    every item (``complete``, KR-20's denominator), KR-20, whether there are fewer than
    ``min_learners`` learners (``too_few``), and each item's statistics."""

    learners: int
    items: int
    complete: int
    kr20: float | None
    too_few: bool
    items_detail: tuple[ItemStatistics, ...] = field(default=())

    def as_dict(self) -> dict:
        """The JSON object of ``trainer-registry item-analysis --json``."""
        return {
            "learners": self.learners,
            "items": self.items,
            "complete_learners": self.complete,
            "kr20": self.kr20,
            "too_few": self.too_few,
            "items_detail": [item.as_dict() for item in self.items_detail],
        }


def _ratio(numerator: np.ndarray, denominator: np.ndarray, defined: np.ndarray) -> np.ndarray:
    """numerator / denominator where ``defined``, NaN elsewhere."""
    out = np.full(numerator.shape, np.nan)
    np.divide(numerator, denominator, out=out, where=defined)
    return out


def _scan_items(matrix: ResponseMatrix, total: np.ndarray, complete: np.ndarray) -> tuple:
    """One pass over the items, each item's column read once while it is in cache
    (the matrices are item-major): over everyone, the sums of its score, of score times
    total and of score for the complete learners (three dot products); the learners
    choosing each option; and over the learners who skipped it, their count and the
    sums of their totals and squared totals. Skips are usually few, so the sums over
    those who answered are taken as the sums over everyone less these."""
    learners, k = matrix.score.shape
    n_options = len(matrix.options)
    everyone = np.ones(learners)
    on_score = np.empty((k, 3))
    counts = np.zeros((k, n_options), dtype=np.int64)
    skipped = np.zeros((k, 3))
    hit = np.empty(learners, dtype=bool)  # one reused buffer: no page faults per item
    for j in range(k):  # per item (tens) and option (a few), never per learner
        score = matrix.score[:, j]
        on_score[j] = (score @ everyone, score @ total, score @ complete)
        column = matrix.chosen[:, j]
        np.less(column, 0, out=hit)
        missing = np.count_nonzero(hit)
        if missing:
            rest = np.compress(hit, total)
            skipped[j] = (missing, rest.sum(), rest @ rest)
        for code in range(n_options - 1):
            np.equal(column, code, out=hit)
            counts[j, code] = np.count_nonzero(hit)
        if n_options:  # the last option: every answer not on another option
            counts[j, -1] = learners - missing - counts[j, :-1].sum()
    return on_score, counts, skipped


def item_moments(matrix: ResponseMatrix) -> dict[str, np.ndarray]:
    """Per item, exact integer sums over the learners who answered it: ``n``, ``sx``
    (correct), ``sxt`` (x times total), ``st`` and ``stt`` (total and total squared);
    per form, the complete learners' ``m``, ``sxc`` (correct per item), ``tc`` and
    ``ttc`` (sum of totals and of squared totals); and ``counts`` (items x options, the
    learners choosing each option). The totals are one matrix-vector product; the rest
    one pass over the items (:func:`_scan_items`)."""
    learners, k = matrix.score.shape
    total = matrix.score @ np.ones(k)
    complete = np.empty(learners)
    if k:
        np.greater_equal(matrix.chosen.min(axis=1), 0, out=complete, casting="unsafe")
    else:
        complete[:] = 1.0
    on_score, counts, skipped = _scan_items(matrix, total, complete)
    complete_total = total @ complete
    return {
        "n": learners - skipped[:, 0],
        "st": float(total.sum()) - skipped[:, 1],
        "stt": float(total @ total) - skipped[:, 2],
        "sx": on_score[:, 0],
        "sxt": on_score[:, 1],
        "sxc": on_score[:, 2],
        "m": float(complete.sum()),
        "tc": float(complete_total),
        "ttc": float((total * complete) @ total),
        "counts": counts,
    }


def option_counts(matrix: ResponseMatrix) -> np.ndarray:
    """Items x options: how many learners chose each option of each item."""
    return item_moments(matrix)["counts"]


def kr20(moments: Mapping) -> float | None:
    """KR-20 from the complete learners' sums: k/(k-1) (1 - sum p q / var), written over
    integers as k/(k-1) (1 - sum sxc (m - sxc) / (m ttc - tc^2))."""
    k, m = moments["sxc"].size, moments["m"]
    spread = m * moments["ttc"] - moments["tc"] ** 2
    if k < 2 or m < 2 or spread <= 0:
        return None
    item_spread = float(np.sum(moments["sxc"] * (m - moments["sxc"])))
    return k / (k - 1) * (1 - item_spread / spread)


def item_statistics(moments: Mapping) -> tuple[np.ndarray, np.ndarray]:
    """Difficulty and discrimination per item (NaN where undefined)."""
    n, sx = moments["n"], moments["sx"]
    difficulty = _ratio(sx, n, n > 0)
    sy = moments["st"] - sx
    syy = moments["stt"] - 2 * moments["sxt"] + sx
    sxy = moments["sxt"] - sx
    x_spread = n * sx - sx * sx
    y_spread = n * syy - sy * sy
    denominator = np.sqrt(np.maximum(x_spread, 0) * np.maximum(y_spread, 0))
    defined = (n >= 2) & (x_spread > 0) & (y_spread > 0)
    discrimination = _ratio(n * sxy - sx * sy, denominator, defined)
    return difficulty, discrimination


def _value(number: float) -> float | None:
    return None if np.isnan(number) else float(number)


def _flags(n: int, p: float | None, r: float | None, rare: list[str], minimum: int) -> tuple:
    flags = []
    if n < minimum:
        flags.append("too_few_learners")
    if p is not None and p > EASY_ABOVE:
        flags.append("too_easy")
    if p is not None and p < HARD_BELOW:
        flags.append("too_hard")
    if r is None and n > 0:
        flags.append("discrimination_undefined")
    elif r is not None and r < DISCRIMINATION_BELOW:
        flags.append("low_discrimination")
    flags += [f"rare_distractor:{option}" for option in rare]
    return tuple(flags)


def item_analysis(matrix: ResponseMatrix, *, min_learners: int = MIN_LEARNERS) -> ItemAnalysis:
    """Every item's statistics and flags and the form's KR-20 (see the module's
    docstring for the definitions). Options in the result are those chosen by at least
    one learner on that item, in option order."""
    moments = item_moments(matrix)
    difficulty, discrimination = item_statistics(moments)
    counts = moments["counts"]
    details = []
    for j, item in enumerate(matrix.item_ids):  # per item (tens), never per learner
        n = int(moments["n"][j])
        chosen = np.flatnonzero(counts[j])
        shares = {matrix.options[o]: counts[j, o] / n for o in chosen}
        keys = tuple(matrix.options[o] for o in chosen if matrix.keyed[j, o])
        rare = [
            matrix.options[o]
            for o in chosen
            if not matrix.keyed[j, o] and counts[j, o] / n < RARE_DISTRACTOR_BELOW
        ]
        p, r = _value(difficulty[j]), _value(discrimination[j])
        details.append(
            ItemStatistics(item, n, p, r, shares, keys, _flags(n, p, r, rare, min_learners))
        )
    learners = len(matrix.learner_ids)
    return ItemAnalysis(
        learners=learners,
        items=len(matrix.item_ids),
        complete=int(moments["m"]),
        kr20=kr20(moments),
        too_few=learners < min_learners,
        items_detail=tuple(details),
    )
