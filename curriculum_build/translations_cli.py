"""``python -m curriculum_build translations ...``: the review workflow of the catalogues.

- ``export --course C --language L --format po|xliff [--only draft|untranslated|all] --out FILE``
  writes a course's catalogue entries for a reviewer's translation tool;
- ``import FILE [--reviewer NAME --status reviewed|approved] [--dry-run]`` takes the
  reviewed file back into its catalogue, all or nothing, with every refused row named;
- ``status [--course C] [--language L] [--format text|csv|json] [--interface]`` prints
  the table of translated, reviewed and approved shares per course and language (and of
  the interface catalogues).

The catalogue of course ``C`` in language ``L`` is ``courses/*/locale/L/LC_MESSAGES/C.po``
under the curriculum folder; an interface catalogue (the registry's, the blocks', the
site's) is named ``interface-...`` in place of a course (:mod:`.interface_catalogues`).
Exit status 0 on success, 2 with ``file:row: reason`` lines on bad input (nothing
written).
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import tempfile
from pathlib import Path

from .errors import CurriculumError
from .interface_catalogues import interface_catalogues
from .po_file import PoEntry, format_entry, header_field, parse_po
from .review_exchange import (
    ReviewFile,
    ReviewOutcome,
    ReviewRefused,
    Selection,
    Verdict,
    apply_review,
    entries_for_review,
)
from .review_po import po_export, read_po_review
from .review_status import ReviewState
from .review_xliff import read_xliff_review, xliff_export
from .translation_status import STATUS_FORMATS, catalogue_statuses, status_table

DEFAULT_PLURAL_FORMS = "nplurals=1; plural=0;"


def main(argv: list[str], *, root: Path, today: datetime.date | None = None) -> int:
    """Run one ``translations`` command; ``root`` is the default curriculum folder."""
    args = _parser(root).parse_args(argv)
    try:
        if args.command == "export":
            return _export(args)
        if args.command == "import":
            return _import(args, today or datetime.date.today())
        statuses = catalogue_statuses(
            args.source, args.course, args.language, interface=args.interface
        )
        print(status_table(statuses, args.format), end="")
        return 0
    except CurriculumError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


def find_catalogue(root: Path, course: str, language: str) -> Path:
    """The ``.po`` catalogue of ``course`` in ``language`` under the curriculum folder, or
    the interface catalogue of that name (``interface-registry``...) beside it."""
    found = sorted(root.glob(f"courses/*/locale/{language}/LC_MESSAGES/{course}.po"))
    found += [path for _, _, path in interface_catalogues(root.parent, course, language)]
    if len(found) == 1:
        return found[0]
    known = sorted(
        f"{path.stem} ({path.parent.parent.name})"
        for path in root.glob("courses/*/locale/*/LC_MESSAGES/*.po")
    ) + sorted(f"{name} ({lang})" for name, lang, _ in interface_catalogues(root.parent))
    raise CurriculumError(
        root / "courses",
        None,
        f"no catalogue of course {course!r} in {language!r}; there are: {', '.join(known)}",
    )


def _export(args: argparse.Namespace) -> int:
    path = find_catalogue(args.source, args.course, args.language)
    text = path.read_text(encoding="utf-8")
    shown = _shown(args.source, path)
    entries = entries_for_review(parse_po(text, shown), Selection(args.only))
    if args.format == "po":
        plural_forms = _plural_forms(parse_po(text, shown))
        data = po_export(args.course, args.language, plural_forms, entries).encode("utf-8")
    else:
        data = xliff_export(args.course, args.language, entries)
    atomic_write(args.out, data)
    print(f"wrote {args.out}: {len(entries)} entries of {shown} ({args.only})")
    return 0


def _import(args: argparse.Namespace, today: datetime.date) -> int:
    if (args.reviewer is None) != (args.status is None):
        raise CurriculumError(args.file, None, "give --reviewer and --status together")
    try:
        verdict = Verdict(ReviewState(args.status), args.reviewer, today) if args.status else None
    except ValueError as error:
        raise CurriculumError(args.file, None, str(error)) from None
    try:
        data = args.file.read_bytes()
    except FileNotFoundError:
        raise CurriculumError(args.file, None, "file does not exist") from None
    review = _read_review(data, args.file)
    course = _named(args.file, "course", review.course, args.course)
    language = _named(args.file, "language", review.language, args.language)
    path = find_catalogue(args.source, course, language)
    before = path.read_bytes()
    text = before.decode("utf-8")
    entries = parse_po(text, _shown(args.source, path))
    nplurals = _nplurals(path, entries)
    try:
        outcome = apply_review(entries, review, nplurals=nplurals, verdict=verdict)
    except ReviewRefused as refused:
        for problem in refused.problems:
            print(f"{args.file}:{problem.row}: {problem.reason}", file=sys.stderr)
        print(
            f"{args.file}: {len(refused.problems)} rows refused; nothing imported, "
            f"{_shown(args.source, path)} is unchanged",
            file=sys.stderr,
        )
        return 2
    if outcome.changed and not args.dry_run:
        if path.read_bytes() != before:
            raise CurriculumError(path, None, "the catalogue changed during the import; run again")
        atomic_write(path, catalogue_text(text, outcome.entries).encode("utf-8"))
    print(_summary(_shown(args.source, path), outcome, dry_run=args.dry_run))
    return 0


def _read_review(data: bytes, shown: Path) -> ReviewFile:
    if data.removeprefix(b"\xef\xbb\xbf").lstrip()[:1] == b"<":
        return read_xliff_review(data, shown)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CurriculumError(shown, None, f"not UTF-8 text ({error.reason})") from None
    return read_po_review(text, shown)


def _named(shown: Path, what: str, in_file: str | None, given: str | None) -> str:
    if in_file and given and in_file != given:
        raise CurriculumError(shown, None, f"the file is for {what} {in_file!r}, not {given!r}")
    if not (in_file or given):
        raise CurriculumError(shown, None, f"the file does not say its {what}: give --{what}")
    return in_file or given or ""


def catalogue_text(original: str, entries: list[PoEntry]) -> str:
    """The catalogue's text with ``entries``: its header block kept as it was written."""
    header = original.split("\n\n", 1)[0]
    return "\n\n".join([header, *(format_entry(e) for e in entries if e.msgid)]) + "\n"


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, so that a
    reader sees the old content or the new, never half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _plural_forms(entries: list[PoEntry]) -> str:
    header = next((entry for entry in entries if not entry.msgid), None)
    return header_field(header, "Plural-Forms") or DEFAULT_PLURAL_FORMS


