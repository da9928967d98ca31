"""A catalogue's entries as a PO file for review, and a reviewed PO file read back.

The export is a gettext catalogue any PO editor opens: its header names the course
(``X-Course``), the language and the plural forms; each entry keeps its review line, its
``#, fuzzy`` flag and the previous English of a changed entry. The import reads any
PO file back as :class:`.review_exchange.ReviewUnit` rows keyed by msgid, each with the
line of its msgid.
"""

from __future__ import annotations

from pathlib import Path

from .po_file import PoEntry, format_entry, header_field, parse_po, quote
from .review_exchange import ReviewFile, ReviewUnit

__all__ = ["COURSE_FIELD", "po_export", "read_po_review"]

COURSE_FIELD = "X-Course"


def po_export(course: str, language: str, plural_forms: str, entries: list[PoEntry]) -> str:
    """The PO text of an export: a header, then ``entries`` as the catalogue writes them."""
    header = "\n".join(
        [
            f"# Review of the course {course} in {language}: correct each msgstr, keep",
            "# {{ placeholders }} and Markdown marks, then import the file back.",
            f"msgid {quote('')}",
            "msgstr "
            + quote(
                "Content-Type: text/plain; charset=UTF-8\n"
                "Content-Transfer-Encoding: 8bit\n"
                f"Language: {language}\n"
                f"Plural-Forms: {plural_forms}\n"
                f"{COURSE_FIELD}: {course}\n"
            ),
        ]
    )
    return "\n\n".join([header, *(format_entry(entry) for entry in entries)]) + "\n"


def read_po_review(text: str, shown: Path | str) -> ReviewFile:
    """A reviewed PO file as units keyed by msgid; raises CurriculumError when malformed."""
    entries = parse_po(text, shown)
    header = next((entry for entry in entries if not entry.msgid), None)
    units = tuple(
        ReviewUnit(
            row=entry.line,
            key=entry.msgid,
            source=entry.msgid,
            forms=entry.plural_forms if entry.plural is not None else (entry.msgstr,),
            unconfirmed=entry.fuzzy,
        )
        for entry in entries
        if entry.msgid
    )
    return ReviewFile(
        course=header_field(header, COURSE_FIELD),
        language=header_field(header, "Language"),
        keyed_by_id=False,
        units=units,
    )
