"""Bar charts of the programme report's PDF, one row per country: the share no longer
in the anti-trafficking role with its 95 % interval, and the follow-up response rate.

Each chart is a table: the country's name in the first column (a paragraph, so that it
is set in the report's language and script like any text), the bar drawn in the second,
the figure beside it in the third. A country with under 30 respondents has a lighter bar
(shown, never ranked), as its row is shaded in the tables.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Table, TableStyle

from trainer_registry.programme_report import cells
from trainer_registry.programme_report.pdf_text import Styles
from trainer_registry.programme_report.pdf_text import paragraph as _p
from trainer_registry.programme_report.report import ProgrammeReport

BAR_WIDTH, BAR_HEIGHT = 130 * mm, 6 * mm
BAR = colors.HexColor("#1f4e79")
LIGHT_BAR = colors.HexColor("#8fb0d3")


@dataclass(frozen=True)
class Bar:
    label: str  # the row's name, in the report's language
    share: float  # 0..1
    low: float | None = None  # the interval, when there is one
    high: float | None = None
    text: str = ""  # the figure in words, beside the bar
    small: bool = False  # under 30 respondents


def _bar(bar: Bar, font: str) -> Drawing:
    drawing = Drawing(BAR_WIDTH, BAR_HEIGHT)
    colour = LIGHT_BAR if bar.small else BAR
    drawing.add(
        Rect(0, 1, BAR_WIDTH * bar.share, BAR_HEIGHT - 2, fillColor=colour, strokeColor=None)
    )
    if bar.low is not None and bar.high is not None:
        y = BAR_HEIGHT / 2
        x0, x1 = BAR_WIDTH * bar.low, BAR_WIDTH * bar.high
        for shape in (
            Line(x0, y, x1, y),
            Line(x0, 1, x0, BAR_HEIGHT - 1),
            Line(x1, 1, x1, BAR_HEIGHT - 1),
        ):
            shape.strokeColor, shape.strokeWidth = colors.black, 0.8
            drawing.add(shape)
    return drawing


def _scale(font: str) -> Drawing:
    """The axis under the bars: 0 to 100 %, numbers only (words go in the caption)."""
    drawing = Drawing(BAR_WIDTH, 5 * mm)
    drawing.add(Line(0, 5 * mm - 1, BAR_WIDTH, 5 * mm - 1))
    for share in (0, 0.25, 0.5, 0.75, 1):
        x = BAR_WIDTH * share
        drawing.add(Line(x, 5 * mm - 1, x, 5 * mm - 3))
        anchor = "start" if share == 0 else "end" if share == 1 else "middle"
        drawing.add(
            String(x, 1, f"{share * 100:.0f} %", fontName=font, fontSize=7, textAnchor=anchor)
        )
    return drawing


def bar_chart(bars: list[Bar], styles: Styles) -> Table:
    rows = [
        [_p(bar.label, styles.small), _bar(bar, styles.latin), _p(bar.text, styles.small)]
        for bar in bars
    ]
    rows.append(["", _scale(styles.latin), ""])
    grid = Table(rows, colWidths=[45 * mm, BAR_WIDTH + 4 * mm, 70 * mm], hAlign="LEFT")
    grid.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (1, 0), (1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return grid


def _number(value) -> float | None:
    return None if cells.missing(value) else float(value)


def attrition_bars(report: ProgrammeReport) -> list[Bar]:
    """All countries first, then each country with respondents."""
    bars = []
    for row in report.table("attrition").frame.to_dict("records"):
        share = _number(row["share_left"])
        if share is None:
            continue
        low, high = _number(row["ci_low"]), _number(row["ci_high"])
        text = f"{cells.cell('share_left', share)}"
        if low is not None and high is not None:
            text += f" ({cells.cell('ci_low', low)} - {cells.cell('ci_high', high)})"
        text += f", n = {int(row['respondents'])}"
        bars.append(
            Bar(
                cells.label("country", row["country"]),
                share,
                low,
                high,
                text,
                small=bool(row["small_cell"]),
            )
        )
    return bars


def response_bars(report: ProgrammeReport) -> list[Bar]:
    bars = []
    for row in report.table("response_rates").frame.to_dict("records"):
        rate = _number(row["RR1"])
        if rate is None:
            continue
        text = f"{cells.cell('RR1', rate)}, {int(row['I'])} / {int(row['sampled'])}"
        bars.append(Bar(cells.label("country", row["country"]), rate, text=text))
    return bars
