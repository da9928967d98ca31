"""The answer import's quick ways give what the plain ways give: pseudonymous ids found
as words or as strings, rows inserted with combination codes or cell by cell."""

from __future__ import annotations

import sqlite3
import uuid

import numpy as np
import pyarrow as pa
import pytest

from trainer_registry.followup import coded_rows, sampled_people


def _members(ids: list[uuid.UUID]) -> sampled_people.Members:
    return sampled_people.aggregated_members(
        ",".join(str(10 + n) for n in range(len(ids))),
        ",".join(str(500 + n) for n in range(len(ids))),
        ",".join(i.hex for i in ids),
    )


IDS = [uuid.UUID(int=(n * 0x9E3779B97F4A7C15) ** 3 % 2**128) for n in range(1, 40)]


@pytest.mark.parametrize(
    "written",
    [
        lambda i: str(i),
        lambda i: str(i).upper(),
        lambda i: i.hex,
        lambda i: i.hex.upper(),
        # mixed ways in one file, and ids that are nobody's or no id at all
        lambda i: str(i) if i.int % 2 else i.hex,
        lambda i: "no-such-person" if i.int % 5 == 0 else str(i),
        lambda i: str(uuid.UUID(int=i.int ^ 1)) if i.int % 3 == 0 else str(i),
        lambda i: i.hex[:8] + "-" + i.hex[8:30] + "--" + i.hex[30:] if i.int % 2 else str(i),
    ],
)
def test_ids_are_found_as_words_exactly_as_as_strings(written):
    members = _members(IDS[::2])
    file_ids = pa.array([written(i) for i in IDS])
    found = sampled_people.find(file_ids, members)
    strings = pa.array([i.hex for i in IDS[::2]])
    expected = [
        strings.to_pylist().index(plain) if plain in strings.to_pylist() else -1
        for plain in (
            text.lower().replace("-", "") if len(text) > 32 else text.lower()
            for text in file_ids.to_pylist()
        )
    ]
    assert found.tolist() == expected
    assert members.member_ids[found[found >= 0]].min() >= 10


def test_colliding_hashes_fall_back_to_strings():
    members = _members(IDS[:5])
    twin = tuple(np.full_like(word, word[0]) for word in members.words)
    collided = sampled_people.Members(
        members.member_ids, members.person_ids, twin, members.public_ids
    )
    file_ids = pa.array([str(i) for i in reversed(IDS[:5])])
    assert sampled_people.find(file_ids, collided).tolist() == [4, 3, 2, 1, 0]


def test_no_members_finds_nobody():
    nobody = sampled_people.aggregated_members("", "", "")
    assert sampled_people.find(pa.array([IDS[0].hex]), nobody).tolist() == [-1]


def test_combinations_give_back_each_rows_values():
    rng = np.random.default_rng(7)
    coded = {
        "still": (rng.integers(0, 2, 500), ["yes", "no"]),
        "reason": (rng.integers(0, 3, 500), ["", "retired", "other"]),
        "month": (rng.integers(0, 6, 500), [f"2020-0{m}-01" for m in range(1, 7)]),
    }
    combination = coded_rows.combine(coded, few=8)
    assert set(combination.values) == {"still", "reason"}  # the months would pass 8
    for name, values in combination.values.items():
        codes, distinct = coded[name]
        rebuilt = [values[code] for code in combination.codes]
        assert rebuilt == [distinct[code] for code in codes]
    assert coded_rows.combine({"month": coded["month"]}) is None


@pytest.mark.parametrize(
    ("limit", "few", "carrier"),
    [(999, 8, None), (20, 8, None), (999, 1, None), (999, 8, "member"), (20, 8, "member")],
)
def test_coded_statements_store_what_binding_every_cell_stores(limit, few, carrier):
    rng = np.random.default_rng(3)
    rows = 257
    still = rng.integers(0, 2, rows)
    reason = np.where(still == 0, rng.integers(0, 3, rows), 3)
    words = ["left_government", "retired", "", ""]
    coded = {"still": (still, ["no", "yes"]), "reason": (reason, words)}
    database = sqlite3.connect(":memory:")
    database.execute("CREATE TABLE answer (member, still, reason, note, wave)")
    per_row = {
        "member": np.arange(rows) * 7919,
        "note": [f"note {n}" * (n % 2) for n in range(rows)],
    }
    combination = coded_rows.combine(coded, few=few)
    if combination is None:
        per_row.update(
            {name: [values[c] for c in codes] for name, (codes, values) in coded.items()}
        )
    order = ["member", "still", "reason", "note", "wave"]
    statements = list(
        coded_rows.insert_statements(
            "answer",
            [(name, name) for name in order],
            {"wave": 1},
            per_row,
            combination,
            parameter_limit=limit,
            rows_per_insert=100,
            carrier=carrier,
        )
    )
    for sql, params in statements:
        database.execute(sql, params)
    expected = [
        (n * 7919, ["no", "yes"][still[n]], words[reason[n]], f"note {n}" * (n % 2), 1)
        for n in range(rows)
    ]
    assert database.execute("SELECT * FROM answer ORDER BY rowid").fetchall() == expected
    assert all(len(params) <= limit for _sql, params in statements)
    carried = carrier is not None and combination is not None
    assert (">> " in statements[0][0]) == carried
