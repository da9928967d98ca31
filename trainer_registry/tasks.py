"""Long or platform-driven work, as Celery tasks when a broker is configured.

Tasks take plain values and ids, never objects, and are safe to run twice: a worker that
dies mid-task has its message delivered again (``acks_late``), and the work it redoes is
idempotent. Without a broker (``CELERY_BROKER_URL`` unset, or ``task_always_eager``) the
same functions run inline in the calling process.
"""

from __future__ import annotations

import logging
from datetime import date

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import task_postrun, task_prerun
from django.conf import settings
from django.db import OperationalError, close_old_connections, transaction
from kombu.exceptions import OperationalError as KombuOperationalError

from trainer_registry import queued_jobs
from trainer_registry.certificates import jobs as certificate_jobs
from trainer_registry.followup import campaigns, invitations
from trainer_registry.models import FollowUpCampaign
from trainer_registry.platform import events as platform_events
from trainer_registry.programme_report import stored
from trainer_registry.programme_report.stored import TIME_LIMIT

log = logging.getLogger(__name__)

# Every task: acknowledged when done, so a message whose worker died is delivered again;
# retried with back-off when the database is briefly out of reach.
SAFE_TO_REDO = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (OperationalError,),
    "retry_backoff": True,
    "max_retries": 5,
}


@shared_task(
    bind=True,
    **SAFE_TO_REDO,
    name="trainer_registry.apply_platform_event",
)
def apply_platform_event(self, kind: str, payload: dict) -> dict:
    """Apply one platform event (see :mod:`trainer_registry.platform.events`)."""
    handler = platform_events.HANDLERS[kind]
    values = dict(payload)
    if "on" in values:
        values["on"] = date.fromisoformat(values["on"])
    outcome = handler(**values)
    log.info("platform event %s: %s %s", kind, outcome.status, outcome.reason)
    return {"status": outcome.status, "reason": outcome.reason}


@shared_task(
    **SAFE_TO_REDO,
    name="trainer_registry.send_campaign_reminders",
)
def send_campaign_reminders(campaign_id: int) -> int:
    """Send the reminders now due in one follow-up campaign; safe to run again."""
    campaign = FollowUpCampaign.objects.get(pk=campaign_id)
    return campaigns.send_reminders(
        campaign, link_for=invitations.public_link, send=invitations.send_reminder
    )


@task_prerun.connect
@task_postrun.connect
def _close_old_connections(sender=None, **kwargs) -> None:
    """Around each task a worker runs, as around each request: a database connection
    past its age (``CONN_MAX_AGE``) or left unusable by an error is closed, and the next
    query opens a new one; one still good is kept for the next task. Not for a task run
    inline, inside its caller's request and transaction."""
    request = getattr(sender, "request", None)
    if request is not None and not getattr(request, "is_eager", False):
        close_old_connections()


def _report_limits() -> dict:
    seconds = int(TIME_LIMIT.total_seconds())
    return {"time_limit": seconds, "soft_time_limit": seconds - 60}


@shared_task(
    bind=True,
    **SAFE_TO_REDO,
    **_report_limits(),
    name="trainer_registry.generate_programme_report",
)
def generate_programme_report(
    self, user_id: int, request_id: str, job_id: int | None = None
) -> str:
    """Write the programme report a user asked for (``job_id``, given by :func:`ask`, is
    the request's own job, found again from ``request_id``), once: a ready or failed report is
    left as it is, and one another worker is making now is looked at again when that
    worker's claim lapses (it is taken over if that worker died). Returns ``ready``,
    ``failed`` or, run inline while another taker makes it, ``running``."""
    try:
        return stored.generate(user_id, request_id)
    except stored.Taken as taken:
        if self.request.is_eager:
            return stored.RUNNING
        raise self.retry(countdown=taken.free_in) from None
    except SoftTimeLimitExceeded:
        minutes = int(stored.TIME_LIMIT.total_seconds()) // 60
        stored.mark_failed(user_id, request_id, f"making it took more than {minutes} minutes")
        return stored.FAILED


@shared_task(
    **SAFE_TO_REDO,
    name="trainer_registry.issue_event_certificates",
)
def issue_event_certificates(
    event_id: int, issuer_user_id: int, on: str, job_id: int | None = None
) -> dict:
    """Issue the certificates still missing for one training, as the trainer who led it
    (see :func:`trainer_registry.certificates.jobs.issue_event_certificates`); safe to run
    again: each certificate is issued once."""
    return certificate_jobs.issue_event_certificates(
        event_id, issuer_user_id, date.fromisoformat(on), job_id=job_id
    )


@shared_task(
    **SAFE_TO_REDO,
    name="trainer_registry.send_certification_reminders",
)
def send_certification_reminders(
    on: str, within_days: int, requested_by_id: int | None = None, job_id: int | None = None
) -> dict:
    """Email the trainers whose certification expires soon; safe to run again: each
    certification is reminded once."""
    return certificate_jobs.send_certification_reminders(
        date.fromisoformat(on), within_days, requested_by_id=requested_by_id, job_id=job_id
    )


def _queued() -> bool:
    return bool(getattr(settings, "CELERY_BROKER_URL", None)) and not getattr(
        settings, "CELERY_TASK_ALWAYS_EAGER", False
    )


def queued() -> bool:
    """Whether tasks go to a broker for a worker (``True``) or run inline, now."""
    return _queued()


def run(task, *args):
    """Queue ``task`` when a broker is configured (returns ``None``), or run it now and
    return its result."""
    if _queued():
        task.delay(*args)
        return None
    return task.apply(args=args, throw=True).get()


def dispatch(kind: str, payload: dict) -> None:
    """Queue the platform event when a broker is configured, or apply it now."""
    run(apply_platform_event, kind, payload)


def ask(kind: str, task, *args, subject: str = "", requested_by=None, outcome=None):
    """Record a :class:`~trainer_registry.models.QueuedJob` for ``task`` (its
    ``outcome`` starting as ``outcome``: what the work needs to know) and queue the task
    (once the job is committed) when a broker is configured, or run it now. The task gets
    ``args`` and the job's id last. Returns the job as it stands: ``queued``, or ``done``
    / ``failed`` with its outcome when it ran inline. Every long job of the registry is
    asked for here: certificates in bulk, reminders, programme reports."""
    job = queued_jobs.ask(kind, subject=subject, requested_by=requested_by, outcome=outcome)
    if _queued():

        def send() -> None:
            try:
                task.delay(*args, job.pk)
            except (KombuOperationalError, OSError) as error:
                log.exception("job %s could not be queued", job.pk)
                queued_jobs.failed(job.pk, [f"the task queue could not be reached: {error}"])

        transaction.on_commit(send)
    else:
        task.apply(args=(*args, job.pk), throw=True).get()
    job.refresh_from_db()
    return job
