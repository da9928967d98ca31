"""Turnover over a period: separations as a share of the average headcount.

turnover = separations / ((headcount at the start + headcount at the end) / 2)

The Society for Human Resource Management's turnover rate; the US Bureau of Labor
Statistics' JOLTS reports separations as a share of employment the same way (METRICS.md
"Turnover over a period"). Reference: 9 / ((50 + 46) / 2) = 0.1875. A rate means
nothing without its period and the exits it counts, so both travel with it.

Which exits count: leaving the anti-trafficking role is every ended spell except a
promotion within anti-trafficking work (METRICS.md "Events and clocks"); leaving the
organisation counts only ``left_ministry``, ``left_government``, ``retired`` and
``died``. The two are reported as separate metrics.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

LEAVING_REASONS = (
    "moved_within_ministry",
    "left_ministry",
    "left_government",
    "retired",
    "died",
    "promoted_within_anti_trafficking",
    "other",
)
LEFT_THE_ROLE = tuple(r for r in LEAVING_REASONS if r != "promoted_within_anti_trafficking")
LEFT_THE_ORGANISATION = ("left_ministry", "left_government", "retired", "died")


@dataclass(frozen=True)
class Turnover:
    """The rate with what it was computed from."""

    rate: float
    separations: int
    headcount_start: int
    headcount_end: int
    period_start: date | None = None
    period_end: date | None = None
    exits_counted: tuple[str, ...] = ()

    @property
    def average_headcount(self) -> float:
        return (self.headcount_start + self.headcount_end) / 2


def turnover_rate(separations: int, headcount_start: int, headcount_end: int) -> float:
    """separations / ((start + end) / 2)."""
    if min(separations, headcount_start, headcount_end) < 0:
        raise ValueError("separations and headcounts cannot be negative")
    average = (headcount_start + headcount_end) / 2
    if average == 0:
        raise ValueError("no one held the role at the start or the end: no turnover rate")
    return separations / average


def turnover_over_period(
    spells: pd.DataFrame,
    *,
    period_start: date,
    period_end: date,
    exits_counted: tuple[str, ...] = LEFT_THE_ROLE,
) -> Turnover:
    """Turnover among anti-trafficking position spells from ``period_start`` to
    ``period_end`` (both included).

    ``spells`` has ``started_on``, ``ended_on`` (empty while the spell runs) and
    ``end_reason``. ``ended_on`` is the first day out of the role, so the headcount on a
    day counts spells started on or before it and not ended on or before it; a separation
    is a spell ended after ``period_start`` and by ``period_end`` for one of
    ``exits_counted`` (a spell ending on the first day left before the period).
    """
    for column in ("started_on", "ended_on", "end_reason"):
        if column not in spells.columns:
            raise ValueError(f"spells need a column '{column}'")
    unknown = sorted(set(exits_counted) - set(LEAVING_REASONS))
    if unknown:
        raise ValueError(f"unknown leaving reason(s): {', '.join(unknown)}")
    if period_end < period_start:
        raise ValueError(f"the period ends ({period_end}) before it starts ({period_start})")
    started = pd.to_datetime(spells["started_on"]).to_numpy()
    ended = pd.to_datetime(spells["ended_on"]).to_numpy()
    running = np.isnat(ended)
    if (~running & (ended < started)).any():
        row = int(np.flatnonzero(~running & (ended < started))[0])
        raise ValueError(f"spell {row}: ended_on is before started_on")
    first, last = np.datetime64(period_start, "ns"), np.datetime64(period_end, "ns")

    def headcount(day) -> int:
        return int(((started <= day) & (running | (ended > day))).sum())

    reason = spells["end_reason"].fillna("").astype(str).to_numpy()
    separations = int(
        (~running & (ended > first) & (ended <= last) & np.isin(reason, exits_counted)).sum()
    )
    start, end = headcount(first), headcount(last)
    return Turnover(
        rate=turnover_rate(separations, start, end),
        separations=separations,
        headcount_start=start,
        headcount_end=end,
        period_start=period_start,
        period_end=period_end,
        exits_counted=tuple(exits_counted),
    )
