"""Only shipped contexts are loaded, and a field the signature would miss is refused."""

from __future__ import annotations

import pytest

from trainer_registry.credentials import canonical_form, document_loader
from trainer_registry.credentials.document_loader import CREDENTIALS_V2, OPEN_BADGES_V3


def _credential(**subject) -> dict:
    return {
        "@context": [CREDENTIALS_V2, OPEN_BADGES_V3],
        "id": "https://registry.example/verify/1/",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": "did:example:issuer", "type": ["Profile"], "name": "Programme"},
        "validFrom": "2026-05-09T00:00:00Z",
        "credentialSubject": {"type": ["AchievementSubject"], **subject},
    }


def test_a_remote_context_is_refused_with_its_url():
    document = _credential()
    document["@context"].append("https://attacker.example/context.jsonld")
    with pytest.raises(document_loader.RemoteDocumentRefused) as refused:
        canonical_form.canonical_nquads(document)
    assert "https://attacker.example/context.jsonld" in str(refused.value)
    assert "never fetched" in str(refused.value)


def test_the_loader_serves_the_shipped_contexts_only():
    served = document_loader.load_document(OPEN_BADGES_V3)
    assert served["documentUrl"] == OPEN_BADGES_V3
    assert "OpenBadgeCredential" in served["document"]["@context"]
    with pytest.raises(document_loader.RemoteDocumentRefused):
        document_loader.load_document("https://www.w3.org/2018/credentials/v1")


def test_a_complete_document_passes():
    canonical_form.require_every_field_signed(_credential(activityStartDate="2026-05-04T00:00:00Z"))


@pytest.mark.parametrize(
    ("subject", "top", "path", "why"),
    [
        ({"activityEndDate": None}, {}, "credentialSubject.activityEndDate", "dropped"),
        ({"@comment": "not signed"}, {}, "credentialSubject.@comment", "dropped"),
        ({"nickname": "Dara"}, {}, "credentialSubject.nickname", "dropped"),
        ({}, {"nickname": "Dara"}, "nickname", "dropped"),
    ],
)
def test_a_field_the_signature_would_miss_is_refused_by_name(subject, top, path, why):
    with pytest.raises(canonical_form.FieldNotSigned) as refused:
        canonical_form.require_every_field_signed({**_credential(**subject), **top})
    assert refused.value.path == path
    assert why in str(refused.value)


def test_a_term_caught_only_by_a_catch_all_vocabulary_is_refused():
    # With a catch-all @vocab (as the "undefined-terms" context adds), an undefined term
    # is not dropped but mapped into it: signed, but with no agreed meaning.
    document = {
        "@context": [
            CREDENTIALS_V2,
            {"@vocab": "https://www.w3.org/ns/credentials/undefined-term#"},
        ],
        "type": ["VerifiableCredential"],
        "issuer": "did:example:issuer",
        "credentialSubject": {"nickname": "Dara"},
    }
    with pytest.raises(canonical_form.FieldNotSigned) as refused:
        canonical_form.require_every_field_signed(document)
    assert refused.value.path == "credentialSubject.nickname"
    assert "not defined by any of the document's contexts" in str(refused.value)
