"""``trainer-registry sample-size``: how many people to invite to a follow-up."""

from __future__ import annotations

import argparse
import json

from trainer_registry.cli import InputError

COMMAND = "sample-size"
HELP = "how many to invite to estimate a proportion within a margin"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--proportion", type=float, required=True, help="expected proportion, e.g. 0.35"
    )
    parser.add_argument("--margin", type=float, required=True, help="margin of error, e.g. 0.05")
    parser.add_argument("--population", type=int, help="size of the population, if finite")
    parser.add_argument("--response-rate", type=float, default=1.0, help="expected response rate")
    parser.add_argument("--confidence", type=float, default=0.95, help="confidence level (0.95)")
    parser.add_argument("--format", choices=["text", "json"], default="text")


def run(args: argparse.Namespace) -> int:
    # Loaded at run time: the CLI parser is built before Django is set up.
    from trainer_registry.followup.sampling import sample_size

    try:
        size = sample_size(
            proportion=args.proportion,
            margin=args.margin,
            population=args.population,
            response_rate=args.response_rate,
            confidence=args.confidence,
        )
    except ValueError as error:
        raise InputError(str(error)) from None
    if args.format == "json":
        print(
            json.dumps(
                {"z": size.z, "n0": size.n0, "n_finite": size.n_finite, "invite": size.invite}
            )
        )
        return 0
    print(f"Invite {size.invite} people.")
    print(
        f"  n0 = z^2 p(1-p)/e^2 = {size.z:.4f}^2 x {args.proportion} x {1 - args.proportion:g} "
        f"/ {args.margin}^2 = {size.n0:.1f}"
    )
    if args.population is not None:
        print(
            f"  finite population of {args.population}: "
            f"n = n0 / (1 + (n0 - 1)/N) = {size.n_finite:.1f}"
        )
    if args.response_rate < 1:
        print(
            f"  expected response rate {args.response_rate:g}: "
            f"{size.n_finite:.1f} / {args.response_rate:g}"
        )
    return 0
