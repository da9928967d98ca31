"""Short verification codes printed on certificates: random, easy to read aloud, checked.

A code is 16 symbols of Douglas Crockford's base 32 (0-9 and A-Z without I, L, O, U:
80 random bits from :mod:`secrets`) and a check symbol, written in groups of four:
``7G4K-Q2MD-9TZX-EB1R-W``. The check symbol is the code's value modulo 37, written in
Crockford's 37-symbol check alphabet; 37 is prime and divides neither 32 nor 31, so any
single wrong symbol and any swap of two neighbouring symbols is caught.
Reading forgives case, spaces and hyphens, and the letters people confuse: O for 0,
I and L for 1.
"""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CHECK_ALPHABET = ALPHABET + "*~$=U"
LENGTH = 16  # 16 x 5 = 80 bits
CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})


class InvalidCode(ValueError):
    """The text is not a well-formed verification code; the message says why."""


def _value(symbols: str) -> int:
    value = 0
    for symbol in symbols:
        value = value * 32 + ALPHABET.index(symbol)
    return value


def check_symbol(symbols: str) -> str:
    return CHECK_ALPHABET[_value(symbols) % 37]


def new_code() -> str:
    """A fresh random code, without its hyphens: 16 symbols and the check symbol."""
    symbols = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return symbols + check_symbol(symbols)


def display(code: str) -> str:
    """``7G4KQ2MD9TZXEB1RW`` -> ``7G4K-Q2MD-9TZX-EB1R-W``."""
    return "-".join(code[i : i + 4] for i in range(0, LENGTH, 4)) + "-" + code[LENGTH:]


def parse(text: str) -> str:
    """The code in its stored form (17 symbols), or :class:`InvalidCode` saying what is
    wrong with the text."""
    cleaned = text.strip().upper().replace("-", "").replace(" ", "")
    body, check = cleaned[:LENGTH].translate(CONFUSABLE), cleaned[LENGTH:]
    if len(cleaned) != LENGTH + 1:
        raise InvalidCode(
            f"a verification code has {LENGTH + 1} symbols (four groups of four and a check "
            f"symbol); this one has {len(cleaned)}"
        )
    wrong = sorted({symbol for symbol in body if symbol not in ALPHABET})
    if wrong:
        raise InvalidCode(f"these symbols are not used in verification codes: {' '.join(wrong)}")
    if check.translate(CONFUSABLE) not in CHECK_ALPHABET:
        raise InvalidCode(f"{check!r} is not a check symbol")
    if check_symbol(body) != check.translate(CONFUSABLE) and check_symbol(body) != check:
        raise InvalidCode(
            "the check symbol does not match: a symbol was mistyped or two were swapped"
        )
    return body + check_symbol(body)
