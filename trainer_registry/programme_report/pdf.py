"""The programme report as a PDF (A4 landscape), drawn with reportlab.

A title page with the scope, then one section per table (its definition, then the table
with a caption and a header row repeated on each page), and the Kaplan-Meier retention
curve drawn as a chart with its interval band and a sentence that says what it shows.
Text is Latin script in the standard Helvetica fonts: the report is aggregate and names
no person. The same report gives the same bytes (reportlab's invariant mode: no
creation date or random document id).
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Drawing, Line, Polygon, PolyLine, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from trainer_registry.programme_report import cells
from trainer_registry.programme_report.report import SOURCES, ProgrammeReport, ReportTable

CREATOR = "COMMIT Training"
STYLES = getSampleStyleSheet()
SMALL = ParagraphStyle("small", parent=STYLES["BodyText"], fontSize=7, leading=8.5)
CAPTION = ParagraphStyle("caption", parent=STYLES["BodyText"], fontSize=9, leading=11)
WIDE_COLUMNS = {"indicator", "as_reported", "measure"}
CHART_WIDTH, CHART_HEIGHT = 220 * mm, 90 * mm


def _p(text: str, style=None) -> Paragraph:
    return Paragraph(escape(str(text)), style or STYLES["BodyText"])


def _table(table: ReportTable) -> list:
    frame = table.frame
    if frame.empty:
        return [_p("No records in scope.")]
    header = [_p(cells.heading(c), SMALL) for c in frame.columns]
    body = []
    flagged = []
    for number, row in enumerate(cells.rows(frame), start=1):
        pairs = zip(frame.columns, row, strict=True)
        body.append([_p(v, SMALL) if c in WIDE_COLUMNS else v for c, v in pairs])
        if "small_cell" in frame.columns and row[list(frame.columns).index("small_cell")]:
            flagged.append(number)
    style = [
        ("FONT", (0, 0), (-1, -1), "Helvetica", 7),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6ecf2")),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    for number in flagged:
        style.append(("TEXTCOLOR", (0, number), (-1, number), colors.HexColor("#7a4b00")))
        style.append(("FONT", (0, number), (-1, number), "Helvetica-Oblique", 7))
    widths = _widths(list(frame.columns))
    grid = Table([header, *body], repeatRows=1, colWidths=widths, hAlign="LEFT")
    grid.setStyle(TableStyle(style))
    parts = [grid]
    if flagged:
        parts.append(
            _p("Rows in italics: fewer than 30 respondents (small cells, shown, never ranked).")
        )
    return parts


def _widths(columns: list[str]) -> list[float]:
    usable = landscape(A4)[0] - 30 * mm
    wide = [c for c in columns if c in WIDE_COLUMNS]
    narrow = len(columns) - len(wide)
    narrow_width = min(22 * mm, usable / max(len(columns), 1))
    rest = usable - narrow * narrow_width
    return [rest / len(wide) if c in wide else narrow_width for c in columns] if wide else None


def retention_chart(report: ProgrammeReport) -> Drawing | None:
    """The retention curve as steps, the 95 % interval as a shaded band, axes in days
    and per cent. ``None`` when no respondent has a usable clock."""
    curve = report.retention_curve
    if curve.empty:
        return None
    drawing = Drawing(CHART_WIDTH, CHART_HEIGHT)
    left, bottom = 14 * mm, 10 * mm
    width, height = CHART_WIDTH - left - 5 * mm, CHART_HEIGHT - bottom - 5 * mm
    last = float(curve["days"].max()) or 1.0

    def point(day: float, share: float) -> tuple[float, float]:
        return left + width * day / last, bottom + height * share

    def steps(values) -> list[float]:
        xy = [*point(0, 1.0)]
        previous = 1.0
        for day, value in zip(curve["days"], values, strict=True):
            value = previous if cells.missing(value) else float(value)
            xy += [*point(day, previous), *point(day, value)]
            previous = value
        return xy

    upper, lower = steps(curve["ci_high"]), steps(curve["ci_low"])
    lower_back = [c for i in range(len(lower) - 2, -1, -2) for c in lower[i : i + 2]]
    drawing.add(Polygon(upper + lower_back, fillColor=colors.HexColor("#c9daf0"), strokeColor=None))
    drawing.add(PolyLine(steps(curve["survival"]), strokeColor=colors.HexColor("#1f4e79")))
    drawing.add(Line(left, bottom, left + width, bottom))
    drawing.add(Line(left, bottom, left, bottom + height))
    for share in (0.0, 0.25, 0.5, 0.75, 1.0):
        x, y = point(0, share)
        drawing.add(Line(x - 2, y, x, y))
        drawing.add(String(x - 4, y - 3, f"{share:.0%}", fontSize=7, textAnchor="end"))
    for day in range(0, int(last) + 1, 365):
        x, y = point(day, 0)
        drawing.add(Line(x, y, x, y - 2))
        drawing.add(String(x, y - 10, str(day), fontSize=7, textAnchor="middle"))
    drawing.add(
        String(left + width / 2, 0, "days since the training", fontSize=8, textAnchor="middle")
    )
    return drawing


def chart_description(report: ProgrammeReport) -> str:
    """The chart in words: its text alternative, printed under it."""
    attrition = report.table("attrition").frame
    if attrition.empty:
        return "No follow-up answers in scope: no retention curve."
    overall = attrition.iloc[0]
    parts = []
    for column, label in (
        ("retention_365", "one year"),
        ("retention_730", "two years"),
        ("retention_1095", "three years"),
    ):
        if not cells.missing(overall[column]):
            parts.append(f"{cells.cell(column, float(overall[column]))} after {label}")
    still = ", ".join(parts) or "not estimable at one, two or three years"
    return (
        f"Share of the {int(overall['respondents'])} respondents still in their "
        f"anti-trafficking role by days since training (Kaplan-Meier, shaded: 95 % "
        f"interval): {still}."
    )


def _title_page(report: ProgrammeReport) -> list:
    options = report.options
    scope = [[_p(label), _p(value)] for label, value in options.describe()]
    scope.append([_p("Countries reported"), _p(", ".join(report.countries) or "-")])
    scope.append(
        [
            _p("Sampled people left out (no consent to follow-up)"),
            _p(str(report.left_out_without_consent)),
        ]
    )
    grid = Table(scope, colWidths=[80 * mm, 150 * mm], hAlign="LEFT")
    grid.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.25, colors.grey)]))
    return [
        _p(options.title, STYLES["Title"]),
        _p(f"Figures at {options.reference_date.isoformat()}", STYLES["Heading2"]),
        _p("Scope of this report", STYLES["Heading3"]),
        grid,
        Spacer(1, 6 * mm),
        _p(
            "Aggregate figures only: no person is named. Counts are of distinct people, "
            "disaggregated by sex as the programmes report them."
        ),
        _p("Sources", STYLES["Heading3"]),
        *[_p(source) for source in SOURCES],
        PageBreak(),
    ]


def render(report: ProgrammeReport) -> bytes:
    """The report as PDF bytes."""
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=landscape(A4),
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=report.options.title,
        author=CREATOR,
        subject="Logframe indicators, participants and trainers by sex, attrition, cascade",
        creator=CREATOR,
        invariant=1,
        lang="en",
        displayDocTitle=1,
    )
    story = _title_page(report)
    for number, table in enumerate(report.tables, start=1):
        story.append(_p(f"{number}. {table.title}", STYLES["Heading2"]))
        story.append(_p(table.definition, CAPTION))
        if table.key == "retention_curve":
            chart = retention_chart(report)
            if chart is not None:
                story.append(KeepTogether([chart, _p(chart_description(report), CAPTION)]))
            else:
                story.append(_p(chart_description(report)))
            continue
        story.extend(_table(table))
        story.append(Spacer(1, 6 * mm))
    document.build(story)
    return out.getvalue()
