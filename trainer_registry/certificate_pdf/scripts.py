"""Which writing system each character of a certificate's text belongs to.

A certificate prints text in six scripts of the region besides plain Latin: Khmer, Lao,
Myanmar (Burmese), Thai, Latin with Vietnamese diacritics, and Han (Simplified Chinese).
No one font covers them all, so text is cut into runs of one script each and every run is
drawn with a font made for that script. The script of a character is read from the Unicode
block it sits in (block ranges from the Unicode Character Database, ``Blocks.txt``):
characters shared by all scripts (spaces, digits, punctuation) are ``COMMON`` and join the
run around them; combining marks are ``INHERITED`` and always stay with their base letter.
"""

from __future__ import annotations

import enum
import unicodedata
from bisect import bisect_right


class Script(enum.Enum):
    """A writing system the certificate knows a font for (and the two shared classes)."""

    LATIN = "Latin"
    KHMER = "Khmer"
    LAO = "Lao"
    MYANMAR = "Myanmar"
    THAI = "Thai"
    HAN = "Han"
    COMMON = "Common"
    INHERITED = "Inherited"


# (first, last, script) for the blocks that matter here; everything else is COMMON unless
# unicodedata calls it a letter, which is then treated as Latin (the Latin font may have it,
# and the coverage check names it if not).
_BLOCKS: tuple[tuple[int, int, Script], ...] = (
    (0x0041, 0x005A, Script.LATIN),
    (0x0061, 0x007A, Script.LATIN),
    (0x00C0, 0x024F, Script.LATIN),  # Latin-1 letters, Extended-A and -B
    (0x0300, 0x036F, Script.INHERITED),  # combining diacritical marks
    (0x0E00, 0x0E7F, Script.THAI),
    (0x0E80, 0x0EFF, Script.LAO),
    (0x1000, 0x109F, Script.MYANMAR),
    (0x1780, 0x17FF, Script.KHMER),
    (0x19E0, 0x19FF, Script.KHMER),  # Khmer symbols
    (0x1AB0, 0x1AFF, Script.INHERITED),
    (0x1DC0, 0x1DFF, Script.INHERITED),
    (0x1E00, 0x1EFF, Script.LATIN),  # Latin Extended Additional: Vietnamese precomposed
    (0x200C, 0x200D, Script.INHERITED),  # zero-width non-joiner and joiner
    (0x20D0, 0x20FF, Script.INHERITED),
    (0x2E80, 0x2FDF, Script.HAN),  # CJK radicals, Kangxi radicals
    (0x3000, 0x303F, Script.HAN),  # CJK symbols and punctuation
    (0x3400, 0x4DBF, Script.HAN),  # CJK Unified Ideographs Extension A
    (0x4E00, 0x9FFF, Script.HAN),  # CJK Unified Ideographs
    (0xA9E0, 0xA9FF, Script.MYANMAR),  # Myanmar Extended-B
    (0xAA60, 0xAA7F, Script.MYANMAR),  # Myanmar Extended-A
    (0xF900, 0xFAFF, Script.HAN),  # CJK Compatibility Ideographs
    (0xFE00, 0xFE0F, Script.INHERITED),  # variation selectors
    (0xFF00, 0xFFEF, Script.HAN),  # half-width and full-width forms
    (0x20000, 0x3134F, Script.HAN),  # CJK Extensions B to G
)
_STARTS = [first for first, _last, _script in _BLOCKS]

# Characters a font may lack without harm: the shaper hides them (Unicode
# Default_Ignorable_Code_Point, the ones that occur in names).
DEFAULT_IGNORABLE = frozenset("\u00ad\u034f\u200b\u200c\u200d\u2060\ufeff") | frozenset(
    chr(c) for c in range(0xFE00, 0xFE10)
)


def script_of(character: str) -> Script:
    """The script of one character, by its Unicode block (see the module docstring)."""
    code = ord(character)
    index = bisect_right(_STARTS, code) - 1
    if index >= 0:
        first, last, script = _BLOCKS[index]
        if first <= code <= last:
            return script
    category = unicodedata.category(character)
    if category.startswith("M"):
        return Script.INHERITED
    if category.startswith("L"):
        return Script.LATIN
    return Script.COMMON


def strong_scripts(text: str) -> set[Script]:
    """The scripts of the letters in ``text`` (shared characters and marks left out)."""
    return {script_of(c) for c in text} - {Script.COMMON, Script.INHERITED}


def resolved_scripts(text: str) -> list[Script]:
    """One script per character, with shared characters given a real script.

    A combining mark takes its base letter's script; a shared character (space, digit,
    punctuation) takes the script of the letter before it, or, at the start of the text,
    of the first letter after it; text with no letters at all is Latin.
    """
    raw = [script_of(c) for c in text]
    resolved: list[Script] = []
    previous: Script | None = None
    for script in raw:
        if script in (Script.COMMON, Script.INHERITED):
            resolved.append(previous or Script.COMMON)
        else:
            resolved.append(script)
            previous = script
    following = Script.LATIN
    for index in range(len(resolved) - 1, -1, -1):
        if resolved[index] is Script.COMMON:
            resolved[index] = following
        else:
            following = resolved[index]
    return resolved
