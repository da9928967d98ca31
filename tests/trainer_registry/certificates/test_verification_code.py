"""Verification codes: random, readable aloud, and every slip of one symbol caught."""

from __future__ import annotations

import math

import pytest

from trainer_registry.certificates.code import (
    ALPHABET,
    LENGTH,
    InvalidCode,
    display,
    new_code,
    parse,
)


def test_round_trip_and_forgiving_reading():
    code = new_code()
    shown = display(code)
    assert shown.count("-") == 4 and len(shown) == 21
    assert parse(shown) == code
    assert parse(shown.lower().replace("-", " ")) == code
    assert parse(code.replace("0", "O").replace("1", "I")) == code


def test_at_least_80_random_bits():
    assert LENGTH * math.log2(len(ALPHABET)) >= 80
    assert len({new_code() for _ in range(2000)}) == 2000


def test_every_single_substitution_and_neighbour_swap_is_caught():
    for _ in range(200):
        code = new_code()
        body = code[:LENGTH]
        for position in range(LENGTH):
            for symbol in ALPHABET:
                if symbol == body[position]:
                    continue
                typo = body[:position] + symbol + body[position + 1 :] + code[LENGTH:]
                with pytest.raises(InvalidCode):
                    parse(typo)
        for position in range(LENGTH - 1):
            a, b = body[position], body[position + 1]
            if a == b:
                continue
            swapped = body[:position] + b + a + body[position + 2 :] + code[LENGTH:]
            with pytest.raises(InvalidCode, match="check symbol does not match"):
                parse(swapped)


@pytest.mark.parametrize(
    ("text", "message"),
    [("ABCD", "has 4"), ("UUUU-UUUU-UUUU-UUUU-0", "not used in verification codes: U")],
)
def test_malformed_codes_say_why(text, message):
    with pytest.raises(InvalidCode, match=message):
        parse(text)
