"""Certificates as signed credentials: the issuer, the status lists, signing, checking.

The pure work (documents, proofs, bits) is in :mod:`trainer_registry.credentials`; this
module binds it to the registry: the programme's key
(:mod:`trainer_registry.certificates.signing_key`), the status lists kept in the database
and published at ``credentials/status/<n>.json``, and each certificate's credential,
signed once when it is issued and never changed after.
"""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from trainer_registry import audit
from trainer_registry.certificates import signing_key as credential_signing_key
from trainer_registry.certificates.signing_key import signing_key
from trainer_registry.credentials import credential_check, eddsa_rdfc_2022, multibase, open_badges
from trainer_registry.credentials import status_list as bitstring
from trainer_registry.models import (
    AuditAction,
    CertificateKind,
    CredentialStatusList,
    IssuedCertificate,
)

ISSUER_NAME_SETTING = "TRAINER_REGISTRY_ISSUER_NAME"
DEFAULT_ISSUER_NAME = "COMMIT Training Programme"


def public_address(path: str) -> str:
    """``path`` on the site's public address (``TRAINER_REGISTRY_PUBLIC_URL``)."""
    return settings.TRAINER_REGISTRY_PUBLIC_URL.rstrip("/") + path


def issuer_profile() -> open_badges.IssuerProfile:
    """The programme as issuer, identified by its signing key's ``did:key``."""
    return open_badges.IssuerProfile(
        id=multibase.did_key(signing_key().public_key()),
        name=getattr(settings, ISSUER_NAME_SETTING, None) or DEFAULT_ISSUER_NAME,
        url=public_address(reverse("trainer_registry:verify-form")),
    )


def _sign(document: dict) -> dict:
    key = signing_key()
    return eddsa_rdfc_2022.sign(
        document,
        key,
        verification_method=multibase.did_key_verification_method(key.public_key()),
        created=timezone.now(),
    )


def _publish(status_list: CredentialStatusList) -> None:
    """Sign the list's current bits as its ``BitstringStatusListCredential``."""
    status_list.credential = _sign(
        bitstring.status_list_credential(
            status_list.url,
            issuer=issuer_profile().id,
            bits=bytes(status_list.bits),
            valid_from=timezone.now(),
        )
    )
    status_list.save(update_fields=["credential", "updated_at"])


def _open_list() -> CredentialStatusList:
    """The list new credentials go into: the latest one less than half full (so that a
    random free position is found in a few draws), or a new one."""
    latest = CredentialStatusList.objects.order_by("-pk").first()
    if latest is not None and latest.certificates.count() < latest.size // 2:
        return latest
    return _new_list()


def _new_list() -> CredentialStatusList:
    with transaction.atomic():
        created = CredentialStatusList.objects.create(bits=bytes(bitstring.empty_bitstring()))
        created.url = public_address(
            reverse("trainer_registry:credential-status-list", kwargs={"number": created.pk})
        )
        created.save(update_fields=["url"])
        _publish(created)
    return created


def _achievement_id(kind: str, key: str) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, public_address(f"/achievements/{kind}/{key}")).urn


def certificate_facts(certificate: IssuedCertificate) -> open_badges.CertificateFacts:
    """What the certificate states, from its snapshot taken at issue."""
    snap = certificate.snapshot
    common = {
        "credential_id": public_address(
            reverse("trainer_registry:verify", kwargs={"code": certificate.code})
        ),
        "name_latin": snap["name_latin"],
        "name_local": snap.get("name_local", ""),
        "issued_on": certificate.issued_on,
        "starts_on": date.fromisoformat(snap["starts_on"]),
        "ends_on": date.fromisoformat(snap["ends_on"]),
        "country": snap.get("country", ""),
    }
    if certificate.kind == CertificateKind.TRAINER:
        return open_badges.CertificateFacts(
            kind=open_badges.TRAINER,
            achievement_id=_achievement_id(
                "certification", f"{snap['programme_code']}/{snap['level']}"
            ),
            achievement_name=f"{snap['level_name']}, {snap['programme']}",
            achievement_description=(
                f"Certified as {snap['level_name'].lower()} of the COMMIT anti-trafficking "
                f"training by the {snap['programme']}."
            ),
            criteria=(
                "Met the programme's criteria for attendance, post-test score, rubric-scored "
                "teach-back and observed co-facilitation (or, on recertification, trainings "
                "delivered and a refresher)."
            ),
            issued_by="",
            valid_until=date.fromisoformat(snap["valid_until"]),
            **common,
        )
    return open_badges.CertificateFacts(
        kind=open_badges.PARTICIPANT,
        achievement_id=_achievement_id("training", certificate.event.code),
        achievement_name=snap["training"],
        achievement_description=f"Completed the {snap['programme']} training {snap['training']}.",
        criteria=(
            "Attended and completed the training, as recorded by the certified trainer who led it."
        ),
        issued_by=snap.get("issuer", ""),
        place=snap.get("place", ""),
        **common,
    )


