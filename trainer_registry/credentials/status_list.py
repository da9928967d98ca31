"""W3C Bitstring Status List v1.0: revocation as one bit per credential.

Each credential names a list (``statusListCredential``) and a position in it
(``statusListIndex``); the bit there is 1 when the credential is revoked. The list is
published as a credential of its own, signed like the certificates, so that nobody can
flip a bit unnoticed.

From the specification (W3C Bitstring Status List v1.0, its data model and algorithms):

- the bitstring has at least 131,072 bits (16 KiB), so that one credential hides among
  many (group privacy); :data:`MINIMUM_SIZE`;
- the left-most bit is index 0: index ``i`` is bit ``7 - i % 8`` of byte ``i // 8``;
- ``encodedList`` is the bitstring compressed with GZIP (RFC 1952), then written as
  multibase base64url without padding (a leading ``u``);
- each credential gets its position at random among the free ones, so that positions
  say nothing about the order of issue (:func:`draw_free_index`, from :mod:`secrets`).
"""

from __future__ import annotations

import gzip
import secrets
from collections.abc import Callable
from datetime import UTC, datetime

from trainer_registry.credentials import multibase
from trainer_registry.credentials.document_loader import CREDENTIALS_V2

MINIMUM_SIZE = 131_072
REVOCATION = "revocation"


class StatusListError(ValueError):
    """An encoded list or an index that cannot be right; the message says what."""


def empty_bitstring(size: int = MINIMUM_SIZE) -> bytearray:
    """All-zero bits, ``size`` of them (a multiple of 8, at least :data:`MINIMUM_SIZE`)."""
    if size < MINIMUM_SIZE or size % 8:
        raise StatusListError(
            f"a status list has a multiple of 8 bits, at least {MINIMUM_SIZE}; got {size}"
        )
    return bytearray(size // 8)


def _position(bits: bytes | bytearray, index: int) -> tuple[int, int]:
    if not 0 <= index < len(bits) * 8:
        raise StatusListError(f"index {index} is outside the list of {len(bits) * 8} entries")
    return index // 8, 0x80 >> (index % 8)


def bit_at(bits: bytes | bytearray, index: int) -> bool:
    """The status bit at ``index``, counting from 0 at the left-most bit."""
    byte, mask = _position(bits, index)
    return bool(bits[byte] & mask)


def set_bit(bits: bytearray, index: int, value: bool = True) -> None:
    """Set (or clear) the status bit at ``index`` in place."""
    byte, mask = _position(bits, index)
    if value:
        bits[byte] |= mask
    else:
        bits[byte] &= ~mask & 0xFF


def encode(bits: bytes | bytearray) -> str:
    """``encodedList``: GZIP, then multibase base64url. The GZIP header's time is zero, so
    the same bits always give the same text."""
    return multibase.base64url_encode(gzip.compress(bytes(bits), mtime=0))


def decode(encoded: str) -> bytearray:
    """The bits of an ``encodedList``; refuses a list shorter than the minimum."""
    try:
        bits = bytearray(gzip.decompress(multibase.base64url_decode(encoded)))
    except (OSError, EOFError) as error:
        raise StatusListError(f"encodedList is not GZIP data: {error}") from None
    if len(bits) * 8 < MINIMUM_SIZE:
        raise StatusListError(f"the list has {len(bits) * 8} entries, fewer than {MINIMUM_SIZE}")
    return bits


def draw_free_index(size: int, is_taken: Callable[[int], bool], *, attempts: int = 64) -> int:
    """A position drawn uniformly at random (:func:`secrets.randbelow`) among those for
    which ``is_taken`` is false. Gives up after ``attempts`` draws (a list that full should
    have been replaced by a new one)."""
    for _attempt in range(attempts):
        index = secrets.randbelow(size)
        if not is_taken(index):
            return index
    raise StatusListError(f"no free position found in {attempts} draws: the list is full")


def draw_free_indices(
    size: int,
    count: int,
    taken_among: Callable[[list[int]], set[int]],
    *,
    attempts: int = 64,
) -> list[int]:
    """``count`` distinct positions, each drawn uniformly at random
    (:func:`secrets.randbelow`) among the free ones, as :func:`draw_free_index` draws one
    at a time, but checked in batches: ``taken_among(candidates)`` answers which of a
    whole batch of candidates are taken (one database query for a chunk of certificates).
    Gives up after ``attempts`` batches."""
    if not 0 <= count <= size:
        raise StatusListError(f"cannot draw {count} positions from a list of {size}")
    chosen: list[int] = []
    seen: set[int] = set()
    for _attempt in range(attempts):
        if len(chosen) == count:
            break
        if size - len(seen) < count - len(chosen):
            break
        candidates: list[int] = []
        while len(candidates) < count - len(chosen):
            index = secrets.randbelow(size)
            if index not in seen:
                seen.add(index)
                candidates.append(index)
        taken = taken_among(candidates)
        chosen.extend(index for index in candidates if index not in taken)
    if len(chosen) < count:
        raise StatusListError(
            f"only {len(chosen)} of {count} free positions found in {attempts} batches: "
            "the list is full"
        )
    return chosen


def status_entry(list_url: str, index: int, purpose: str = REVOCATION) -> dict:
    """The ``credentialStatus`` of a credential at ``index`` of the list at ``list_url``."""
    return {
        "id": f"{list_url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": str(index),
        "statusListCredential": list_url,
    }


def status_list_credential(
    list_url: str,
    *,
    issuer: str,
    bits: bytes | bytearray,
    valid_from: datetime,
    purpose: str = REVOCATION,
) -> dict:
    """The unsigned ``BitstringStatusListCredential`` published at ``list_url``."""
    return {
        "@context": [CREDENTIALS_V2],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": valid_from.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": encode(bits),
        },
    }
