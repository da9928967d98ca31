"""How far the translation and review of each course catalogue has come.

:func:`count_statuses` counts a catalogue's entries by :class:`.review_status.ReviewState`;
:func:`catalogue_statuses` does it for every catalogue under the curriculum folder (or
those of one course or language); :func:`status_table` prints them as text, CSV or JSON.

The states are disjoint: every entry is untranslated, a draft, reviewed, approved, or
changed since it was translated or reviewed (fuzzy: the build shows English). So
*translated* = draft + reviewed + approved (what a learner sees in the language), and
the shares are cumulative: *reviewed %* counts the approved entries too, since an
approval follows a review.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .interface_catalogues import interface_catalogues
from .review_status import ReviewState, Status, entry_statuses

__all__ = [
    "STATUS_FORMATS",
    "CatalogueStatus",
    "catalogue_paths",
    "catalogue_statuses",
    "count_statuses",
]

STATUS_FORMATS = ("text", "csv", "json")
COLUMNS = (
    "course",
    "language",
    "entries",
    "translated",
    "translated_pct",
    "draft",
    "reviewed_pct",
    "approved_pct",
    "changed",
    "untranslated",
)


@dataclass(frozen=True)
class CatalogueStatus:
    """The entries of one course in one language, counted by review state."""

    course: str
    language: str
    entries: int
    draft: int
    reviewed: int
    approved: int
    changed: int
    untranslated: int

    @property
    def translated(self) -> int:
        return self.draft + self.reviewed + self.approved

    def share(self, count: int) -> float:
        """``count`` as a percentage of the entries, to one decimal (100.0 when empty)."""
        return round(100 * count / self.entries, 1) if self.entries else 100.0

    def row(self) -> dict[str, str | int | float]:
        return {
            "course": self.course,
            "language": self.language,
            "entries": self.entries,
            "translated": self.translated,
            "translated_pct": self.share(self.translated),
            "draft": self.draft,
            "reviewed_pct": self.share(self.reviewed + self.approved),
            "approved_pct": self.share(self.approved),
            "changed": self.changed,
            "untranslated": self.untranslated,
        }


def count_statuses(course: str, language: str, statuses: dict[str, Status]) -> CatalogueStatus:
    """The counts of one catalogue from its entries' statuses."""
    counts = Counter(status.state for status in statuses.values())
    return CatalogueStatus(
        course=course,
        language=language,
        entries=len(statuses),
        draft=counts[ReviewState.DRAFT],
        reviewed=counts[ReviewState.REVIEWED],
        approved=counts[ReviewState.APPROVED],
        changed=counts[ReviewState.CHANGED],
        untranslated=counts[ReviewState.UNTRANSLATED],
    )


def catalogue_paths(
    root: Path,
    course: str | None = None,
    language: str | None = None,
    *,
    interface: bool = False,
) -> list[tuple[str, str, Path]]:
    """(course, language, path) of every catalogue
    ``courses/*/locale/<language>/LC_MESSAGES/<course>.po``, sorted; with ``interface``,
    then the interface catalogues of the project around ``root``
    (:mod:`.interface_catalogues`), named ``interface-...`` in place of a course."""
    found = sorted(
        (path.stem, path.parent.parent.name, path)
        for path in root.glob("courses/*/locale/*/LC_MESSAGES/*.po")
        if (not course or path.stem == course)
        and (not language or path.parent.parent.name == language)
    )
    if interface:
        found += interface_catalogues(root.parent, course, language)
    return found


def catalogue_statuses(
    root: Path,
    course: str | None = None,
    language: str | None = None,
    *,
    interface: bool = False,
) -> list[CatalogueStatus]:
    """The counts of each catalogue of :func:`catalogue_paths`, in its order."""
    found = []
    for name, lang, path in catalogue_paths(root, course, language, interface=interface):
        shown = path.relative_to(root.parent) if path.is_relative_to(root.parent) else path
        found.append(count_statuses(name, lang, entry_statuses(path, shown=shown)))
    return found


def status_table(statuses: list[CatalogueStatus], form: str) -> str:
    """The statuses as an aligned text table, CSV with a header row, or JSON."""
    rows = [status.row() for status in statuses]
    if form == "json":
        return json.dumps({"catalogues": rows}, indent=1, ensure_ascii=False) + "\n"
    if form == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue()
    headings = {
        "translated_pct": "translated %",
        "reviewed_pct": "reviewed %",
        "approved_pct": "approved %",
    }
    table = [[headings.get(c, c) for c in COLUMNS]] + [[str(r[c]) for c in COLUMNS] for r in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(COLUMNS))]
    lines = [
        "  ".join(
            cell.ljust(w) if i < 2 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(line, widths, strict=True))
        ).rstrip()
        for line in table
    ]
    if not rows:
        lines.append("(no catalogue)")
    return "\n".join(lines) + "\n"
