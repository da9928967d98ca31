"""The demo's issued certificates: what trainers and the programme issued after the
trainings, by one rule in every copy.

* A training's participants get their certificates two weeks after it ended, issued by
  the trainer who led it, when that trainer's current certification (the latest one no
  recertification superseded) is active that day and began by then; every participant
  who completed the training gets one. Trainings led by uncertified trainers (the
  regional team, the RTP alumni who never certified) have none, as the registry's rules
  require.
* Each certified trainer whose certification no recertification superseded gets the
  programme's trainer certificate on the day they were certified.

The first copy issues through the registry's own service
(:mod:`trainer_registry.certificates.issuing`): random verification codes and status
list positions, signed credentials, an audit entry each. The further copies write the
same kind of rows in bulk statements (:func:`copy_certificates`): a verification code
drawn from the copy's seed (unique across copies: a clash is drawn again), a free
position in the open status list (a new list when it is half full, as the service
does), the credential built and signed by the same eddsa-rdfc-2022 proof, and the
audit entry the service writes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from trainer_registry.certificates import code as verification_code
from trainer_registry.certificates import credentials as certificate_credentials
from trainer_registry.certificates import issuing
from trainer_registry.certificates.signing_key import signing_key
from trainer_registry.credentials import eddsa_rdfc_2022, multibase, open_badges
from trainer_registry.credentials import status_list as bitstring
from trainer_registry.demo import rows
from trainer_registry.demo.copies import BATCH_SIZE, Copy, next_pk
from trainer_registry.models import (
    AuditAction,
    AuditEvent,
    CertificateKind,
    CertificationStatus,
    CredentialStatusList,
    IssuedCertificate,
    Programme,
    TrainerCertification,
    TrainingEvent,
)

ISSUE_DELAY = timedelta(days=14)


@dataclass(frozen=True)
class Held:
    """A trainer's current certification, as the issuing rule reads it."""

    certified_on: date
    valid_until: date
    active: bool


def current_certifications(certifications) -> dict[int, Held]:
    """Person pk -> their current certification, from rows with ``person_id``,
    ``certified_on``, ``valid_until``, ``status``, ``pk`` and ``supersedes_id``."""
    superseded = {c.supersedes_id for c in certifications if c.supersedes_id is not None}
    current: dict[int, Held] = {}
    for c in sorted(certifications, key=lambda c: (c.certified_on, c.pk)):
        if c.pk not in superseded:
            active = c.status == CertificationStatus.ACTIVE
            current[c.person_id] = Held(c.certified_on, c.valid_until, active)
    return current


def issue_day(held: Held | None, ends_on: date) -> date | None:
    """The day a training that ended on ``ends_on`` gets its certificates from a lead
    trainer holding ``held``, or ``None`` when they may not issue them then."""
    day = ends_on + ISSUE_DELAY
    if held is None or not held.active or not held.certified_on <= day <= held.valid_until:
        return None
    return day


def issue_first_copy() -> int:
    """The first copy's certificates, issued by the registry's service; how many."""
    certifications = list(TrainerCertification.objects.order_by("certified_on", "pk"))
    current = current_certifications(certifications)
    issued = 0
    superseded = {c.supersedes_id for c in certifications}
    for certification in certifications:
        if certification.pk in superseded:
            continue
        try:
            issuing.issue_for_trainer(certification, on=certification.certified_on)
        except issuing.NotAllowed:
            continue
        issued += 1
    events = TrainingEvent.objects.filter(lead_trainer_id__in=current).select_related(
        "lead_trainer", "programme"
    )
    for event in events.order_by("ends_on", "code"):
        day = issue_day(current[event.lead_trainer_id], event.ends_on)
        if day is not None:
            issued += issuing.issue_for_event(event.lead_trainer, event, on=day).issued
    return issued


