"""Issuing, reissuing, revoking and verifying certificates.

Only a trainer whose certification is active on the day, and who led the training, issues
participants' certificates for it, and only to people who completed it. Each certificate
keeps an immutable snapshot of what it certified; verification shows only what a checker
needs: the names, the training, the dates, the issuer, the status. Never contact data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction

from trainer_registry import certification, verification_code
from trainer_registry.models import (
    CertificateKind,
    CertificateStatus,
    IssuedCertificate,
    Participation,
    Person,
    TrainingEvent,
)


class NotAllowed(Exception):
    """This issuer may not issue this certificate; ``reasons`` says why."""

    def __init__(self, reasons: tuple[str, ...]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


def _snapshot(person: Person, event: TrainingEvent, issuer: Person) -> dict:
    return {
        "name_latin": person.name_latin,
        "name_local": person.name_local,
        "language": person.language,
        "training": event.title,
        "programme": event.programme.name,
        "place": event.place,
        "country": event.country,
        "starts_on": event.starts_on.isoformat(),
        "ends_on": event.ends_on.isoformat(),
        "issuer": issuer.name_latin,
    }


def _new_certificate(**fields) -> IssuedCertificate:
    for _attempt in range(5):  # 80 random bits: a clash is practically impossible
        try:
            with transaction.atomic():
                return IssuedCertificate.objects.create(code=verification_code.new_code(), **fields)
        except IntegrityError:
            if IssuedCertificate.objects.filter(
                person=fields["person"],
                event=fields.get("event"),
                status=CertificateStatus.VALID,
                kind=CertificateKind.PARTICIPANT,
            ).exists():
                raise
    raise RuntimeError("could not draw a fresh verification code")


@transaction.atomic
def issue_for_participant(
    trainer: Person, participation: Participation, *, on: date, recorded_by=None
) -> IssuedCertificate:
    """Issue ``participation.person``'s certificate for the training, as ``trainer``."""
    event = participation.event
    reasons = list(certification.may_issue_for(trainer, event, on=on).unmet)
    locked = Participation.objects.select_for_update().get(pk=participation.pk)
    if not locked.completed:
        reasons.append(f"{locked.person.name_latin} did not complete the training")
    if IssuedCertificate.objects.filter(
        person=locked.person,
        event=event,
        status=CertificateStatus.VALID,
        kind=CertificateKind.PARTICIPANT,
    ).exists():
        reasons.append(f"{locked.person.name_latin} already holds a valid certificate for it")
    if reasons:
        raise NotAllowed(tuple(reasons))
    return _new_certificate(
        kind=CertificateKind.PARTICIPANT,
        person=locked.person,
        event=event,
        issued_by=trainer,
        recorded_by=recorded_by,
        issued_on=on,
        snapshot=_snapshot(locked.person, event, trainer),
    )


@dataclass(frozen=True)
class BulkResult:
    issued: int
    skipped: dict[str, str]  # person's Latin name -> why not


def issue_for_event(
    trainer: Person, event: TrainingEvent, *, on: date, recorded_by=None
) -> BulkResult:
    """Issue every completed participant's certificate that is still missing. Each one is
    its own transaction: running it again issues only what is still missing."""
    decision = certification.may_issue_for(trainer, event, on=on)
    if not decision.eligible:
        raise NotAllowed(decision.unmet)
    issued, skipped = 0, {}
    for participation in event.participations.select_related("person").order_by(
        "person__name_latin"
    ):
        try:
            issue_for_participant(trainer, participation, on=on, recorded_by=recorded_by)
            issued += 1
        except NotAllowed as refusal:
            skipped[participation.person.name_latin] = "; ".join(refusal.reasons)
    return BulkResult(issued=issued, skipped=skipped)


@transaction.atomic
def revoke(certificate: IssuedCertificate, *, reason: str) -> None:
    if not reason.strip():
        raise ValueError("Give the reason for revoking a certificate.")
    certificate.status = CertificateStatus.REVOKED
    certificate.status_reason = reason.strip()
    certificate.save(update_fields=["status", "status_reason"])


@transaction.atomic
def reissue(certificate: IssuedCertificate, *, on: date, recorded_by=None) -> IssuedCertificate:
    """After a name correction: a new certificate from the person's current names; the old
    one is superseded (and no longer verifies as valid)."""
    if certificate.status != CertificateStatus.VALID:
        raise ValueError(
            f"Only a valid certificate can be reissued; this one is {certificate.status}."
        )
    certificate.status = CertificateStatus.SUPERSEDED
    certificate.status_reason = "reissued after a correction"
    certificate.save(update_fields=["status", "status_reason"])
    person = Person.objects.get(pk=certificate.person_id)
    snapshot = {
        **certificate.snapshot,
        "name_latin": person.name_latin,
        "name_local": person.name_local,
    }
    return _new_certificate(
        kind=certificate.kind,
        person=person,
        event=certificate.event,
        certification=certificate.certification,
        issued_by=certificate.issued_by,
        recorded_by=recorded_by,
        issued_on=on,
        snapshot=snapshot,
        supersedes=certificate,
    )


@dataclass(frozen=True)
class Verification:
    genuine: bool
    valid: bool
    reason: str
    details: dict  # only what a checker needs; empty when not genuine


def verify(text: str) -> Verification:
    """What a verification code says: genuine or not, valid or not, and why."""
    try:
        code = verification_code.parse(text)
    except verification_code.InvalidCode as error:
        return Verification(False, False, f"not a verification code: {error}", {})
    found = IssuedCertificate.objects.filter(code=code).first()
    if found is None:
        return Verification(False, False, "no certificate has this code", {})
    details = {
        "code": verification_code.display(found.code),
        "kind": found.kind,
        "issued_on": found.issued_on.isoformat(),
        "status": found.status,
        **{
            k: found.snapshot.get(k)
            for k in (
                "name_latin",
                "name_local",
                "language",
                "training",
                "programme",
                "country",
                "starts_on",
                "ends_on",
                "issuer",
            )
        },
    }
    if found.status == CertificateStatus.REVOKED:
        return Verification(True, False, f"revoked: {found.status_reason}", details)
    if found.status == CertificateStatus.SUPERSEDED:
        return Verification(True, False, "superseded by a corrected certificate", details)
    return Verification(True, True, "genuine and valid", details)
