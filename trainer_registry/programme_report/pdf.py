"""The programme report as a PDF (A4 landscape), drawn with reportlab.

A first page that a reader can stop at: the key figures and a chart of attrition by
country with its intervals (:mod:`.summary`, :mod:`.charts`); a page with the scope and
the sources; then one section per table (its definition, then the table with a caption
and a header row repeated on each page; attrition and response rates with their charts
first), and the Kaplan-Meier retention curve drawn as a chart with its interval band and
a sentence that says what it shows. Headings stay with what follows them.
The report is written in its language (English or one of the six of the region): every
text is cut into runs of one script, each drawn with the certificate's font for that
script and shaped by HarfBuzz (Khmer, Lao, Burmese and Thai clusters, Vietnamese
diacritics); Chinese lines break between any two characters. The report is aggregate and
names no person. The same report gives the same bytes (reportlab's invariant mode: no
creation date or random document id).
"""

from __future__ import annotations

import io

from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.graphics.shapes import Drawing, Line, Polygon, PolyLine, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from trainer_registry.countries import country_label
from trainer_registry.programme_report import cells
from trainer_registry.programme_report.charts import attrition_bars, bar_chart, response_bars
from trainer_registry.programme_report.pdf_text import FLAGGED, Styles
from trainer_registry.programme_report.pdf_text import paragraph as _p
from trainer_registry.programme_report.report import ProgrammeReport, ReportTable, sources
from trainer_registry.programme_report.summary import key_figures

CREATOR = "COMMIT Training"
WIDE_COLUMNS = {"indicator", "as_reported", "measure"}
CHART_WIDTH, CHART_HEIGHT = 220 * mm, 90 * mm


def _plain(text: str) -> bool:
    """Digits, signs and spaces only: drawn as a plain table cell in the Latin font."""
    return all(c.isascii() and not c.isalpha() for c in text)


def _table(table: ReportTable, styles: Styles) -> list:
    frame = table.frame
    if frame.empty:
        return [_p(_("No records in scope."), styles.body)]
    header = [_p(cells.heading(c), styles.small, bold=True) for c in frame.columns]
    body = []
    flagged = []
    for number, row in enumerate(cells.rows(frame), start=1):
        small = "small_cell" in frame.columns and row[list(frame.columns).index("small_cell")]
        style = styles.flagged if small else styles.small
        body.append([v if _plain(v) else _p(v, style) for v in row])
        if small:
            flagged.append(number)
    style = [
        ("FONT", (0, 0), (-1, -1), styles.latin, 7),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6ecf2")),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    for number in flagged:
        style.append(("TEXTCOLOR", (0, number), (-1, number), FLAGGED))
        style.append(("BACKGROUND", (0, number), (-1, number), colors.HexColor("#fff4e0")))
    widths = _widths(list(frame.columns))
    grid = Table([header, *body], repeatRows=1, colWidths=widths, hAlign="LEFT")
    grid.setStyle(TableStyle(style))
    parts = [grid]
    if flagged:
        parts.append(
            _p(
                _("Shaded rows: fewer than 30 respondents (small cells, shown, never ranked)."),
                styles.caption,
            )
        )
    return parts


def _widths(columns: list[str]) -> list[float]:
    usable = landscape(A4)[0] - 30 * mm
    wide = [c for c in columns if c in WIDE_COLUMNS]
    narrow = len(columns) - len(wide)
    narrow_width = min(22 * mm, usable / max(len(columns), 1))
    rest = usable - narrow * narrow_width
    return [rest / len(wide) if c in wide else narrow_width for c in columns] if wide else None


def retention_chart(report: ProgrammeReport, font: str = "Helvetica") -> Drawing | None:
    """The retention curve as steps, the 95 % interval as a shaded band, the axes in
    years since the training and per cent (numbers only, drawn in ``font``: the axes'
    words go in the caption, in the report's language). ``None`` when no respondent has a
    usable clock."""
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
        label = f"{share * 100:.0f} %"
        drawing.add(String(x - 4, y - 3, label, fontName=font, fontSize=7, textAnchor="end"))
    for year, day in enumerate(range(0, int(last) + 1, 365)):
        x, y = point(day, 0)
        drawing.add(Line(x, y, x, y - 2))
        drawing.add(String(x, y - 10, str(year), fontName=font, fontSize=7, textAnchor="middle"))
    return drawing


def chart_axes() -> str:
    """What the chart's axes show, in the active language."""
    return _(
        "Horizontal axis: years since the training. Vertical axis: share of respondents "
        "still in their anti-trafficking role."
    )


def chart_description(report: ProgrammeReport) -> str:
    """The chart in words, in the active language: its text alternative, printed under it."""
    attrition = report.table("attrition").frame
    if attrition.empty:
        return _("No follow-up answers in scope: no retention curve.")
    overall = attrition.iloc[0]
    parts = []
    for column, label in (
        ("retention_365", _("%(share)s after one year")),
        ("retention_730", _("%(share)s after two years")),
        ("retention_1095", _("%(share)s after three years")),
    ):
        if not cells.missing(overall[column]):
            parts.append(label % {"share": cells.cell(column, float(overall[column]))})
    still = ", ".join(parts) or _("not estimable at one, two or three years")
    text = _(
        "Share of the %(respondents)s respondents still in their anti-trafficking role by "
        "years since training (Kaplan-Meier, shaded: 95 %% interval): %(still)s."
    )
    return text % {"respondents": int(overall["respondents"]), "still": still}


def _title_page(report: ProgrammeReport, styles: Styles) -> list:
    options = report.options
    scope = [
        [_p(label, styles.body), _p(value, styles.body)]
        for label, value in options.describe(country_label)
    ]
    scope.append(
        [
            _p(_("Countries reported"), styles.body),
            _p(", ".join(map(country_label, report.countries)) or "-", styles.body),
        ]
    )
    scope.append(
        [
            _p(_("Sampled people left out (no consent to follow-up)"), styles.body),
            _p(str(report.left_out_without_consent), styles.body),
        ]
    )
    grid = Table(scope, colWidths=[80 * mm, 150 * mm], hAlign="LEFT")
    grid.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.25, colors.grey)]))
    return [
        *_summary_page(report, styles),
        _p(_("Scope of this report"), styles.heading2, bold=True),
        grid,
        Spacer(1, 6 * mm),
        _p(
            _(
                "Aggregate figures only: no person is named. Counts are of distinct people, "
                "disaggregated by sex as the programmes report them."
            ),
            styles.body,
        ),
        _p(_("Sources"), styles.heading3, bold=True),
        *[_p(source, styles.body) for source in sources()],
        PageBreak(),
    ]


