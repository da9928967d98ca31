"""A catalogue's entries out for review and back: what to send, and what a file may change.

Pure functions on catalogue entries (:class:`.po_file.PoEntry`); reading and writing the
PO and XLIFF files is :mod:`.review_po` and :mod:`.review_xliff`, the files on disk are the
command's (:mod:`.translations_cli`).

- :func:`entries_for_review` picks the entries to send (the drafts, or all);
- :func:`unit_id` gives each entry the stable id an XLIFF unit carries;
- :func:`apply_review` checks every unit of a reviewed file against the catalogue and
  returns the new entries, or raises :class:`ReviewRefused` naming each bad row and why:
  an import changes everything it was asked to or nothing.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field, replace
from enum import StrEnum

from .po_file import PoEntry
from .review_status import ReviewState, Status, entry_status, with_review
from .translation_checks import check_translation

__all__ = [
    "Problem",
    "ReviewFile",
    "ReviewOutcome",
    "ReviewRefused",
    "ReviewUnit",
    "Selection",
    "Verdict",
    "apply_review",
    "entries_for_review",
    "unit_id",
]


class Selection(StrEnum):
    """Which entries an export holds."""

    DRAFT = "draft"  # translated but not reviewed: drafts, and entries changed since review
    UNTRANSLATED = "untranslated"  # not translated yet: what a translator has left to do
    ALL = "all"


@dataclass(frozen=True)
class ReviewUnit:
    """One entry of a reviewed file, as the file gives it.

    ``key`` finds the catalogue entry: its msgid (PO) or its :func:`unit_id` (XLIFF).
    ``source`` is the English the file shows, ``forms`` the translation (one form, or one
    per plural form) and ``unconfirmed`` says the file still marks it as needing work
    (``#, fuzzy`` in PO, state ``initial`` in XLIFF).
    """

    row: int
    key: str
    source: str
    forms: tuple[str, ...]
    unconfirmed: bool = False


@dataclass(frozen=True)
class ReviewFile:
    """What an import reads: the catalogue it names and its units."""

    course: str | None
    language: str | None
    keyed_by_id: bool
    units: tuple[ReviewUnit, ...] = ()


@dataclass(frozen=True)
class Verdict:
    """What the reviewer says of every translated entry of the file (``--status``)."""

    state: ReviewState
    reviewer: str
    date: datetime.date

    def __post_init__(self) -> None:
        if self.state not in (ReviewState.REVIEWED, ReviewState.APPROVED):
            raise ValueError(f"a review sets 'reviewed' or 'approved', not {self.state!r}")
        if not self.reviewer.strip() or "\n" in self.reviewer:
            raise ValueError("the reviewer's name must be given, on one line")

    def status(self) -> Status:
        return Status(self.state, self.reviewer.strip(), self.date)


@dataclass(frozen=True)
class Problem:
    """Why one row of a reviewed file cannot be imported."""

    row: int
    reason: str


class ReviewRefused(Exception):
    """A reviewed file that cannot be imported; ``problems`` name each row and reason."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"row {p.row}: {p.reason}" for p in problems))


@dataclass
class ReviewOutcome:
    """The catalogue's entries after an import, and what changed."""

    entries: list[PoEntry]
    translations_changed: int = 0
    statuses_set: int = 0
    unchanged: int = 0
    left_out: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.translations_changed or self.statuses_set)


def unit_id(msgid: str) -> str:
    """A stable id for the entry of ``msgid``: ``m`` and 12 hex digits of its SHA-256."""
    return "m" + hashlib.sha256(msgid.encode("utf-8")).hexdigest()[:12]


def entries_for_review(entries: list[PoEntry], selection: Selection) -> list[PoEntry]:
    """The entries (header left out) an export of ``selection`` holds, in catalogue order."""
    wanted = {
        Selection.DRAFT: (ReviewState.DRAFT, ReviewState.CHANGED),
        Selection.UNTRANSLATED: (ReviewState.UNTRANSLATED,),
    }.get(selection)
    return [
        entry
        for entry in entries
        if entry.msgid and (wanted is None or entry_status(entry).state in wanted)
    ]


