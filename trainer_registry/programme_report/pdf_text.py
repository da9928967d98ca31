"""Text in the programme report's PDF, in any of the region's scripts.

A text is cut into runs of one script, each in the certificate's font for that script
(:func:`trainer_registry.certificate_pdf.shaping.split_runs`). Text holding Khmer, Lao,
Burmese or Thai letters needs shaping by HarfBuzz; it is set by :class:`ShapedText` with
the certificate's own shaping, run by run, because reportlab's paragraph shaping shapes
a whole word with the font of its first run. Other text is an ordinary paragraph, not
shaped, so that Latin keeps plain letters (no "fi" ligature glyph, which breaks
searching and copying); Chinese lines break between any two characters.

Shaping leaves glyphs with no character of their own (a Khmer subscript consonant, a
Burmese stacked one) and moves marks, so text extraction, search and screen readers would
get private code points and split words. Each shaped line is therefore drawn inside a
marked-content span carrying its language and its text as ``/ActualText`` (ISO 32000-1,
14.9.2 and 14.9.4), as the certificate does for its lines.
"""

from __future__ import annotations

import unicodedata
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.platypus import Flowable, Paragraph

from trainer_registry.certificate_pdf.drawing import SCRIPT_LANGUAGES, draw_run
from trainer_registry.certificate_pdf.fonts import Weight, font_for
from trainer_registry.certificate_pdf.scripts import Script, strong_scripts
from trainer_registry.certificate_pdf.shaping import shape_line, split_runs

SHAPED_SCRIPTS = {Script.KHMER, Script.LAO, Script.MYANMAR, Script.THAI}
FLAGGED = colors.HexColor("#7a4b00")
# A line of shaped text: its height and the room below its baseline, times the size.
STACKED_LEADING = 1.75
STACKED_DESCENT = 0.55


class Styles:
    """The paragraph styles of one report, in the fonts of its language."""

    def __init__(self, language: str) -> None:
        base = getSampleStyleSheet()
        self.latin = font_for(Script.LATIN).name
        extra = {"fontName": self.latin}
        if language == "zh-hans":
            extra["wordWrap"] = "CJK"  # no spaces between words: break between characters
        self.body = ParagraphStyle("body", parent=base["BodyText"], **extra)
        self.title = ParagraphStyle("title", parent=base["Title"], **extra)
        self.heading2 = ParagraphStyle("heading2", parent=base["Heading2"], keepWithNext=1, **extra)
        self.heading3 = ParagraphStyle("heading3", parent=base["Heading3"], keepWithNext=1, **extra)
        self.small = ParagraphStyle("small", parent=self.body, fontSize=7, leading=9)
        self.flagged = ParagraphStyle("flagged", parent=self.small, textColor=FLAGGED)
        self.caption = ParagraphStyle("caption", parent=self.body, fontSize=9, leading=12)
        self.definition = ParagraphStyle("definition", parent=self.caption, keepWithNext=1)


def markup(text: str, *, bold: bool = False) -> str:
    """``text`` as paragraph markup: escaped, each run of one script in its own font."""
    weight = Weight.BOLD if bold else Weight.REGULAR
    return "".join(
        f'<font name="{font.name}">{escape(run)}</font>' for run, font in split_runs(text, weight)
    )


class ShapedText(Flowable):
    """Text in a script that needs shaping, set line by line as the certificate sets its
    lines: each line cut into runs of one script, each run shaped by HarfBuzz in its own
    font and drawn at its shaped width (reportlab's paragraph shaping shapes a whole word
    with the font of its first run, which draws a word mixing scripts as garbage). Lines
    break at spaces, and a word wider than the line between grapheme clusters. Each line
    is drawn inside a span with its language and its text as ``/ActualText``."""

    def __init__(self, text: str, style: ParagraphStyle, *, bold: bool = False, lang: str = ""):
        super().__init__()
        self.text = " ".join(text.split())
        self.style = style
        self.weight = Weight.BOLD if bold else Weight.REGULAR
        self.lang = lang
        self.keepWithNext = getattr(style, "keepWithNext", 0)
        self.spaceBefore, self.spaceAfter = style.spaceBefore, style.spaceAfter
        self._lines: list = []
        self._width = 0.0

    def wrap(self, available_width, available_height):
        self._width = available_width
        self._lines = _wrapped(self.text, self.style.fontSize, self.weight, available_width)
        self.height = len(self._lines) * self._leading()
        return available_width, self.height

    def _leading(self) -> float:
        # Stacked scripts reach further above and below the line than Latin: subscript
        # consonants under it, vowel signs over it.
        return max(self.style.leading, self.style.fontSize * STACKED_LEADING)

    def draw(self):
        canvas, size, leading = self.canv, self.style.fontSize, self._leading()
        colour = self.style.textColor
        for number, line in enumerate(self._lines):
            y = self.height - (number + 1) * leading + size * STACKED_DESCENT
            x = _x(self.style.alignment, self._width, line.width)
            utf16 = line.text.encode("utf-16-be").hex().upper()
            lang = f"/Lang ({self.lang}) " if self.lang else ""
            canvas.addLiteral(f"/Span <<{lang}/ActualText <FEFF{utf16}>>> BDC")
            for run in line.runs:
                draw_run(canvas, run, x, y, size, colour.rgb())
                x += run.width
            canvas.addLiteral("EMC")


def _x(alignment: int, width: float, line_width: float) -> float:
    if alignment == TA_CENTER:
        return (width - line_width) / 2
    if alignment == TA_RIGHT:
        return width - line_width
    return 0.0


def _wrapped(text: str, size: float, weight: Weight, width: float) -> list:
    """``text`` in shaped lines no wider than ``width`` (a single cluster wider than the
    line stands alone)."""
    lines: list = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if shape_line(candidate, size, weight).width <= width:
            current = candidate
            continue
        if current:
            lines.append(shape_line(current, size, weight))
        current = ""
        for cluster in _clusters(word):
            candidate = current + cluster
            if current and shape_line(candidate, size, weight).width > width:
                lines.append(shape_line(current, size, weight))
                candidate = cluster
            current = candidate
    if current or not lines:
        lines.append(shape_line(current, size, weight))
    return lines


def _clusters(word: str) -> list[str]:
    """``word`` cut where a line may break inside it: never before a combining mark, nor
    after a subscript sign (Khmer coeng, Burmese virama and asat) or a joiner."""
    clusters: list[str] = []
    for character in word:
        joins = clusters and (
            unicodedata.category(character).startswith("M") or clusters[-1][-1] in _JOINERS
        )
        if joins:
            clusters[-1] += character
        else:
            clusters.append(character)
    return clusters


_JOINERS = {"\u17d2", "\u1039", "\u103a", "\u200c", "\u200d"}


def paragraph(text, style: ParagraphStyle, *, bold: bool = False):
    """``text`` as a flowable in ``style``: a paragraph, or :class:`ShapedText` when it
    holds letters of a script that needs shaping."""
    text = str(text)
    shaped = strong_scripts(text) & SHAPED_SCRIPTS
    if not shaped:
        return Paragraph(markup(text, bold=bold), style)
    lang = SCRIPT_LANGUAGES[next(iter(shaped))] if len(shaped) == 1 else ""
    return ShapedText(text, style, bold=bold, lang=lang)
