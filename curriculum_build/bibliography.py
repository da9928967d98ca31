"""The bibliography: every reference the courses cite, by key, and the check on citations.

``curriculum/bibliography/*.yaml`` each hold ``entries:``, a mapping of keys to
``{short, text}``: ``short`` is how a unit's source line names the reference, ``text``
the full reference on the course's references page. A key is unique across the files.

A unit that states a fact names its references (``sources: [key, ...]``). The build
fails on a key the bibliography lacks, and on a unit whose text makes a claim with no
source: :func:`first_claim` finds what reads as a claim (a year, a percentage, an article
of a law, a named legal instrument) so that a unit cannot state one unsourced.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import CurriculumError
from .sources import SourceList, SourceMap, load_yaml, only_keys, require

FOLDER = "bibliography"
KEY_PATTERN = re.compile(r"^[a-z0-9_]{1,64}$")
# What reads as a factual claim in course text: a year, a figure in per cent, an article
# of an instrument, or a named instrument (capitalised, as titles of laws are written).
_CLAIMS = (
    re.compile(r"\b(1[89]\d\d|20\d\d)\b"),
    re.compile(r"\d\s?(%|per ?cent)"),
    re.compile(r"\b(Article|Art\.)\s*\d"),
    re.compile(
        r"\b(Law|Act|Protocol|Convention|Code|Decree|Memorandum|Plan of Action|Guidelines)"
        r"\b(?! of (this|the) course)"
    ),
)


@dataclass(frozen=True)
class Reference:
    key: str
    short: str
    text: str
    source: SourceMap  # the entry as written (for the line of an error)


@dataclass(frozen=True)
class Bibliography:
    entries: dict[str, Reference]

    def check(self, mapping: SourceMap, key: str) -> tuple[str, ...]:
        """The keys listed at ``mapping[key]``, each known; raise at the line otherwise."""
        keys = require(mapping, key, list)
        if not keys:
            raise mapping.error(key, f"{key!r} is empty: name at least one reference")
        seen: set[str] = set()
        for index, name in enumerate(keys):
            if not isinstance(name, str) or name not in self.entries:
                line = keys.item_lines[index] if isinstance(keys, SourceList) else None
                raise CurriculumError(
                    mapping.path,
                    line or mapping.line_of(key),
                    f"unknown source {name!r}: no entry with that key in {FOLDER}/*.yaml",
                )
            if name in seen:
                raise mapping.error(key, f"source {name!r} is listed twice")
            seen.add(name)
        return tuple(keys)

    def check_key(self, mapping: SourceMap, key: str) -> str:
        """The single key at ``mapping[key]``, which must be known."""
        name = require(mapping, key)
        if name not in self.entries:
            raise mapping.error(
                key, f"unknown source {name!r}: no entry with that key in {FOLDER}/*.yaml"
            )
        return name


def load_bibliography(root: Path) -> Bibliography:
    """Read every ``bibliography/*.yaml`` under ``root``; a repeated key is an error."""
    entries: dict[str, Reference] = {}
    for path in sorted((root / FOLDER).glob("*.yaml")):
        data = load_yaml(path, display=path.relative_to(root.parent))
        only_keys(data, {"entries"}, "a bibliography file")
        rows = require(data, "entries", dict)
        for key, entry in rows.items():
            if not KEY_PATTERN.match(key):
                raise rows.error(key, f"source key {key!r} must match [a-z0-9_]{{1,64}}")
            if key in entries:
                first = entries[key].source
                raise rows.error(
                    key, f"source key {key!r} is already defined ({first.path}:{first.line})"
                )
            if not isinstance(entry, SourceMap):
                raise rows.error(key, f"source {key!r} must hold 'short' and 'text'")
            only_keys(entry, {"short", "text"}, "a source")
            entries[key] = Reference(key, require(entry, "short"), require(entry, "text"), entry)
    return Bibliography(entries)


def first_claim(text: str) -> str | None:
    """The first phrase of ``text`` that reads as a factual claim, or None."""
    found = [match for pattern in _CLAIMS if (match := pattern.search(text))]
    if not found:
        return None
    first = min(found, key=lambda m: m.start())
    start = max(0, first.start() - 30)
    return " ".join(text[start : first.end() + 30].split())
