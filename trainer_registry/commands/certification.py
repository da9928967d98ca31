"""``trainer-registry certification remind``: email trainers whose certification expires soon.

With a Celery broker configured the work is queued and the command prints the job's
number (``trainer-registry job show N`` shows its result); without one it runs at once.
"""

from __future__ import annotations

import argparse
from datetime import date

from trainer_registry.cli import InputError

COMMAND = "certification"
HELP = "trainer certification: remind trainers before their certification expires"
NEEDS_DATABASE = True


def configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    remind = actions.add_parser(
        "remind",
        help="email each trainer whose certification expires within DAYS days, once",
    )
    remind.add_argument("--within-days", type=int, default=60, metavar="DAYS", help="default: 60")
    remind.add_argument("--on", metavar="YYYY-MM-DD", help="the day to count from (default: today)")


def run(args: argparse.Namespace) -> int:
    # Loaded at run time: the CLI parser is built before Django is set up.
    from django.utils import timezone

    from trainer_registry.api import ask_for_certification_reminders
    from trainer_registry.models import JobStatus

    if args.within_days < 1:
        raise InputError(f"--within-days must be at least 1, not {args.within_days}")
    try:
        on = date.fromisoformat(args.on) if args.on else timezone.localdate()
    except ValueError:
        raise InputError(f"--on {args.on!r} is not a date written YYYY-MM-DD") from None
    job = ask_for_certification_reminders(on=on, within_days=args.within_days)
    if job.status == JobStatus.QUEUED:
        print(f"queued as job {job.id}; `trainer-registry job show {job.id}` shows its result")
        return 0
    if job.status == JobStatus.FAILED:
        raise InputError("; ".join(job.outcome["reasons"]))
    sent = job.outcome["sent"]
    print(f"{sent} reminder{'' if sent == 1 else 's'} sent")
    for public_id in job.outcome["without_email"]:
        print(f"no email address: person {public_id}")
    return 0
