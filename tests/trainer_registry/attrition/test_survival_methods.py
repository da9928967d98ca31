"""Log-rank, current status and grouped Kaplan-Meier against plain loops and a textbook."""

from __future__ import annotations

import numpy as np
import pytest

from trainer_registry.attrition.attrition_by_group import attrition_by_group
from trainer_registry.attrition.current_status import current_status_retention
from trainer_registry.attrition.grouped_kaplan_meier import grouped_kaplan_meier
from trainer_registry.attrition.kaplan_meier import kaplan_meier
from trainer_registry.attrition.log_rank import log_rank_test

# Freireich et al. (1963) remission weeks as tabulated by Kleinbaum and Klein (2012), ch. 2.
TREATED = [6, 6, 6, 7, 10, 13, 16, 22, 23, 6, 9, 10, 11, 17, 19, 20, 25, 32, 32, 34, 35]
TREATED_EVENTS = [1] * 9 + [0] * 12
PLACEBO = [1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23]


def test_log_rank_textbook_example():
    test = log_rank_test(TREATED + PLACEBO, TREATED_EVENTS + [1] * 21, [1] * 21 + [2] * 21)
    assert test.observed.tolist() == [9, 21]
    assert test.expected == pytest.approx([19.25, 10.75], abs=0.01)
    assert test.chi_square == pytest.approx(16.79, abs=0.005)
    assert test.degrees_of_freedom == 1


def _log_rank_loop(durations, events, groups):
    """The k-sample log-rank statistic the long way, first k - 1 groups, plain solve."""
    labels = sorted(set(groups))
    k = len(labels)
    u = np.zeros(k)
    v = np.zeros((k, k))
    for t in sorted({d for d, e in zip(durations, events, strict=True) if e}):
        n = [sum(1 for d, g in zip(durations, groups, strict=True) if d >= t and g == lab)
             for lab in labels]  # fmt: skip
        dd = [sum(1 for d, e, g in zip(durations, events, groups, strict=True)
                  if d == t and e and g == lab) for lab in labels]  # fmt: skip
        total_n, total_d = sum(n), sum(dd)
        for j in range(k):
            u[j] += dd[j] - total_d * n[j] / total_n
            for m in range(k):
                if total_n > 1:
                    v[j, m] += (total_d * (total_n - total_d) / (total_n - 1)
                                * n[j] / total_n * ((j == m) - n[m] / total_n))  # fmt: skip
    return float(u[:-1] @ np.linalg.solve(v[:-1, :-1], u[:-1]))


@pytest.mark.parametrize("seed", range(6))
def test_log_rank_matches_a_plain_loop(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(20, 80))
    durations = rng.integers(0, 25, n).tolist()
    events = (rng.random(n) < 0.6).tolist()
    groups = rng.integers(0, 2 + seed % 3, n).tolist()
    test = log_rank_test(durations, events, groups)
    assert test.chi_square == pytest.approx(_log_rank_loop(durations, events, groups), rel=1e-9)
    assert test.degrees_of_freedom == len(set(groups)) - 1


def test_log_rank_one_group_is_no_test():
    test = log_rank_test([1, 2, 3], [1, 0, 1], ["a", "a", "a"])
    assert test.degrees_of_freedom == 0 and test.p_value is None


def _current_status_maxmin(times, left):
    """F(c_i) = max over s <= i of min over u >= i of the pooled share of blocks s..u."""
    distinct = sorted(set(times))
    seen = [sum(1 for t in times if t == c) for c in distinct]
    gone = [sum(1 for t, x in zip(times, left, strict=True) if t == c and x) for c in distinct]
    fitted = []
    for i in range(len(distinct)):
        fitted.append(max(min(sum(gone[s:u + 1]) / sum(seen[s:u + 1])
                              for u in range(i, len(distinct))) for s in range(i + 1)))  # fmt: skip
    return distinct, [1 - f for f in fitted]


