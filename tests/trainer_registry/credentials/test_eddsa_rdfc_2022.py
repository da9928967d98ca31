"""The eddsa-rdfc-2022 proof reproduces the W3C test vector and catches every change."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from trainer_registry.credentials import canonical_form, eddsa_rdfc_2022, multibase

VECTOR = Path(__file__).parent / "data" / "vc_di_eddsa"


@pytest.fixture(scope="module")
def vector():
    signed = json.loads((VECTOR / "signed.json").read_text())
    keys = json.loads((VECTOR / "key_pair.json").read_text())
    unsigned = {key: value for key, value in signed.items() if key != "proof"}
    options = {key: value for key, value in signed["proof"].items() if key != "proofValue"}
    return signed, unsigned, options, keys


def test_the_key_pair_is_read_from_its_multikey_form(vector):
    *_, keys = vector
    secret = multibase.secret_key_from_multibase(keys["privateKeyMultibase"])
    assert multibase.public_key_multibase(secret.public_key()) == keys["publicKeyMultibase"]


def test_canonical_proof_configuration_is_the_vectors(vector):
    _signed, unsigned, options, _keys = vector
    configuration = eddsa_rdfc_2022.proof_configuration(unsigned, options)
    assert (
        canonical_form.canonical_nquads(configuration)
        == (VECTOR / "proof_canonical.nq").read_text()
    )


def test_hash_data_is_the_vectors_combined_hash(vector):
    _signed, unsigned, options, _keys = vector
    expected = (VECTOR / "combined_hash.hex").read_text().strip()
    assert eddsa_rdfc_2022.hash_data(unsigned, options).hex() == expected


def test_signing_gives_the_vectors_proof_value(vector):
    signed, unsigned, options, keys = vector
    secret = multibase.secret_key_from_multibase(keys["privateKeyMultibase"])
    ours = eddsa_rdfc_2022.sign(
        unsigned,
        secret,
        verification_method=options["verificationMethod"],
        created=datetime(2023, 2, 24, 23, 36, 38, tzinfo=UTC),
        check_fields=False,  # the vector's examples context maps every term to @vocab
    )
    assert ours == signed


def test_the_vectors_signed_document_verifies(vector):
    signed, *_, keys = vector
    key = multibase.public_key_from_multibase(keys["publicKeyMultibase"])
    assert eddsa_rdfc_2022.verify(signed, key).valid


def _changes(signed: dict):
    """Every field of the document and of its proof, each changed in turn."""
    for field in ("id", "name", "description", "issuer", "validFrom"):
        yield (
            field,
            lambda doc, f=field: doc.__setitem__(
                f, "2023-01-02T00:00:00Z" if f == "validFrom" else doc[f] + "x"
            ),
        )
    yield "type", lambda doc: doc["type"].append("UniversityDegreeCredential")
    yield (
        "credentialSubject.id",
        lambda doc: doc["credentialSubject"].__setitem__("id", "did:example:other"),
    )
    yield (
        "credentialSubject.alumniOf",
        lambda doc: doc["credentialSubject"].__setitem__("alumniOf", "Another School"),
    )
    yield "added field", lambda doc: doc["credentialSubject"].__setitem__("degree", "PhD")
    yield "proof.created", lambda doc: doc["proof"].__setitem__("created", "2024-02-24T23:36:38Z")
    yield (
        "proof.verificationMethod",
        lambda doc: doc["proof"].__setitem__(
            "verificationMethod", "https://vc.example/issuers/5678#other"
        ),
    )
    yield (
        "proof.proofValue",
        lambda doc: doc["proof"].__setitem__("proofValue", doc["proof"]["proofValue"][:-2] + "11"),
    )


@pytest.mark.parametrize("name", [name for name, _ in _changes({})])
def test_changing_any_signed_field_breaks_the_signature(vector, name):
    signed, *_, keys = vector
    key = multibase.public_key_from_multibase(keys["publicKeyMultibase"])
    change = dict(_changes(signed))[name]
    tampered = copy.deepcopy(signed)
    change(tampered)
    outcome = eddsa_rdfc_2022.verify(tampered, key)
    assert not outcome.valid
    assert outcome.reason.startswith("signature invalid")


def test_a_proof_of_another_cryptosuite_is_not_accepted(vector):
    signed, *_, keys = vector
    key = multibase.public_key_from_multibase(keys["publicKeyMultibase"])
    other = copy.deepcopy(signed)
    other["proof"]["cryptosuite"] = "eddsa-jcs-2022"
    assert eddsa_rdfc_2022.verify(other, key).reason == (
        "the proof is not a DataIntegrityProof with the eddsa-rdfc-2022 cryptosuite"
    )
