"""``trainer-registry job show N``: what became of work queued from the command line or a
staff page (certificates issued in bulk, certification reminders, programme reports).

``trainer-registry job remove-old-reports``: delete the files of programme reports kept
longer than ``TRAINER_REGISTRY_REPORT_RETENTION_DAYS`` (run it daily, from the same
scheduler as ``trainer-registry certification remind``); their jobs stay, marked."""

from __future__ import annotations

import argparse
import json

from trainer_registry.cli import InputError

COMMAND = "job"
HELP = "queued work: show a job's status and result; remove old programme report files"
NEEDS_DATABASE = True


def configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    show = actions.add_parser("show", help="the job's status, attempts and outcome")
    show.add_argument("job", type=int, metavar="N", help="the job's number")
    show.add_argument("--json", action="store_true", help="print the job as JSON")
    remove = actions.add_parser(
        "remove-old-reports",
        help="delete the files of programme reports made more than DAYS days ago, and "
        "stored report files that old which no report offers",
    )
    remove.add_argument(
        "--days",
        type=int,
        metavar="DAYS",
        help="default: the setting TRAINER_REGISTRY_REPORT_RETENTION_DAYS (30 if unset)",
    )


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
    if args.action == "remove-old-reports":
        return _remove_old_reports(args.days)
    return _show(args)


def _remove_old_reports(days: int | None) -> int:
    # Loaded at run time: the CLI parser is built before Django is set up.
    from trainer_registry.programme_report import stored

    if days is not None and days < 1:
        raise InputError(f"--days must be at least 1, not {days}")
    done = stored.remove_old_reports(days=days, leftovers=True)
    print(
        f"removed the files of {len(done.removed)} programme reports made more than "
        f"{done.days} days ago; {done.kept} ready reports kept"
    )
    for request_id in done.removed:
        print(f"removed: report {request_id}")
    for name in done.leftovers:
        print(f"removed: {name} (no report offers it)")
    return 0


def _show(args: argparse.Namespace) -> int:
    # Loaded at run time: the CLI parser is built before Django is set up.
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
