"""The fonts a certificate is drawn with: where they are, which script each covers.

Each script has a list of candidate font files from Debian packages, best first: Noto Serif
and its Khmer, Lao, Myanmar and Thai companions (``fonts-noto-core``) for a plain serif
look, and for Simplified Chinese the AR PL UMing Ming face (``fonts-arphic-uming``, face
0 of ``uming.ttc`` is its mainland "CN" variant), with WenQuanYi Zen Hei
(``fonts-wqy-zenhei``) as a fallback. Both Chinese fonts have TrueType outlines: reportlab
embeds only TrueType outlines, so the CFF-outline Noto CJK collections cannot be used.

Fonts are found by file name under the folders given to :func:`use_font_dirs` (the
registry passes its Django setting ``TRAINER_REGISTRY_FONT_DIRS``), else under those of the
environment variable of that name (folders separated by the path separator), else under
Debian's font folders ``/usr/share/fonts`` and ``/usr/local/share/fonts``. This module
imports no Django: the setting reaches it through :func:`use_font_dirs`. A missing font raises
:class:`MissingFont` naming the Debian package to install. Each font is loaded once per
process and kept.
"""

from __future__ import annotations

import enum
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from trainer_registry.certificate_pdf.scripts import Script

SETTING = "TRAINER_REGISTRY_FONT_DIRS"
DEBIAN_FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))


class MissingFont(RuntimeError):
    """No candidate font for a script is installed; the message names the package."""


class Weight(enum.Enum):
    REGULAR = "Regular"
    BOLD = "Bold"


@dataclass(frozen=True)
class FontFile:
    """One installable font: its file name, the face inside a collection, its package."""

    file_name: str
    package: str
    face_index: int = 0


def _noto(stem: str) -> dict[Weight, tuple[FontFile, ...]]:
    return {
        weight: (FontFile(f"{stem}-{weight.value}.ttf", "fonts-noto-core"),) for weight in Weight
    }


_CHINESE = (
    FontFile("uming.ttc", "fonts-arphic-uming", face_index=0),
    FontFile("wqy-zenhei.ttc", "fonts-wqy-zenhei", face_index=0),
)

CANDIDATES: dict[Script, dict[Weight, tuple[FontFile, ...]]] = {
    Script.LATIN: _noto("NotoSerif"),
    Script.KHMER: _noto("NotoSerifKhmer"),
    Script.LAO: _noto("NotoSerifLao"),
    Script.MYANMAR: _noto("NotoSerifMyanmar"),
    Script.THAI: _noto("NotoSerifThai"),
    Script.HAN: {Weight.REGULAR: _CHINESE, Weight.BOLD: _CHINESE},  # no bold Ming face
}

# Where a run's own font lacks a character (a Latin digit in a Thai name, say), these are
# tried in turn.
FALLBACK_ORDER = (Script.LATIN, Script.HAN)


@dataclass(frozen=True, eq=False)
class LoadedFont:
    """A font registered with reportlab under ``name``; ``glyph_of`` is its cmap."""

    name: str
    path: Path
    glyph_of: dict[int, int]

    def covers(self, character: str) -> bool:
        code = ord(character)
        if 0xE000 <= code <= 0xF8FF:  # private use: shaping maps its unnamed glyphs there
            return False
        return self.glyph_of.get(code, 0) != 0


def font_dirs() -> tuple[Path, ...]:
    """The folders searched for fonts: the setting if given, else Debian's usual ones."""
    configured = _configured_dirs()
    if configured:
        return tuple(Path(entry).expanduser() for entry in configured)
    return DEBIAN_FONT_DIRS


_given_dirs: list[str] = []


def use_font_dirs(dirs: str | os.PathLike | list | tuple | None) -> None:
    """Search these folders for fonts (``None`` or empty: the environment variable, else
    Debian's folders), and forget where fonts were found before."""
    if isinstance(dirs, str | os.PathLike):
        dirs = [dirs]
    _given_dirs[:] = [str(entry) for entry in dirs or ()]
    forget_font_locations()


def _configured_dirs() -> list[str]:
    if _given_dirs:
        return list(_given_dirs)
    value = os.environ.get(SETTING, "")
    return [entry for entry in value.split(os.pathsep) if entry]


@cache
def _file_index(dirs: tuple[Path, ...]) -> dict[str, Path]:
    """File name -> first path found under ``dirs`` (searched depth-first, in order)."""
    index: dict[str, Path] = {}
    for root in dirs:
        for folder, _subfolders, files in os.walk(root):
            for name in files:
                index.setdefault(name, Path(folder) / name)
    return index


# The font found for each script and weight, kept until the folders are searched again
# (shaping asks for every character of every line).
_chosen: dict[tuple[Script, Weight], LoadedFont] = {}


@cache
def _load(path: Path, face_index: int) -> LoadedFont:
    name = f"Certificate-{path.stem}-{face_index}"
    font = TTFont(name, str(path), subfontIndex=face_index, shapable=True)
    pdfmetrics.registerFont(font)
    return LoadedFont(name=name, path=path, glyph_of=font.face.charToGlyph)


def font_for(script: Script, weight: Weight = Weight.REGULAR) -> LoadedFont:
    """The first installed candidate font for ``script``, loaded and registered.

    Raises :class:`MissingFont` naming the Debian package(s) to install and the folders
    searched.
    """
    chosen = _chosen.get((script, weight))
    if chosen is not None:
        return chosen
    candidates = CANDIDATES[script][weight]
    dirs = font_dirs()
    index = _file_index(dirs)
    for candidate in candidates:
        path = index.get(candidate.file_name)
        if path is not None:
            chosen = _chosen[(script, weight)] = _load(path, candidate.face_index)
            return chosen
    files = " or ".join(candidate.file_name for candidate in candidates)
    packages = " or ".join(dict.fromkeys(candidate.package for candidate in candidates))
    raise MissingFont(
        f"no font for {script.value} script: {files} was not found in "
        f"{', '.join(str(d) for d in dirs)}; install the Debian package {packages} "
        f"(apt-get install {candidates[0].package}) or point {SETTING} at a folder holding it"
    )


def forget_font_locations() -> None:
    """Search the font folders again on the next look-up (after installing a font or
    changing the setting). Fonts already loaded stay registered."""
    _file_index.cache_clear()
    _chosen.clear()
