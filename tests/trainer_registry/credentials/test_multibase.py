"""Multibase and Multikey: the encodings keys and proofs are written in."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from trainer_registry.credentials import multibase


@pytest.mark.parametrize("data", [b"", b"\0", b"\0\0\x01", b"hello world", bytes(range(256))])
def test_base58btc_round_trip_keeps_leading_zeros(data):
    text = multibase.base58btc_encode(data)
    assert text.startswith("z")
    assert multibase.base58btc_decode(text) == data


def test_base58btc_known_value():
    # "Hello World!" in base58-btc, as in the multibase specification's test cases
    assert multibase.base58btc_encode(b"Hello World!") == "z2NEpo7TZRRrLZSi2U"


def test_a_letter_outside_the_alphabet_is_named():
    with pytest.raises(multibase.MultibaseError, match="'0' at position 3"):
        multibase.base58btc_decode("z120")


def test_base64url_has_no_padding_and_round_trips():
    assert multibase.base64url_encode(b"\xff\xfe") == "u__4"
    assert multibase.base64url_decode("u__4") == b"\xff\xfe"


def test_did_key_names_the_public_key_and_gives_it_back():
    key = Ed25519PrivateKey.generate().public_key()
    method = multibase.did_key_verification_method(key)
    assert method.startswith("did:key:z6Mk")
    assert method == f"{multibase.did_key(key)}#{multibase.public_key_multibase(key)}"
    back = multibase.public_key_of_verification_method(method)
    assert multibase.public_key_multibase(back) == multibase.public_key_multibase(key)


def test_a_web_verification_method_is_not_resolved():
    with pytest.raises(multibase.MultibaseError, match="is not a did:key"):
        multibase.public_key_of_verification_method("https://issuer.example/keys/1")
