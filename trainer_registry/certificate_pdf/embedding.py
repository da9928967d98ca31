"""The signed credential carried inside the certificate's PDF, and reading it back.

The credential is attached as an embedded file (PDF 1.7, ISO 32000-1, 7.11.4) named
``credential.json`` with MIME type ``application/ld+json``, listed in the document's
``EmbeddedFiles`` name tree, and marked as the certificate's data (``AFRelationship
/Data``, the PDF/A-3 convention for a machine-readable twin of the page). Anyone can
extract it (``pdfdetach``, a viewer's attachments pane) and check its signature without the
registry.
"""

from __future__ import annotations

import hashlib
import io

from pypdf import PdfReader
from pypdf.errors import PdfReadError
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

FILE_NAME = "credential.json"
MIME_TYPE = "application/ld+json"


def _pdf_name(text: str) -> str:
    """A PDF name object for ``text``; a '/' inside a name is written #2F (ISO 32000-1,
    7.3.5), which reportlab's ``PDFName`` leaves as is."""
    return "/" + pdfdoc.PDFName(text)[1:].replace("/", "#2F")


def attach_credential(canvas: Canvas, credential: bytes) -> None:
    """Attach ``credential`` to the document ``canvas`` is drawing, before it is saved."""
    document = canvas._doc  # reportlab exposes no embedded-file API; the catalog is here
    stream = pdfdoc.PDFStream(
        pdfdoc.PDFDictionary(
            {
                "Type": pdfdoc.PDFName("EmbeddedFile"),
                "Subtype": _pdf_name(MIME_TYPE),
                "Params": pdfdoc.PDFDictionary(
                    {
                        "Size": len(credential),
                        "CheckSum": pdfdoc.PDFString(hashlib.md5(credential).digest()),  # noqa: S324 - the format's checksum
                    }
                ),
            }
        ),
        content=credential,
        filters=[pdfdoc.PDFZCompress],
    )
    file_spec = pdfdoc.PDFDictionary(
        {
            "Type": pdfdoc.PDFName("Filespec"),
            "F": pdfdoc.PDFString(FILE_NAME),
            "UF": pdfdoc.PDFString(FILE_NAME),
            "Desc": pdfdoc.PDFString("Signed Open Badges credential of this certificate"),
            "AFRelationship": pdfdoc.PDFName("Data"),
            "EF": pdfdoc.PDFDictionary({"F": document.Reference(stream)}),
        }
    )
    names = pdfdoc.PDFArray([pdfdoc.PDFString(FILE_NAME), document.Reference(file_spec)])
    document.Catalog.Names = pdfdoc.PDFDictionary(
        {"EmbeddedFiles": pdfdoc.PDFDictionary({"Names": names})}
    )


def read_embedded_credential(pdf: bytes) -> bytes | None:
    """The bytes of the ``credential.json`` attached to ``pdf``, or None when it has none.

    Raises :class:`ValueError` when ``pdf`` is not a readable PDF.
    """
    try:
        reader = PdfReader(io.BytesIO(pdf))
        attachments = reader.attachments
        contents = attachments.get(FILE_NAME) if FILE_NAME in attachments else None
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise ValueError(f"not a readable PDF: {error}") from error
    if not contents:
        return None
    return contents[0]
