"""The pseudonym an M&E analyst sees for a person on the analytics pages.

An analyst sees no names; nor do they see a person's ``public_id``, the UUID that is in
the address of the person's page and in the files the registry exchanges. They see a
short readable pseudonym instead, such as ``P-7K3QX2``: a keyed hash (HMAC-SHA-256) of the
``public_id`` with the site's secret and a salt of the analyst's own, written in six
characters of Crockford's base 32 (digits and capitals without I, L, O and U, so that no
two characters are confused when read aloud or copied by hand).

* the same person has the same pseudonym for one analyst on every page, every day (as
  long as the secret is kept);
* two analysts (two salts) see unrelated pseudonyms for the same person, so lists two
  analysts keep cannot be joined on them;
* without the secret no one can tell whose pseudonym it is, nor compute it from a UUID.

Six characters are 30 bits: two people of a list sharing a short pseudonym is unlikely
but possible; :func:`pseudonyms` then writes those few at :data:`LONG` characters, which
start with the same six. Pure: no Django; the caller passes the secret and the salt.
"""

from __future__ import annotations

import functools
import hmac
from collections import Counter
from collections.abc import Iterable

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32
PREFIX = "P-"
SHORT = 6
LONG = 12
_PURPOSE = b"trainer_registry.analytics.pseudonym"


@functools.lru_cache(maxsize=8)
def _key(secret: str) -> bytes:
    """The pseudonyms' own key, derived from the site's secret (made once per secret: an
    analyst's page names every trainer of a cascade, thousands at a time)."""
    return hmac.digest(secret.encode(), _PURPOSE, "sha256")


def pseudonym(public_id: str, *, secret: str, salt: str, length: int = SHORT) -> str:
    """The pseudonym of ``public_id`` for the reader of ``salt``: ``P-`` and ``length``
    characters. A longer pseudonym starts with the shorter one."""
    if not secret or not salt:
        raise ValueError("A pseudonym needs the site's secret and the reader's salt.")
    if not 1 <= length <= 51:  # 51 characters are the 255 bits of the digest
        raise ValueError(f"A pseudonym has 1 to 51 characters, not {length}.")
    message = f"{salt}\x1f{str(public_id).strip().lower()}".encode()
    number = int.from_bytes(hmac.digest(_key(secret), message, "sha256"), "big")
    characters = []
    for _ in range(length):
        characters.append(ALPHABET[number & 31])
        number >>= 5
    return PREFIX + "".join(characters)


def pseudonyms(public_ids: Iterable[str], *, secret: str, salt: str) -> dict[str, str]:
    """Each of ``public_ids`` with its pseudonym: the short one, or the long one for the
    people whose short pseudonyms coincide in this list."""
    short = {
        str(public_id): pseudonym(public_id, secret=secret, salt=salt) for public_id in public_ids
    }
    shared = Counter(short.values())
    return {
        public_id: name
        if shared[name] == 1
        else pseudonym(public_id, secret=secret, salt=salt, length=LONG)
        for public_id, name in short.items()
    }
