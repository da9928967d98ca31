"""The gettext PO file format, as the course catalogues and the translation tools write it.

:func:`parse_po` reads every entry of a ``.po`` text with what a review needs besides
``msgid`` and ``msgstr``: the translator comments (``# review: ...``), the flags
(``#, fuzzy``), the previous source of a fuzzy entry (``#| msgid ...``), plural forms
(``msgid_plural`` / ``msgstr[N]``) and the line of each ``msgid``, so that an error names
the row. :func:`format_entry` writes one entry back in the catalogues' layout: translator
comments, flags, previous msgid, msgid, msgstr. Extracted comments, references and
obsolete entries (``#.``, ``#:``, ``#~``), which translation tools may add, are read past.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import CurriculumError

_PLURAL_MSGSTR = re.compile(r"msgstr\[(\d+)\]\s")
_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}


@dataclass(frozen=True)
class PoEntry:
    """One entry of a catalogue; the header is the entry whose ``msgid`` is empty."""

    msgid: str
    msgstr: str = ""
    line: int = 0
    comments: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    previous: str | None = None
    plural: str | None = None
    # The msgstr[N] of a plural entry, in order of N (empty for a singular entry).
    plural_forms: tuple[str, ...] = ()

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags


@dataclass
class _Draft:
    """An entry while its lines are read."""

    line: int = 0
    comments: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    previous: list[str] | None = None
    msgid: list[str] | None = None
    plural: list[str] | None = None
    msgstr: list[str] | None = None
    forms: dict[int, list[str]] = field(default_factory=dict)

    def has_text(self) -> bool:
        return self.msgid is not None


def read_po(path: Path, *, shown: Path | str | None = None) -> list[PoEntry]:
    """The entries of the ``.po`` file at ``path``; errors name ``shown`` (or ``path``)."""
    display = shown if shown is not None else path
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CurriculumError(display, None, "catalogue does not exist") from None
    except UnicodeDecodeError as error:
        raise CurriculumError(display, None, f"not UTF-8 text ({error.reason})") from None
    return parse_po(text, display)


def parse_po(text: str, shown: Path | str) -> list[PoEntry]:
    """Every entry of a PO text, the header included, in file order."""
    entries: list[PoEntry] = []
    draft = _Draft()
    current: list[str] | None = None
    previous_open = False

    def close(number: int) -> None:
        nonlocal draft
        if draft.has_text():
            entries.append(_finish(draft, shown, number))
        draft = _Draft()

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            current = None
            continue
        if line.startswith("#"):
            if draft.msgstr is not None or draft.forms:
                close(number)
            current = None
            if line.startswith("#|"):
                previous_open = _read_previous(
                    draft, shown, number, line[2:].strip(), previous_open
                )
                continue
            previous_open = False
            if line.startswith("#,"):
                draft.flags += [flag.strip() for flag in line[2:].split(",") if flag.strip()]
            elif line == "#" or line.startswith("# "):
                draft.comments.append(line[2:])
            continue
        previous_open = False
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            if current is None:
                raise CurriculumError(shown, number, "a quoted line outside a msgid or msgstr")
            current.append(unquote(shown, number, line))
        elif keyword == "msgctxt":
            raise CurriculumError(shown, number, "msgctxt is not used in these catalogues")
        elif keyword == "msgid":
            if draft.msgid is not None:
                close(number)
            draft.line = number
            draft.msgid = current = [unquote(shown, number, rest.strip())]
        elif keyword == "msgid_plural":
            if draft.msgid is None or draft.msgstr is not None or draft.forms:
                raise CurriculumError(shown, number, "msgid_plural must follow a msgid")
            draft.plural = current = [unquote(shown, number, rest.strip())]
        elif keyword == "msgstr":
            if draft.msgid is None:
                raise CurriculumError(shown, number, "msgstr without a msgid before it")
            if draft.msgstr is not None or draft.forms:
                raise CurriculumError(shown, number, "a second msgstr for the same msgid")
            draft.msgstr = current = [unquote(shown, number, rest.strip())]
        elif match := _PLURAL_MSGSTR.match(line + " "):
            if draft.msgid is None or draft.msgstr is not None:
                raise CurriculumError(shown, number, f"{keyword} without a msgid before it")
            index = int(match.group(1))
            if index in draft.forms:
                raise CurriculumError(shown, number, f"{keyword} given twice")
            draft.forms[index] = current = [unquote(shown, number, line[match.end() :].strip())]
        else:
            raise CurriculumError(shown, number, f"cannot read this line: {line[:40]!r}")
    close(len(text.splitlines()) + 1)
    return entries


def _read_previous(draft: _Draft, shown: Path | str, number: int, rest: str, open_: bool) -> bool:
    """One ``#|`` line; returns whether a previous msgid is being continued."""
    if rest.startswith("msgid "):
        draft.previous = [unquote(shown, number, rest[6:].strip())]
        return True
    if rest.startswith('"') and open_ and draft.previous is not None:
        draft.previous.append(unquote(shown, number, rest))
        return True
    return False  # a previous msgctxt or msgid_plural: not kept


