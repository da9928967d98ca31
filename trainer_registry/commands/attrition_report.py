"""``trainer-registry attrition FILE.csv``: attrition from a follow-up file, no database."""

from __future__ import annotations

import argparse
import json
from datetime import date
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
    parser.add_argument(
        "--surveyed-on",
        metavar="YYYY-MM-DD",
        help="date of the follow-up: adds retention from the status on that date alone "
        "(current-status estimate, for answers without a leaving date)",
    )
    parser.add_argument(
        "--adjust-by",
        default="",
        help="weighting classes for the non-response adjustment of the weights, e.g. country",
    )
    parser.add_argument(
        "--strata",
        default="",
        help="strata of the sample design (with base weights in the weight column), e.g. "
        "country,programme: adds the stratified share",
    )


def run(args: argparse.Namespace) -> int:
    # Loaded at run time: the CLI parser is built before Django is set up.
    import pandas as pd

    from trainer_registry.attrition.followup_file import FollowUpFileError, read_followup_file
    from trainer_registry.attrition.report import attrition_report

    if not args.file.is_file():
        raise InputError(f"{args.file}: no such file")
    by = _columns("--by", args.by)
    adjust_by = _columns("--adjust-by", args.adjust_by)
    strata = _columns("--strata", args.strata)
    surveyed_on = None
    if args.surveyed_on is not None:
        try:
            surveyed_on = date.fromisoformat(args.surveyed_on)
        except ValueError:
            raise InputError(f"--surveyed-on {args.surveyed_on}: not a date (YYYY-MM-DD)") from None
    if args.eligibility_rate is not None and not 0 <= args.eligibility_rate <= 1:
        raise InputError(f"--eligibility-rate {args.eligibility_rate}: must be between 0 and 1")
    try:
        frame = read_followup_file(args.file)
        for column in dict.fromkeys(by + adjust_by + strata):
            empty = (frame[column] == "").to_numpy().nonzero()[0]
            if empty.size:
                raise FollowUpFileError(
                    f"row {int(empty[0]) + 2}, column '{column}': "
                    "empty, so the row belongs to no group"
                )
        if surveyed_on is not None:
            late = (frame["trained_on"] > pd.Timestamp(surveyed_on)).to_numpy().nonzero()[0]
            if late.size:
                raise FollowUpFileError(
                    f"row {int(late[0]) + 2}, column 'trained_on': "
                    f"{frame['trained_on'].iloc[late[0]]:%Y-%m-%d} is after the follow-up "
                    f"(--surveyed-on {surveyed_on})"
                )
        report = attrition_report(
            frame,
            by=by,
            ci_method=args.ci,
            eligibility_rate=args.eligibility_rate,
            surveyed_on=surveyed_on,
            adjust_by=adjust_by,
            strata=strata,
        )
    except FollowUpFileError as error:
        raise InputError(f"{args.file.name}: {error}") from None
    if args.format == "json":
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print(_table(report, by))
    return 0


def _columns(option: str, text: str) -> list[str]:
    columns = [column.strip() for column in text.split(",") if column.strip()]
    for column in columns:
        if column not in GROUPABLE:
            raise InputError(
                f"{option} {column}: not a column to group by ({', '.join(GROUPABLE)})"
            )
    return columns


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
    test = report.get("log_rank")
    if test and test["p_value"] is not None:
        lines.append(
            f"Retention compared across {test['groups_compared']} groups (log-rank): "
            f"chi-square {test['chi_square']:.2f} on {test['degrees_of_freedom']} df, "
            f"p = {test['p_value']:.3g}; {test['small_cells']} small cell(s), not ranked."
        )
    stratified = report["overall"].get("stratified")
    if stratified:
        lines.append(
            f"Stratified by {', '.join(stratified['by'])}: {_percent(stratified['share_left'])} "
            f"({stratified['ci'][0] * 100:.0f}-{stratified['ci'][1] * 100:.0f} %), "
            f"pooled {_percent(stratified['pooled_share_left'])}."
        )
    adjusted = report["overall"].get("nonresponse_adjusted")
    if adjusted and adjusted["share_left"] is not None:
        lines.append(
            f"Adjusted for non-response by {', '.join(report['nonresponse_adjustment']['by'])}: "
            f"{_percent(adjusted['share_left'])} ({adjusted['ci'][0] * 100:.0f}-"
            f"{adjusted['ci'][1] * 100:.0f} %), effective n {adjusted['effective_n']:.0f}."
        )
    return "\n".join(lines)
