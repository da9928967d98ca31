"""``trainer-registry followup``: work with follow-up campaigns from the command line."""

from __future__ import annotations

import argparse
from pathlib import Path

from trainer_registry.cli import InputError

COMMAND = "followup"
HELP = "follow-up campaigns: the questionnaire as an XLSForm; import answers collected offline"
NEEDS_DJANGO = True  # translations for the XLSForm's labels


def NEEDS_DATABASE(args: argparse.Namespace) -> bool:
    return args.action != "xlsform"


def configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    imports = actions.add_parser(
        "import",
        help="import answers exported from KoboToolbox or ODK (CSV or XLSX), all or nothing",
    )
    imports.add_argument("file", type=Path, help="CSV (UTF-8) or XLSX export")
    imports.add_argument("--campaign", required=True, help="the campaign's code")
    form = actions.add_parser(
        "xlsform", help="write the follow-up questionnaire as an XLSForm (KoboToolbox, ODK Collect)"
    )
    form.add_argument("--out", type=Path, required=True, help="the .xlsx file to write")


def run(args: argparse.Namespace) -> int:
    return {"import": _import, "xlsform": _xlsform}[args.action](args)


def _xlsform(args: argparse.Namespace) -> int:
    # Loaded at run time: the CLI parser is built before Django is set up.
    from trainer_registry import __version__
    from trainer_registry.followup.xlsform import build_xlsform

    if args.out.suffix.lower() != ".xlsx":
        raise InputError(f"--out {args.out}: an XLSForm is an .xlsx file")
    if not args.out.parent.is_dir():
        raise InputError(f"--out {args.out}: the folder {args.out.parent} does not exist")
    languages = build_xlsform(args.out, version=__version__)
    print(f"Wrote {args.out} with labels in: {', '.join(languages)}.")
    return 0


def _import(args: argparse.Namespace) -> int:
    # Loaded at run time: the CLI parser is built before Django is set up.
    from trainer_registry.followup.answer_import import AnswerImportError, import_answers
    from trainer_registry.models import FollowUpCampaign

    campaign = FollowUpCampaign.objects.filter(code=args.campaign).first()
    if campaign is None:
        raise InputError(f"--campaign {args.campaign}: no campaign has this code")
    if not args.file.is_file():
        raise InputError(f"{args.file}: no such file")
    try:
        result = import_answers(args.file, campaign)
    except AnswerImportError as error:
        raise InputError(f"{args.file.name}: {error}; nothing was imported") from None
    print(
        f"Imported {result.rows} answers into {campaign.code}: "
        f"{result.completes} complete, {result.partials} partial."
    )
    return 0
