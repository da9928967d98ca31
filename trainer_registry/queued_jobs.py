"""The record of long work asked for on a staff page or the command line.

:func:`ask` writes the :class:`~trainer_registry.models.QueuedJob` before the work is
queued (or run inline); the task then calls :func:`taken_up` each time a worker starts it
(so a redelivered message shows as a second attempt), and :func:`done` or :func:`failed`
when it ends. Every step is its own short transaction, so the record is readable while the
work runs. The work itself must be idempotent: a job is run again in full when its worker
dies, and the outcome it records is the last run's.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from trainer_registry.models import JobStatus, QueuedJob


def ask(kind: str, *, subject: str = "", requested_by=None) -> QueuedJob:
    """Record that ``requested_by`` asked for work of ``kind`` about ``subject``."""
    return QueuedJob.objects.create(kind=kind, subject=subject, requested_by=requested_by)


def taken_up(job_id: int | None) -> None:
    """A worker (or the requesting process) starts the job: one attempt more."""
    if job_id is None:
        return
    with transaction.atomic():
        job = QueuedJob.objects.select_for_update().get(pk=job_id)
        job.attempts += 1
        job.status = JobStatus.RUNNING
        job.save(update_fields=["attempts", "status"])


def _end(job_id: int | None, status: str, outcome: dict) -> None:
    if job_id is None:
        return
    QueuedJob.objects.filter(pk=job_id).update(
        status=status, outcome=outcome, finished_at=timezone.now()
    )


def done(job_id: int | None, outcome: dict) -> None:
    """The job ended; ``outcome`` is what it did (counts and pseudonymous ids only)."""
    _end(job_id, JobStatus.DONE, outcome)


def failed(job_id: int | None, reasons: list[str]) -> None:
    """The job could not do its work, for ``reasons``; asking again is needed."""
    _end(job_id, JobStatus.FAILED, {"reasons": list(reasons)})


def latest(kind: str, subject: str) -> QueuedJob | None:
    """The most recently asked job of ``kind`` about ``subject``, if any."""
    return QueuedJob.objects.filter(kind=kind, subject=subject).first()
