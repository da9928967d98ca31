"""Gettext catalogues for a translatable course: extract, merge, read.

Every piece of author text of a course (titles, Markdown pages, questions, options,
feedback, case stages, interview nodes, indicator labels) passes through the course's
translator during the build; :class:`MessageRecorder` collects those English strings in
order of first use. :func:`write_catalogues` writes ``<name>.pot`` and one
``<lang>/LC_MESSAGES/<name>.po`` per language, keeping translations already made for
strings that are still used. :func:`read_catalogue` reads a ``.po`` back as a mapping for
a translated build; empty and fuzzy entries fall back to English.
"""

from __future__ import annotations

from pathlib import Path

from .errors import CurriculumError

LANGUAGES = ("km", "lo", "my", "th", "vi", "zh_Hans")
# All six languages have a single plural form.
PLURAL_FORMS = "nplurals=1; plural=0;"


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
    """Write the template and the catalogue of each language; return the paths written."""
    written = [folder / f"{name}.pot"]
    _write(written[0], title, None, {message: "" for message in messages})
    for language in languages:
        path = folder / language / "LC_MESSAGES" / f"{name}.po"
        known = read_catalogue(path) if path.exists() else {}
        _write(path, title, language, {m: known.get(m, "") for m in messages})
        written.append(path)
    return written


def read_catalogue(path: Path) -> dict[str, str]:
    """The translated entries of a ``.po`` file (msgid -> msgstr), header and fuzzy left out."""
    return {
        source: target
        for source, target, fuzzy in read_entries(path)
        if source and target and not fuzzy
    }


def read_entries(path: Path) -> list[tuple[str, str, bool]]:
    """Every entry of a ``.po`` file as (msgid, msgstr, fuzzy), the header included."""
    entries: list[tuple[str, str, bool]] = []
    entry: dict[str, list[str]] = {}
    current: list[str] | None = None
    fuzzy = next_fuzzy = False

    def close() -> None:
        if "msgid" in entry:
            source = "".join(entry["msgid"])
            entries.append((source, "".join(entry.get("msgstr", [])), fuzzy))

    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise CurriculumError(path, None, "catalogue does not exist") from None
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            next_fuzzy = next_fuzzy or (stripped.startswith("#,") and "fuzzy" in stripped)
        elif stripped.startswith("msgid "):
            close()
            entry = {"msgid": [_unquote(path, number, stripped[6:])]}
            current, fuzzy, next_fuzzy = entry["msgid"], next_fuzzy, False
        elif stripped.startswith("msgstr "):
            if "msgid" not in entry:
                raise CurriculumError(path, number, "msgstr without a msgid before it")
            entry["msgstr"] = [_unquote(path, number, stripped[7:])]
            current = entry["msgstr"]
        elif stripped.startswith('"') and current is not None:
            current.append(_unquote(path, number, stripped))
        else:
            raise CurriculumError(path, number, f"cannot read this line: {stripped[:40]!r}")
    close()
    return entries


def _write(path: Path, title: str, language: str | None, entries: dict[str, str]) -> None:
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
    blocks = ["\n".join(header)]
    for source, target in entries.items():
        blocks.append(f"msgid {_quote(source)}\nmsgstr {_quote(target)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    lines = escaped.split("\n")
    if len(lines) == 1:
        return f'"{escaped}"'
    pieces = [f"{line}\\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    return '""\n' + "\n".join(f'"{piece}"' for piece in pieces)


def _unquote(path: Path, number: int, quoted: str) -> str:
    if len(quoted) < 2 or not (quoted.startswith('"') and quoted.endswith('"')):
        raise CurriculumError(path, number, "a msgid or msgstr must be quoted")
    body, out, index = quoted[1:-1], [], 0
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    while index < len(body):
        char = body[index]
        if char == "\\" and index + 1 < len(body):
            out.append(escapes.get(body[index + 1], body[index + 1]))
            index += 2
        else:
            out.append(char)
            index += 1
    return "".join(out)
