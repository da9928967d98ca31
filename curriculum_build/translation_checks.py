"""Does a translation keep what the build needs from its English source?

A course string is Markdown with ``{{ placeholders }}``; the build fills the placeholders
and renders the Markdown, so a translation must carry over, unchanged, everything that is
not words: the placeholders, the targets of Markdown links, inline code spans, HTML tags,
the number of lines and of blank-line paragraph breaks, the block mark that starts each
line (``- ``, ``* ``, ``1. ``, ``# ``, ``> ``; not a number a wrapped line happens to
start with, which Markdown reads as text) and the whitespace at either end.
:func:`check_translation` names every rule a translation breaks; the import of a reviewed
file and a test over the committed catalogues both use it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Mismatch", "check_translation"]

_PLACEHOLDER = re.compile(r"\{\{.*?\}\}", re.DOTALL)
_LINK_TARGET = re.compile(r"\]\(([^)]*)\)")
_CODE_SPAN = re.compile(r"`[^`]*`")
_HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_BLOCK_MARK = re.compile(r"[ \t]*(#{1,6}|[-*+]|\d+[.)]|>)(?=[ \t])")


@dataclass(frozen=True)
class Mismatch:
    """A rule a translation breaks, and how, in words a translator can act on."""

    rule: str
    reason: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.reason}"


def check_translation(source: str, translation: str) -> list[Mismatch]:
    """Every rule ``translation`` breaks against ``source`` (empty when it keeps them all)."""
    found = [
        mismatch
        for rule, pattern, normal in _KEPT_TOKENS
        if (mismatch := _tokens(rule, pattern, normal, source, translation))
    ]
    source_lines, target_lines = source.split("\n"), translation.split("\n")
    if len(source_lines) != len(target_lines):
        found.append(
            Mismatch(
                "line count",
                f"the source has {len(source_lines)} lines, the translation {len(target_lines)}",
            )
        )
    else:
        found += _block_marks(source_lines, target_lines)
    breaks = _paragraph_breaks(source), _paragraph_breaks(translation)
    if breaks[0] != breaks[1]:
        found.append(
            Mismatch(
                "paragraphs",
                f"the source has {breaks[0]} blank-line paragraph breaks, "
                f"the translation {breaks[1]}",
            )
        )
    for end, (ours, theirs) in (
        ("starts", (_leading(source), _leading(translation))),
        ("ends", (_trailing(source), _trailing(translation))),
    ):
        if ours != theirs:
            found.append(
                Mismatch(
                    "edge whitespace",
                    f"the source {end} with {ours!r}, the translation with {theirs!r}",
                )
            )
    return found


def _same(token: str) -> str:
    return token


def _placeholder_name(token: str) -> str:
    """``{{ name }}`` and ``{{name}}`` fill the same value."""
    return "{{ " + token[2:-2].strip() + " }}"


_KEPT_TOKENS: tuple[tuple[str, re.Pattern[str], Callable[[str], str]], ...] = (
    ("placeholders", _PLACEHOLDER, _placeholder_name),
    ("link targets", _LINK_TARGET, _same),
    ("inline code", _CODE_SPAN, _same),
    ("HTML tags", _HTML_TAG, _same),
)


def _tokens(
    rule: str,
    pattern: re.Pattern[str],
    normal: Callable[[str], str],
    source: str,
    translation: str,
) -> Mismatch | None:
    ours = Counter(normal(token) for token in pattern.findall(source))
    theirs = Counter(normal(token) for token in pattern.findall(translation))
    if ours == theirs:
        return None
    parts = []
    if missing := ours - theirs:
        parts.append("missing " + _listed(missing))
    if added := theirs - ours:
        parts.append("not in the source " + _listed(added))
    return Mismatch(rule, "; ".join(parts))


def _listed(tokens: Counter[str]) -> str:
    return ", ".join(
        repr(token) + (f" (x{count})" if count > 1 else "") for token, count in tokens.items()
    )


def _block_marks(source_lines: list[str], target_lines: list[str]) -> list[Mismatch]:
    found = []
    marks = zip(_marks(source_lines), _marks(target_lines), strict=True)
    for number, (mark, their_mark) in enumerate(marks, 1):
        if mark != their_mark:
            found.append(
                Mismatch(
                    "block marks",
                    f"line {number} of the source starts with {mark or 'no mark'!r}, "
                    f"the translation with {their_mark or 'no mark'!r}",
                )
            )
    return found


def _mark(line: str) -> str:
    match = _BLOCK_MARK.match(line)
    return match.group(1) if match else ""


def _marks(lines: list[str]) -> list[str]:
    """The block mark of each line, as Markdown reads it. A number other than 1 that a
    wrapped line happens to start with ("... eight by\n2013. The MoU ...") continues the
    paragraph unless a numbered list is already open in the block: a numbered list cannot
    interrupt a paragraph but with 1 (CommonMark 5.2), so it is no mark, and a translation
    need not start its line with the number."""
    marks = []
    numbered = False  # a numbered item seen since the last blank line
    previous_blank = True
    for line in lines:
        mark = _mark(line)
        ordered = mark[:-1].isdigit()
        if ordered and mark[:-1] != "1" and not previous_blank and not numbered:
            mark = ""
        elif ordered:
            numbered = True
        previous_blank = not line.strip()
        if previous_blank:
            numbered = False
        marks.append(mark)
    return marks


def _paragraph_breaks(text: str) -> int:
    return len(re.findall(r"\n[ \t]*\n", text))


def _leading(text: str) -> str:
    return text[: len(text) - len(text.lstrip())]


def _trailing(text: str) -> str:
    return text[len(text.rstrip()) :]
