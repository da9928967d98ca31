"""The signing key can be replaced on purpose: what the retired key signed still verifies,
what a withdrawn key signed does not, and every status list follows the new key."""

from __future__ import annotations

import os
from datetime import date

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from django.core.exceptions import ImproperlyConfigured

from trainer_registry.certificates import issuing, verification
from trainer_registry.certificates import signing_key as credential_signing_key
from trainer_registry.certificates.credentials import issuer_profile
from trainer_registry.cli import main
from trainer_registry.credentials import eddsa_rdfc_2022, multibase, status_list
from trainer_registry.models import AuditEvent, CredentialStatusList

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_key(settings, tmp_path):
    """A key file of this test's own, so that rotating it leaves the other tests' alone."""
    settings.TRAINER_REGISTRY_CREDENTIAL_KEY_FILE = tmp_path / "keys" / "signing.pem"
    return settings.TRAINER_REGISTRY_CREDENTIAL_KEY_FILE


@pytest.fixture
def issued(own_key, training):
    trainer, _event, done, _ = training
    return issuing.issue_for_participant(trainer, done.participations.get(), on=date(2026, 5, 9))


def _verdict(document) -> tuple[bool, bool, str]:
    result = verification.verify_credential(document)
    return result.genuine, result.valid, result.reason


def _list_signer() -> str:
    return CredentialStatusList.objects.get().credential["proof"]["verificationMethod"]


def test_a_retired_key_still_verifies_what_it_signed(issued, own_key, capsys):
    old_issuer = issued.credential["issuer"]["id"]
    old_private = own_key.read_bytes()

    assert main(["certificate", "rotate-key"]) == 0

    out = capsys.readouterr().out
    new_issuer = issuer_profile().id
    assert new_issuer != old_issuer
    assert f"New signing key: {new_issuer}" in out
    assert f"Retired: {old_issuer}. Certificates it signed still verify." in out
    assert own_key.read_bytes() != old_private
    assert oct(os.stat(own_key).st_mode & 0o777) == "0o600"
    (kept,) = (own_key.parent / "signing.pem.retired").glob("*.pem")
    assert b"PRIVATE" not in kept.read_bytes()  # only the public half is kept
    assert _verdict(issued.credential) == (True, True, "genuine and valid")
    new_method = multibase.did_key_verification_method(
        credential_signing_key.signing_key().public_key()
    )
    assert _list_signer() == new_method
    entry = AuditEvent.objects.filter(object_type="credential signing key").get()
    assert (entry.detail["step"], entry.detail["previous"]) == ("retire", old_issuer)


def test_after_a_rotation_revoking_an_older_certificate_still_shows(issued):
    credential_signing_key.rotate()
    issuing.revoke(issued, reason="Issued to the wrong person")
    assert _verdict(issued.credential) == (True, False, "revoked: Issued to the wrong person")
    published = CredentialStatusList.objects.get()
    assert status_list.bit_at(published.bits, issued.status_index)
    assert eddsa_rdfc_2022.verify(published.credential).valid


def test_new_certificates_are_signed_with_the_new_key(issued, training):
    credential_signing_key.rotate()
    again = issuing.reissue(issued, on=date(2026, 6, 1))
    method = again.credential["proof"]["verificationMethod"]
    assert method == multibase.did_key_verification_method(
        credential_signing_key.signing_key().public_key()
    )
    assert method != issued.credential["proof"]["verificationMethod"]
    assert _verdict(again.credential) == (True, True, "genuine and valid")


def test_a_withdrawn_key_no_longer_verifies_what_it_signed(issued, capsys):
    old_method = issued.credential["proof"]["verificationMethod"]
    assert main(["certificate", "rotate-key", "--withdraw"]) == 0
    assert "no longer verify" in capsys.readouterr().out
    assert _verdict(issued.credential) == (
        False,
        False,
        "signature invalid: signed with a key this registry has withdrawn",
    )
    assert _list_signer() != old_method  # the lists it signed were signed again
    entry = AuditEvent.objects.filter(object_type="credential signing key").get()
    assert entry.detail["step"] == "withdraw"


def test_every_process_signs_with_a_key_replaced_by_another(own_key):
    first = credential_signing_key.signing_key()
    replacement = Ed25519PrivateKey.generate()
    draft = own_key.with_name("draft.pem")
    draft.write_bytes(replacement.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()))
    os.replace(draft, own_key)  # as a rotation in another process does
    now = credential_signing_key.signing_key().public_key()
    assert now.public_bytes_raw() == replacement.public_key().public_bytes_raw()
    assert now.public_bytes_raw() != first.public_key().public_bytes_raw()


def test_a_file_among_the_retired_keys_that_is_not_a_key_is_named(issued, own_key):
    credential_signing_key.rotate()
    stray = own_key.parent / "signing.pem.retired" / "notes.pem"
    stray.write_text("not a key", encoding="utf-8")
    with pytest.raises(ImproperlyConfigured, match=r"notes\.pem is not a PEM public key"):
        verification.verify_credential(issued.credential)


def test_a_retired_key_found_to_have_leaked_is_withdrawn_by_moving_its_file(issued, own_key):
    credential_signing_key.rotate()
    (retired,) = (own_key.parent / "signing.pem.retired").glob("*.pem")
    withdrawn = own_key.parent / "signing.pem.withdrawn"
    withdrawn.mkdir()
    retired.rename(withdrawn / retired.name)
    assert _verdict(issued.credential)[2] == (
        "signature invalid: signed with a key this registry has withdrawn"
    )
