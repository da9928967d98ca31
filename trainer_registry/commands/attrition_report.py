"""``trainer-registry attrition FILE.csv``: attrition from a follow-up file, no database."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from trainer_registry.cli import InputError

COMMAND = "attrition"
HELP = "share no longer in the role, with intervals, retention curves and response rates"
GROUPABLE = ("sex", "country", "organisation", "sector", "programme")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="follow-up interchange CSV (see the README)")
    parser.add_argument(
        "--by", default="", help=f"group by columns, e.g. country,sector ({', '.join(GROUPABLE)})"
    )
    parser.add_argument("--ci", choices=["wilson", "clopper-pearson", "jeffreys"], default="wilson")
    parser.add_argument("--format", choices=["json", "table"], default="json")
    parser.add_argument(
        "--eligibility-rate",
        type=float,
        help="share of unknown-eligibility cases assumed eligible (default: estimated)",
    )


def run(args: argparse.Namespace) -> int:
    from trainer_registry.attrition.followup_file import FollowUpFileError, read_followup_file
    from trainer_registry.attrition.report import attrition_report

    if not args.file.is_file():
        raise InputError(f"{args.file}: no such file")
    by = [column.strip() for column in args.by.split(",") if column.strip()]
    for column in by:
        if column not in GROUPABLE:
            raise InputError(f"--by {column}: not a column to group by ({', '.join(GROUPABLE)})")
    if args.eligibility_rate is not None and not 0 <= args.eligibility_rate <= 1:
        raise InputError(f"--eligibility-rate {args.eligibility_rate}: must be between 0 and 1")
    try:
        frame = read_followup_file(args.file)
        for column in by:
            empty = (frame[column] == "").to_numpy().nonzero()[0]
            if empty.size:
                raise FollowUpFileError(
                    f"row {int(empty[0]) + 2}, column '{column}': "
                    "empty, so the row belongs to no group"
                )
        report = attrition_report(
            frame, by=by, ci_method=args.ci, eligibility_rate=args.eligibility_rate
        )
    except FollowUpFileError as error:
        raise InputError(f"{args.file.name}: {error}") from None
    if args.format == "json":
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print(_table(report, by))
    return 0


def _percent(value) -> str:
    return "-" if value is None else f"{value * 100:.0f} %"


def _line(label: str, figures: dict) -> str:
    share = figures["share_left"]
    ci = figures["ci"]
    left = (
        f"{_percent(share)} ({ci[0] * 100:.0f}-{ci[1] * 100:.0f} %)" if share is not None else "-"
    )
    retention = figures["retention"]
    flag = "  small cell: not ranked" if figures["small_cell"] else ""
    return (
        f"{label:<28} {figures['sampled']:>7} {figures['respondents']:>11} {figures['left']:>5} "
        f"{left:>18} {_percent(figures['response_rates']['RR1']):>6} "
        f"{_percent(retention['365']):>6} {_percent(retention['730']):>6} "
        f"{_percent(retention['1095']):>6}{flag}"
    )


def _table(report: dict, by: list[str]) -> str:
    method = report["overall"]["ci_method"]
    header = (
        f"{'group':<28} {'sampled':>7} {'respondents':>11} {'left':>5} "
        f"{'left (95 % CI)':>18} {'RR1':>6} {'1 yr':>6} {'2 yrs':>6} {'3 yrs':>6}"
    )
    lines = [
        f"Share no longer in the anti-trafficking role among respondents, {method} interval; "
        "retention still in the role 1, 2 and 3 years after training (Kaplan-Meier).",
        header,
        _line("all", report["overall"]),
    ]
    for group in report["groups"]:
        lines.append(_line(", ".join(f"{k}={v}" for k, v in group["key"].items()), group))
    return "\n".join(lines)
