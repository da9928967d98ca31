"""``trainer-registry job show N``: what became of work queued from the command line or a
staff page (certificates issued in bulk, certification reminders, programme reports)."""

from __future__ import annotations

import argparse
import json

from trainer_registry.cli import InputError

COMMAND = "job"
HELP = "queued work: show a job's status and result"
NEEDS_DATABASE = True


def configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    show = actions.add_parser("show", help="the job's status, attempts and outcome")
    show.add_argument("job", type=int, metavar="N", help="the job's number")
    show.add_argument("--json", action="store_true", help="print the job as JSON")


def describe(job) -> dict:
    """The job as plain values (its outcome holds counts and public ids, never names)."""
    return {
        "job": job.pk,
        "kind": job.kind,
        "subject": job.subject,
        "status": job.status,
        "attempts": job.attempts,
        "requested_at": job.requested_at.isoformat(),
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
        "outcome": job.outcome,
    }


def run(args: argparse.Namespace) -> int:
    from trainer_registry.models import QueuedJob

    job = QueuedJob.objects.filter(pk=args.job).first()
    if job is None:
        raise InputError(f"there is no job {args.job}")
    shown = describe(job)
    if args.json:
        print(json.dumps(shown, ensure_ascii=False, indent=2))
        return 0
    for key in ("job", "kind", "subject", "status", "attempts", "requested_at", "finished_at"):
        if shown[key] not in ("", None):
            print(f"{key}: {shown[key]}")
    for key, value in _lines(shown["outcome"]):
        print(f"{key}: {value}")
    return 0


def _lines(outcome: dict, prefix: str = ""):
    """``(key, value)`` per line: a nested value's key is dotted (``file.size``), a list
    is joined with commas."""
    for key, value in outcome.items():
        if isinstance(value, dict):
            yield from _lines(value, f"{prefix}{key}.")
        elif isinstance(value, list):
            yield f"{prefix}{key}", ", ".join(map(str, value))
        else:
            yield f"{prefix}{key}", value
