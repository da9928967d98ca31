"""Certificate PDFs with names in every script of the region, as a pure core.

``render_certificate(CertificatePrint(...)) -> bytes`` draws one certificate;
``read_embedded_credential(pdf) -> bytes | None`` gives back the signed credential carried
inside it. Nothing here touches the database, signs or stores: the issuing code does.
"""

from __future__ import annotations

from trainer_registry.certificate_pdf.embedding import read_embedded_credential
from trainer_registry.certificate_pdf.fonts import MissingFont
from trainer_registry.certificate_pdf.print_data import LANGUAGE_SCRIPTS, CertificatePrint
from trainer_registry.certificate_pdf.render import render_certificate
from trainer_registry.certificate_pdf.shaping import UncoveredText

__all__ = [
    "LANGUAGE_SCRIPTS",
    "CertificatePrint",
    "MissingFont",
    "UncoveredText",
    "read_embedded_credential",
    "render_certificate",
]
