"""Issuing, reissuing, revoking and verifying certificates.

Only a trainer whose certification is active on the day, and who led the training, issues
participants' certificates for it, and only to people who completed it; the programme
issues certified trainers theirs. Each certificate keeps an immutable snapshot of what it
certified and, signed at issue, its Open Badges 3.0 credential with a position in a
revocation status list (:mod:`trainer_registry.certificates.credentials`). Checking a
certificate is :mod:`trainer_registry.certificates.verification`'s.

Every issue, reissue and revocation is written to the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, connection, transaction

from trainer_registry import audit
from trainer_registry.certificates import code as verification_code
from trainer_registry.certificates import credentials as certificate_credentials
from trainer_registry.certificates import event_issue
from trainer_registry.certification import decisions, rules
from trainer_registry.models import (
    AuditAction,
    CertificateKind,
    CertificateStatus,
    CertificationStatus,
    IssuedCertificate,
    Participation,
    Person,
    TrainerCertification,
    TrainingEvent,
)


class NotAllowed(Exception):
    """This issuer may not issue this certificate; ``reasons`` says why."""

    def __init__(self, reasons: tuple[str, ...]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


def _one_valid_certificate_guard(fields: dict) -> None:
    """The rule of the ``one_valid_participant_certificate_per_event`` constraint, kept by
    hand where the database cannot hold a conditional unique constraint (MySQL and
    MariaDB ignore it): the person's row is locked, so two issues for one person take
    turns, and the second finds the first's certificate (Django reads committed rows on
    MySQL) and is refused like the constraint would refuse it."""
    if connection.features.supports_partial_indexes:
        return
    if fields.get("kind") != CertificateKind.PARTICIPANT or fields.get("event") is None:
        return
    person = fields["person"]
    list(type(person).objects.select_for_update().filter(pk=person.pk).values_list("pk"))
    if _holds_valid_certificate(person, fields["event"]):
        raise IntegrityError("one_valid_participant_certificate_per_event")


def _new_certificate(**fields) -> IssuedCertificate:
    for _attempt in range(5):  # 80 random bits: a clash is practically impossible
        try:
            with transaction.atomic():
                _one_valid_certificate_guard(fields)
                created = IssuedCertificate.objects.create(
                    code=verification_code.new_code(), **fields
                )
        except IntegrityError:
            if IssuedCertificate.objects.filter(
                person=fields["person"],
                event=fields.get("event"),
                status=CertificateStatus.VALID,
                kind=CertificateKind.PARTICIPANT,
            ).exists():
                raise
            continue
        certificate_credentials.attach_credential(created)
        audit.record(
            fields.get("recorded_by"),
            AuditAction.CREATE,
            "issuedcertificate",
            created.code,
            country=_country(created),
            step="reissue" if fields.get("supersedes") else "issue",
            kind=created.kind,
        )
        return created
    raise RuntimeError("could not draw a fresh verification code")


def _country(certificate: IssuedCertificate) -> str:
    """The country a certificate's audit entries are filed under: its holder's, as its
    page, its PDF and the API file them, and as the audit log's readers reach people (a
    Thai participant's certificate from a training held in Cambodia is Thailand's)."""
    return certificate.person.country


def _holds_valid_certificate(person: Person, event: TrainingEvent) -> bool:
    return IssuedCertificate.objects.filter(
        person=person,
        event=event,
        status=CertificateStatus.VALID,
        kind=CertificateKind.PARTICIPANT,
    ).exists()


@transaction.atomic
def issue_for_participant(
    trainer: Person, participation: Participation, *, on: date, recorded_by=None
) -> IssuedCertificate:
    """Issue ``participation.person``'s certificate for the training, as ``trainer``."""
    event = participation.event
    reasons = list(decisions.may_issue_for(trainer, event, on=on).unmet)
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
        snapshot=event_issue.participant_snapshot(locked.person, event, trainer),
    )


@dataclass(frozen=True)
class BulkResult:
    issued: int
    skipped: dict[str, str]  # person's Latin name -> why not


def issue_for_event(
    trainer: Person, event: TrainingEvent, *, on: date, recorded_by=None
) -> BulkResult:
    """Issue every completed participant's certificate that is still missing, a chunk of
    participants at a time (:mod:`trainer_registry.certificates.event_issue`), each chunk
    one transaction: running it again issues only what is still missing, and two runs at
    once (a duplicated task) issue each certificate once. A chunk that meets another
    process's work (a unique constraint refuses it) is issued again one certificate at a
    time, each its own transaction, the database's
    ``one_valid_participant_certificate_per_event`` constraint refusing a second."""
    decision = decisions.may_issue_for(trainer, event, on=on)
    if not decision.eligible:
        raise NotAllowed(decision.unmet)
    participations = list(
        event.participations.select_related("person").order_by("person__name_latin", "pk")
    )
    issued, skipped = 0, {}
    for start in range(0, len(participations), event_issue.CHUNK):
        chunk = participations[start : start + event_issue.CHUNK]
        try:
            outcome = event_issue.issue_chunk(trainer, event, chunk, on=on, recorded_by=recorded_by)
        except IntegrityError:
            outcome = _issue_one_by_one(trainer, event, chunk, on=on, recorded_by=recorded_by)
        issued += outcome.issued
        skipped.update(outcome.skipped)
    return BulkResult(issued=issued, skipped=skipped)


