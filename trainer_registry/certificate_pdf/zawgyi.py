"""Recognise Burmese text typed in the Zawgyi font encoding, which the certificate refuses.

Zawgyi was the most used Burmese font before 2019. It puts Burmese glyphs on the code points
of the Unicode Myanmar block but with other meanings and in visual rather than logical
order, so Zawgyi text drawn with a Unicode font (as on a certificate) comes out garbled.
Names must be given in Unicode Myanmar; this module only recognises Zawgyi, it does not
convert it (a conversion can guess wrong, and a certificate must show the name exactly as
its holder writes it).

The detector looks for code-point sequences that the Unicode model forbids and that Zawgyi
produces all the time. What each encoding does with these code points is documented in the
Unicode Myanmar FAQ (unicode.org/faq/myanmar.html), in UTN #11 "Representing Myanmar in
Unicode" (the Unicode storage order: consonant, medials, then vowel signs) and in the CLDR
``Zawgyi-my`` transform shipped with ICU (its mapping from Zawgyi to Unicode code points,
``$zmedialra = [\\u103B\\u107E-\\u1084]`` and the stacked forms it maps back to virama
sequences):

1. U+1060..U+1097: Zawgyi's precomposed stacked consonants, kinzi and glyph variants. In
   Unicode these are letters of Mon, Karen and Shan, never needed for a Burmese name.
2. U+1031 (vowel sign E) that does not follow a consonant or medial: Zawgyi stores the
   E before its consonant, as it is seen; Unicode stores it after.
3. U+103B or U+103C at the start of a syllable (not after a consonant): Zawgyi's medial RA
   (U+103B) is stored before its consonant; in Unicode both are medials that follow one.
4. U+1039 not followed by a consonant: Zawgyi uses it as the asat (vowel killer) at the
   end of a syllable; in Unicode it is the virama, which always joins two consonants.
"""

from __future__ import annotations

import re

_CONSONANT = "\u1000-\u1021\u103f"
_AFTER_CONSONANT = _CONSONANT + "\u103b-\u103e\u1039\u103a"  # medials, virama, asat

_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile("[\u1060-\u1097]"),
        "uses code points U+1060..U+1097 for Burmese letters (Zawgyi's stacked forms)",
    ),
    (
        re.compile(f"(?:^|[^{_AFTER_CONSONANT}])\u1031"),
        "puts the vowel sign E (U+1031) before its consonant",
    ),
    (
        re.compile(f"(?:^|[^{_CONSONANT}\u103b-\u103e])[\u103b\u103c]"),
        "puts a medial (U+103B/U+103C) before its consonant",
    ),
    (
        re.compile(f"\u1039(?:$|[^{_CONSONANT}])"),
        "uses U+1039 as a final asat, not as a virama between two consonants",
    ),
)


def zawgyi_signs(text: str) -> list[str]:
    """What in ``text`` shows Zawgyi encoding, one phrase per rule that matched (empty for
    Unicode Myanmar text and for text without Myanmar letters)."""
    return [reason for pattern, reason in _RULES if pattern.search(text)]


def looks_like_zawgyi(text: str) -> bool:
    """True when ``text`` breaks the Unicode Myanmar model in the ways Zawgyi text does."""
    return bool(zawgyi_signs(text))
