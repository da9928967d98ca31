"""The ``eddsa-rdfc-2022`` Data Integrity proof: sign and verify a JSON-LD document.

Written from W3C "Data Integrity EdDSA Cryptosuites v1.0" (vc-di-eddsa), the algorithms
of the ``eddsa-rdfc-2022`` cryptosuite (create and verify proof, transformation, hashing,
proof configuration, proof serialisation):

1. *Proof configuration*: the proof options (``type`` ``DataIntegrityProof``,
   ``cryptosuite`` ``eddsa-rdfc-2022``, ``created``, ``verificationMethod``,
   ``proofPurpose``; no ``proofValue``) with the document's ``@context``, canonicalised
   by RDFC-1.0.
2. *Transformation*: the document without its ``proof``, canonicalised by RDFC-1.0.
3. *Hashing*: ``SHA-256(canonical proof configuration) || SHA-256(canonical document)``,
   64 bytes, the proof configuration's hash first.
4. *Serialisation*: the Ed25519 signature (RFC 8032) of those 64 bytes, written as
   base58-btc multibase in ``proofValue``.

Verification recomputes steps 1 to 3 from the signed document and checks the signature
with the public key of the proof's ``verificationMethod``. The tests reproduce the
specification's test vector byte for byte.
"""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from trainer_registry.credentials import multibase
from trainer_registry.credentials.canonical_form import (
    canonical_nquads,
    checked_canonical_nquads,
    require_every_field_signed,
)

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"


@dataclass(frozen=True)
class ProofCheck:
    """Whether a document's proof holds; ``reason`` says why not."""

    valid: bool
    reason: str
    verification_method: str = ""


def proof_configuration(document: dict, options: dict) -> dict:
    """The proof options without ``proofValue``, under the document's ``@context``."""
    configuration = {key: value for key, value in options.items() if key != "proofValue"}
    configuration["@context"] = document["@context"]
    return configuration


def hash_data(document: dict, options: dict) -> bytes:
    """The 64 bytes that are signed: SHA-256 of the canonical proof configuration, then
    SHA-256 of the canonical document without its proof."""
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    return _hashes(
        canonical_nquads(proof_configuration(document, options)), canonical_nquads(unsecured)
    )


def _hashes(configuration_nquads: str, document_nquads: str) -> bytes:
    return (
        hashlib.sha256(configuration_nquads.encode("utf-8")).digest()
        + hashlib.sha256(document_nquads.encode("utf-8")).digest()
    )


@lru_cache(maxsize=64)
def _canonical_configuration(configuration_json: str) -> str:
    """The canonical form of a proof configuration, kept: a bulk issue signs the same one
    (same key, same second) hundreds of times."""
    return canonical_nquads(json.loads(configuration_json))


def _timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def sign(
    document: dict,
    key: Ed25519PrivateKey,
    *,
    verification_method: str,
    created: datetime,
    proof_purpose: str = "assertionMethod",
    check_fields: bool = True,
) -> dict:
    """A copy of ``document`` with an ``eddsa-rdfc-2022`` proof made with ``key``.

    Refuses (:class:`~trainer_registry.credentials.canonical_form.FieldNotSigned`) a
    document with a field that the signature would not cover, unless ``check_fields`` is
    false (only for reproducing third-party test vectors)."""
    if "@context" not in document:
        raise ValueError("a document to sign needs an @context")
    if check_fields and "proof" in document:
        require_every_field_signed(document)  # the old proof's fields too
    options = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": _timestamp(created),
        "verificationMethod": verification_method,
        "proofPurpose": proof_purpose,
    }
    unsecured = {key_: value for key_, value in copy.deepcopy(document).items() if key_ != "proof"}
    if check_fields:  # one expansion gives both the check and the canonical form
        document_nquads, unsigned = checked_canonical_nquads(unsecured)
        if unsigned is not None:
            raise unsigned
    else:
        document_nquads = canonical_nquads(unsecured)
    configuration_nquads = _canonical_configuration(
        json.dumps(proof_configuration(unsecured, options), sort_keys=True)
    )
    signature = key.sign(_hashes(configuration_nquads, document_nquads))
    return {**unsecured, "proof": {**options, "proofValue": multibase.base58btc_encode(signature)}}


def single_proof(document) -> dict | None:
    """The document's one proof: ``proof`` as an object or as a one-element array (both
    are the same proof set in JSON-LD); None when there is none or more than one."""
    proof = document.get("proof") if isinstance(document, dict) else None
    if isinstance(proof, list) and len(proof) == 1:
        proof = proof[0]
    return proof if isinstance(proof, dict) else None


def verify(document: dict, key: Ed25519PublicKey | None = None) -> ProofCheck:
    """Check the document's single ``eddsa-rdfc-2022`` proof.

    With ``key``, the signature must be that key's; without it, the key is read from a
    ``did:key`` verification method (the caller then decides whether it trusts that
    key). A field the signature does not cover (JSON-LD expansion drops it, or only a
    catch-all vocabulary defines it) fails the check: what the document shows must be
    what was signed."""
    proof = single_proof(document)
    if proof is None:
        return ProofCheck(False, "the document has no proof (or more than one)")
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        return ProofCheck(
            False, f"the proof is not a {PROOF_TYPE} with the {CRYPTOSUITE} cryptosuite"
        )
    if proof.get("proofPurpose") != "assertionMethod":
        return ProofCheck(False, "the proof's purpose is not assertionMethod")
    method = proof.get("verificationMethod", "")
    try:
        signature = multibase.base58btc_decode(proof.get("proofValue", ""))
        if key is None:
            key = multibase.public_key_of_verification_method(method)
    except multibase.MultibaseError as error:
        return ProofCheck(False, f"the proof cannot be read: {error}", method)
    unsecured = {name: value for name, value in document.items() if name != "proof"}
    document_nquads, unsigned = checked_canonical_nquads(unsecured)
    configuration_nquads, unsigned_option = checked_canonical_nquads(
        proof_configuration(document, proof)
    )
    try:
        key.verify(signature, _hashes(configuration_nquads, document_nquads))
    except InvalidSignature:
        return ProofCheck(
            False, "signature invalid: the document or its proof was changed after signing", method
        )
    if (error := unsigned or unsigned_option) is not None:
        return ProofCheck(
            False,
            f"signature does not cover field {error.path!r}: it was added or changed after "
            "signing, or no context defines it",
            method,
        )
    return ProofCheck(True, "signature valid", method)
