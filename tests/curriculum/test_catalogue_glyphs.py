"""Every translated string can be drawn: each character of each msgstr of every catalogue
(the courses', the registry's and the blocks') is in at least one of the fonts that the
certificates are drawn with or that the site's pages fall back to.

The certificate's fonts are found exactly as the certificate finds them
(:func:`trainer_registry.certificate_pdf.fonts.font_for`); the site's are the Noto Sans
faces of Debian's ``fonts-noto-core`` that a browser picks for ``sans-serif`` text in each
script (Noto Sans Math for signs such as the minus and angle brackets). A character counts
as covered when a font's character map gives it a real glyph (not glyph 0, the
``.notdef`` box). Spaces and format characters (line breaks, zero-width spaces and
joiners that Khmer, Lao, Thai and Burmese text uses to mark word breaks) are not drawn and
not checked.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFontFile

from curriculum_build.translation_notice import NOTICES
from tests.conftest import require
from tests.trainer_registry.test_registry_catalogues import read_po
from trainer_registry.certificate_pdf.fonts import MissingFont, Weight, font_dirs, font_for
from trainer_registry.certificate_pdf.scripts import Script

REPOSITORY = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(
    [
        *REPOSITORY.glob("curriculum/courses/*/locale/*/LC_MESSAGES/*.po"),
        *REPOSITORY.glob("trainer_registry/locale/*/LC_MESSAGES/*.po"),
        *REPOSITORY.glob("commit_training/conf/locale/*/LC_MESSAGES/*.po"),
    ]
)
DRAWN_SCRIPTS = [s for s in Script if s not in (Script.COMMON, Script.INHERITED)]
SITE_FONTS = [
    f"NotoSans{script}-Regular.ttf" for script in ("", "Khmer", "Lao", "Myanmar", "Thai", "Math")
]


class SiteFont:
    """A font file's character map, read as the certificate code reads its own."""

    def __init__(self, path: Path) -> None:
        self.glyph_of = TTFontFile(str(path)).charToGlyph

    def covers(self, character: str) -> bool:
        return self.glyph_of.get(ord(character), 0) != 0


@pytest.fixture(scope="module")
def fonts():
    loaded = []
    for script in DRAWN_SCRIPTS:
        for weight in Weight:
            try:
                loaded.append(font_for(script, weight))
            except MissingFont as missing:
                require(False, f"{missing} (make certificate-fonts)")
    for name in SITE_FONTS:
        paths = [path for folder in font_dirs() for path in folder.rglob(name)]
        require(bool(paths), f"{name} not found: install Debian's fonts-noto-core")
        loaded.append(SiteFont(paths[0]))
    return loaded


def uncovered(text: str, fonts) -> list[str]:
    """The characters of ``text`` that no font draws, each once, in order of appearance."""
    missing: dict[str, None] = {}
    for character in text:
        if character.isspace() or unicodedata.category(character) in ("Cc", "Cf"):
            continue
        if not any(font.covers(character) for font in fonts):
            missing.setdefault(character, None)
    return list(missing)


def test_the_catalogues_of_the_courses_the_registry_and_the_blocks_are_all_checked():
    found = {path.relative_to(REPOSITORY).parts[0] for path in CATALOGUES}
    assert found == {"curriculum", "trainer_registry", "commit_training"}
    languages = {path.parent.parent.name for path in CATALOGUES}
    assert languages == {"km", "lo", "my", "th", "vi", "zh_Hans"}


def test_a_character_no_font_has_is_named(fonts):
    # U+1D11E MUSICAL SYMBOL G CLEF: in none of the certificate fonts.
    assert uncovered("ក ខ \U0001d11e a\u200bb", fonts) == ["\U0001d11e"]


@pytest.mark.parametrize(
    "path", CATALOGUES, ids=[str(p.relative_to(REPOSITORY)) for p in CATALOGUES]
)
def test_every_translated_character_has_a_glyph(path, fonts):
    _, entries = read_po(path)
    problems = []
    for entry in entries:
        if not entry["msgid"]:
            continue  # the header
        for key, value in entry.items():
            if key.startswith("msgstr") and (missing := uncovered(value, fonts)):
                shown = ", ".join(f"{c!r} U+{ord(c):04X}" for c in missing)
                problems.append(f"  msgid {entry['msgid'][:60]!r} ({key}): {shown}")
    language = path.parent.parent.name
    assert not problems, (
        f"{language}: {path.relative_to(REPOSITORY)} has characters no certificate or site "
        "font draws:\n" + "\n".join(problems)
    )


def test_the_translation_notices_of_the_build_have_glyphs(fonts):
    missing = {
        (language, key): uncovered(text, fonts)
        for language, words in NOTICES.items()
        for key, text in words.items()
        if uncovered(text, fonts)
    }
    assert missing == {}
    assert sorted(NOTICES) == ["km", "lo", "my", "th", "vi", "zh_Hans"]
