"""Command line: ``python -m curriculum_build [options]``.

With no option, builds every course into ``dist/curriculum``; ``--check`` also checks
that the committed manifest still matches the build (exit 1 and a hint when not).
Exit status 2 and ``file:line: reason`` on bad input.

``python -m curriculum_build translations export|import|status ...`` runs the review
workflow of the course catalogues (:mod:`.translations_cli`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .build import (
    MANIFEST,
    SOURCE_ROOT,
    build_archives,
    extract_messages,
    manifest,
    manifest_text,
    write_manifest,
)
from .catalogues import LANGUAGES
from .errors import CurriculumError
from .summary import content_summary, summary_text
from .translations_cli import main as translations_main


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["translations"]:
        return translations_main(argv[1:], root=SOURCE_ROOT)
    parser = argparse.ArgumentParser(
        prog="python -m curriculum_build",
        description="Build the COMMIT courses into Open edX OLX archives.",
        epilog="python -m curriculum_build translations --help: the review workflow of the "
        "course catalogues (export, import, status).",
    )
    parser.add_argument(
        "--source",
        type=Path,
        default=SOURCE_ROOT,
        help="the curriculum folder (default: %(default)s)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("dist/curriculum"),
        help="where the archives go (default: %(default)s)",
    )
    parser.add_argument(
        "--language",
        action="append",
        choices=LANGUAGES,
        default=[],
        help="also build the translatable courses in this language (repeatable)",
    )
    parser.add_argument(
        "--write-manifest",
        action="store_true",
        help="regenerate the committed manifest of built files",
    )
    parser.add_argument(
        "--extract-messages",
        action="store_true",
        help="update the .pot and .po catalogues of the translatable courses",
    )
    parser.add_argument(
        "--summary",
        action="store_true",
        help="print the content summary: words, sessions, timetable, cases, sources",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="fail when the committed manifest does not match the sources",
    )
    args = parser.parse_args(argv)
    try:
        if args.extract_messages:
            for path in extract_messages(args.source):
                print(f"wrote {path}")
            return 0
        if args.summary:
            print(summary_text(content_summary(args.source)), end="")
            return 0
        if args.write_manifest:
            print(f"wrote {write_manifest(args.source)}")
            return 0
        for path in build_archives(args.out, root=args.source, languages=tuple(args.language)):
            print(f"built {path}")
        committed = args.source / MANIFEST
        if args.check and (
            not committed.is_file()
            or committed.read_text("utf-8") != manifest_text(manifest(args.source))
        ):
            print(
                f"{committed}: the committed manifest does not match the sources; run "
                "python -m curriculum_build --write-manifest and commit it",
                file=sys.stderr,
            )
            return 1
    except CurriculumError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
