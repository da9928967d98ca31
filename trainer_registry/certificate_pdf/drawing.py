"""Putting a :class:`layout.CertificateLayout` on a reportlab canvas.

Each run of a line is drawn by a text object at its own measured position, from the shaped
glyph string (reportlab then places every glyph at HarfBuzz's offsets). A line in another
language than the document's is wrapped in a marked-content span carrying its language
(``/Span <</Lang (km)>> BDC ... EMC``, ISO 32000-1, 14.9.2); in other lines (a training or
a place in Burmese, say) each run in one of the region's scripts gets such a span. A line
that shaping changed (other glyphs, or moved ones) carries its text as ``/ActualText``
(14.9.4), so that screen readers, search and copy-paste get the text as it was written, not
the glyphs' private code points or marks split off as words.
"""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapedStr
from reportlab.pdfgen.canvas import Canvas

from trainer_registry.certificate_pdf.layout import CertificateLayout, PlacedLine
from trainer_registry.certificate_pdf.qr import draw_qr
from trainer_registry.certificate_pdf.scripts import Script
from trainer_registry.certificate_pdf.shaping import Run

# The language a run in one of the region's own scripts is most likely in, for readers.
SCRIPT_LANGUAGES = {
    Script.KHMER: "km",
    Script.LAO: "lo",
    Script.MYANMAR: "my",
    Script.THAI: "th",
    Script.HAN: "zh",
}


def _span_properties(placed: PlacedLine) -> str:
    properties = []
    if placed.lang:
        properties.append(f"/Lang ({placed.lang})")
    if any(isinstance(run.glyphs, ShapedStr) for run in placed.line.runs):
        # Glyphs that shaping substituted (Khmer subscripts, Thai mark variants) have no
        # character of their own, and marks it moved look like separate words to text
        # extraction; ActualText gives readers and copy-paste the real text.
        utf16 = placed.line.text.encode("utf-16-be").hex().upper()
        properties.append(f"/ActualText <FEFF{utf16}>")
    return " ".join(properties)


def draw_line(canvas: Canvas, placed: PlacedLine) -> None:
    """Draw one placed line run by run, each at the sum of the shaped widths before it; a
    run in a script of the region inside an untagged line is marked with its language."""
    properties = _span_properties(placed)
    if properties:
        canvas.addLiteral(f"/Span <<{properties}>> BDC")
    x = placed.x
    for run in placed.line.runs:
        lang = "" if placed.lang else SCRIPT_LANGUAGES.get(run.script, "")
        if lang:
            canvas.addLiteral(f"/Span <</Lang ({lang})>> BDC")
        draw_run(canvas, run, x, placed.y, placed.line.size, placed.colour)
        if lang:
            canvas.addLiteral("EMC")
        x += run.width
    if properties:
        canvas.addLiteral("EMC")


def _number(value: float) -> str:
    """A coordinate or colour component for the content stream, to 1/1000 point."""
    return f"{value:.3f}"


def draw_run(
    canvas: Canvas, run: Run, x: float, y: float, size: float, colour: tuple[float, ...]
) -> None:
    """One run at (x, y): a shaped run glyph by glyph, each at its HarfBuzz advance and
    offsets; an unshaped run as it is. reportlab's own drawing of a shaped string loses
    track of its text rise after a mark below the line (a Khmer vowel sign under a
    subscript): the letters after it were drawn raised.

    The text object is written here rather than through reportlab's ``textOut``, which
    measures and formats each glyph again: the glyphs go through the font's
    ``splitString`` (which puts them in the document's font subsets) and each is shown at
    its own text matrix."""
    font = pdfmetrics.getFont(run.font.name)
    document = canvas._doc  # where reportlab keeps the document's font subsets
    operators = ["BT", " ".join(_number(c) for c in colour) + " rg"]
    shaped = isinstance(run.glyphs, ShapedStr)
    places = iter(())
    if shaped:
        scale, at, origins = size / 1000, x, []
        for data in run.glyphs.__shapeData__:
            origins.append(
                (_number(at + data.x_offset * scale), _number(y + data.y_offset * scale))
            )
            at += data.x_advance * scale
        places = iter(origins)
    else:
        operators.append(f"1 0 0 1 {_number(x)} {_number(y)} Tm")
    for subset, chunk in font.splitString(str(run.glyphs), document):
        operators.append(f"{font.getSubsetInternalName(subset, document)} {_number(size)} Tf")
        if not shaped:  # the glyphs' own advances place them; the next chunk goes on
            operators.append(f"<{chunk.hex()}> Tj")
            continue
        for code in chunk:
            left, base = next(places)
            operators.append(f"1 0 0 1 {left} {base} Tm <{code:02x}> Tj")
    operators.append("ET")
    canvas.addLiteral("\n".join(operators))


def draw_certificate(canvas: Canvas, layout: CertificateLayout) -> None:
    """Draw the whole page: rules and frame, every line, the QR code."""
    for rule in layout.rules:
        canvas.setStrokeColorRGB(*rule.colour)
        canvas.setLineWidth(rule.width)
        canvas.line(rule.x1, rule.y1, rule.x2, rule.y2)
    for placed in layout.lines:
        draw_line(canvas, placed)
    canvas.setFillColorRGB(0, 0, 0)
    draw_qr(canvas, layout.qr.value, x=layout.qr.x, y=layout.qr.y, size=layout.qr.size)
