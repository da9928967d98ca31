"""Gettext catalogues for a translatable course: extract, merge, read.

Every piece of author text of a course (titles, Markdown pages, questions, options,
feedback, case stages, interview nodes, indicator labels) passes through the course's
translator during the build; :class:`MessageRecorder` collects those English strings in
order of first use. :func:`write_catalogues` writes ``<name>.pot`` and one
``<lang>/LC_MESSAGES/<name>.po`` per language, keeping translations already made for
strings that are still used, with their review lines and flags, and carrying a
translation over, as fuzzy, to a string whose English changed a little.
:func:`read_catalogue` reads a ``.po`` back as a mapping for
a translated build; empty and fuzzy entries fall back to English.
"""

from __future__ import annotations

from dataclasses import replace
from difflib import SequenceMatcher
from pathlib import Path

from .po_file import PoEntry, format_entry, read_po
from .review_status import ReviewState, Status, with_review

LANGUAGES = ("km", "lo", "my", "th", "vi", "zh_Hans")
# All six languages have a single plural form.
PLURAL_FORMS = "nplurals=1; plural=0;"
# How close (difflib's ratio) a changed English string must be to a string no longer used
# for the old translation to be carried over as a fuzzy draft.
CLOSE_ENOUGH = 0.75


class MessageRecorder:
    """A translator that returns its input and remembers every distinct string."""

    def __init__(self) -> None:
        self.messages: dict[str, None] = {}

    def __call__(self, text: str) -> str:
        self.messages.setdefault(text, None)
        return text


def write_catalogues(
    folder: Path,
    name: str,
    title: str,
    messages: list[str],
    *,
    languages: tuple[str, ...] = LANGUAGES,
) -> list[Path]:
    """Write the template and the catalogue of each language; return the paths written.

    A language's entries are refreshed by :func:`refresh_entries`: what translators and
    reviewers wrote for strings still used is kept as it was.
    """
    written = [folder / f"{name}.pot"]
    _write(written[0], title, None, [PoEntry(message) for message in messages])
    for language in languages:
        path = folder / language / "LC_MESSAGES" / f"{name}.po"
        known = [entry for entry in read_po(path) if entry.msgid] if path.exists() else []
        _write(path, title, language, refresh_entries(known, messages))
        written.append(path)
    return written


def refresh_entries(known: list[PoEntry], messages: list[str]) -> list[PoEntry]:
    """The entries of a catalogue for ``messages``, from its ``known`` entries.

    A message still used keeps its entry whole: translation, comments (the review line)
    and flags. A new message takes the translation of the closest message no longer used
    (:data:`CLOSE_ENOUGH`, best pairs first, each old entry once) as a fuzzy entry with the
    old English as its previous msgid and a draft review line: the English changed since
    the translation was made or reviewed (decision 17). Any other new message is empty.
    """
    by_source = {entry.msgid: entry for entry in known}
    wanted = set(messages)
    unused = [e for e in known if e.msgid not in wanted and (e.msgstr or any(e.plural_forms))]
    carried = _closest(unused, [m for m in messages if m not in by_source])
    entries = []
    for message in messages:
        if message in by_source:
            entries.append(by_source[message])
        elif message in carried:
            old = carried[message]
            entries.append(
                replace(
                    old,
                    msgid=message,
                    comments=with_review(old, Status(ReviewState.DRAFT)),
                    flags=(*(flag for flag in old.flags if flag != "fuzzy"), "fuzzy"),
                    previous=old.msgid,
                    plural=None,
                    plural_forms=(),
                    msgstr=old.msgstr or old.plural_forms[0],
                )
            )
        else:
            entries.append(PoEntry(message))
    return entries


def _closest(old: list[PoEntry], new: list[str]) -> dict[str, PoEntry]:
    """new message -> the old entry whose English is closest, for pairs close enough."""
    pairs = []
    for new_index, message in enumerate(new):
        matcher = SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(message)
        for old_index, entry in enumerate(old):
            matcher.set_seq1(entry.msgid)
            if (
                matcher.real_quick_ratio() >= CLOSE_ENOUGH
                and matcher.quick_ratio() >= CLOSE_ENOUGH
                and (ratio := matcher.ratio()) >= CLOSE_ENOUGH
            ):
                pairs.append((-ratio, new_index, old_index))
    carried: dict[str, PoEntry] = {}
    taken: set[int] = set()
    for _, new_index, old_index in sorted(pairs):
        if new[new_index] not in carried and old_index not in taken:
            carried[new[new_index]] = old[old_index]
            taken.add(old_index)
    return carried


def read_catalogue(path: Path) -> dict[str, str]:
    """The translated entries of a ``.po`` file (msgid -> msgstr), header and fuzzy left out."""
    return {
        source: target
        for source, target, fuzzy in read_entries(path)
        if source and target and not fuzzy
    }


def read_entries(path: Path) -> list[tuple[str, str, bool]]:
    """Every entry of a ``.po`` file as (msgid, msgstr, fuzzy), the header included."""
    return [(entry.msgid, entry.msgstr, entry.fuzzy) for entry in read_po(path)]


def _write(path: Path, title: str, language: str | None, entries: list[PoEntry]) -> None:
    header = [
        f"# {title}",
        "# Translate each msgstr; leave it empty to keep the English text.",
        "# Keep {{ placeholders }} and Markdown marks (*, -, [text](link)) as they are.",
        'msgid ""',
        'msgstr ""',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        '"Content-Transfer-Encoding: 8bit\\n"',
    ]
    if language:
        header += [f'"Language: {language}\\n"', f'"Plural-Forms: {PLURAL_FORMS}\\n"']
    blocks = ["\n".join(header)] + [format_entry(entry) for entry in entries]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