def attach_credential(certificate: IssuedCertificate) -> None:
    """Give a newly issued certificate a random free position in a status list and its
    signed credential. Part of the issuing transaction."""
    status_list = _open_list()
    for _attempt in range(5):
        index = bitstring.draw_free_index(
            status_list.size,
            lambda i: IssuedCertificate.objects.filter(
                status_list=status_list, status_index=i
            ).exists(),
        )
        try:
            with transaction.atomic():
                IssuedCertificate.objects.filter(pk=certificate.pk).update(
                    status_list=status_list, status_index=index
                )
        except IntegrityError:  # another process took the same position meanwhile
            continue
        break
    else:
        raise RuntimeError("could not reserve a position in the status list")
    document = open_badges.certificate_credential(
        certificate_facts(certificate),
        issuer_profile(),
        bitstring.status_entry(status_list.url, index),
    )
    certificate.status_list, certificate.status_index = status_list, index
    certificate.credential = _sign(document)
    certificate.save(update_fields=["credential", "status_list", "status_index"])


def reserve_positions(count: int) -> list[tuple[CredentialStatusList, int]]:
    """Random free positions for ``count`` new credentials, as :func:`attach_credential`
    draws them one at a time: in the latest list while it is less than half full, then in
    new lists. A few queries for the whole chunk. Part of the issuing transaction; the
    ``one_certificate_per_status_bit`` constraint refuses a position that another process
    took meanwhile."""
    latest = CredentialStatusList.objects.order_by("-pk").first()
    room = latest.size // 2 - latest.certificates.count() if latest is not None else 0
    status_list, positions = latest, []
    while len(positions) < count:
        if room <= 0:
            status_list = _new_list()
            room = status_list.size // 2
        take = min(room, count - len(positions))
        indices = bitstring.draw_free_indices(
            status_list.size,
            take,
            lambda candidates, in_list=status_list: set(
                IssuedCertificate.objects.filter(
                    status_list=in_list, status_index__in=candidates
                ).values_list("status_index", flat=True)
            ),
        )
        positions.extend((status_list, index) for index in indices)
        room -= take
    return positions


def sign_new_credentials(
    certificates: list[IssuedCertificate], positions: list[tuple[CredentialStatusList, int]]
) -> None:
    """Give each new, not yet saved certificate its position and its signed credential
    (what :func:`attach_credential` does for one saved certificate)."""
    issuer = issuer_profile()
    for certificate, (status_list, index) in zip(certificates, positions, strict=True):
        certificate.status_list, certificate.status_index = status_list, index
        certificate.credential = _sign(
            open_badges.certificate_credential(
                certificate_facts(certificate),
                issuer,
                bitstring.status_entry(status_list.url, index),
            )
        )


def mark_revoked(certificate: IssuedCertificate) -> None:
    """Set the certificate's bit and sign its status list again."""
    if certificate.status_list_id is None:
        return
    status_list = CredentialStatusList.objects.select_for_update().get(
        pk=certificate.status_list_id
    )
    bits = bytearray(status_list.bits)
    bitstring.set_bit(bits, certificate.status_index)
    status_list.bits = bytes(bits)
    status_list.save(update_fields=["bits", "updated_at"])
    _publish(status_list)


def issuer_keys() -> credential_check.IssuerKeys:
    """The registry's current, retired and withdrawn signing keys."""
    return credential_check.IssuerKeys(
        current=signing_key().public_key(),
        retired=credential_signing_key.retired_keys(),
        withdrawn=credential_signing_key.withdrawn_keys(),
    )


def rotate_signing_key(*, withdraw: bool = False, user=None) -> tuple[str, str]:
    """A new signing key; every status list signed again with it, in one transaction,
    audited. The old key is retired (what it signed still verifies) or, with
    ``withdraw``, withdrawn (what it signed no longer verifies). Returns the old and the
    new issuer ids (``did:key``)."""
    old = credential_signing_key.rotate(withdraw=withdraw)
    sign_status_lists_again()
    old_id, new_id = multibase.did_key(old), issuer_profile().id
    audit.record(
        user,
        AuditAction.CHANGE,
        "credential signing key",
        credential_signing_key.fingerprint(signing_key().public_key()),
        step="withdraw" if withdraw else "retire",
        previous=old_id,
    )
    return old_id, new_id


def sign_status_lists_again() -> int:
    """Sign every status list with the current key (after a rotation); how many."""
    with transaction.atomic():
        lists = list(CredentialStatusList.objects.select_for_update().order_by("pk"))
        for status_list in lists:
            _publish(status_list)
    return len(lists)


def published_list(url: str) -> credential_check.PublishedList | None:
    """The registry's status list published at ``url``, with its true bits."""
    found = CredentialStatusList.objects.filter(url=url).first()
    if found is None or found.credential is None:
        return None
    return credential_check.PublishedList(credential=found.credential, bits=bytes(found.bits))


def check(document: dict, *, revocation_reason, today: date) -> credential_check.CredentialCheck:
    """Check a credential document against this registry's keys and status lists."""
    return credential_check.check_credential(
        document,
        keys=issuer_keys(),
        find_list=published_list,
        revocation_reason=revocation_reason,
        today=today,
    )
