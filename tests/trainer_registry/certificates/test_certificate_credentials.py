"""Every certificate carries a signed Open Badges credential whose revocation is public."""

from __future__ import annotations

import copy
import json
import os
from datetime import date

import pytest
from django.core.cache import cache
from django.urls import reverse

from trainer_registry.certificates import issuing, verification
from trainer_registry.certification import decisions
from trainer_registry.cli import main
from trainer_registry.credentials import eddsa_rdfc_2022, multibase, status_list
from trainer_registry.models import (
    AuditEvent,
    CredentialStatusList,
    IssuedCertificate,
    Role,
    RoleGrant,
    TrainerCertification,
)

pytestmark = pytest.mark.django_db
ISSUED_ON = date(2026, 5, 9)


@pytest.fixture
def issued(training):
    trainer, _event, done, _ = training
    return issuing.issue_for_participant(trainer, done.participations.get(), on=ISSUED_ON)


def test_the_credential_is_an_open_badge_of_completion_with_a_random_status_position(issued):
    document = issued.credential
    assert document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    achievement = document["credentialSubject"]["achievement"]
    assert achievement["achievementType"] == "CertificateOfCompletion"
    assert achievement["name"] == "NTP Battambang"
    assert [i["identityHash"] for i in document["credentialSubject"]["identifier"]] == [
        "Keo Bopha",
        "កែវ បុប្ផា",
    ]
    assert document["issuer"]["type"] == ["Profile"]
    assert document["issuer"]["id"].startswith("did:key:z6Mk")
    assert "validUntil" not in document
    assert "bopha@example.org" not in json.dumps(document, ensure_ascii=False)
    entry = document["credentialStatus"]
    assert entry["type"] == "BitstringStatusListEntry"
    assert int(entry["statusListIndex"]) == issued.status_index
    assert issued.status_list.size >= 131_072
    assert document["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    assert eddsa_rdfc_2022.verify(document).valid


def test_a_certificate_from_the_file_verifies_as_genuine_and_valid(issued):
    result = verification.verify_credential(copy.deepcopy(issued.credential))
    assert (result.genuine, result.valid, result.reason) == (True, True, "genuine and valid")
    assert result.details["name_latin"] == "Keo Bopha"


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["credentialSubject"]["identifier"][0].__setitem__("identityHash", "Other"),
        lambda d: d["credentialSubject"]["achievement"].__setitem__("name", "RTP Bangkok"),
        lambda d: d.__setitem__("validFrom", "2025-05-09T00:00:00Z"),
        lambda d: d["issuer"].__setitem__("name", "Someone else"),
        lambda d: d["credentialStatus"].__setitem__("statusListIndex", "7"),
        lambda d: d["proof"].__setitem__("created", "2020-01-01T00:00:00Z"),
    ],
    ids=["holder name", "training", "validFrom", "issuer", "status index", "proof created"],
)
def test_a_changed_credential_is_not_genuine(issued, change):
    tampered = copy.deepcopy(issued.credential)
    change(tampered)
    result = verification.verify_credential(tampered)
    assert not result.genuine and not result.valid
    assert result.reason.startswith("signature invalid")


@pytest.mark.parametrize(
    "change, field",
    [
        (lambda d: d.__setitem__("grantedBy", "Ministry of Everything"), "grantedBy"),
        (lambda d: d["credentialSubject"].__setitem__("grade", "A+"), "credentialSubject.grade"),
        (lambda d: d["proof"].__setitem__("note", "checked"), "note"),
    ],
    ids=["top-level property", "credentialSubject.grade", "proof property"],
)
def test_a_claim_the_signature_does_not_cover_is_refused(issued, change, field):
    added = copy.deepcopy(issued.credential)
    change(added)
    result = verification.verify_credential(added)
    assert (result.genuine, result.valid) == (False, False)
    assert f"signature does not cover field {field!r}" in result.reason


