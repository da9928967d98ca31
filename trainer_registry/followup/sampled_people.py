"""Finding a campaign's sampled people by the pseudonymous ids an answer file gives.

The campaign's members come back from one plain query, as three comma-separated strings
on SQLite and PostgreSQL (member ids, person ids, pseudonymous ids), split in C: building
100,000 ``UUID`` objects, or 100,000 rows of three Python objects, would cost more than
reading the whole file. MySQL caps the length of such a string, so there the query
returns rows.

A pseudonymous id is matched as 32 lower-case hex digits: letters lowered, and hyphens
dropped when there can be some (an id written with hyphens is longer than 32 characters).
When every id of the file is written the same way (32 digits, or the usual 36 characters
with four hyphens) and every member's is 32 characters, each id is read in place as four
64-bit words (8 digits a word) and matched through one 64-bit hash of them, the words
themselves compared afterwards; otherwise, when an id is not found that way, or when two
members' hashes collide, as strings (``pyarrow.compute.index_in``), lowered on both
sides. Both ways find exactly the same members.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from django.db import connection

from trainer_registry.models import CampaignMember, FollowUpCampaign, Person

WIDTH = 32  # hex digits in a pseudonymous id
_HYPHENATED = 36  # the usual way of writing one: 8-4-4-4-12
_MIX = np.array([1, 0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9], dtype=np.uint64)


@dataclass(frozen=True)
class Members:
    """The campaign's members as parallel columns: member id, person id, and the
    pseudonymous id as the database gives it (strings, or one comma-separated string),
    and as four words each (:func:`_words`) when every one is 32 characters."""

    member_ids: np.ndarray
    person_ids: np.ndarray
    words: tuple[np.ndarray, ...] | None
    public_ids: pa.Array | str

    def __len__(self) -> int:
        return len(self.member_ids)


_AGGREGATED = {
    "sqlite": "SELECT group_concat(m.id), group_concat(m.person_id), group_concat(p.public_id)",
    "postgresql": "SELECT string_agg(m.id::text, ',' ORDER BY m.id), "
    "string_agg(m.person_id::text, ',' ORDER BY m.id), "
    "string_agg(replace(p.public_id::text, '-', ''), ',' ORDER BY m.id)",
}


def members_of(campaign: FollowUpCampaign) -> Members:
    """Every member of the campaign, with one query."""
    joined = (
        f"FROM {CampaignMember._meta.db_table} m JOIN {Person._meta.db_table} p "
        "ON p.id = m.person_id WHERE m.campaign_id = %s"
    )
    aggregated = _AGGREGATED.get(connection.vendor)
    with connection.cursor() as cursor:
        if aggregated:
            cursor.execute(f"{aggregated} {joined}", [campaign.pk])
            member_ids, person_ids, public_ids = cursor.fetchone()
            rows = None
        else:
            cursor.execute(f"SELECT m.id, m.person_id, p.public_id {joined}", [campaign.pk])
            rows = cursor.fetchall()
    if rows is not None or member_ids is None:
        return _from_rows(rows or [])
    return aggregated_members(member_ids, person_ids, public_ids)


def aggregated_members(member_ids: str, person_ids: str, public_ids: str) -> Members:
    """Members from three comma-separated strings, as the aggregating query gives them."""
    ids = np.fromstring(member_ids, dtype=np.int64, sep=",")
    people = np.fromstring(person_ids, dtype=np.int64, sep=",")
    raw = public_ids.encode() + b","
    if len(raw) == len(ids) * (WIDTH + 1):  # every id 32 characters, one comma after each
        return Members(ids, people, _words(raw, len(ids), WIDTH + 1, _PLAIN), public_ids)
    return Members(ids, people, None, public_ids)


def _from_rows(rows: list) -> Members:
    # UUIDs come back as text with hyphens (MariaDB's uuid type) or as 32 lower-case hex
    # digits (MySQL's char(32)); _plain_hex makes both the latter.
    member_ids, person_ids, public_ids = zip(*rows, strict=True) if rows else ((), (), ())
    return Members(
        np.asarray(member_ids, dtype=np.int64),
        np.asarray(person_ids, dtype=np.int64),
        None,
        pa.array(public_ids, pa.string()),
    )


def _plain_hex(ids: pa.Array) -> pa.Array:
    """Pseudonymous ids as 32 lower-case hex digits: letters lowered, and hyphens dropped
    when there can be some (an id written with hyphens is longer than 32 characters)."""
    lowered = pc.ascii_lower(ids)
    if len(lowered) and pc.max(pc.binary_length(lowered)).as_py() > WIDTH:
        lowered = pc.replace_substring(lowered, "-", "")
    return lowered


# Where each 8 hex digits of an id lie in its text, as pieces of (offset, bytes): 32
# digits in a row, or 8-4-4-4-12 with hyphens.
_PLAIN = (((0, 8),), ((8, 8),), ((16, 8),), ((24, 8),))
_WITH_HYPHENS = (((0, 8),), ((9, 4), (14, 4)), ((19, 4), (24, 4)), ((28, 8),))
_HYPHENS = (8, 13, 18, 23)


def _words(raw, count: int, stride: int, layout) -> tuple[np.ndarray, ...]:
    """``count`` ids laid ``stride`` bytes apart in ``raw``, as four 64-bit words each
    (their 32 hex digits, 8 bytes a word): four arrays, read in place."""
    words = []
    for pieces in layout:
        word = None
        shift = 0
        for offset, size in pieces:
            view = np.ndarray(
                (count,), dtype=f"<u{size}", buffer=raw, offset=offset, strides=(stride,)
            ).astype(np.uint64)
            word = view if word is None else word | (view << np.uint64(shift))
            shift += 8 * size
        words.append(word)
    return tuple(words)


def _file_words(ids: pa.Array) -> tuple[np.ndarray, ...] | None:
    """The file's ids as four words each (:func:`_words`), lower case, when every id is
    written the same way (32 hex digits, or 36 characters with the four hyphens where
    they belong); else ``None``."""
    lowered = pc.ascii_lower(ids.cast(pa.string()))
    shortest, longest = pc.min_max(pc.binary_length(lowered)).values()
    width = shortest.as_py()
    if width != longest.as_py() or width not in (WIDTH, _HYPHENATED):
        return None
    offsets, data = lowered.buffers()[1:3]
    start = int(np.frombuffer(offsets, dtype=np.int32, count=1, offset=lowered.offset * 4)[0])
    raw = memoryview(data)[start : start + len(lowered) * width]
    if width == WIDTH:
        return _words(raw, len(lowered), WIDTH, _PLAIN)
    hyphens = np.frombuffer(raw, dtype=np.uint8).reshape(len(lowered), width)[:, _HYPHENS]
    return _words(raw, len(lowered), width, _WITH_HYPHENS) if (hyphens == 45).all() else None


def _hash(words: tuple[np.ndarray, ...]) -> np.ndarray:
    """One 64-bit hash of each id's four words."""
    first, *others = words
    with np.errstate(over="ignore"):
        mixed = first.copy()
        for word, factor in zip(others, _MIX[1:], strict=True):
            mixed ^= word * factor
    return mixed


def find(ids: pa.Array, members: Members) -> np.ndarray:
    """For each of the file's pseudonymous ids (a string array), the position of its
    member in ``members``, or -1 where it is not one of them."""
    if len(members) == 0:
        return np.full(len(ids), -1, dtype=np.int64)
    given = _file_words(ids) if members.words is not None and len(ids) else None
    if given is not None:
        index = pd.Index(_hash(members.words))
        if index.is_unique:
            found = index.get_indexer(_hash(given)).astype(np.int64)
            if found.min() >= 0 and all(
                np.array_equal(known[found], word)
                for known, word in zip(members.words, given, strict=True)
            ):
                return found
    # Any other way of writing the ids, or one not found (an id stored in upper case
    # would not be found above): as strings, lowered on both sides.
    public_ids = members.public_ids
    if isinstance(public_ids, str):
        public_ids = pc.split_pattern(pa.array([public_ids]), ",").flatten()
    found = pc.index_in(_plain_hex(ids), value_set=_plain_hex(public_ids))
    return found.fill_null(-1).to_numpy().astype(np.int64)
