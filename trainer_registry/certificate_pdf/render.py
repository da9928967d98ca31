"""The certificate PDF: one page drawn from a :class:`CertificatePrint`, nothing stored.

Saving, signing and storing are the caller's steps; this only turns checked data into PDF
bytes. The same data always gives the same bytes (reportlab's invariant mode: no creation
time or random document id), so a stored PDF can be compared with a fresh rendering.
"""

from __future__ import annotations

import io

from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

from trainer_registry.certificate_pdf import wording
from trainer_registry.certificate_pdf.drawing import draw_certificate
from trainer_registry.certificate_pdf.embedding import attach_credential
from trainer_registry.certificate_pdf.layout import PAGE_HEIGHT, PAGE_WIDTH, plan
from trainer_registry.certificate_pdf.print_data import CertificatePrint

DOCUMENT_LANGUAGE = "en"
CREATOR = "COMMIT Training"


def render_certificate(data: CertificatePrint) -> bytes:
    """The certificate as a one-page A4 landscape PDF.

    The PDF has a title, author (the issuer), subject and language (English, with the
    own-script name marked in its own language), shows its title in viewers, and carries
    ``data.embedded_credential`` as ``credential.json`` when given.
    Raises :class:`ValueError` (:class:`shaping.UncoveredText`) when a character has no
    glyph in any certificate font or a text is too long for the page, and
    :class:`fonts.MissingFont` when a font package is not installed.
    """
    layout = plan(data)
    out = io.BytesIO()
    canvas = Canvas(
        out,
        pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
        invariant=1,
        pageCompression=1,  # fonts Flate-compressed; the page stream: see _compress_page
        lang=DOCUMENT_LANGUAGE,
    )
    canvas.setTitle(wording.document_title(data))
    canvas.setAuthor(data.issuer_name)
    canvas.setSubject(wording.what_was_certified(data))
    canvas.setCreator(CREATOR)
    canvas.setViewerPreference("DisplayDocTitle", "true")
    draw_certificate(canvas, layout)
    if data.embedded_credential is not None:
        attach_credential(canvas, data.embedded_credential)
    canvas.showPage()
    _compress_page(canvas)
    canvas.save()
    return out.getvalue()


def _compress_page(canvas: Canvas) -> None:
    """Give the page's content stream Flate compression alone. reportlab's page compression
    also wraps it in ASCII85, which makes it a quarter bigger and costs more time than the
    rest of the page's encoding (``rl_config.useA85`` would change it for every document in
    the process). A page whose contents are set is left as it is when the document is
    written; the fonts keep their own Flate compression."""
    page = canvas._doc.Pages.pages[-1]
    page.Contents = pdfdoc.PDFStream(content=page.stream, filters=[pdfdoc.PDFZCompress])
