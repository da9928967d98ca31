"""Text cut into runs of one font each, shaped by HarfBuzz and measured.

Complex scripts need shaping: Khmer subscript consonants (coeng), Myanmar medials and
stacked consonants, Thai and Lao tone marks above vowel marks, Vietnamese stacked
diacritics. reportlab 5.1 shapes through uharfbuzz in ``ttfonts.shapeStr``, which returns
a string of glyphs carrying HarfBuzz's advances and offsets; its text objects draw such a
string glyph by glyph at HarfBuzz's positions. (``canvas.drawString(..., shaping=True)``
is not used: in reportlab 5.1 it draws the characters unshaped.)

A line's width is the sum of HarfBuzz's advance widths of its glyphs, which is what gets
drawn; ``pdfmetrics.stringWidth`` sums the unshaped characters' widths and is wrong for
shaped text (names centred with it drift).

Before anything is shaped, every character is checked against the cmaps of the fonts:
:class:`UncoveredText` names the characters no font has. After shaping, a run whose glyphs
include glyph 0 (``.notdef``, drawn as an empty box) raises the same error.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapedStr, shapeStr

from trainer_registry.certificate_pdf.fonts import (
    FALLBACK_ORDER,
    LoadedFont,
    Weight,
    font_for,
)
from trainer_registry.certificate_pdf.scripts import (
    DEFAULT_IGNORABLE,
    Script,
    resolved_scripts,
    script_of,
    strong_scripts,
)

NOTDEF = 0


class UncoveredText(ValueError):
    """Some characters of the text have no glyph in any certificate font."""


@dataclass(frozen=True, eq=False)
class Run:
    """Consecutive characters drawn with one font: ``glyphs`` is what reportlab draws (a
    shaped string when shaping changed anything), ``glyph_ids`` the font's glyph numbers,
    ``width`` the shaped advance width in points, ``script`` the script of its letters
    (``COMMON`` when it has none or several)."""

    text: str
    font: LoadedFont
    glyphs: str
    glyph_ids: tuple[int, ...]
    width: float
    script: Script = Script.COMMON


@dataclass(frozen=True, eq=False)
class Line:
    """A line of text at one size: its runs left to right and its total shaped width."""

    text: str
    size: float
    runs: tuple[Run, ...]
    width: float


def _describe(character: str) -> str:
    name = unicodedata.name(character, "unnamed character")
    return f"U+{ord(character):04X} {name} ({character!r})"


def _font_for_character(character: str, script: Script, weight: Weight) -> LoadedFont | None:
    own = font_for(script, weight) if script not in (Script.COMMON, Script.INHERITED) else None
    if own is not None and (own.covers(character) or character in DEFAULT_IGNORABLE):
        return own
    for fallback in FALLBACK_ORDER:
        font = font_for(fallback, weight)
        if font.covers(character):
            return font
    return None


def split_runs(text: str, weight: Weight = Weight.REGULAR) -> list[tuple[str, LoadedFont]]:
    """``text`` cut into (characters, font) runs: each character gets the font of its
    resolved script (see :func:`scripts.resolved_scripts`) if that font has it, else the
    first fallback font that does; a combining mark stays with its base letter.

    Raises :class:`UncoveredText` naming every character that no font covers.
    """
    scripts = resolved_scripts(text)
    chosen: list[LoadedFont] = []
    missing: list[str] = []
    for character, script in zip(text, scripts, strict=True):
        if script_of(character) is Script.INHERITED and chosen:
            chosen.append(chosen[-1])
            if not (chosen[-1].covers(character) or character in DEFAULT_IGNORABLE):
                missing.append(character)
            continue
        font = _font_for_character(character, script, weight)
        if font is None:
            missing.append(character)
            font = font_for(Script.LATIN, weight)
        chosen.append(font)
    if missing:
        listed = ", ".join(_describe(c) for c in dict.fromkeys(missing))
        raise UncoveredText(f"no certificate font has a glyph for {listed} in {text!r}")
    runs: list[tuple[str, LoadedFont]] = []
    for character, font in zip(text, chosen, strict=True):
        if runs and runs[-1][1] is font:
            runs[-1] = (runs[-1][0] + character, font)
        else:
            runs.append((character, font))
    return runs


def _shape_run(text: str, font: LoadedFont, size: float) -> Run:
    glyphs = shapeStr(text, font.name, size)
    if isinstance(glyphs, ShapedStr):
        width = sum(data.x_advance for data in glyphs.__shapeData__) * size / 1000
    else:  # shaping changed nothing: the glyphs are the characters, advances their widths
        glyphs = text
        width = _plain_width(text, font, size)
    glyph_ids = tuple(font.glyph_of.get(ord(g), NOTDEF) for g in glyphs)
    if NOTDEF in glyph_ids and not set(text) <= DEFAULT_IGNORABLE:
        raise UncoveredText(f"shaping {text!r} with {font.path.name} produced an empty box")
    scripts = strong_scripts(text)
    script = scripts.pop() if len(scripts) == 1 else Script.COMMON
    return Run(text=text, font=font, glyphs=glyphs, glyph_ids=glyph_ids, width=width, script=script)


def _plain_width(text: str, font: LoadedFont, size: float) -> float:
    return pdfmetrics.getFont(font.name).stringWidth(text, size)


@lru_cache(maxsize=4096)
def shape_line(text: str, size: float, weight: Weight = Weight.REGULAR) -> Line:
    """``text`` (one line, NFC) shaped at ``size`` points: runs, glyphs and shaped width.

    Kept in a cache: a bulk issue shapes the same training, place and issuer lines for every
    certificate once.
    """
    runs = tuple(_shape_run(chunk, font, size) for chunk, font in split_runs(text, weight))
    return Line(text=text, size=size, runs=runs, width=sum(run.width for run in runs))
