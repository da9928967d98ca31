"""Multibase text and Multikey values for Ed25519 keys.

Multibase (draft-multiformats-multibase) prefixes an encoding's code to the text:
``z`` for base58-btc (Bitcoin's alphabet), ``u`` for base64url without padding.
A Multikey (W3C Controlled Identifiers v1.0, "Multikey") is a multicodec header
followed by the raw key, written as base58-btc multibase: header ``0xed 0x01`` for an
Ed25519 public key (its text starts ``z6Mk``), ``0x80 0x26`` for an Ed25519 secret key
(the 32-byte seed).
"""

from __future__ import annotations

import base64

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
ED25519_PUBLIC_HEADER = b"\xed\x01"
ED25519_SECRET_HEADER = b"\x80\x26"


class MultibaseError(ValueError):
    """The text is not the multibase value it should be; the message says how."""


def base58btc_encode(data: bytes) -> str:
    """Bytes as base58-btc multibase text: ``z`` then the base-58 digits, one ``1`` for
    each leading zero byte."""
    number = int.from_bytes(data, "big")
    digits = []
    while number:
        number, remainder = divmod(number, 58)
        digits.append(BASE58_ALPHABET[remainder])
    zeros = len(data) - len(data.lstrip(b"\0"))
    return "z" + "1" * zeros + "".join(reversed(digits))


def base58btc_decode(text: str) -> bytes:
    """The bytes of base58-btc multibase text (``z...``)."""
    if not text.startswith("z"):
        raise MultibaseError(
            f"expected base58-btc multibase text starting with 'z', got {text[:8]!r}"
        )
    body = text[1:]
    number = 0
    for position, symbol in enumerate(body, start=1):
        value = BASE58_ALPHABET.find(symbol)
        if value < 0:
            raise MultibaseError(f"{symbol!r} at position {position} is not a base-58 digit")
        number = number * 58 + value
    zeros = len(body) - len(body.lstrip("1"))
    payload = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * zeros + payload


def base64url_encode(data: bytes) -> str:
    """Bytes as base64url multibase text: ``u`` then base64url without padding."""
    return "u" + base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def base64url_decode(text: str) -> bytes:
    """The bytes of base64url multibase text (``u...``)."""
    if not text.startswith("u"):
        raise MultibaseError(
            f"expected base64url multibase text starting with 'u', got {text[:8]!r}"
        )
    body = text[1:]
    try:
        return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except ValueError as error:
        raise MultibaseError(f"not base64url: {error}") from None


def public_key_multibase(key: Ed25519PublicKey) -> str:
    """An Ed25519 public key as a Multikey ``publicKeyMultibase`` value (``z6Mk...``)."""
    raw = key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return base58btc_encode(ED25519_PUBLIC_HEADER + raw)


def public_key_from_multibase(text: str) -> Ed25519PublicKey:
    """The Ed25519 public key of a Multikey ``publicKeyMultibase`` value."""
    data = base58btc_decode(text)
    if not data.startswith(ED25519_PUBLIC_HEADER) or len(data) != 34:
        raise MultibaseError("not an Ed25519 public key in Multikey form (header 0xed01, 32 bytes)")
    return Ed25519PublicKey.from_public_bytes(data[2:])


def secret_key_from_multibase(text: str) -> Ed25519PrivateKey:
    """The Ed25519 secret key of a Multikey ``secretKeyMultibase`` value."""
    data = base58btc_decode(text)
    if not data.startswith(ED25519_SECRET_HEADER) or len(data) != 34:
        raise MultibaseError("not an Ed25519 secret key in Multikey form (header 0x8026, 32 bytes)")
    return Ed25519PrivateKey.from_private_bytes(data[2:])


def did_key(key: Ed25519PublicKey) -> str:
    """The ``did:key`` identifier of an Ed25519 public key (W3C CCG did:key method 0.7):
    ``did:key:`` and the key's Multikey value."""
    return "did:key:" + public_key_multibase(key)


def did_key_verification_method(key: Ed25519PublicKey) -> str:
    """The verification method that ``did:key`` resolves for this key: the DID, ``#`` and
    the Multikey value again."""
    multikey = public_key_multibase(key)
    return f"did:key:{multikey}#{multikey}"


def public_key_of_verification_method(method: str) -> Ed25519PublicKey:
    """The public key named by a ``did:key`` verification method (``did:key:z6Mk...#z6Mk...``),
    read from the identifier itself with nothing fetched."""
    if not method.startswith("did:key:"):
        raise MultibaseError(f"the verification method {method!r} is not a did:key")
    identifier, _, fragment = method[len("did:key:") :].partition("#")
    if fragment and fragment != identifier:
        raise MultibaseError("the did:key fragment does not repeat the key")
    return public_key_from_multibase(identifier)
