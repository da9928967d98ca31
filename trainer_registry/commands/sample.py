"""``trainer-registry sample``: draw a follow-up sample from a population file."""

from __future__ import annotations

import argparse
import csv
import io
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

from trainer_registry.cli import InputError
from trainer_registry.inputs.spreadsheet import safe_row

COMMAND = "sample"
HELP = "draw a reproducible simple or stratified random sample from a population CSV"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="population CSV (UTF-8) with a person_id column")
    parser.add_argument("--size", type=int, required=True, help="how many to draw")
    parser.add_argument(
        "--strata", default="", help="columns that define strata, e.g. country,sector"
    )
    parser.add_argument("--allocation", choices=["proportional", "neyman"], default="proportional")
    parser.add_argument(
        "--proportion-column",
        help="column with each person's expected proportion, averaged per stratum (Neyman)",
    )
    parser.add_argument(
        "--seed", type=int, required=True, help="seed: the same seed, the same sample"
    )
    parser.add_argument("--out", type=Path, help="write the sample here instead of standard output")


def _read(path: Path, needed: list[str]) -> tuple[list[str], list[dict[str, str]]]:
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise InputError(
            f"{path.name}: row {line}: not UTF-8 text; save the file as CSV UTF-8"
        ) from None
    reader = csv.DictReader(io.StringIO(text))
    columns = reader.fieldnames or []
    for column in ["person_id", *needed]:
        if column not in columns:
            raise InputError(f"{path.name}: row 1: missing column '{column}'")
    rows = list(reader)
    if not rows:
        raise InputError(f"{path.name}: row 2: the file holds no people")
    seen: dict[str, int] = {}
    for number, row in enumerate(rows, start=2):
        person = (row["person_id"] or "").strip()
        if not person:
            raise InputError(f"{path.name}: row {number}, column 'person_id': empty")
        if person in seen:
            raise InputError(
                f"{path.name}: row {number}, column 'person_id': {person} again "
                f"(first on row {seen[person]})"
            )
        seen[person] = number
    return columns, rows


def run(args: argparse.Namespace) -> int:
    # Loaded at run time: the CLI parser is built before Django is set up.
    from trainer_registry.followup.sampling import draw

    strata = [column.strip() for column in args.strata.split(",") if column.strip()]
    needed = strata + ([args.proportion_column] if args.proportion_column else [])
    columns, rows = _read(args.file, needed)
    units = {row["person_id"].strip(): "|".join(row[c].strip() for c in strata) for row in rows}
    proportions = None
    if args.proportion_column:
        sums: Counter = Counter()
        counts: Counter = Counter()
        for number, row in enumerate(rows, start=2):
            try:
                value = float(row[args.proportion_column])
            except ValueError:
                raise InputError(
                    f"{args.file.name}: row {number}, column '{args.proportion_column}': "
                    "not a number"
                ) from None
            if not 0 <= value <= 1:
                raise InputError(
                    f"{args.file.name}: row {number}, column '{args.proportion_column}': "
                    f"{value} is not between 0 and 1"
                )
            label = units[row["person_id"].strip()]
            sums[label] += value
            counts[label] += 1
        proportions = {label: sums[label] / counts[label] for label in counts}
    try:
        sample = draw(
            units,
            size=args.size,
            seed=args.seed,
            allocation=args.allocation,
            proportions=proportions,
        )
    except ValueError as error:
        raise InputError(f"--size {args.size}: {error}") from None
    by_id = {row["person_id"].strip(): row for row in rows}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(safe_row([*columns, "stratum", "inclusion_probability", "base_weight"]))
    for unit in sample:
        row = by_id[unit.unit]
        writer.writerow(
            safe_row(
                [row[c] for c in columns]
                + [unit.stratum, f"{unit.inclusion_probability:.10g}", f"{unit.base_weight:.10g}"]
            )
        )
    if args.out:
        _write_atomically(args.out, out.getvalue())
    else:
        sys.stdout.write(out.getvalue())
    summary = Counter(unit.stratum for unit in sample)
    print(
        f"Drew {len(sample)} of {len(rows)} (seed {args.seed}): "
        + ", ".join(f"{label or 'all'} {summary[label]}" for label in sorted(summary)),
        file=sys.stderr,
    )
    return 0


def _write_atomically(path: Path, text: str) -> None:
    """Write to a temporary file beside ``path``, then rename: never half a file."""
    if not path.parent.is_dir():
        raise InputError(f"--out {path}: the folder {path.parent} does not exist")
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
