"""A certificate's PDF: its snapshot printed, with its signed credential attached.

The drawing is :mod:`trainer_registry.certificate_pdf`'s (``render_certificate``); this
module only says what to print, from the snapshot taken at issue (so a reprint shows
exactly what was certified), and attaches the credential signed at issue as
``credential.json``, which ``trainer-registry certificate verify FILE.pdf`` checks.
"""

from __future__ import annotations

import json
from datetime import date

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import reverse

from trainer_registry.certificate_pdf import (
    LANGUAGE_SCRIPTS,
    CertificatePrint,
    fonts,
    render_certificate,
)
from trainer_registry.certificates.credentials import issuer_profile, public_address
from trainer_registry.models import CertificateKind, IssuedCertificate


def certificate_print(certificate: IssuedCertificate):
    """The :class:`~trainer_registry.certificate_pdf.CertificatePrint` of a certificate."""
    snap = certificate.snapshot
    language = snap.get("language", "")
    own_name = snap.get("name_local", "") if language in LANGUAGE_SCRIPTS else ""
    trainer = certificate.kind == CertificateKind.TRAINER
    credential = certificate.credential
    return CertificatePrint(
        kind=certificate.kind,
        name_latin=snap["name_latin"],
        name_own_script=own_name,
        own_script_language=language if own_name else "",
        programme=snap["programme"],
        training=snap["level_name"] if trainer else snap["training"],
        starts_on=date.fromisoformat(snap["starts_on"]),
        ends_on=date.fromisoformat(snap["ends_on"]),
        place=snap.get("place") or snap.get("country") or "-",
        issuer_name=issuer_profile().name if trainer else snap["issuer"],
        issuer_role="Training programme" if trainer else "Certified trainer",
        issued_on=certificate.issued_on,
        valid_until=date.fromisoformat(snap["valid_until"]) if trainer else None,
        verification_code=certificate.code,
        verify_url=public_address(
            reverse("trainer_registry:verify", kwargs={"code": certificate.code})
        ),
        embedded_credential=(
            json.dumps(credential, ensure_ascii=False).encode("utf-8") if credential else None
        ),
    )


def certificate_pdf(certificate: IssuedCertificate) -> bytes:
    """The certificate as a PDF with its signed credential attached."""
    return render_certificate(certificate_print(certificate))


def pdf_file_name(certificate: IssuedCertificate) -> str:
    """``certificate-<CODE>.pdf``: no name in the file name, which travels in emails."""
    return f"certificate-{certificate.code}.pdf"


def use_font_setting() -> None:
    """Hand the ``TRAINER_REGISTRY_FONT_DIRS`` setting to the certificate drawing, which
    imports no Django (called when the app is ready, and again when the setting changes)."""
    fonts.use_font_dirs(getattr(settings, fonts.SETTING, None))


@receiver(setting_changed)
def _font_setting_changed(*, setting: str, **_kwargs) -> None:
    if setting == fonts.SETTING:
        use_font_setting()
