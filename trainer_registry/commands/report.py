"""``trainer-registry report --out FILE``: the programme report as PDF, XLSX or CSV (ZIP)."""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from trainer_registry.cli import InputError

COMMAND = "report"
HELP = (
    "the programme report (logframe indicators, counts by sex, attrition, cascade) "
    "as .pdf, .xlsx or .zip of CSV files"
)
NEEDS_DATABASE = True
SUFFIXES = {".pdf": "pdf", ".xlsx": "xlsx", ".zip": "zip"}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="FILE",
        help="file to write: REPORT.pdf, .xlsx or .zip (CSV)",
    )
    parser.add_argument(
        "--country", default="", metavar="CC,CC", help="ISO codes, comma-separated, e.g. KH,VN"
    )
    parser.add_argument(
        "--programme", default="", metavar="KIND,KIND", help="RTP, NTP, TOT, OTHER, comma-separated"
    )
    parser.add_argument(
        "--from",
        dest="trained_from",
        default="",
        metavar="DATE",
        help="trainings ended on or after YYYY-MM-DD",
    )
    parser.add_argument(
        "--to",
        dest="trained_to",
        default="",
        metavar="DATE",
        help="trainings ended on or before YYYY-MM-DD",
    )
    parser.add_argument(
        "--language",
        default="en",
        metavar="LANG",
        help="the report's language: en (default), km, lo, my, th, vi or zh-hans",
    )
    parser.add_argument(
        "--user",
        default="",
        metavar="USERNAME",
        help="report only what this staff account reaches (default: the whole registry)",
    )


def _access(username: str):
    # Loaded at run time: the CLI parser is built before Django is set up.
    from django.contrib.auth import get_user_model

    from trainer_registry.access import Access, access_for
    from trainer_registry.models import Role

    if not username:
        return None, Access("command line", frozenset({Role.REGIONAL_ADMINISTRATOR}), None)
    user = get_user_model().objects.filter(username=username).first()
    access = access_for(user) if user is not None else None
    if access is None or not access.is_staff:
        raise InputError(f"--user {username}: no staff account with a registry role by that name")
    return user, access


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place: a
    reader never sees half a report, and a failure leaves no file."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def run(args: argparse.Namespace) -> int:
    # Loaded at run time: the CLI parser is built before Django is set up.
    from django.utils import timezone

    from trainer_registry import audit
    from trainer_registry.models import AuditAction
    from trainer_registry.programme_report import render
    from trainer_registry.programme_report.options import ReportOptionError, parse_options
    from trainer_registry.programme_report.report import build_report

    fmt = SUFFIXES.get(args.out.suffix.lower())
    if fmt is None:
        raise InputError(f"--out {args.out}: name a .pdf, .xlsx or .zip file")
    if not args.out.parent.is_dir():
        raise InputError(f"--out {args.out}: the folder {args.out.parent} does not exist")
    try:
        options = parse_options(
            countries=args.country,
            programmes=args.programme,
            trained_from=args.trained_from,
            trained_to=args.trained_to,
            today=timezone.localdate(),
            language=args.language,
        )
        user, access = _access(args.user)
        report = build_report(access, options)
    except ReportOptionError as error:
        raise InputError(str(error)) from None
    write_atomically(args.out, render(report, fmt))
    audit.record(user, AuditAction.EXPORT, "programme_report", via="command", **options.as_dict())
    print(f"Wrote {args.out}: {len(report.tables)} tables for {', '.join(report.countries)}.")
    return 0
