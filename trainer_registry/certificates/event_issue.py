"""A training's participant certificates issued a chunk at a time.

A bulk issue (the trainer's "issue certificates" job) writes each chunk of participants in
one transaction with a handful of statements, whatever its size: the trainer checked
again, the chunk's participations locked (and its people, where the database cannot hold
the conditional unique constraint), the valid certificates they already hold read in one
query, then every new certificate with its status-list position and signed credential in
one insert, and their audit entries in another.

A re-run or a duplicated job issues each certificate once: the chunk's lock makes a second
run wait until the first commits, and it then finds the first's certificates. Whatever
slips past that (a single issue or a reissue at the same moment, a drawn code or status
position that another process took) breaks a unique constraint, the chunk's transaction
rolls back whole, and :func:`trainer_registry.certificates.issuing.issue_for_event` issues
that chunk again one certificate at a time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import connection, transaction

from trainer_registry import audit
from trainer_registry.certificates import code as verification_code
from trainer_registry.certificates import credentials as certificate_credentials
from trainer_registry.certification import decisions
from trainer_registry.models import (
    AuditAction,
    CertificateKind,
    CertificateStatus,
    IssuedCertificate,
    Participation,
    Person,
    TrainingEvent,
)

CHUNK = 250  # participants a transaction: a few seconds of work, bounded statement sizes


def participant_snapshot(person: Person, event: TrainingEvent, issuer: Person) -> dict:
    """What a participant's certificate certifies, kept as it was on the day of issue."""
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


@dataclass
class ChunkOutcome:
    issued: int = 0
    skipped: dict[str, str] = field(default_factory=dict)  # Latin name -> why not


def _locked(participations: list[Participation]) -> tuple[dict[int, bool], dict[int, Person]]:
    """Lock the chunk's participations (in key order, so two runs never deadlock) and read
    them and their people afresh: whether each completed, and who it is now."""
    completed = dict(
        Participation.objects.select_for_update()
        .filter(pk__in=[p.pk for p in participations])
        .order_by("pk")
        .values_list("pk", "completed")
    )
    people = Person.objects.filter(pk__in=[p.person_id for p in participations]).order_by("pk")
    if not connection.features.supports_partial_indexes:
        # The one-valid-certificate rule is kept by locking the person (see issuing).
        people = people.select_for_update()
    return completed, {person.pk: person for person in people}


def already_certified(event: TrainingEvent, person_ids: list[int]) -> set[int]:
    """Those of ``person_ids`` who hold a valid participant certificate for ``event``."""
    return set(
        IssuedCertificate.objects.filter(
            event=event,
            person_id__in=person_ids,
            status=CertificateStatus.VALID,
            kind=CertificateKind.PARTICIPANT,
        ).values_list("person_id", flat=True)
    )


@transaction.atomic
def issue_chunk(
    trainer: Person,
    event: TrainingEvent,
    participations: list[Participation],
    *,
    on: date,
    recorded_by=None,
) -> ChunkOutcome:
    """Issue the certificates of ``participations`` (of ``event``) that are due and still
    missing, in one transaction. Raises :class:`django.db.IntegrityError` (after rolling
    the chunk back) when another process got in between; see the module docstring."""
    outcome = ChunkOutcome()
    decision = decisions.may_issue_for(trainer, event, on=on)
    completed, people = _locked(participations)
    holders = already_certified(event, list(people))
    due: list[IssuedCertificate] = []
    for participation in participations:
        person = people.get(participation.person_id, participation.person)
        reasons = list(decision.unmet)
        if not completed.get(participation.pk, False):
            reasons.append(f"{person.name_latin} did not complete the training")
        if person.pk in holders:
            reasons.append(f"{person.name_latin} already holds a valid certificate for it")
        if reasons:
            outcome.skipped[participation.person.name_latin] = "; ".join(reasons)
            continue
        due.append(
            IssuedCertificate(
                code=verification_code.new_code(),
                kind=CertificateKind.PARTICIPANT,
                person=person,
                event=event,
                issued_by=trainer,
                recorded_by=recorded_by,
                issued_on=on,
                snapshot=participant_snapshot(person, event, trainer),
            )
        )
    if not due:
        return outcome
    positions = certificate_credentials.reserve_positions(len(due))
    certificate_credentials.sign_new_credentials(due, positions)
    IssuedCertificate.objects.bulk_create(due)
    audit.record_many(
        recorded_by,
        AuditAction.CREATE,
        "issuedcertificate",
        [
            (
                certificate.code,
                certificate.person.country,  # the holder's (see issuing._country)
                {"step": "issue", "kind": certificate.kind},
            )
            for certificate in due
        ],
    )
    outcome.issued = len(due)
    return outcome
