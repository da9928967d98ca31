"""The review status of each translated entry of a course catalogue.

The convention (decision 17): a translator comment directly above ``msgid``, one of::

    # review: draft
    # review: reviewed by <Name> on YYYY-MM-DD
    # review: approved by <Name> on YYYY-MM-DD

An entry with a translation and no review line is a draft. ``#, fuzzy`` means the English
source changed since the entry was translated or reviewed: the build shows English and the
entry counts as *changed* until a translator confirms it. :func:`entry_statuses` reads a
catalogue into one :class:`Status` per msgid; :func:`parse_review` and
:func:`format_review` read and write the comment itself.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from .errors import CurriculumError
from .po_file import PoEntry, read_po

__all__ = [
    "REVIEW_PREFIX",
    "ReviewState",
    "Status",
    "entry_status",
    "entry_statuses",
    "format_review",
    "parse_review",
    "with_review",
]

REVIEW_PREFIX = "review:"
_REVIEW = re.compile(
    r"review:\s*(?:(?P<draft>draft)"
    r"|(?P<state>reviewed|approved) by (?P<name>\S.*?) on (?P<date>\d{4}-\d{2}-\d{2}))\s*"
)


class ReviewState(StrEnum):
    """Where an entry stands; the first three are what a review line can say."""

    DRAFT = "draft"
    REVIEWED = "reviewed"
    APPROVED = "approved"
    UNTRANSLATED = "untranslated"
    CHANGED = "changed"


# The states a ``# review:`` line can record.
RECORDED = (ReviewState.DRAFT, ReviewState.REVIEWED, ReviewState.APPROVED)


@dataclass(frozen=True)
class Status:
    """An entry's state, with who reviewed or approved it and when (``None`` for a draft).

    A *changed* entry keeps the reviewer and date of the review that no longer holds.
    """

    state: ReviewState
    reviewer: str | None = None
    date: datetime.date | None = None

    def __post_init__(self) -> None:
        needs_reviewer = self.state in (ReviewState.REVIEWED, ReviewState.APPROVED)
        if needs_reviewer and not (self.reviewer and self.date):
            raise ValueError(f"a {self.state} entry needs a reviewer and a date")
        if self.reviewer is not None and ("\n" in self.reviewer or not self.reviewer.strip()):
            raise ValueError(f"reviewer {self.reviewer!r} must be a name on one line")


def parse_review(comment: str) -> Status | None:
    """The status a translator comment records; ``None`` when it is not a review line.

    ``comment`` is the comment's text (``review: draft``); a leading ``#`` is allowed.
    Raises :class:`ValueError` for a review line that does not follow the convention.
    """
    text = comment.lstrip("#").strip()
    if not text.startswith(REVIEW_PREFIX):
        return None
    match = _REVIEW.fullmatch(text)
    if match is None:
        raise ValueError(
            f"{text!r} is not 'review: draft' or "
            "'review: reviewed|approved by <Name> on YYYY-MM-DD'"
        )
    if match.group("draft"):
        return Status(ReviewState.DRAFT)
    try:
        date = datetime.date.fromisoformat(match.group("date"))
    except ValueError:
        raise ValueError(f"{match.group('date')!r} is not a date") from None
    return Status(ReviewState(match.group("state")), match.group("name").strip(), date)


def format_review(status: Status) -> str:
    """The comment text recording ``status`` (written as ``# `` + this, above msgid)."""
    if status.state == ReviewState.DRAFT:
        return "review: draft"
    if status.state in (ReviewState.REVIEWED, ReviewState.APPROVED):
        assert status.date is not None
        return f"review: {status.state} by {status.reviewer} on {status.date.isoformat()}"
    raise ValueError(f"a review line cannot record {status.state!r}")


def entry_status(entry: PoEntry, shown: Path | str = "") -> Status:
    """The status of one catalogue entry (errors name ``shown`` and the entry's line)."""
    recorded = _recorded(entry, shown)
    if not entry.msgstr and not any(entry.plural_forms):
        return Status(ReviewState.UNTRANSLATED)
    if entry.fuzzy:
        return Status(
            ReviewState.CHANGED,
            recorded.reviewer if recorded else None,
            recorded.date if recorded else None,
        )
    return recorded or Status(ReviewState.DRAFT)


def entry_statuses(path: Path, *, shown: Path | str | None = None) -> dict[str, Status]:
    """msgid -> :class:`Status` for every entry of the catalogue at ``path`` (no header)."""
    display = shown if shown is not None else path
    return {
        entry.msgid: entry_status(entry, display)
        for entry in read_po(path, shown=display)
        if entry.msgid
    }


def with_review(entry: PoEntry, status: Status | None) -> tuple[str, ...]:
    """The entry's translator comments with its review line replaced by ``status``'s.

    The review line comes first among the comments, as the catalogues are written (only
    flags and a previous msgid stand between it and msgid); ``None`` drops it.
    """
    others = tuple(c for c in entry.comments if not c.strip().startswith(REVIEW_PREFIX))
    return ((format_review(status),) if status else ()) + others


def _recorded(entry: PoEntry, shown: Path | str) -> Status | None:
    found: Status | None = None
    for comment in entry.comments:
        try:
            status = parse_review(comment)
        except ValueError as error:
            raise CurriculumError(shown, entry.line, f"the entry's {error}") from None
        if status is not None:
            if found is not None:
                raise CurriculumError(shown, entry.line, "the entry has two review lines")
            found = status
    return found
