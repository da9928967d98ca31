"""``trainer-registry item-analysis RESPONSES.csv``: item analysis of one form, no
database.

Reads the item responses CSV (:mod:`trainer_registry.assessment.responses_file`), keeps
the rows of ``--form`` and ``--phase`` when given, and prints difficulty, discrimination,
option shares and flags per item and the form's KR-20
(:mod:`trainer_registry.assessment.item_analysis`): a table, or with ``--json`` one JSON
object ``{"learners", "items", "complete_learners", "kr20", "too_few", "items_detail"}``
(undefined statistics are ``null``). A file that mixes forms or phases must be narrowed
to one of each. Bad input exits with status 2 and a message naming the row.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from trainer_registry.cli import InputError

COMMAND = "item-analysis"
HELP = "difficulty, discrimination, option shares and KR-20 of a form's item responses"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file", type=Path, help="CSV with learner_id,item_id,chosen,correct (extra columns ok)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--form", help="keep the rows of this form (column 'form')")
    parser.add_argument("--phase", help="keep the rows of this phase (column 'phase')")
    parser.add_argument(
        "--min-learners", type=int, default=30, help="fewer learners are marked too few (30)"
    )


def _narrow(frame, args: argparse.Namespace):
    # Loaded at run time: the CLI parser is built before the commands' work is needed.
    from trainer_registry.assessment.responses_file import split_values

    values = split_values(frame)
    for column in ("form", "phase"):
        wanted = getattr(args, column)
        if wanted is None:
            if len(values.get(column, [])) > 1:
                raise InputError(
                    f"the file holds {column}s {', '.join(values[column])}: "
                    f"choose one with --{column}"
                )
            continue
        if column not in values:
            raise InputError(f"--{column} {wanted}: the file has no '{column}' column")
        if wanted not in values[column]:
            raise InputError(f"--{column} {wanted}: not in the file ({', '.join(values[column])})")
        frame = frame[frame[column] == wanted]
    return frame


def _number(value: float | None, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _table(result) -> str:
    lines = [
        f"{result.learners} learners, {result.items} items; KR-20 {_number(result.kr20)} "
        f"over the {result.complete} learners who answered every item"
        + (" (too few learners to judge)" if result.too_few else ""),
        "",
        f"{'item':<16} {'answered':>8} {'p':>6} {'r':>6}  options  flags",
    ]
    for item in result.items_detail:
        options = " ".join(f"{o}:{share * 100:.0f}%" for o, share in item.options.items())
        lines.append(
            f"{item.item_id:<16} {item.answered:>8} {_number(item.difficulty):>6} "
            f"{_number(item.discrimination):>6}  {options}  {', '.join(item.flags)}"
        )
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    # Loaded at run time: the CLI parser is built before the commands' work is needed.
    from trainer_registry.assessment.item_analysis import item_analysis, response_matrix
    from trainer_registry.assessment.responses_file import ResponsesFileError, read_responses

    if not args.file.is_file():
        raise InputError(f"{args.file}: no such file")
    if args.min_learners < 1:
        raise InputError(f"--min-learners {args.min_learners}: must be at least 1")
    try:
        frame = read_responses(args.file)
    except ResponsesFileError as error:
        raise InputError(f"{args.file}: {error}") from None
    frame = _narrow(frame, args)
    matrix = response_matrix(
        frame["learner_id"], frame["item_id"], frame["chosen"], frame["correct"]
    )
    result = item_analysis(matrix, min_learners=args.min_learners)
    print(json.dumps(result.as_dict()) if args.json else _table(result))
    return 0