def test_a_proof_given_as_a_one_element_array_verifies(issued):
    as_array = copy.deepcopy(issued.credential)
    as_array["proof"] = [as_array["proof"]]
    result = verification.verify_credential(as_array)
    assert (result.genuine, result.valid, result.reason) == (True, True, "genuine and valid")
    two = copy.deepcopy(as_array)
    two["proof"].append(copy.deepcopy(two["proof"][0]))
    assert not verification.verify_credential(two).genuine


def test_a_credential_signed_with_another_key_is_not_genuine(issued):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from django.utils import timezone

    forger = Ed25519PrivateKey.generate()
    forged = eddsa_rdfc_2022.sign(
        {k: v for k, v in issued.credential.items() if k != "proof"},
        forger,
        verification_method=multibase.did_key_verification_method(forger.public_key()),
        created=timezone.now(),
    )
    result = verification.verify_credential(forged)
    assert result.reason == "signature invalid: not signed with this registry's key"


def test_a_changed_stored_credential_fails_its_code_too(issued):
    stored = copy.deepcopy(issued.credential)
    stored["credentialSubject"]["identifier"][0]["identityHash"] = "Somebody Else"
    IssuedCertificate.objects.filter(pk=issued.pk).update(credential=stored)
    result = verification.verify(issued.code)
    assert not result.valid and result.reason.startswith("signature invalid")


def test_a_status_list_whose_bits_were_changed_is_reported_as_tampered(issued):
    kept = CredentialStatusList.objects.get()
    bits = bytearray(kept.bits)
    status_list.set_bit(bits, 99_999 if issued.status_index != 99_999 else 1)
    CredentialStatusList.objects.filter(pk=kept.pk).update(bits=bytes(bits))
    result = verification.verify(issued.code)
    assert (result.genuine, result.valid) == (True, False)
    assert result.reason == (
        "status list tampered: the published list differs from the issuer's records"
    )


def test_a_published_status_list_with_a_flipped_bit_fails_its_signature(issued):
    kept = CredentialStatusList.objects.get()
    published = copy.deepcopy(kept.credential)
    bits = status_list.decode(published["credentialSubject"]["encodedList"])
    status_list.set_bit(bits, issued.status_index)
    published["credentialSubject"]["encodedList"] = status_list.encode(bits)
    CredentialStatusList.objects.filter(pk=kept.pk).update(credential=published)
    result = verification.verify_credential(issued.credential)
    assert result.reason.startswith("status list tampered: signature invalid")