def _issue_one_by_one(
    trainer: Person, event: TrainingEvent, chunk: list[Participation], *, on: date, recorded_by
) -> event_issue.ChunkOutcome:
    outcome = event_issue.ChunkOutcome()
    for participation in chunk:
        name = participation.person.name_latin
        try:
            issue_for_participant(trainer, participation, on=on, recorded_by=recorded_by)
            outcome.issued += 1
        except NotAllowed as refusal:
            outcome.skipped[name] = "; ".join(refusal.reasons)
        except IntegrityError:
            if not _holds_valid_certificate(participation.person, event):
                raise
            # issued by another run since this one looked
            outcome.skipped[name] = f"{name} already holds a valid certificate for it"
    return outcome


def _trainer_snapshot(certification_: TrainerCertification) -> dict:
    person, programme = certification_.person, certification_.programme
    return {
        "name_latin": person.name_latin,
        "name_local": person.name_local,
        "language": person.language,
        "programme": programme.name,
        "programme_code": programme.code,
        "level": certification_.level,
        "level_name": certification_.get_level_display(),
        "country": person.country,
        "starts_on": certification_.certified_on.isoformat(),
        "ends_on": certification_.certified_on.isoformat(),
        "valid_until": certification_.valid_until.isoformat(),
        "issuer": programme.name,
    }


@transaction.atomic
def issue_for_trainer(
    certification_: TrainerCertification, *, on: date, recorded_by=None
) -> IssuedCertificate:
    """The programme's certificate for a certified trainer: an Open Badges
    ``Certification`` valid until the certification ends. Only for a certification that
    is active on ``on`` and not yet superseded, and only once while a valid one exists."""
    locked = TrainerCertification.objects.select_for_update().get(pk=certification_.pk)
    reasons = []
    status = rules.status_on(rules.Status(locked.status), locked.valid_until, on)
    if status == rules.Status.EXPIRED:
        reasons.append(f"the certification expired on {locked.valid_until.isoformat()}")
    elif status != rules.Status.ACTIVE:
        reasons.append(f"the certification is {status.value}: {locked.status_reason}")
    if TrainerCertification.objects.filter(supersedes=locked).exists():
        reasons.append("the certification was superseded by a recertification")
    if locked.certificates.filter(
        kind=CertificateKind.TRAINER, status=CertificateStatus.VALID
    ).exists():
        reasons.append(f"{locked.person.name_latin} already holds a valid certificate for it")
    if reasons:
        raise NotAllowed(tuple(reasons))
    return _new_certificate(
        kind=CertificateKind.TRAINER,
        person=locked.person,
        certification=locked,
        recorded_by=recorded_by,
        issued_on=on,
        snapshot=_trainer_snapshot(locked),
    )


@transaction.atomic
def revoke(certificate: IssuedCertificate, *, reason: str, recorded_by=None) -> None:
    """Revoke a certificate for ``reason``: its status bit is set and its status list
    signed again, so that its credential no longer verifies anywhere."""
    if not reason.strip():
        raise ValueError("Give the reason for revoking a certificate.")
    certificate.status = CertificateStatus.REVOKED
    certificate.status_reason = reason.strip()
    certificate.save(update_fields=["status", "status_reason"])
    certificate_credentials.mark_revoked(certificate)
    audit.record(
        recorded_by,
        AuditAction.CHANGE,
        "issuedcertificate",
        certificate.code,
        country=_country(certificate),
        step="revoke",
        reason=certificate.status_reason,
    )


def revoke_for_certification(certification_: TrainerCertification, *, reason: str) -> int:
    """Revoke the valid trainer certificates of a revoked certification; how many."""
    revoked = 0
    for certificate in certification_.certificates.filter(status=CertificateStatus.VALID):
        revoke(certificate, reason=reason)
        revoked += 1
    return revoked


@transaction.atomic
def change_certification_status(
    certification_: TrainerCertification, status: str, *, reason: str
) -> int:
    """Suspend, revoke or reinstate a certification (:func:`decisions.change_status`,
    which refuses a missing reason or a revoked one reinstated) and carry the consequence
    to its certificates: revoking it revokes the valid trainer certificates issued for it
    (their status bits are set). Returns how many certificates were revoked."""
    decisions.change_status(certification_, status, reason=reason)
    if status != CertificationStatus.REVOKED:
        return 0
    return revoke_for_certification(
        certification_, reason=f"the certification was revoked: {reason.strip()}"
    )


@transaction.atomic
def reissue(certificate: IssuedCertificate, *, on: date, recorded_by=None) -> IssuedCertificate:
    """After a name correction: a new certificate from the person's current names; the old
    one is superseded and its status bit set (it no longer verifies as valid)."""
    if certificate.status != CertificateStatus.VALID:
        raise ValueError(
            f"Only a valid certificate can be reissued; this one is {certificate.status}."
        )
    certificate.status = CertificateStatus.SUPERSEDED
    certificate.status_reason = "reissued after a correction"
    certificate.save(update_fields=["status", "status_reason"])
    certificate_credentials.mark_revoked(certificate)
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
