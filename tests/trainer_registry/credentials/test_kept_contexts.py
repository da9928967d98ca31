"""Keeping the processed contexts changes no byte of what is signed.

The reference is pyld called as the registry called it before the contexts were kept:
each document expanded, turned into RDF and canonicalised afresh with the shipped
contexts, nothing carried from one document to the next. Ed25519 signatures are
deterministic, so the same 64 bytes signed give the same proof value.
"""

from __future__ import annotations

import hashlib
import json
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pyld import jsonld

from trainer_registry.credentials import (
    eddsa_rdfc_2022,
    kept_contexts,
    multibase,
    open_badges,
    status_list,
)
from trainer_registry.credentials.document_loader import load_document

VECTOR = Path(__file__).parent / "data" / "vc_di_eddsa"
KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
METHOD = multibase.did_key_verification_method(KEY.public_key())
CREATED = datetime(2026, 5, 16, 9, 30, tzinfo=UTC)
ISSUER = open_badges.IssuerProfile(
    id=multibase.did_key(KEY.public_key()),
    name="COMMIT Training Programme",
    url="https://registry.example/verify/",
)
LIST_URL = "https://registry.example/credentials/status/1.json"


def _reference_nquads(document: dict) -> str:
    return jsonld.normalize(
        document,
        {
            "documentLoader": load_document,
            "processingMode": "json-ld-1.1",
            "algorithm": "URDNA2015",
            "format": "application/n-quads",
        },
    )


def _reference_proof_value(document: dict) -> str:
    """The proof value as the registry computed it before (see the module)."""
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    options = {key: value for key, value in document["proof"].items() if key != "proofValue"}
    configuration = {**options, "@context": document["@context"]}
    hashed = b"".join(
        hashlib.sha256(_reference_nquads(part).encode("utf-8")).digest()
        for part in (configuration, unsecured)
    )
    return multibase.base58btc_encode(KEY.sign(hashed))


def _facts(number: int, **changes) -> open_badges.CertificateFacts:
    fields = {
        "kind": open_badges.PARTICIPANT,
        "credential_id": f"https://registry.example/verify/K7Q2-{number:04d}/",
        "name_latin": "Sok Dara",
        "name_local": "សុខ តារា",
        "achievement_id": "urn:uuid:0f5a6c1e-8a53-5b8e-9d9e-6f0c6b1b2a01",
        "achievement_name": "Victim identification and rights-based interviewing",
        "achievement_description": "Completed the National Training Programme training.",
        "criteria": "Attended and completed the training.",
        "issued_on": date(2026, 5, 16),
        "starts_on": date(2026, 5, 12),
        "ends_on": date(2026, 5, 16),
        "issued_by": "Chea Sopheap",
        "place": "Siem Reap",
        "country": "KH",
        **changes,
    }
    return open_badges.CertificateFacts(**fields)


def _representative_credentials() -> list[dict]:
    """What the registry signs: participants' certificates (with and without a name in
    their own script, with and without a place), a trainer's, a status list."""
    entry = status_list.status_entry(LIST_URL, 4242)
    return [
        open_badges.certificate_credential(_facts(1), ISSUER, entry),
        open_badges.certificate_credential(_facts(2, name_local="", place=""), ISSUER, entry),
        open_badges.certificate_credential(
            _facts(3, name_latin="Nguyen Thi Huong", name_local="Nguyễn Thị Hương"), ISSUER, None
        ),
        open_badges.certificate_credential(
            _facts(
                4,
                kind=open_badges.TRAINER,
                achievement_name="National trainer, National Training Programme",
                issued_by="",
                valid_until=date(2029, 5, 15),
            ),
            ISSUER,
            entry,
        ),
        status_list.status_list_credential(
            LIST_URL, issuer=ISSUER.id, bits=bytes(16384), valid_from=CREATED
        ),
    ]


@pytest.mark.parametrize("index", range(5))
def test_a_credential_the_registry_issues_is_signed_byte_for_byte_as_before(index):
    document = _representative_credentials()[index]
    for _again in range(2):  # the second time, from the kept contexts
        signed = eddsa_rdfc_2022.sign(document, KEY, verification_method=METHOD, created=CREATED)
        assert signed["proof"]["proofValue"] == _reference_proof_value(signed)
        assert eddsa_rdfc_2022.verify(signed, KEY.public_key()).valid


def test_the_test_vector_is_canonicalised_as_before():
    signed = json.loads((VECTOR / "signed.json").read_text())
    unsigned = {key: value for key, value in signed.items() if key != "proof"}
    expanded = kept_contexts.expand(unsigned)
    assert kept_contexts.canonical_nquads(unsigned, expanded) == _reference_nquads(unsigned)
    assert kept_contexts.canonical_nquads(unsigned) == _reference_nquads(unsigned)


def test_signing_from_several_threads_at_once_gives_the_same_proofs():
    documents = _representative_credentials() * 4

    def sign(document: dict) -> str:
        signed = eddsa_rdfc_2022.sign(document, KEY, verification_method=METHOD, created=CREATED)
        return signed["proof"]["proofValue"]

    alone = [sign(document) for document in documents]
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(sign, documents)) == alone
