"""``trainer-registry rubric load FILE``: load an observation rubric from the curriculum.

Loading the same version again changes nothing; a file whose content differs from the
loaded version of the same id is refused, naming the fields that differ (give the
changed rubric a new ``version``). Exit status 2 and one line on standard error for a
bad file.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from trainer_registry.cli import InputError

COMMAND = "rubric"
HELP = "observation rubrics: load a version from the curriculum's rubric file"
NEEDS_DATABASE = True


def configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    load = actions.add_parser("load", help="load FILE as a rubric version (once)")
    load.add_argument("file", type=Path, help="e.g. curriculum/courses/tot/rubric.yaml")


def run(args: argparse.Namespace) -> int:
    # Loaded at run time: the CLI parser is built before Django is set up.
    from trainer_registry.assessment.rubric import RubricError
    from trainer_registry.assessment.rubric_versions import load_file

    try:
        loaded = load_file(args.file)
    except RubricError as error:
        raise InputError(str(error)) from None
    version = loaded.version
    what = "loaded" if loaded.created else "already loaded, nothing changed"
    print(f"{version.rubric_id} version {version.version}: {what}")
    return 0
