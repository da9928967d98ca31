"""Browser catalogues of the COMMIT blocks: ``static/js/translations/<lang>/text.js``.

Contract: for each language folder under ``conf/locale`` this reads
``LC_MESSAGES/djangojs.po`` (the strings ``makemessages -d djangojs`` found in
``static/js/*.js``) and writes a script that holds that language's messages and nothing
else: one call, ``window.CommitTrainingI18N.register("<lang>", {msgid: translation})``.
``gettext``, ``ngettext`` and ``pluralidx`` live once, in the hand-written
``static/js/i18n_runtime.js`` (``RUNTIME``), which the blocks load before the catalogue.
The name is the blocks' ``i18n_js_namespace`` (``CommitBlockMixin``); the folder layout is
the one Open edX XBlocks ship in their public folder, so the LMS can serve ``text.js``
beside the block's own script. Only strings used by ``static/js/*.js`` are kept, and an
entry with an empty or fuzzy translation is left out, so the English text shows instead
of a blank.

All six languages of the region have one plural form (``nplurals=1; plural=0``), the
rule the runtime applies to a registered language; a catalogue that declares another rule
is refused.

Run by ``make compile_translations``: ``python -m commit_training.i18n_js``.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
LOCALE_DIR = PACKAGE_DIR / "conf" / "locale"
SCRIPTS_DIR = PACKAGE_DIR / "static" / "js"
OUTPUT_DIR = SCRIPTS_DIR / "translations"
RUNTIME = SCRIPTS_DIR / "i18n_runtime.js"
NAMESPACE = "CommitTrainingI18N"
ONE_FORM = "nplurals=1; plural=0;"

_KEYWORD = re.compile(r"^(msgid_plural|msgid|msgstr(?:\[(\d+)\])?|msgctxt)\s+(\".*\")$")
_CONTINUATION = re.compile(r"^\".*\"$")
_JS_CALL = re.compile(r"\b(?:gettext|ngettext)\(\s*\"((?:[^\"\\]|\\.)*)\"")
_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


class CatalogueError(ValueError):
    """A .po file that cannot be read; the message names the file and line."""


@dataclass(frozen=True)
class Entry:
    """One message of a .po catalogue (translations indexed by plural form)."""

    msgid: str
    msgid_plural: str | None
    translations: tuple[str, ...]
    fuzzy: bool


def _unquote(literal: str, where: str) -> str:
    body = literal[1:-1]
    out: list[str] = []
    i = 0
    while i < len(body):
        char = body[i]
        if char == "\\":
            if i + 1 >= len(body) or body[i + 1] not in _ESCAPES:
                raise CatalogueError(f"{where}: unknown escape in {literal}")
            out.append(_ESCAPES[body[i + 1]])
            i += 2
        else:
            out.append(char)
            i += 1
    return "".join(out)


def parse_po(text: str, name: str = "<po>") -> list[Entry]:
    """Read the entries of a .po file (header entry included, as msgid "")."""
    entries: list[Entry] = []
    fields: dict[str, str] = {}
    current: str | None = None
    fuzzy = False

    def flush() -> None:
        nonlocal fields, current, fuzzy
        if "msgid" in fields:
            forms = sorted(
                (int(key[7:-1]), value)
                for key, value in fields.items()
                if key.startswith("msgstr[")
            )
            translations = tuple(v for _, v in forms) if forms else (fields.get("msgstr", ""),)
            entries.append(Entry(fields["msgid"], fields.get("msgid_plural"), translations, fuzzy))
        fields, current, fuzzy = {}, None, False

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        where = f"{name} line {number}"
        if not line:
            flush()
        elif line.startswith("#,"):
            fuzzy = fuzzy or "fuzzy" in line
        elif line.startswith("#"):
            continue
        elif match := _KEYWORD.match(line):
            key = match.group(1)
            if key == "msgid" and "msgid" in fields:
                flush()
            current = key
            fields[key] = _unquote(match.group(3), where)
        elif _CONTINUATION.match(line) and current is not None:
            fields[current] += _unquote(line, where)
        else:
            raise CatalogueError(f"{where}: cannot read {line!r}")
    flush()
    return entries


def plural_rule(entries: list[Entry]) -> str:
    """The Plural-Forms value of the header entry ('' when there is none)."""
    for entry in entries:
        if entry.msgid == "":
            for header in entry.translations[0].splitlines():
                if header.startswith("Plural-Forms:"):
                    return header.split(":", 1)[1].strip()
    return ""


def strings_in_scripts(scripts_dir: Path = SCRIPTS_DIR) -> set[str]:
    """The msgids passed to gettext()/ngettext() in the blocks' own scripts."""
    found: set[str] = set()
    for script in sorted(scripts_dir.glob("*.js")):
        for literal in _JS_CALL.findall(script.read_text(encoding="utf-8")):
            found.add(_unquote(f'"{literal}"', str(script.name)))
    return found


def catalogue_for(entries: list[Entry], wanted: set[str]) -> dict[str, str | list[str]]:
    """msgid -> translation (or list of plural forms) for the wanted, translated entries."""
    catalogue: dict[str, str | list[str]] = {}
    for entry in entries:
        if entry.msgid not in wanted or entry.fuzzy or not all(entry.translations):
            continue
        forms = list(entry.translations)
        catalogue[entry.msgid] = forms if entry.msgid_plural is not None else forms[0]
    return catalogue


def render_text_js(catalogue: dict[str, str | list[str]], language: str) -> str:
    """The text.js script registering one language's catalogue with the runtime."""
    data = json.dumps(catalogue, ensure_ascii=False, indent=2, sort_keys=True)
    return (
        f"/* COMMIT blocks: browser messages in {language}, read by static/js/{RUNTIME.name}."
        " Generated by commit_training/i18n_js.py from conf/locale; do not edit. */\n"
        f"window.{NAMESPACE}.register({json.dumps(language)}, {data});\n"
    )


def build(
    locale_dir: Path = LOCALE_DIR, scripts_dir: Path = SCRIPTS_DIR, output_dir: Path = OUTPUT_DIR
) -> list[Path]:
    """Write text.js for every language with a djangojs.po; return the files written."""
    wanted = strings_in_scripts(scripts_dir)
    written: list[Path] = []
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/djangojs.po")):
        language = po_path.parent.parent.name
        entries = parse_po(po_path.read_text(encoding="utf-8"), str(po_path.name))
        rule = plural_rule(entries)
        if rule != ONE_FORM:
            raise CatalogueError(
                f"{language}/LC_MESSAGES/djangojs.po: Plural-Forms is {rule!r},"
                f" expected {ONE_FORM!r}"
            )
        target = output_dir / language / "text.js"
        target.parent.mkdir(parents=True, exist_ok=True)
        script = render_text_js(catalogue_for(entries, wanted), language)
        target.write_text(script, encoding="utf-8")
        written.append(target)
    return written


if __name__ == "__main__":
    for path in build():
        sys.stdout.write(f"wrote {path.relative_to(PACKAGE_DIR)}\n")
