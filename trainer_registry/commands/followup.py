"""``trainer-registry followup``: work with follow-up campaigns from the command line."""

from __future__ import annotations

import argparse
from pathlib import Path

from trainer_registry.cli import InputError

COMMAND = "followup"
HELP = "follow-up campaigns: import answers collected offline"
NEEDS_DATABASE = True


def configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    imports = actions.add_parser(
        "import",
        help="import answers exported from KoboToolbox or ODK (CSV or XLSX), all or nothing",
    )
    imports.add_argument("file", type=Path, help="CSV (UTF-8) or XLSX export")
    imports.add_argument("--campaign", required=True, help="the campaign's code")


def run(args: argparse.Namespace) -> int:
    return {"import": _import}[args.action](args)


def _import(args: argparse.Namespace) -> int:
    from trainer_registry.followup_import import AnswerImportError, import_answers
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
