"""Verifiable credentials for the registry's certificates, with no Django in sight.

One concept per module:

- :mod:`~trainer_registry.credentials.multibase`: base58-btc and base64url multibase,
  and Ed25519 keys as Multikey values;
- :mod:`~trainer_registry.credentials.document_loader`: the JSON-LD contexts shipped in
  ``contexts/``, and nothing from the network;
- :mod:`~trainer_registry.credentials.kept_contexts`: pyld with those contexts processed
  once and kept across documents;
- :mod:`~trainer_registry.credentials.canonical_form`: RDF Dataset Canonicalization of a
  document, and the check that JSON-LD expansion drops none of its fields;
- :mod:`~trainer_registry.credentials.eddsa_rdfc_2022`: the Data Integrity proof
  (sign, verify);
- :mod:`~trainer_registry.credentials.open_badges`: the Open Badges 3.0 credential of
  a certificate;
- :mod:`~trainer_registry.credentials.status_list`: the W3C Bitstring Status List;
- :mod:`~trainer_registry.credentials.credential_check`: what a verifier concludes
  about a signed credential.
"""
