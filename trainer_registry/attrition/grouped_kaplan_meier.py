"""Kaplan-Meier curves for many groups at once (country x sector x programme, ...).

The same estimator, variance and interval as :mod:`trainer_registry.attrition.kaplan_meier`
(S(t) = prod (1 - d_i / n_i); Greenwood's Var S = S^2 sum d / (n (n - d)); the log(-log)
interval S^exp(+-z sigma), sigma = sqrt(sum d / (n (n - d))) / |ln S|), computed for every
group in one pass over the people instead of one pass per group: two weighted
``np.bincount`` calls over group x day keys give, for each group and each day, the people
leaving and the people leaving or last seen; a reversed cumulative sum along the days gives
those at risk, and cumulative products and sums along the days give every curve. Each
group's curve then holds the same numbers, operation for operation, as
:func:`~trainer_registry.attrition.kaplan_meier.kaplan_meier` on that group alone.

The one-pass form needs whole-day durations and a groups x days table of moderate size
(``DENSE_CELLS``); otherwise each group is estimated on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from trainer_registry.attrition.kaplan_meier import Curve, greenwood_interval, kaplan_meier

DENSE_CELLS = 8_000_000


@dataclass(frozen=True)
class GroupedCurves:
    """Every group's curve, stacked: rows ``offsets[g]:offsets[g + 1]`` belong to group g
    (its distinct leaving times, in order). ``last_observed[g]`` is the group's largest
    duration (NaN for a group with no one); ``retention_at`` and ``medians`` answer for
    all groups at once."""

    offsets: np.ndarray
    times: np.ndarray
    at_risk: np.ndarray
    events: np.ndarray
    survival: np.ndarray
    standard_error: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray
    last_observed: np.ndarray
    people: np.ndarray | None = None  # per group, when the one pass counted them
    leavers: np.ndarray | None = None

    @property
    def groups(self) -> int:
        return self.offsets.size - 1

    def curve(self, group: int) -> Curve:
        """One group's curve (``last_observed`` NaN if the group is empty)."""
        rows = slice(self.offsets[group], self.offsets[group + 1])
        return Curve(
            times=self.times[rows],
            at_risk=self.at_risk[rows],
            events=self.events[rows],
            survival=self.survival[rows],
            standard_error=self.standard_error[rows],
            ci_low=self.ci_low[rows],
            ci_high=self.ci_high[rows],
            last_observed=float(self.last_observed[group]),
        )

    def _row_keys(self) -> tuple[np.ndarray, float]:
        """Group number x (largest time + 2) + time for every row: sorted ascending."""
        scale = float(self.times.max()) + 2 if self.times.size else 2.0
        group = np.repeat(np.arange(self.groups), np.diff(self.offsets))
        return group * scale + self.times, scale

    def retention_at(self, t: float) -> np.ndarray:
        """S(t) for every group; NaN past a group's last observation (or if it is empty)."""
        keys, scale = self._row_keys()
        starts = self.offsets[:-1]
        last_row = np.searchsorted(keys, np.arange(self.groups) * scale + t, side="right") - 1
        value = np.ones(self.groups)
        has = last_row >= starts
        value[has] = self.survival[last_row[has]]
        value[~(t <= self.last_observed)] = np.nan
        return value

    def medians(self) -> np.ndarray:
        """The smallest t with S(t) <= 0.5 for every group; NaN where never reached."""
        below = np.flatnonzero(self.survival <= 0.5)
        first = np.searchsorted(below, self.offsets[:-1])
        result = np.full(self.groups, np.nan)
        inside = first < below.size
        found = np.zeros(self.groups, dtype=bool)
        found[inside] = below[first[inside]] < self.offsets[1:][inside]
        result[found] = self.times[below[first[found]]]
        return result


def grouped_kaplan_meier(
    group, durations, events, weights=None, *, groups: int | None = None, confidence=0.95
) -> GroupedCurves:
    """Curves for groups numbered 0..groups-1 (``group`` per person; ``groups`` defaults
    to the largest number + 1, so trailing empty groups need it given)."""
    group = np.asarray(group, dtype=np.int64)
    durations = np.asarray(durations, dtype=float)
    events = np.asarray(events, dtype=bool)
    weights = None if weights is None else np.asarray(weights, dtype=float)
    if not group.shape == durations.shape == events.shape or group.ndim != 1:
        raise ValueError("groups, durations and events must have the same length")
    if weights is not None and weights.shape != durations.shape:
        raise ValueError("weights must have one value per person")
    if durations.size and not durations.min() >= 0:  # NaN fails the comparison too
        raise ValueError("a duration is negative or missing")
    if group.size and group.min() < 0:
        raise ValueError("group numbers start at 0")
    largest = int(group.max()) if group.size else -1
    count = int(groups if groups is not None else largest + 1)
    if largest >= count:
        raise ValueError(f"a group number is {largest}, but there are {count} groups")
    span = int(durations.max()) + 1 if durations.size else 1
    dense = count * span <= DENSE_CELLS and _whole_days(durations)
    last = np.full(count, np.nan)  # the one pass finds it unless people are weighted
    if weights is not None or not dense:
        last = np.full(count, -np.inf)
        np.maximum.at(last, group, durations)
        last[np.isneginf(last)] = np.nan
    if dense:
        return _one_pass(group, durations, events, weights, count, span, last, confidence)
    return _group_by_group(group, durations, events, weights, count, last, confidence)


