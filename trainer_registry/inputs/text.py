"""Text the registry accepts: no NUL and no other control character but tab, line feed
and carriage return. Pure: no Django.

A NUL cannot be stored in PostgreSQL text, and once stored on SQLite it breaks the
archive that moves the registry elsewhere; the other control characters have no place
in a name, a filter or an answer and hide what a reviewer reads. Refused, never
silently removed: the sender learns what was wrong and where.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

ALLOWED_CONTROLS = frozenset("\t\n\r")


@dataclass(frozen=True)
class ControlCharacter:
    """Where a value holds a control character: the value's name (``where``), the
    position in it (0-based) and the character."""

    where: str
    position: int
    character: str

    @property
    def code_point(self) -> str:
        return f"U+{ord(self.character):04X}"

    def message(self) -> str:
        return (
            f"{self.where} holds a control character ({self.code_point}) at position "
            f"{self.position + 1}: remove it and send again"
        )


def control_character(value: str) -> tuple[int, str] | None:
    """The first control character of ``value`` not allowed (position, character)."""
    for position, character in enumerate(value):
        if character not in ALLOWED_CONTROLS and unicodedata.category(character) == "Cc":
            return position, character
    return None


def first_control_character(named_values: Iterable[tuple[str, str]]) -> ControlCharacter | None:
    """The first of ``(where, value)`` pairs that holds a control character."""
    for where, value in named_values:
        found = control_character(value)
        if found is not None:
            return ControlCharacter(where, *found)
    return None
