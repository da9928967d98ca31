"""The analyst's pseudonym of a person: short, readable, keyed, stable for one analyst and
unrelated between analysts; and the rule that picks names or pseudonyms for a reader."""

from __future__ import annotations

import ast
import re
import uuid
from pathlib import Path

import pytest

from trainer_registry.analytics import pseudonym as module
from trainer_registry.analytics.pseudonym import LONG, pseudonym, pseudonyms

SECRET = "site-secret-for-tests"
IDS = [str(uuid.UUID(int=n * 7919 + 1)) for n in range(2000)]
SHAPE = re.compile(r"^P-[0-9A-HJKMNP-TV-Z]{6}$")  # Crockford: no I, L, O, U


def test_a_pseudonym_is_short_readable_and_not_the_public_id():
    public_id = "6f1c2a4e-9d3b-4c1e-8f00-0123456789ab"
    name = pseudonym(public_id, secret=SECRET, salt="user:1")
    assert SHAPE.match(name), name
    assert name[2:].lower() not in public_id.replace("-", "")
    # Written however the id is (a UUID's text in capitals, padded), the same pseudonym.
    assert pseudonym(f" {public_id.upper()} ", secret=SECRET, salt="user:1") == name


def test_stable_for_one_reader_different_between_readers_and_keyed():
    first = [pseudonym(i, secret=SECRET, salt="user:1") for i in IDS[:200]]
    assert first == [pseudonym(i, secret=SECRET, salt="user:1") for i in IDS[:200]]
    other = [pseudonym(i, secret=SECRET, salt="user:2") for i in IDS[:200]]
    assert all(a != b for a, b in zip(first, other, strict=True))
    rekeyed = [pseudonym(i, secret="another-secret", salt="user:1") for i in IDS[:200]]
    assert all(a != b for a, b in zip(first, rekeyed, strict=True))
    # Spread over the alphabet: 200 people, 200 pseudonyms.
    assert len(set(first)) == 200


def test_a_pseudonym_needs_a_secret_and_a_salt():
    for secret, salt in (("", "user:1"), (SECRET, "")):
        with pytest.raises(ValueError):
            pseudonym(IDS[0], secret=secret, salt=salt)


def test_a_shared_short_pseudonym_is_lengthened_from_the_same_start():
    names = pseudonyms(IDS, secret=SECRET, salt="user:1")
    assert len(set(names.values())) == len(IDS)
    # Make two people share a short pseudonym by hand: search for a pair.
    short: dict[str, str] = {}
    pair = None
    for n in range(200_000):
        public_id = str(uuid.UUID(int=n))
        name = pseudonym(public_id, secret=SECRET, salt="s")
        if name in short:
            pair = (short[name], public_id)
            break
        short[name] = public_id
    assert pair is not None, "no two of 200,000 ids share six characters: the test needs one"
    both = pseudonyms([*pair, IDS[0]], secret=SECRET, salt="s")
    first, second = both[pair[0]], both[pair[1]]
    assert first != second and len(first) == len(second) == 2 + LONG
    assert first[:8] == second[:8] == pseudonym(pair[0], secret=SECRET, salt="s")
    assert both[IDS[0]] == pseudonym(IDS[0], secret=SECRET, salt="s")  # others stay short


def test_the_rule_is_pure():
    tree = ast.parse(Path(module.__file__).read_text())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add((node.module or "").split(".")[0])
    assert imported <= {"__future__", "functools", "hashlib", "hmac", "collections"}, imported
