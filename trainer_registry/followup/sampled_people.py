"""Finding a campaign's sampled people by the pseudonymous ids an answer file gives.

The campaign's members come back from one plain query, as three comma-separated strings
on SQLite and PostgreSQL (member ids, person ids, pseudonymous ids), split in C: building
100,000 ``UUID`` objects, or 100,000 rows of three Python objects, would cost more than
reading the whole file. MySQL caps the length of such a string, so there the query
returns rows.

A pseudonymous id is matched as 32 lower-case hex digits: letters lowered, and hyphens
dropped when there can be some (an id written with hyphens is longer than 32 characters).
When every id of the file is written the same way (32 digits, or the usual 36 characters
with four hyphens) and so is every member's, both are read as 32 raw bytes each and
matched through a 64-bit hash of those bytes, the bytes themselves compared afterwards;
otherwise, or if two members' hashes collide, as strings (``pyarrow.compute.index_in``).
Both ways find exactly the same members.
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
_HYPHENS = (8, 13, 18, 23)
_DIGITS = np.array([i for i in range(_HYPHENATED) if i not in _HYPHENS])
_MIX = np.array([1, 0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9], dtype=np.uint64)


@dataclass(frozen=True)
class Members:
    """The campaign's members as parallel columns: member id, person id, and the
    pseudonymous id as 32 lower-case hex digits (as one row of raw bytes each when the
    query gave them that way, else as strings)."""

    member_ids: np.ndarray
    person_ids: np.ndarray
    digits: np.ndarray | None  # (members, 32) uint8
    public_ids: pa.Array | None = None

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
    ids = np.fromstring(member_ids, dtype=np.int64, sep=",")
    people = np.fromstring(person_ids, dtype=np.int64, sep=",")
    raw = np.frombuffer(public_ids.encode().lower() + b",", dtype=np.uint8)
    if len(raw) == len(ids) * (WIDTH + 1):  # every id 32 characters, one comma after each
        return Members(ids, people, raw.reshape(len(ids), WIDTH + 1)[:, :WIDTH].copy())
    strings = _plain_hex(pc.split_pattern(pa.array([public_ids]), ",").flatten())
    return Members(ids, people, None, strings)


def _from_rows(rows: list) -> Members:
    # UUIDs come back as text with hyphens (MariaDB's uuid type) or as 32 lower-case hex
    # digits (MySQL's char(32)); _plain_hex makes both the latter.
    member_ids, person_ids, public_ids = zip(*rows, strict=True) if rows else ((), (), ())
    return Members(
        np.asarray(member_ids, dtype=np.int64),
        np.asarray(person_ids, dtype=np.int64),
        None,
        _plain_hex(pa.array(public_ids, pa.string())),
    )


def _plain_hex(ids: pa.Array) -> pa.Array:
    """Pseudonymous ids as 32 lower-case hex digits: letters lowered, and hyphens dropped
    when there can be some (an id written with hyphens is longer than 32 characters)."""
    lowered = pc.ascii_lower(ids)
    if len(lowered) and pc.max(pc.binary_length(lowered)).as_py() > WIDTH:
        lowered = pc.replace_substring(lowered, "-", "")
    return lowered


def _digits(ids: pa.Array) -> np.ndarray | None:
    """The file's ids as 32 raw lower-case bytes each when every id is written the same
    way (32 characters, or 36 with the four hyphens where they belong); else ``None``."""
    lowered = pc.ascii_lower(ids.cast(pa.string()))
    shortest, longest = pc.min_max(pc.binary_length(lowered)).values()
    width = shortest.as_py()
    if width != longest.as_py() or width not in (WIDTH, _HYPHENATED):
        return None
    offsets, data = lowered.buffers()[1:3]
    start = np.frombuffer(offsets, dtype=np.int32, count=1, offset=lowered.offset * 4)[0]
    raw = np.frombuffer(data, dtype=np.uint8, count=len(lowered) * width, offset=start)
    raw = raw.reshape(len(lowered), width)
    if width == WIDTH:
        return raw
    if width == _HYPHENATED and (raw[:, _HYPHENS] == ord("-")).all():
        return raw[:, _DIGITS]
    return None


def _hashes(digits: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The 32 bytes of each id as four 64-bit words, and one 64-bit hash of them."""
    words = np.ascontiguousarray(digits).view(np.uint64)
    with np.errstate(over="ignore"):
        return words, np.bitwise_xor.reduce(words * _MIX, axis=1)


def find(ids: pa.Array, members: Members) -> np.ndarray:
    """For each of the file's pseudonymous ids (a string array), the position of its
    member in ``members``, or -1 where it is not one of them."""
    if len(members) == 0:
        return np.full(len(ids), -1, dtype=np.int64)
    digits = _digits(ids) if members.digits is not None and len(ids) else None
    if digits is not None:
        known, known_hash = _hashes(members.digits)
        index = pd.Index(known_hash)
        if index.is_unique:
            given, given_hash = _hashes(digits)
            found = index.get_indexer(given_hash).astype(np.int64)
            hit = np.flatnonzero(found >= 0)
            same = (known[found[hit]] == given[hit]).all(axis=1)
            found[hit[~same]] = -1
            return found
    public_ids = members.public_ids
    if public_ids is None:
        text = members.digits.tobytes().decode()
        public_ids = pa.array([text[i : i + WIDTH] for i in range(0, len(text), WIDTH)])
    found = pc.index_in(_plain_hex(ids), value_set=public_ids)
    return found.fill_null(-1).to_numpy().astype(np.int64)
