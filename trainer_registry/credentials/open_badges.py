"""A certificate as an Open Badges 3.0 credential (a W3C Verifiable Credential 2.0).

Shapes from the 1EdTech Open Badges Specification 3.0 data model (OpenBadgeCredential,
AchievementSubject, Achievement, Profile, IdentityObject) on the W3C Verifiable
Credentials Data Model 2.0:

- ``type`` ``["VerifiableCredential", "OpenBadgeCredential"]``; the ``issuer`` is a
  ``Profile`` (the programme, identified by its signing key's ``did:key``);
- ``credentialSubject`` is an ``AchievementSubject`` naming its holder by
  ``IdentityObject`` entries of ``identityType`` ``name`` (unhashed: the certificate
  shows the names anyway), in Latin script and in the person's own script, with the
  ``achievement``: ``achievementType`` ``CertificateOfCompletion`` for a participant,
  ``Certification`` for a certified trainer, whose credential also carries
  ``validUntil``;
- ``description`` says in words where and when the training was held and which
  certified trainer issued the certificate;
- ``credentialStatus``: the Bitstring Status List entry
  (:mod:`~trainer_registry.credentials.status_list`).

Only what a verifier needs goes in: names, the training, dates, place and country, the
issuing trainer's name. No contact data, no birth date, no identifiers of the person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from trainer_registry.credentials.document_loader import CREDENTIALS_V2, OPEN_BADGES_V3

PARTICIPANT = "participant"
TRAINER = "trainer"
ACHIEVEMENT_TYPES = {PARTICIPANT: "CertificateOfCompletion", TRAINER: "Certification"}


@dataclass(frozen=True)
class IssuerProfile:
    """The programme as issuer: ``id`` its signing key's ``did:key``."""

    id: str
    name: str
    url: str


@dataclass(frozen=True)
class CertificateFacts:
    """What one certificate states; the snapshot kept when it was issued.

    ``kind`` is ``participant`` or ``trainer``; ``valid_until`` is given for trainers
    (their certification's end) and empty for participants, whose certificate does not
    expire. ``achievement_id`` identifies the training or certification level, the same
    for everyone who earned it."""

    credential_id: str
    kind: str
    name_latin: str
    name_local: str
    achievement_id: str
    achievement_name: str
    achievement_description: str
    criteria: str
    issued_on: date
    starts_on: date
    ends_on: date
    issued_by: str
    valid_until: date | None = None
    place: str = ""
    country: str = ""


def _day(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _identity(name: str) -> dict:
    return {"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": name}


def _description(facts: CertificateFacts) -> str:
    where = ", ".join(part for part in (facts.place, facts.country) if part)
    held = f"{facts.starts_on.isoformat()} to {facts.ends_on.isoformat()}"
    text = f"{facts.achievement_name}, {held}" + (f", {where}" if where else "")
    return text + (f". Issued by {facts.issued_by}." if facts.issued_by else ".")


def certificate_credential(
    facts: CertificateFacts, issuer: IssuerProfile, status: dict | None
) -> dict:
    """The unsigned credential document of a certificate."""
    if facts.kind not in ACHIEVEMENT_TYPES:
        raise ValueError(f"kind must be one of {sorted(ACHIEVEMENT_TYPES)}, not {facts.kind!r}")
    if facts.kind == TRAINER and facts.valid_until is None:
        raise ValueError("a trainer's certificate needs valid_until (its certification's end)")
    names = [facts.name_latin] + ([facts.name_local] if facts.name_local else [])
    achievement = {
        "id": facts.achievement_id,
        "type": ["Achievement"],
        "achievementType": ACHIEVEMENT_TYPES[facts.kind],
        "name": facts.achievement_name,
        "description": facts.achievement_description,
        "criteria": {"narrative": facts.criteria},
        "creator": {"id": issuer.id, "type": ["Profile"], "name": issuer.name, "url": issuer.url},
    }
    subject = {
        "type": ["AchievementSubject"],
        "identifier": [_identity(name) for name in names],
        "achievement": achievement,
        "activityStartDate": _day(facts.starts_on),
        "activityEndDate": _day(facts.ends_on),
    }
    document = {
        "@context": [CREDENTIALS_V2, OPEN_BADGES_V3],
        "id": facts.credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": facts.achievement_name,
        "description": _description(facts),
        "issuer": {"id": issuer.id, "type": ["Profile"], "name": issuer.name, "url": issuer.url},
        "validFrom": _day(facts.issued_on),
        "awardedDate": _day(facts.issued_on),
        "credentialSubject": subject,
    }
    if facts.valid_until is not None:
        document["validUntil"] = _day(facts.valid_until)
    if status is not None:
        document["credentialStatus"] = status
    return document
