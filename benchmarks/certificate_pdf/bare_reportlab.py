"""The peer that shows reportlab's own limit: the same page drawn by a plain script.

Same fonts, same lines at the same places, each line shaped with ``ttfonts.shapeStr`` and
centred by its shaped advance widths, the same QR code from reportlab's encoder drawn as
one path. It runs in two variants: with reportlab's defaults (its own QR mask search,
ASCII85 and Flate page compression), and "tuned" with the certificate's QR drawing and
page compression.
Nothing else: no checking of the data, no run splitting (each line's font is known in
advance), no cache, no language spans or ActualText, no embedded credential, no signing
and no storage.
"""

from __future__ import annotations

import io
from itertools import groupby

from reportlab.graphics.barcode import qrencoder
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import ShapedStr, TTFont, shapeStr
from reportlab.pdfgen.canvas import Canvas

from trainer_registry.certificate_pdf.qr import draw_qr

WIDTH, HEIGHT = landscape(A4)
SCRIPT_FILES = {
    "km": ("NotoSerifKhmer-Regular.ttf", 0),
    "lo": ("NotoSerifLao-Regular.ttf", 0),
    "my": ("NotoSerifMyanmar-Regular.ttf", 0),
    "th": ("NotoSerifThai-Regular.ttf", 0),
    "vi": ("NotoSerif-Regular.ttf", 0),
    "zh-hans": ("uming.ttc", 0),
    "latin": ("NotoSerif-Regular.ttf", 0),
    "bold": ("NotoSerif-Bold.ttf", 0),
}


def register_fonts(paths: dict[str, str]) -> None:
    """Register one reportlab font per key of ``SCRIPT_FILES``; ``paths`` maps file names
    to where they are."""
    for key, (file_name, index) in SCRIPT_FILES.items():
        pdfmetrics.registerFont(TTFont(f"Bare-{key}", paths[file_name], subfontIndex=index))


def _width(glyphs: str, font: str, size: float) -> float:
    if isinstance(glyphs, ShapedStr):
        return sum(d.x_advance for d in glyphs.__shapeData__) * size / 1000
    return pdfmetrics.stringWidth(glyphs, font, size)


def _text(
    canvas: Canvas,
    text: str,
    key: str,
    size: float,
    y: float,
    *,
    at: str = "centre",
    x: float = WIDTH / 2,
) -> None:
    font = f"Bare-{key}"
    glyphs = shapeStr(text, font, size)
    width = _width(glyphs, font, size)
    left = {"centre": x - width / 2, "left": x, "right": x - width}[at]
    t = canvas.beginText(left, y)
    t.setFillColorRGB(0.11, 0.16, 0.21)
    t.setFont(font, size)
    t.textOut(glyphs)
    canvas.drawText(t)


def _qr(canvas: Canvas, value: str, x: float, y: float, size: float) -> None:
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(value)
    code.make()
    count = code.getModuleCount()
    module = size / (count + 8)
    path = canvas.beginPath()
    for r, row in enumerate(code.modules):
        c = 0
        for dark, run in groupby(row):
            n = len(list(run))
            if dark:
                path.rect(x + (4 + c) * module, y + size - (5 + r) * module, n * module, module)
            c += n
    canvas.drawPath(path, stroke=0, fill=1)


def render(page: dict, tuned: bool = False) -> bytes:
    """One certificate from ``page`` (the texts of each line, see ``run.page_texts``).

    ``tuned`` draws the QR code and compresses the page the way the certificate code does
    (numpy mask choice, raw operators, Flate without ASCII85) instead of reportlab's
    defaults, so that the difference to the certificate is only what it adds."""
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(WIDTH, HEIGHT), invariant=1, pageCompression=1)
    canvas.setStrokeColorRGB(0.12, 0.23, 0.36)
    canvas.setLineWidth(1.6)
    canvas.rect(24, 24, WIDTH - 48, HEIGHT - 48)
    canvas.setLineWidth(0.4)
    canvas.rect(31, 31, WIDTH - 62, HEIGHT - 62)
    canvas.setLineWidth(0.6)
    canvas.line(90, 122, 330, 122)
    _text(canvas, page["organisation"], "latin", 10.5, 512)
    _text(canvas, page["heading"], "bold", 30, 462)
    _text(canvas, page["lead"], "latin", 13, 418)
    if page["name_own_script"]:
        _text(canvas, page["name_own_script"], page["language"], 34, 360)
        _text(canvas, page["name_latin"], "latin", 19, 322)
    else:
        _text(canvas, page["name_latin"], "latin", 34, 350)
    _text(canvas, page["achievement"], "latin", 13, 282)
    y = 252.0
    for line in page["certified"]:
        _text(canvas, line, "bold", 17, y)
        y -= 17 * 1.3
    _text(canvas, page["when_and_where"], "latin", 13, y - 4)
    _text(canvas, page["issuer_name"], "latin", 12, 104, at="left", x=90)
    _text(canvas, page["issuer_role"], "latin", 10, 89, at="left", x=90)
    _text(canvas, page["issued"], "latin", 10, 66, at="left", x=90)
    right = WIDTH - 90 - 92 + 8 - 4
    _text(canvas, "Verification code", "latin", 9, 118, at="right", x=right)
    _text(canvas, page["code"], "latin", 13, 102, at="right", x=right)
    _text(canvas, page["verify_at"], "latin", 8, 88, at="right", x=right)
    canvas.setFillColorRGB(0, 0, 0)
    if tuned:
        draw_qr(canvas, page["verify_url"], x=WIDTH - 90 - 92 + 8, y=52, size=92)
    else:
        _qr(canvas, page["verify_url"], WIDTH - 90 - 92 + 8, 52, 92)
    canvas.showPage()
    if tuned:
        sheet = canvas._doc.Pages.pages[-1]
        sheet.Contents = pdfdoc.PDFStream(content=sheet.stream, filters=[pdfdoc.PDFZCompress])
    canvas.save()
    return out.getvalue()