def apply_review(
    entries: list[PoEntry],
    review: ReviewFile,
    *,
    nplurals: int,
    verdict: Verdict | None = None,
) -> ReviewOutcome:
    """The catalogue ``entries`` with the reviewed file's translations and statuses.

    Every unit is checked before anything changes: its key must name an entry, its English
    must be the entry's, its translation must keep the source's placeholders and markup
    (:func:`.translation_checks.check_translation`) and give ``nplurals`` forms for a
    plural entry, one otherwise. A ``verdict`` marks every translated unit reviewed or
    approved (and confirms it against the current English); without one, a changed
    translation becomes a draft. A unit the file still marks unconfirmed keeps its flag.
    """
    index = {unit_id(e.msgid) if review.keyed_by_id else e.msgid: e for e in entries if e.msgid}
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    accepted: dict[str, ReviewUnit] = {}
    for unit in review.units:
        entry = index.get(unit.key)
        if entry is None:
            what = "id" if review.keyed_by_id else "msgid"
            problems.append(
                Problem(
                    unit.row,
                    f"unknown {what} {_short(unit.key)}: no entry of "
                    "the catalogue has it (export again from the catalogue)",
                )
            )
            continue
        if unit.key in seen:
            problems.append(Problem(unit.row, f"the entry of row {seen[unit.key]} again"))
            continue
        seen[unit.key] = unit.row
        found = _unit_problems(entry, unit, nplurals)
        problems += [Problem(unit.row, reason) for reason in found]
        if not found:
            accepted[entry.msgid] = unit
    if problems:
        raise ReviewRefused(problems)
    outcome = ReviewOutcome(entries=[])
    for entry in entries:
        unit = accepted.get(entry.msgid)
        if unit is None or not any(unit.forms):
            outcome.entries.append(entry)
            if unit is not None:
                outcome.left_out.append(entry.msgid)
            continue
        updated = _updated(entry, unit, verdict)
        outcome.entries.append(updated)
        if _forms(updated) != _forms(entry):
            outcome.translations_changed += 1
        elif updated != entry:
            outcome.statuses_set += 1
        else:
            outcome.unchanged += 1
    return outcome


def _unit_problems(entry: PoEntry, unit: ReviewUnit, nplurals: int) -> list[str]:
    if unit.source != entry.msgid:
        return [
            "the English in the file is not the catalogue's (the source changed since the "
            "export, or the file was edited there): export again"
        ]
    expected = nplurals if entry.plural is not None else 1
    if len(unit.forms) != expected:
        kind = f"nplurals={nplurals}" if entry.plural is not None else "a single form"
        return [
            f"wrong plural count: {len(unit.forms)} plural forms given (msgstr[N] or "
            f"form segments), the entry takes {expected} ({kind})"
        ]
    if not any(unit.forms):
        return []
    sources = [entry.msgid] + [entry.plural or entry.msgid] * (len(unit.forms) - 1)
    return [
        f"{'form ' + str(n) + ': ' if len(unit.forms) > 1 else ''}{mismatch}"
        for n, (source, form) in enumerate(zip(sources, unit.forms, strict=True))
        for mismatch in check_translation(source, form)
    ]


def _updated(entry: PoEntry, unit: ReviewUnit, verdict: Verdict | None) -> PoEntry:
    translated = _with_forms(entry, unit.forms)
    changed = _forms(translated) != _forms(entry)
    if unit.unconfirmed:
        # Still marked for work in the file: keep it out of builds, as a draft if edited.
        if not changed:
            return entry
        flags = entry.flags if entry.fuzzy else (*entry.flags, "fuzzy")
        return replace(
            translated, flags=flags, comments=with_review(entry, Status(ReviewState.DRAFT))
        )
    if verdict is not None:
        status = verdict.status()
    elif changed or entry.fuzzy:
        status = Status(ReviewState.DRAFT)
    else:
        return entry
    return replace(
        translated,
        flags=tuple(flag for flag in entry.flags if flag != "fuzzy"),
        previous=None,
        comments=with_review(entry, status),
    )


def _forms(entry: PoEntry) -> tuple[str, ...]:
    return entry.plural_forms if entry.plural is not None else (entry.msgstr,)


def _with_forms(entry: PoEntry, forms: tuple[str, ...]) -> PoEntry:
    if entry.plural is not None:
        return replace(entry, plural_forms=forms, msgstr=forms[0])
    return replace(entry, msgstr=forms[0])


def _short(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")