def _whole_days(durations: np.ndarray, chunk: int = 1 << 16) -> bool:
    """True if every duration is a whole number of days; checked a slice at a time, so
    that no array as long as the file is made for it."""
    for start in range(0, durations.size, chunk):
        part = durations[start : start + chunk]
        if not np.array_equal(part, np.floor(part)):
            return False
    return True


def _one_pass(group, durations, events, weights, count, span, last, confidence):
    key = group * span  # group x day: durations are whole days, so the cast is exact
    np.add(key, durations, out=key, casting="unsafe")
    cells = count * span
    if weights is None:  # whole counts; np.compress is many times faster than a mask here
        removed = np.bincount(key, minlength=cells)
        left = np.bincount(np.compress(events, key), minlength=cells)
    else:
        removed = np.bincount(key, weights=weights, minlength=cells)
        left = np.bincount(key, weights=weights * events, minlength=cells)
    if weights is None:  # each group's largest duration: its last day with anyone on it
        seen = removed.reshape(count, span) > 0
        latest = span - 1 - seen[:, ::-1].argmax(axis=1)
        last = np.where(seen.any(axis=1), latest.astype(float), np.nan)
    at_risk = removed.reshape(count, span)[:, ::-1].cumsum(axis=1)[:, ::-1]
    where = np.flatnonzero(left)
    row_group, day = np.divmod(where, span)
    leaving, remaining = left[where].astype(float), at_risk[row_group, day].astype(float)
    factor = np.ones(cells)
    factor[where] = 1 - leaving / remaining
    terms = np.zeros(cells)
    with np.errstate(divide="ignore"):
        terms[where] = np.where(
            remaining > leaving, leaving / (remaining * (remaining - leaving)), np.inf
        )
    survival = np.cumprod(factor.reshape(count, span), axis=1, out=factor.reshape(count, span))
    greenwood = np.cumsum(terms.reshape(count, span), axis=1, out=terms.reshape(count, span))
    survival, greenwood = survival.ravel()[where], greenwood.ravel()[where]
    offsets = np.zeros(count + 1, dtype=np.int64)
    np.cumsum(np.bincount(row_group, minlength=count), out=offsets[1:])
    standard_error, ci_low, ci_high = greenwood_interval(survival, greenwood, confidence)
    return GroupedCurves(
        offsets=offsets,
        times=day.astype(float),
        at_risk=remaining,
        events=leaving,
        survival=survival,
        standard_error=standard_error,
        ci_low=ci_low,
        ci_high=ci_high,
        last_observed=last,
        people=None if weights is not None else removed.reshape(count, span).sum(axis=1),
        leavers=None if weights is not None else left.reshape(count, span).sum(axis=1),
    )


def _group_by_group(group, durations, events, weights, count, last, confidence):
    order = np.argsort(group, kind="stable")
    bounds = np.searchsorted(group[order], np.arange(count + 1))
    parts = []
    for g in range(count):
        rows = order[bounds[g] : bounds[g + 1]]
        if rows.size:
            parts.append(
                kaplan_meier(
                    durations[rows],
                    events[rows],
                    None if weights is None else weights[rows],
                    confidence=confidence,
                )
            )
    sizes = np.zeros(count, dtype=np.int64)
    filled = np.flatnonzero(bounds[1:] > bounds[:-1])
    sizes[filled] = [part.times.size for part in parts]
    offsets = np.concatenate(([0], np.cumsum(sizes)))

    def stack(name):
        arrays = [getattr(part, name) for part in parts]
        return np.concatenate(arrays).astype(float) if arrays else np.zeros(0)

    return GroupedCurves(
        offsets=offsets,
        times=stack("times"),
        at_risk=stack("at_risk"),
        events=stack("events"),
        survival=stack("survival"),
        standard_error=stack("standard_error"),
        ci_low=stack("ci_low"),
        ci_high=stack("ci_high"),
        last_observed=last,
    )
