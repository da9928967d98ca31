"""Burmese typed in Zawgyi is recognised; Unicode Myanmar and other scripts are not."""

from __future__ import annotations

import pytest

from trainer_registry.certificate_pdf.zawgyi import looks_like_zawgyi, zawgyi_signs

# The same words in both encodings (Zawgyi as a Zawgyi keyboard stores them).
PAIRS = [
    ("မြန်မာ", "ျမန္မာ"),  # Myanmar: medial RA stored first, U+1039 as asat
    ("ကျော်", "ေက်ာ္"),  # Kyaw: E stored first
    ("မောင်", "ေမာင္"),  # Maung
    ("ကြည်", "ၾကည္"),  # Kyi: medial RA variant U+107E
    ("သန္တာ", "သႏၲာ"),  # Thanda: stacked consonant U+1072
    ("မင်္ဂလာ", "မဂၤလာ"),  # Mingala: kinzi U+1064
]


@pytest.mark.parametrize(("unicode_text", "zawgyi_text"), PAIRS)
def test_zawgyi_is_recognised_and_unicode_is_not(unicode_text, zawgyi_text):
    assert looks_like_zawgyi(zawgyi_text), zawgyi_text
    assert not looks_like_zawgyi(unicode_text), unicode_text


@pytest.mark.parametrize(
    "text",
    [
        "အောင်ကျော်မြင့်",
        "ဒေါ်ခင်မာဝင်း",
        "ရန်ကုန်",
        "မြှင့်",
        "Aung Kyaw Myint",
        "สมศักดิ์ ใจดี",
        "",
    ],
)
def test_text_that_is_not_zawgyi_passes(text):
    assert zawgyi_signs(text) == []


def test_each_sign_is_named():
    signs = zawgyi_signs("ေအာင္ ၾကည္")
    assert "puts the vowel sign E (U+1031) before its consonant" in signs
    assert "uses U+1039 as a final asat, not as a virama between two consonants" in signs
    assert any("U+1060..U+1097" in sign for sign in signs)