def test_revocation_sets_the_bit_signs_the_list_again_and_fails_with_its_reason(issued, client):
    before = CredentialStatusList.objects.get().credential["proof"]["proofValue"]
    issuing.revoke(issued, reason="Attendance was recorded in error")
    kept = CredentialStatusList.objects.get()
    assert status_list.bit_at(kept.bits, issued.status_index)
    assert kept.credential["proof"]["proofValue"] != before
    result = verification.verify_credential(issued.credential)
    assert (result.genuine, result.valid, result.reason) == (
        True,
        False,
        "revoked: Attendance was recorded in error",
    )
    published = client.get(issued.credential["credentialStatus"]["statusListCredential"])
    assert published.status_code == 200
    body = published.json()
    assert body["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert eddsa_rdfc_2022.verify(body).valid
    assert status_list.bit_at(
        status_list.decode(body["credentialSubject"]["encodedList"]), issued.status_index
    )


def test_the_status_list_is_served_at_its_stable_address_outside_the_look_up_limit(
    issued, client, settings
):
    assert issued.status_list.url.endswith(
        reverse("trainer_registry:credential-status-list", kwargs={"number": issued.status_list.pk})
    )
    settings.VERIFY_RATE_PER_MINUTE = 2
    cache.clear()
    path = issued.status_list.url.removeprefix(settings.TRAINER_REGISTRY_PUBLIC_URL.rstrip("/"))
    # A verifier checking many credentials from one address (or users behind one proxy).
    first = client.get(path)
    assert first.status_code == 200
    assert json.loads(first.content) == CredentialStatusList.objects.get().credential
    assert first["Cache-Control"] == "public, max-age=300"
    etag = first["ETag"]
    answers = [client.get(path).status_code for _ in range(49)]
    answers += [client.get(path, HTTP_IF_NONE_MATCH=etag).status_code for _ in range(50)]
    assert answers == [200] * 49 + [304] * 50
    # Code look-ups from the same address are still limited.
    verify = reverse("trainer_registry:verify-json", kwargs={"code": issued.code})
    assert [client.get(verify).status_code for _ in range(3)] == [200, 200, 429]


def test_a_changed_status_list_gets_a_new_etag(issued, client, settings):
    path = issued.status_list.url.removeprefix(settings.TRAINER_REGISTRY_PUBLIC_URL.rstrip("/"))
    etag = client.get(path)["ETag"]
    issuing.revoke(issued, reason="Attendance was recorded in error")
    again = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200
    assert again["ETag"] != etag


def test_a_reissued_certificate_supersedes_and_revokes_the_old_credential(training, issued):
    newer = issuing.reissue(issued, on=date(2026, 6, 1))
    old = verification.verify_credential(issued.credential)
    assert old.reason == "superseded by a corrected certificate"
    assert verification.verify_credential(newer.credential).valid
    assert newer.status_index != issued.status_index


def test_trainer_certificate_is_a_certification_valid_until_it_expires(training):
    trainer, *_ = training
    held = TrainerCertification.objects.get(person=trainer)
    certificate = issuing.issue_for_trainer(held, on=date(2026, 1, 2))
    document = certificate.credential
    assert document["credentialSubject"]["achievement"]["achievementType"] == "Certification"
    assert document["validUntil"] == "2029-01-01T00:00:00Z"
    assert verification.verify_credential(document, today=date(2028, 12, 31)).valid
    expired = verification.verify_credential(document, today=date(2029, 1, 2))
    assert (expired.genuine, expired.valid, expired.reason) == (
        True,
        False,
        "expired on 2029-01-01",
    )
    with pytest.raises(issuing.NotAllowed, match="already holds a valid"):
        issuing.issue_for_trainer(held, on=date(2026, 1, 3))


def test_suspending_or_revoking_the_certification_invalidates_the_trainer_certificate(
    training,
):
    trainer, *_ = training
    held = TrainerCertification.objects.get(person=trainer)
    certificate = issuing.issue_for_trainer(held, on=date(2026, 1, 2))
    today = date(2026, 2, 1)
    decisions.change_status(held, "suspended", reason="Complaint under review")
    suspended = verification.verify(certificate.code, today=today)
    assert suspended.reason == "certification suspended: Complaint under review"
    issuing.change_certification_status(held, "revoked", reason="Misconduct")
    revoked = verification.verify_credential(certificate.credential, today=today)
    assert revoked.reason == "revoked: the certification was revoked: Misconduct"


def test_an_inactive_certification_gets_no_trainer_certificate(training):
    trainer, *_ = training
    held = TrainerCertification.objects.get(person=trainer)
    with pytest.raises(issuing.NotAllowed, match="expired on 2029-01-01"):
        issuing.issue_for_trainer(held, on=date(2029, 3, 1))
    decisions.change_status(held, "suspended", reason="Complaint")
    with pytest.raises(issuing.NotAllowed, match="suspended: Complaint"):
        issuing.issue_for_trainer(held, on=date(2026, 3, 1))


def test_issue_revocation_reissue_and_verification_are_audited(training, issued):
    verification.verify(issued.code)
    newer = issuing.reissue(issued, on=date(2026, 6, 1))
    issuing.revoke(newer, reason="Duplicate")
    steps = [
        (entry.object_id, entry.detail.get("step"))
        for entry in AuditEvent.objects.filter(object_type="issuedcertificate").order_by("pk")
    ]
    assert steps == [
        (issued.code, "issue"),
        (issued.code, "verify"),
        (newer.code, "reissue"),
        (newer.code, "revoke"),
    ]


def test_command_verifies_a_credential_file(issued, tmp_path, capsys):
    good = tmp_path / "credential.json"
    good.write_text(json.dumps(issued.credential, ensure_ascii=False), encoding="utf-8")
    assert main(["certificate", "verify", str(good)]) == 0
    assert "VALID: genuine and valid" in capsys.readouterr().out

    changed = copy.deepcopy(issued.credential)
    changed["credentialSubject"]["achievement"]["name"] = "Another training"
    bad = tmp_path / "changed.json"
    bad.write_text(json.dumps(changed), encoding="utf-8")
    assert main(["certificate", "verify", str(bad)]) == 1
    assert "NOT VALID: signature invalid" in capsys.readouterr().out

    issuing.revoke(issued, reason="Issued in error")
    assert main(["certificate", "verify", str(good)]) == 1
    assert "NOT VALID: revoked: Issued in error" in capsys.readouterr().out


def test_command_refuses_a_file_that_is_not_a_credential(db, tmp_path, capsys):
    text = tmp_path / "notes.json"
    text.write_text("[1, 2]", encoding="utf-8")
    assert main(["certificate", "verify", str(text)]) == 2
    assert "a credential is a JSON object" in capsys.readouterr().err
    assert main(["certificate", "verify", str(tmp_path / "missing.pdf")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_the_signing_key_is_made_once_readable_by_its_owner_only(issued, credential_key_file):
    assert oct(os.stat(credential_key_file).st_mode & 0o777) == "0o600"
    first_issuer = issued.credential["issuer"]["id"]
    other = IssuedCertificate.objects.exclude(pk=issued.pk)
    assert not other.exists()
    from trainer_registry.certificates.credentials import issuer_profile

    assert issuer_profile().id == first_issuer


def test_a_credential_the_registry_never_issued_is_not_genuine(issued):
    from django.utils import timezone

    from trainer_registry.certificates.signing_key import signing_key

    unknown = {k: v for k, v in issued.credential.items() if k != "proof"}
    unknown["id"] = "https://elsewhere.example/credentials/" + "x" * 80
    key = signing_key()
    signed = eddsa_rdfc_2022.sign(
        unknown,
        key,
        verification_method=multibase.did_key_verification_method(key.public_key()),
        created=timezone.now(),
    )
    result = verification.verify_credential(signed)
    assert (result.genuine, result.valid, result.reason) == (
        False,
        False,
        "this registry has no record of it",
    )
    entry = AuditEvent.objects.filter(detail__step="verify").latest("pk")
    assert len(entry.object_id) == 64


def test_a_certificates_entries_are_filed_under_its_holders_country(
    training, client, django_user_model
):
    """A Thai participant of a training held in Cambodia: every entry of her certificate
    (issued alone or with the training's, checked by code or by file, reissued, revoked)
    is Thailand's, as her certificate is, so Thailand's auditor reads it and Cambodia's
    does not."""
    trainer, event, done, _ = training
    done.country = "TH"
    done.save()
    assert issuing.issue_for_event(trainer, event, on=ISSUED_ON).issued == 1
    issued = IssuedCertificate.objects.get(person=done)
    verification.verify(issued.code)
    verification.verify_credential(issued.credential)
    newer = issuing.reissue(issued, on=date(2026, 6, 1))
    issuing.revoke(newer, reason="Duplicate")
    entries = AuditEvent.objects.filter(object_type="issuedcertificate").order_by("pk")
    assert [(e.detail["step"], e.country) for e in entries] == [
        ("issue", "TH"),
        ("verify", "TH"),
        ("verify", "TH"),
        ("reissue", "TH"),
        ("revoke", "TH"),
    ]
    for country, reads in (("TH", True), ("KH", False)):
        user = django_user_model.objects.create_user(
            f"auditor-{country}", password="x-long-password"
        )
        RoleGrant.objects.create(user=user, role=Role.AUDITOR, country=country)
        client.force_login(user)
        log = client.get(reverse("trainer_registry:audit-log")).content.decode()
        assert (issued.code in log) is reads and (newer.code in log) is reads
