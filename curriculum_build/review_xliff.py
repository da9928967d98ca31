"""A catalogue's entries as an XLIFF 2.0 file for review, and a reviewed file read back.

One ``<file>`` named by the course, one ``<unit>`` per entry with the stable id of
:func:`.review_exchange.unit_id`, one ``<segment>`` holding the English ``<source>`` and
the ``<target>``. The segment's ``state`` carries the review status as XLIFF names it
(untranslated and changed entries ``initial``, drafts ``translated``, reviewed entries
``reviewed``, approved ones ``final``); ``<notes>`` carry the review line and, for an entry
whose English changed, the English it was translated from. A plural entry has one
segment per plural form (ids ``form0``, ``form1``, ...); the segments of a unit that a tool
split into sentences are joined back. Whitespace is preserved (``xml:space="preserve"``).
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from .errors import CurriculumError
from .po_file import PoEntry
from .review_exchange import ReviewFile, ReviewUnit, unit_id
from .review_status import ReviewState, Status, entry_status, format_review

__all__ = ["XLIFF_NS", "read_xliff_review", "xliff_export"]

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
_X = f"{{{XLIFF_NS}}}"
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# The note of a unit whose English changed since it was translated; while its segment
# stays ``initial`` the import keeps the entry marked as changed (fuzzy).
CHANGED_NOTE = "changed"
# The ids of the segments of a plural entry: form0, form1, ...
PLURAL_SEGMENT = "form"
_SEGMENT_STATE = {
    ReviewState.UNTRANSLATED: "initial",
    ReviewState.CHANGED: "initial",
    ReviewState.DRAFT: "translated",
    ReviewState.REVIEWED: "reviewed",
    ReviewState.APPROVED: "final",
}


def xliff_export(course: str, language: str, entries: list[PoEntry]) -> bytes:
    """The XLIFF 2.0 document of an export (UTF-8 bytes with an XML declaration)."""
    root = etree.Element(
        _X + "xliff",
        nsmap={None: XLIFF_NS},
        version="2.0",
        srcLang="en",
        trgLang=language.replace("_", "-"),  # BCP 47: zh-Hans
    )
    file = etree.SubElement(root, _X + "file", id=course, original=f"{course}.po")
    for entry in entries:
        status = entry_status(entry)
        unit = etree.SubElement(file, _X + "unit", id=unit_id(entry.msgid))
        notes = etree.SubElement(unit, _X + "notes")
        etree.SubElement(notes, _X + "note", category="review").text = _review_note(status)
        if status.state == ReviewState.CHANGED:
            etree.SubElement(notes, _X + "note", category=CHANGED_NOTE).text = (
                "The English changed since this was translated or reviewed; it was "
                f"translated from: {entry.previous or '(not recorded)'}"
            )
        forms = entry.plural_forms if entry.plural is not None else (entry.msgstr,)
        sources = [entry.msgid] + [entry.plural or entry.msgid] * (len(forms) - 1)
        for number, (source, target) in enumerate(zip(sources, forms, strict=True)):
            segment = etree.SubElement(unit, _X + "segment", state=_SEGMENT_STATE[status.state])
            if len(forms) > 1:
                segment.set("id", f"{PLURAL_SEGMENT}{number}")
            for tag, text in (("source", source), ("target", target)):
                element = etree.SubElement(segment, _X + tag)
                element.set(_SPACE, "preserve")
                element.text = text
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _review_note(status: Status) -> str:
    if status.state == ReviewState.UNTRANSLATED:
        return "untranslated"
    if status.state == ReviewState.CHANGED:
        return "review: draft (changed since review)"
    return format_review(status)


def read_xliff_review(data: bytes, shown: Path | str) -> ReviewFile:
    """A reviewed XLIFF 2.0 file as units keyed by unit id; CurriculumError when malformed."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise CurriculumError(shown, error.lineno, f"not well-formed XML: {error.msg}") from None
    if root.tag != _X + "xliff" or root.get("version") != "2.0":
        raise CurriculumError(
            shown,
            root.sourceline,
            f"not an XLIFF 2.0 document (the root must be <xliff "
            f'version="2.0" xmlns="{XLIFF_NS}">)',
        )
    if (root.get("srcLang") or "en").partition("-")[0] != "en":
        raise CurriculumError(
            shown, root.sourceline, f"srcLang is {root.get('srcLang')!r}, not 'en'"
        )
    files = root.findall(_X + "file")
    if len(files) != 1:
        raise CurriculumError(shown, root.sourceline, f"{len(files)} <file> elements; one expected")
    units = tuple(_unit(shown, element) for element in files[0].iter(_X + "unit"))
    return ReviewFile(
        course=files[0].get("id"),
        language=(root.get("trgLang") or "").replace("-", "_") or None,
        keyed_by_id=True,
        units=units,
    )


def _unit(shown: Path | str, unit: etree._Element) -> ReviewUnit:
    """One unit: its plural forms when its segments are the export's ``form<N>``, else its
    segments and ignorables joined (a tool may have split the text into sentences)."""
    key = unit.get("id")
    if not key:
        raise CurriculumError(shown, unit.sourceline, "a <unit> without an id")
    parts = [child for child in unit if child.tag in (_X + "segment", _X + "ignorable")]
    segments = [part for part in parts if part.tag == _X + "segment"]
    if not segments:
        raise CurriculumError(shown, unit.sourceline, f"unit {key}: no <segment>")
    pieces = [_pair(shown, key, part) for part in parts]
    states = {segment.get("state", "initial") for segment in segments}
    plural = len(segments) > 1 and all(
        (segment.get("id") or "").startswith(PLURAL_SEGMENT) for segment in segments
    )
    if plural:
        forms_given = [_pair(shown, key, segment) for segment in segments]
        source, forms = forms_given[0][0], tuple(target for _, target in forms_given)
    else:
        source = "".join(piece for piece, _ in pieces)
        forms = ("".join(target for _, target in pieces),)
    return ReviewUnit(
        row=unit.sourceline or 0,
        key=key,
        source=source,
        forms=forms,
        unconfirmed=states == {"initial"}
        and any(note.get("category") == CHANGED_NOTE for note in unit.iter(_X + "note")),
    )


def _pair(shown: Path | str, key: str, part: etree._Element) -> tuple[str, str]:
    """The source and target text of a segment or ignorable (an ignorable's target is its
    source when it has none)."""
    source = part.find(_X + "source")
    if source is None:
        raise CurriculumError(shown, part.sourceline, f"unit {key}: a segment without <source>")
    target = part.find(_X + "target")
    source_text = _text(shown, key, source)
    if target is None:
        return source_text, source_text if part.tag == _X + "ignorable" else ""
    return source_text, _text(shown, key, target)


def _text(shown: Path | str, key: str, element: etree._Element) -> str:
    """The text of a <source> or <target>, which holds plain text (Markdown) only."""
    if len(element):
        name = etree.QName(element).localname
        raise CurriculumError(
            shown,
            element.sourceline,
            f"unit {key}: <{name}> holds inline elements; write the text and its Markdown "
            "marks as plain text",
        )
    return element.text or ""
