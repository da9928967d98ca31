"""Kaplan-Meier retention curves drawn as an accessible SVG, and read at fixed times.

Pure: the curves come in as the ``km`` blocks of :func:`~trainer_registry.attrition.report.
attrition_report` (``days``, ``survival``, ``ci_low``, ``ci_high`` at each distinct leaving
time) and the text (title, description, axis names, series names) comes in already
translated; the SVG is returned as a string with every piece of text escaped.

A Kaplan-Meier curve is a step function: S(t) = 1 before the first leaving time and, from
each leaving time t_i, the value at t_i until the next one. The log(-log) Greenwood
interval is drawn as a band around the steps where it is defined (it is not at S = 1).
Each series has its own colour *and* dash pattern, so that the curves are told apart
without colour; the same numbers are meant to be shown in a table beside the chart.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass
from html import escape

WIDTH, HEIGHT = 720, 360
LEFT, RIGHT, TOP, BOTTOM = 64, 24, 24, 56
# Colours with at least 3:1 contrast on white, each with its own dash pattern.
SERIES_STYLES = (
    ("#0b5394", ""),
    ("#b45f06", "8 4"),
    ("#38761d", "2 3"),
    ("#741b47", "10 3 2 3"),
    ("#134f5c", "4 4"),
    ("#7f6000", "12 4 2 4 2 4"),
    ("#a61c00", "1 2"),
    ("#351c75", "6 2"),
)
MAX_SERIES = len(SERIES_STYLES)


@dataclass(frozen=True)
class Series:
    """One curve: its name and its ``km`` block (``days``, ``survival``, ``ci_low``,
    ``ci_high``); ``last_day`` is the last day observed in the group, where the curve
    stops."""

    name: str
    days: list[int]
    survival: list[float | None]
    ci_low: list[float | None]
    ci_high: list[float | None]
    last_day: int


@dataclass(frozen=True)
class Reading:
    """S(t) with its interval, at one time; ``None`` where the curve does not reach."""

    day: int
    survival: float | None
    ci_low: float | None
    ci_high: float | None


def read_at(series: Series, day: int) -> Reading:
    """S(``day``) and its interval: the values at the last leaving time on or before
    ``day``; S = 1 with no interval before the first; ``None`` past ``last_day``."""
    if day > series.last_day:
        return Reading(day, None, None, None)
    index = bisect.bisect_right(series.days, day) - 1
    if index < 0:
        return Reading(day, 1.0, None, None)
    return Reading(day, series.survival[index], series.ci_low[index], series.ci_high[index])


def _x(day: float, span: float) -> float:
    return LEFT + (WIDTH - LEFT - RIGHT) * day / span


def _y(value: float) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - value)


def _steps(series: Series, values: list[float | None], span: float) -> list[tuple[float, float]]:
    """The corners of the step line through ``values`` (from S = 1 at day 0 to
    ``last_day``); a missing value ends the line."""
    points = [(0.0, 1.0)]
    level = 1.0
    for day, value in zip(series.days, values, strict=True):
        if value is None or math.isnan(value):
            break
        points += [(day, level), (day, value)]
        level = value
    points.append((max(series.last_day, points[-1][0]), level))
    return [(_x(d, span), _y(v)) for d, v in points]


def _band(series: Series, span: float) -> str:
    """The interval band as one polygon per run of defined bounds."""
    polygons = []
    run: list[tuple[int, float, float]] = []
    ends = [*series.days[1:], series.last_day]
    for day, end, low, high in zip(series.days, ends, series.ci_low, series.ci_high, strict=True):
        if low is None or high is None or math.isnan(low) or math.isnan(high):
            if run:
                polygons.append(run)
            run = []
            continue
        run += [(day, low, high), (max(end, day), low, high)]
    if run:
        polygons.append(run)
    shapes = []
    for run in polygons:
        upper = [(_x(d, span), _y(h)) for d, _, h in run]
        lower = [(_x(d, span), _y(low)) for d, low, _ in reversed(run)]
        shapes.append(" ".join(f"{x:.1f},{y:.1f}" for x, y in upper + lower))
    return "".join(f'<polygon points="{points}"/>' for points in shapes)


def _ticks(span: float) -> list[int]:
    """Yearly ticks (in days) up to ``span``; every second year past ten years."""
    years = max(1, math.ceil(span / 365))
    step = 1 if years <= 10 else 2
    return [year * 365 for year in range(0, years + 1, step)]


def retention_svg(
    series: list[Series],
    *,
    title: str,
    description: str,
    x_label: str,
    y_label: str,
    year_label: str = "{n}",
    element_id: str = "retention-chart",
) -> str:
    """The curves (at most ``MAX_SERIES``) with their interval bands, axes in years and
    per cent, a legend, ``role="img"`` and ``<title>``/``<desc>`` referenced by
    ``aria-labelledby``. ``year_label`` formats an x tick, ``{n}`` the year."""
    if len(series) > MAX_SERIES:
        raise ValueError(f"at most {MAX_SERIES} curves fit one chart, got {len(series)}")
    span = max([365, *(s.last_day for s in series)])
    span = math.ceil(span / 365) * 365
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{escape(element_id)}" role="img" '
        f'viewBox="0 0 {WIDTH} {HEIGHT + 24 * len(series)}" class="chart" '
        f'aria-labelledby="{escape(element_id)}-title {escape(element_id)}-desc">',
        f'<title id="{escape(element_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(element_id)}-desc">{escape(description)}</desc>',
        '<g class="axes" stroke="#4a5360" fill="none">',
        f'<line x1="{LEFT}" y1="{_y(0):.1f}" x2="{WIDTH - RIGHT}" y2="{_y(0):.1f}"/>',
        f'<line x1="{LEFT}" y1="{_y(0):.1f}" x2="{LEFT}" y2="{_y(1):.1f}"/>',
        "</g>",
        '<g class="ticks" font-size="12" fill="#1b1f24">',
    ]
    for percent in range(0, 101, 25):
        y = _y(percent / 100)
        parts.append(
            f'<line x1="{LEFT - 4}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" '
            f'stroke="#c9d1db" stroke-width="0.5"/>'
            f'<text x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end">{percent} %</text>'
        )
    for day in _ticks(span):
        x = _x(day, span)
        label = escape(year_label.format(n=day // 365))
        parts.append(
            f'<line x1="{x:.1f}" y1="{_y(0):.1f}" x2="{x:.1f}" y2="{_y(0) + 4:.1f}" '
            f'stroke="#4a5360"/>'
            f'<text x="{x:.1f}" y="{_y(0) + 18:.1f}" text-anchor="middle">{label}</text>'
        )
    parts += [
        f'<text x="{(LEFT + WIDTH - RIGHT) / 2:.1f}" y="{HEIGHT - 14}" '
        f'text-anchor="middle">{escape(x_label)}</text>',
        f'<text transform="translate(16 {(TOP + _y(0)) / 2:.1f}) rotate(-90)" '
        f'text-anchor="middle">{escape(y_label)}</text>',
        "</g>",
    ]
    for index, one in enumerate(series):
        colour, dash = SERIES_STYLES[index]
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        line = " ".join(f"{x:.1f},{y:.1f}" for x, y in _steps(one, one.survival, span))
        parts.append(
            f'<g class="series" data-series="{escape(one.name)}">'
            f'<g class="band" fill="{colour}" fill-opacity="0.15">{_band(one, span)}</g>'
            f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="2"{dashes}/>'
            "</g>"
        )
        y = HEIGHT + 24 * index + 4
        parts.append(
            f'<g class="legend" font-size="13"><line x1="{LEFT}" y1="{y}" x2="{LEFT + 36}" '
            f'y2="{y}" stroke="{colour}" stroke-width="2"{dashes}/>'
            f'<text x="{LEFT + 44}" y="{y + 4}" fill="#1b1f24">{escape(one.name)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def last_observed_days(frame, by: list[str]) -> dict[tuple, int]:
    """The last day observed (leaving or last confirmed, counted from ``trained_on``) among
    the respondents of each group of an interchange frame, keyed by the group's values
    (``()`` for everyone when ``by`` is empty): where each group's curve stops."""
    left = frame["in_role"] == "no"
    end = frame["left_role_on"].where(left, frame["last_confirmed_on"])
    days = (end - frame["trained_on"]).dt.days
    usable = frame["in_role"].isin(["yes", "no"]) & days.notna()
    if not by:
        return {(): int(days[usable].max())} if usable.any() else {}
    grouped = days[usable].groupby([frame.loc[usable, column] for column in by]).max()
    return {
        (key if isinstance(key, tuple) else (key,)): int(value) for key, value in grouped.items()
    }
