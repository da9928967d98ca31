"""Verifying a certificate, by its code or by its signed credential (a file, a PDF).

The answer says whether the programme issued it (``genuine``), whether it holds today
(``valid``) and why not: signature invalid, status list tampered, revoked with the
reason, superseded by a corrected certificate, expired, or the trainer's certification
suspended or revoked. It shows only what a checker needs: the names, the training, the
dates, the issuer, the status; never contact data. Every verification is written to the
audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from trainer_registry import audit
from trainer_registry.certificates import code as verification_code
from trainer_registry.certificates import credentials
from trainer_registry.certification import rules
from trainer_registry.models import (
    AuditAction,
    CertificateKind,
    CertificateStatus,
    IssuedCertificate,
)


@dataclass(frozen=True)
class Verification:
    """What a check found. ``details`` is what the certificate states (empty when it is
    not genuine); ``code`` is the certificate's code when one was found."""

    genuine: bool
    valid: bool
    reason: str
    details: dict
    code: str = ""


DETAIL_FIELDS = (
    "name_latin",
    "name_local",
    "language",
    "training",
    "programme",
    "level_name",
    "country",
    "starts_on",
    "ends_on",
    "valid_until",
    "issuer",
)


def _details(found: IssuedCertificate) -> dict:
    snapshot = found.snapshot
    return {
        "code": verification_code.display(found.code),
        "kind": found.kind,
        "issued_on": found.issued_on.isoformat(),
        "status": found.status,
        "training": snapshot.get("training") or snapshot.get("level_name"),
        **{key: snapshot[key] for key in DETAIL_FIELDS if key in snapshot and key != "training"},
    }


def _status_reason(found: IssuedCertificate) -> str:
    if found.status == CertificateStatus.SUPERSEDED:
        return "superseded by a corrected certificate"
    if found.status == CertificateStatus.REVOKED:
        return f"revoked: {found.status_reason}"
    return "revoked"


def _assess(found: IssuedCertificate, document: dict | None, today: date) -> Verification:
    details = _details(found)
    if document is not None or found.credential is not None:
        outcome = credentials.check(
            document if document is not None else found.credential,
            revocation_reason=lambda: _status_reason(found),
            today=today,
        )
        if not outcome.genuine:
            return Verification(False, False, outcome.reason, {}, found.code)
        if not outcome.valid:
            return Verification(True, False, outcome.reason, details, found.code)
    if found.status != CertificateStatus.VALID:
        return Verification(True, False, _status_reason(found), details, found.code)
    held = found.certification
    if found.kind == CertificateKind.TRAINER and held is not None:
        status = rules.status_on(rules.Status(held.status), held.valid_until, today)
        if status in {rules.Status.SUSPENDED, rules.Status.REVOKED}:
            return Verification(
                True,
                False,
                f"certification {status.value}: {held.status_reason}",
                details,
                found.code,
            )
        if status == rules.Status.EXPIRED:
            return Verification(
                True, False, f"expired on {held.valid_until.isoformat()}", details, found.code
            )
    return Verification(True, True, "genuine and valid", details, found.code)


def _audited(
    result: Verification, checked_by, typed: str, found: IssuedCertificate | None = None
) -> Verification:
    """The check written to the audit log, under the holder's country when the
    certificate was found (as every entry of a certificate is)."""
    audit.record(
        checked_by,
        AuditAction.VIEW,
        "issuedcertificate",
        (result.code or typed)[:64],
        country=found.person.country if found is not None else "",
        step="verify",
        valid=result.valid,
        reason=result.reason,
    )
    return result


def verify(text: str, *, today: date | None = None, checked_by=None) -> Verification:
    """What a verification code says: genuine or not, valid or not, and why. The stored
    credential's signature and its status list are checked too."""
    today = today or timezone.localdate()
    try:
        code = verification_code.parse(text)
    except verification_code.InvalidCode as error:
        return _audited(
            Verification(False, False, f"not a verification code: {error}", {}), checked_by, text
        )
    found = (
        IssuedCertificate.objects.filter(code=code)
        .select_related("certification", "person")
        .first()
    )
    if found is None:
        return _audited(
            Verification(False, False, "no certificate has this code", {}), checked_by, code
        )
    return _audited(_assess(found, None, today), checked_by, code, found)


def verify_credential(
    document: dict, *, today: date | None = None, checked_by=None
) -> Verification:
    """What a credential document (from a file, or embedded in a certificate's PDF) says:
    its signature by the programme's key, its status list, revocation, expiry."""
    today = today or timezone.localdate()
    credential_id = document.get("id") if isinstance(document, dict) else None
    found = None
    if isinstance(credential_id, str):
        found = (
            IssuedCertificate.objects.filter(credential__id=credential_id)
            .select_related("certification", "person")
            .first()
        )
    if found is None:
        outcome = credentials.check(document, revocation_reason=lambda: "revoked", today=today)
        reason = outcome.reason if not outcome.genuine else "this registry has no record of it"
        return _audited(Verification(False, False, reason, {}), checked_by, str(credential_id))
    return _audited(_assess(found, document, today), checked_by, found.code, found)