def _attrition_chart(report: ProgrammeReport, styles: Styles) -> list:
    bars = attrition_bars(report)
    if not bars:
        return []
    caption = _(
        # xgettext:no-python-format
        "Share of respondents no longer in their anti-trafficking role, by country; the "
        "line across each bar is its 95 % interval (Wilson); lighter bars: under 30 "
        "respondents."
    )
    return [KeepTogether([bar_chart(bars, styles), _p(caption, styles.caption)])]


def _response_chart(report: ProgrammeReport, styles: Styles) -> list:
    bars = response_bars(report)
    if not bars:
        return []
    caption = _("Response rate RR1 by country: complete answers of the people sampled.")
    return [KeepTogether([bar_chart(bars, styles), _p(caption, styles.caption)])]


def _summary_page(report: ProgrammeReport, styles: Styles) -> list:
    options = report.options
    figures = [
        [_p(what, styles.body, bold=True), _p(figure, styles.body)]
        for what, figure in key_figures(report)
    ]
    grid = Table(figures, colWidths=[80 * mm, 170 * mm], hAlign="LEFT")
    grid.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return [
        _p(options.title, styles.title, bold=True),
        _p(
            _("Figures at %(date)s") % {"date": options.reference_date.isoformat()},
            styles.heading2,
            bold=True,
        ),
        _p(_("Key figures"), styles.heading3, bold=True),
        grid,
        Spacer(1, 4 * mm),
        _p(_("Attrition by country"), styles.heading3, bold=True),
        *_attrition_chart(report, styles),
        PageBreak(),
    ]


def render(report: ProgrammeReport) -> bytes:
    """The report as PDF bytes, in the active language (the package's ``render`` sets
    the report's)."""
    styles = Styles(report.options.language)
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
        subject=_("Logframe indicators, participants and trainers by sex, attrition, cascade"),
        creator=CREATOR,
        invariant=1,
        lang=translation.to_locale(report.options.language).replace("_", "-"),
        displayDocTitle=1,
    )
    story = _title_page(report, styles)
    for number, table in enumerate(report.tables, start=1):
        story.append(_p(f"{number}. {table.title}", styles.heading2, bold=True))
        story.append(_p(table.definition, styles.definition))
        if table.key == "retention_curve":
            chart = retention_chart(report, styles.latin)
            if chart is not None:
                caption = f"{chart_axes()} {chart_description(report)}"
                story.append(KeepTogether([chart, _p(caption, styles.caption)]))
            else:
                story.append(_p(chart_description(report), styles.body))
            continue
        if table.key == "attrition":
            story.extend(_attrition_chart(report, styles))
        elif table.key == "response_rates":
            story.extend(_response_chart(report, styles))
        story.extend(_table(table, styles))
        story.append(Spacer(1, 6 * mm))
    document.build(story)
    return out.getvalue()
