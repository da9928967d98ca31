"""Retention read at fixed times and drawn as an SVG, checked against a plain loop."""

from __future__ import annotations

import math
import random
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from trainer_registry.attrition.kaplan_meier import kaplan_meier
from trainer_registry.attrition.retention_chart import (
    MAX_SERIES,
    Series,
    last_observed_days,
    read_at,
    retention_svg,
)

SVG = "{http://www.w3.org/2000/svg}"


def survival_loop(days, left, t):
    """S(t) the long way: the product over leaving times up to t of (1 - d / n)."""
    s = 1.0
    for time in sorted({d for d, e in zip(days, left, strict=True) if e and d <= t}):
        at_risk = sum(1 for d in days if d >= time)
        leaving = sum(1 for d, e in zip(days, left, strict=True) if e and d == time)
        s *= 1 - leaving / at_risk
    return s


def series_of(days, left, name="all"):
    curve = kaplan_meier(days, left)
    return Series(
        name,
        [int(t) for t in curve.times],
        curve.survival.tolist(),
        curve.ci_low.tolist(),
        curve.ci_high.tolist(),
        int(max(days)),
    )


@pytest.mark.parametrize(
    ("days", "left"),
    [
        ([100, 100, 200, 300, 300, 300, 400, 800], [1, 1, 0, 1, 0, 1, 1, 0]),  # ties
        ([50, 60, 700, 900], [0, 1, 1, 0]),  # censored at the first time
        ([30, 400, 500], [0, 0, 0]),  # all censored
        ([420], [1]),  # one person
    ],
)
def test_reading_matches_a_plain_loop(days, left):
    series = series_of(days, left)
    for t in [t for t in (0, 99, 100, 365, 730) if t <= max(days)] + [max(days)]:
        reading = read_at(series, t)
        assert reading.survival == pytest.approx(survival_loop(days, left, t), abs=1e-12)
    assert read_at(series, max(days) + 1).survival is None


def test_random_curves_match_the_loop_and_carry_the_interval():
    rng = random.Random(5)
    for _ in range(20):
        n = rng.randint(1, 40)
        days = [rng.randint(0, 1500) for _ in range(n)]
        left = [rng.random() < 0.5 for _ in range(n)]
        series = series_of(days, left)
        for t in (365, 730, 1095):
            reading = read_at(series, t)
            if t > max(days):
                assert reading.survival is None
                continue
            assert reading.survival == pytest.approx(survival_loop(days, left, t), abs=1e-12)
            if reading.ci_low is not None and not math.isnan(reading.ci_low):
                assert reading.ci_low <= reading.survival <= reading.ci_high


def test_svg_is_labelled_escaped_and_has_a_line_and_band_per_group():
    first = series_of([100, 200, 300, 400, 800], [1, 1, 0, 1, 0], "Police")
    second = series_of([150, 500, 900], [1, 0, 1], "<Labour & co>")
    svg = retention_svg(
        [first, second],
        title="Retention & more",
        description="Two curves",
        x_label="Years",
        y_label="Share",
    )
    root = ET.fromstring(svg)  # noqa: S314 (well-formed XML, names escaped)
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Retention & more"
    assert root.find(f"{SVG}desc").text == "Two curves"
    assert root.get("aria-labelledby") == "retention-chart-title retention-chart-desc"
    groups = [g for g in root.iter(f"{SVG}g") if g.get("class") == "series"]
    assert [g.get("data-series") for g in groups] == ["Police", "<Labour & co>"]
    assert all(g.find(f"{SVG}polyline") is not None for g in groups)
    assert len(list(root.iter(f"{SVG}polygon"))) >= 2
    dashes = [g.find(f"{SVG}polyline").get("stroke-dasharray") for g in groups]
    assert dashes[0] != dashes[1]  # told apart without colour


def test_the_line_steps_down_where_people_leave():
    series = series_of([365, 730], [1, 0])
    drawn = retention_svg([series], title="t", description="d", x_label="x", y_label="y")
    svg = ET.fromstring(drawn)  # noqa: S314 (our own SVG)
    points = svg.find(f".//{SVG}polyline").get("points").split()
    heights = sorted({float(p.split(",")[1]) for p in points})
    assert len(heights) == 2  # at 100 % and at 50 %


def test_too_many_curves_are_refused():
    many = [series_of([100, 200], [1, 0], f"g{i}") for i in range(MAX_SERIES + 1)]
    with pytest.raises(ValueError, match="at most"):
        retention_svg(many, title="t", description="d", x_label="x", y_label="y")


def test_last_observed_day_of_each_group():
    frame = pd.DataFrame(
        {
            "sector": ["police", "police", "labour", "labour"],
            "in_role": ["no", "yes", "yes", ""],
            "trained_on": pd.to_datetime(["2010-01-01"] * 4),
            "left_role_on": pd.to_datetime(["2011-01-01", None, None, None]),
            "last_confirmed_on": pd.to_datetime([None, "2010-07-01", "2012-01-01", None]),
        }
    )
    assert last_observed_days(frame, ["sector"]) == {("labour",): 730, ("police",): 365}
    assert last_observed_days(frame, []) == {(): 730}