def _nplurals(path: Path, entries: list[PoEntry]) -> int:
    plural_forms = _plural_forms(entries)
    for part in plural_forms.split(";"):
        key, _, value = part.partition("=")
        if key.strip() == "nplurals" and value.strip().isdigit():
            return int(value)
    raise CurriculumError(path, None, f"Plural-Forms {plural_forms!r} does not give nplurals")


def _summary(shown: Path, outcome: ReviewOutcome, *, dry_run: bool) -> str:
    verb = "would change" if dry_run else "changed"
    lines = [
        f"{shown}: {verb} {outcome.translations_changed} translations and "
        f"{outcome.statuses_set} review statuses; {outcome.unchanged} entries as they were"
    ]
    if outcome.left_out:
        lines.append(f"{len(outcome.left_out)} entries of the file have no translation: left out")
    if dry_run:
        lines.append("dry run: nothing written")
    return "\n".join(lines)


def _shown(root: Path, path: Path) -> Path:
    try:
        return path.relative_to(root.parent)
    except ValueError:
        return path


def _parser(root: Path) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m curriculum_build translations",
        description="Export course catalogues for review, import them back, show their status.",
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--source", type=Path, default=root, help="the curriculum folder (default: %(default)s)"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    export = commands.add_parser(
        "export", parents=[common], help="write a course's entries for review"
    )
    export.add_argument("--course", required=True, help="for example ntp-kh or tot")
    export.add_argument("--language", required=True, help="for example km")
    export.add_argument("--format", choices=("po", "xliff"), default="po")
    export.add_argument(
        "--only",
        choices=[s.value for s in Selection],
        default=Selection.DRAFT.value,
        help=(
            "draft: entries translated but not reviewed, or changed since (default); "
            "untranslated: entries not translated yet; all"
        ),
    )
    export.add_argument("--out", type=Path, required=True, help="the file to write")
    load = commands.add_parser(
        "import", parents=[common], help="take a reviewed PO or XLIFF file back"
    )
    load.add_argument("file", type=Path)
    load.add_argument("--reviewer", help="the reviewer's name, recorded on each entry")
    load.add_argument("--status", choices=("reviewed", "approved"))
    load.add_argument("--course", help="when the file does not name its course")
    load.add_argument("--language", help="when the file does not name its language")
    load.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    status = commands.add_parser(
        "status", parents=[common], help="translated, reviewed and approved shares"
    )
    status.add_argument("--course")
    status.add_argument("--language")
    status.add_argument("--format", choices=STATUS_FORMATS, default="text")
    status.add_argument(
        "--interface",
        action="store_true",
        help="also the interface catalogues (registry, blocks, site), as interface-...",
    )
    return parser