class StatusPositions:
    """Free positions in the open status list, drawn from a seeded generator; a new list
    when the open one is half full (as the issuing service opens one)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.opened: list[CredentialStatusList] = []
        self.list = CredentialStatusList.objects.order_by("-pk").first()
        if self.list is None:
            self._open()
        else:
            self.taken = set(
                IssuedCertificate.objects.filter(status_list=self.list).values_list(
                    "status_index", flat=True
                )
            )

    def _open(self) -> None:
        self.list = CredentialStatusList.objects.create(bits=bytes(bitstring.empty_bitstring()))
        self.list.url = certificate_credentials.public_address(
            reverse("trainer_registry:credential-status-list", kwargs={"number": self.list.pk})
        )
        self.list.save(update_fields=["url"])
        self.opened.append(self.list)
        self.taken = set()

    def take(self) -> tuple[CredentialStatusList, int]:
        if len(self.taken) >= self.list.size // 2:
            self._open()
        while (index := self.rng.randrange(self.list.size)) in self.taken:
            pass
        self.taken.add(index)
        return self.list, index


class Signer:
    """Credentials built and signed as the issuing service signs them."""

    def __init__(self) -> None:
        self.issuer = certificate_credentials.issuer_profile()
        self.key = signing_key()
        self.method = multibase.did_key_verification_method(self.key.public_key())

    def credential(self, certificate: IssuedCertificate, list_url: str, index: int) -> dict:
        document = open_badges.certificate_credential(
            certificate_credentials.certificate_facts(certificate),
            self.issuer,
            bitstring.status_entry(list_url, index),
        )
        return eddsa_rdfc_2022.sign(
            document, self.key, verification_method=self.method, created=timezone.now()
        )


class Codes:
    """Verification codes drawn from a seeded generator, none drawn twice."""

    def __init__(self) -> None:
        self.used = set(IssuedCertificate.objects.values_list("code", flat=True))

    def draw(self, rng: random.Random) -> str:
        while True:
            symbols = "".join(
                rng.choice(verification_code.ALPHABET) for _ in range(verification_code.LENGTH)
            )
            code = symbols + verification_code.check_symbol(symbols)
            if code not in self.used:
                self.used.add(code)
                return code


def _participant_snapshot(person, event, programme_name: str, issuer) -> dict:
    return {
        "name_latin": person.name_latin,
        "name_local": person.name_local,
        "language": person.language,
        "training": event.title,
        "programme": programme_name,
        "place": event.place,
        "country": event.country,
        "starts_on": event.starts_on.isoformat(),
        "ends_on": event.ends_on.isoformat(),
        "issuer": issuer.name_latin,
    }


def _trainer_snapshot(person, certification: TrainerCertification, programme) -> dict:
    return {
        "name_latin": person.name_latin,
        "name_local": person.name_local,
        "language": person.language,
        "programme": programme.name,
        "programme_code": programme.code,
        "level": certification.level,
        "level_name": certification.get_level_display(),
        "country": person.country,
        "starts_on": certification.certified_on.isoformat(),
        "ends_on": certification.certified_on.isoformat(),
        "valid_until": certification.valid_until.isoformat(),
        "issuer": programme.name,
    }


@dataclass
class CopyCertificates:
    """What the further copies' certificates need, read once."""

    programmes: dict[str, object]  # programme code -> its record (code, name)
    programme_codes: dict[int, str]  # programme pk -> code
    first_people: dict[str, object]  # the first copy's person key -> record
    positions: StatusPositions
    signer: Signer
    codes: Codes

    @classmethod
    def start(cls, first, seed: int) -> CopyCertificates:
        return cls(
            programmes={p.code: p for p in first.programmes},
            programme_codes=dict(Programme.objects.values_list("pk", "code")),
            first_people={p.key: p for p in first.people},
            positions=StatusPositions(random.Random(f"status-positions/{seed}")),
            signer=Signer(),
            codes=Codes(),
        )

    def finish(self) -> None:
        """Sign the lists opened for the copies (every list, as after a key rotation)."""
        if self.positions.opened:
            certificate_credentials.sign_status_lists_again()


@transaction.atomic
def copy_certificates(
    state: CopyCertificates,
    copy: Copy,
    certifications: list[TrainerCertification],
    event_pk: dict[str, int],
) -> list[IssuedCertificate]:
    """One further copy's certificates (its ``certifications`` just written), in bulk
    statements with their audit entries."""
    rng = random.Random(copy.seed + 1)
    people = {**state.first_people, **{p.key: p for p in copy.data.people}}
    key_of = {pk: key for key, pk in copy.pk.items()}
    made: list[IssuedCertificate] = []
    superseded = {c.supersedes_id for c in certifications}
    for certification in certifications:
        if certification.pk in superseded:
            continue
        programme = state.programmes[state.programme_codes[certification.programme_id]]
        person = people[key_of[certification.person_id]]
        made.append(
            IssuedCertificate(
                kind=CertificateKind.TRAINER,
                person_id=certification.person_id,
                certification_id=certification.pk,
                issued_on=certification.certified_on,
                snapshot=_trainer_snapshot(person, certification, programme),
            )
        )
    current = current_certifications(certifications)
    completed: dict[str, list] = {}
    for p in copy.data.participations:
        if p.completed:
            completed.setdefault(p.event_code, []).append(p)
    for event in sorted(copy.data.events, key=lambda e: (e.ends_on, e.code)):
        day = issue_day(current.get(copy.pk[event.lead_key]), event.ends_on)
        if day is None:
            continue
        lead, programme = people[event.lead_key], state.programmes[event.programme_code]
        row = TrainingEvent(pk=event_pk[event.code], code=event.code)
        for p in sorted(
            completed.get(event.code, []), key=lambda p: people[p.person_key].name_latin
        ):
            made.append(
                IssuedCertificate(
                    kind=CertificateKind.PARTICIPANT,
                    person_id=copy.pk[p.person_key],
                    event=row,
                    issued_by_id=copy.pk[event.lead_key],
                    issued_on=day,
                    snapshot=_participant_snapshot(
                        people[p.person_key], event, programme.name, lead
                    ),
                )
            )
    pk = next_pk(IssuedCertificate)
    audit = []
    for certificate in made:
        certificate.pk, certificate.code = pk, state.codes.draw(rng)
        status_list, index = state.positions.take()
        certificate.status_list_id, certificate.status_index = status_list.pk, index
        certificate.credential = state.signer.credential(certificate, status_list.url, index)
        audit.append(
            (
                timezone.now(),
                "",
                AuditAction.CREATE,
                "issuedcertificate",
                certificate.code,
                people[key_of[certificate.person_id]].country,  # the holder's
                {"step": "issue", "kind": certificate.kind},
            )
        )
        pk += 1
    IssuedCertificate.objects.bulk_create(made, batch_size=BATCH_SIZE)
    rows.insert(
        AuditEvent,
        ("at", "username", "action", "object_type", "object_id", "country", "detail"),
        audit,
    )
    return made