@pytest.mark.parametrize("seed", range(6))
def test_current_status_matches_the_max_min_formula(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 50))
    times = rng.integers(0, 30, n).tolist()
    left = (rng.random(n) < np.array(times) / 30).tolist()
    curve = current_status_retention(times, left)
    distinct, retention = _current_status_maxmin(times, left)
    assert curve.times.tolist() == distinct
    assert curve.retention == pytest.approx(retention, abs=1e-12)
    assert np.all(np.diff(curve.retention) <= 1e-15)


@pytest.mark.parametrize("weighted", [False, True])
def test_grouped_curves_equal_one_curve_per_group(weighted):
    rng = np.random.default_rng(3)
    n = 3000
    group = rng.integers(0, 7, n)
    group[group == 5] = 4  # group 5 empty
    durations = rng.integers(0, 200, n).astype(float)
    events = rng.random(n) < 0.4
    events[group == 6] = False  # group 6 all censored
    weights = rng.uniform(0.5, 3, n) if weighted else None
    curves = grouped_kaplan_meier(group, durations, events, weights, groups=8)
    for g in range(8):
        rows = group == g
        if not rows.any():
            assert curves.curve(g).times.size == 0
            assert np.isnan(curves.retention_at(10)[g])
            continue
        alone = kaplan_meier(
            durations[rows], events[rows], None if weights is None else weights[rows]
        )
        mine = curves.curve(g)
        for name in (
            "times",
            "at_risk",
            "events",
            "survival",
            "standard_error",
            "ci_low",
            "ci_high",
        ):
            assert np.array_equal(getattr(alone, name), getattr(mine, name), equal_nan=True), name
        assert curves.retention_at(100)[g] == alone.at(100)
        median = alone.median()
        assert (np.isnan(curves.medians()[g]) and median is None) or curves.medians()[g] == median


def test_the_one_pass_table_and_the_group_by_group_path_agree(monkeypatch):
    """Whole days within DENSE_CELLS take the one-pass table; otherwise each group is
    estimated on its own. The same people must give the same curves either way."""
    from trainer_registry.attrition import grouped_kaplan_meier as module

    rng = np.random.default_rng(11)
    group = rng.integers(0, 5, 2000)
    group[group == 3] = 2  # an empty group
    durations = rng.integers(0, 400, 2000).astype(float)
    events = rng.random(2000) < 0.5
    table = grouped_kaplan_meier(group, durations, events, groups=5)
    monkeypatch.setattr(module, "DENSE_CELLS", 0)
    by_group = grouped_kaplan_meier(group, durations, events, groups=5)
    for name in ("offsets", "times", "at_risk", "events", "survival", "ci_low", "ci_high"):
        assert np.array_equal(getattr(table, name), getattr(by_group, name), equal_nan=True), name
    assert np.array_equal(table.last_observed, by_group.last_observed, equal_nan=True)


@pytest.mark.parametrize(
    ("durations", "group", "message"),
    [
        ([1.0, np.nan], [0, 0], "negative or missing"),
        ([1.0, -2.0], [0, 0], "negative or missing"),
        ([1.0, 2.0], [0, -1], "start at 0"),
        ([1.0, 2.0], [0, 3], "a group number is 3, but there are 2 groups"),
    ],
)
def test_grouped_curves_refuse_bad_input(durations, group, message):
    with pytest.raises(ValueError, match=message):
        grouped_kaplan_meier(group, durations, [True, False], groups=2)


def test_group_counts_match_a_plain_loop():
    rng = np.random.default_rng(5)
    n = 5000
    group = rng.integers(0, 9, n)
    responded = rng.random(n) < 0.7
    left = (rng.random(n) < 0.4) & responded
    days = np.where(responded, rng.integers(0, 900, n), np.nan)
    figures = attrition_by_group(group, responded, left, days, groups=10)
    for g in range(10):
        rows = group == g
        assert figures.sampled[g] == rows.sum()
        assert figures.respondents[g] == (rows & responded).sum()
        assert figures.left[g] == (rows & left).sum()
        alone = grouped_kaplan_meier(
            np.zeros((rows & responded).sum(), dtype=int),
            days[rows & responded],
            left[rows & responded],
            groups=1,
        )
        assert np.array_equal(figures.curves.curve(g).survival, alone.curve(0).survival)