def _finish(draft: _Draft, shown: Path | str, number: int) -> PoEntry:
    assert draft.msgid is not None
    if draft.msgstr is None and not draft.forms:
        raise CurriculumError(shown, draft.line, "a msgid without a msgstr")
    forms: tuple[str, ...] = ()
    if draft.forms:
        if sorted(draft.forms) != list(range(len(draft.forms))):
            numbers = ", ".join(str(n) for n in sorted(draft.forms))
            raise CurriculumError(shown, draft.line, f"plural forms numbered {numbers}")
        forms = tuple("".join(draft.forms[n]) for n in range(len(draft.forms)))
    if draft.forms and draft.plural is None:
        raise CurriculumError(shown, draft.line, "msgstr[N] on an entry without msgid_plural")
    if draft.plural is not None and not draft.forms:
        raise CurriculumError(shown, draft.line, "msgid_plural needs msgstr[0], msgstr[1], ...")
    return PoEntry(
        msgid="".join(draft.msgid),
        msgstr="".join(draft.msgstr) if draft.msgstr is not None else (forms[0] if forms else ""),
        line=draft.line,
        comments=tuple(draft.comments),
        flags=tuple(draft.flags),
        previous="".join(draft.previous) if draft.previous is not None else None,
        plural="".join(draft.plural) if draft.plural is not None else None,
        plural_forms=forms,
    )


def format_entry(entry: PoEntry) -> str:
    """One entry in the catalogues' layout (no trailing newline)."""
    lines = [f"# {comment}" if comment else "#" for comment in entry.comments]
    if entry.flags:
        lines.append("#, " + ", ".join(entry.flags))
    if entry.previous is not None:
        lines += ["#| " + piece for piece in f"msgid {quote(entry.previous)}".split("\n")]
    lines.append(f"msgid {quote(entry.msgid)}")
    if entry.plural is not None:
        lines.append(f"msgid_plural {quote(entry.plural)}")
        lines += [f"msgstr[{n}] {quote(form)}" for n, form in enumerate(entry.plural_forms)]
    else:
        lines.append(f"msgstr {quote(entry.msgstr)}")
    return "\n".join(lines)


def header_field(header: PoEntry | None, name: str) -> str | None:
    """The value of ``Name: value`` in the header's msgstr, if present."""
    if header is None:
        return None
    for line in header.msgstr.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip().lower() == name.lower():
            return value.strip()
    return None


def quote(text: str) -> str:
    """A PO string: one quoted line, or ``""`` then one quoted line per line of text."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    lines = escaped.split("\n")
    if len(lines) == 1:
        return f'"{escaped}"'
    pieces = [f"{line}\\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    return '""\n' + "\n".join(f'"{piece}"' for piece in pieces)


def unquote(shown: Path | str, number: int, quoted: str) -> str:
    """The text of one quoted PO string."""
    if len(quoted) < 2 or not (quoted.startswith('"') and quoted.endswith('"')):
        raise CurriculumError(shown, number, "a msgid or msgstr must be quoted")
    body, out, index = quoted[1:-1], [], 0
    while index < len(body):
        char = body[index]
        if char == "\\" and index + 1 < len(body):
            out.append(_ESCAPES.get(body[index + 1], body[index + 1]))
            index += 2
        else:
            out.append(char)
            index += 1
    return "".join(out)
