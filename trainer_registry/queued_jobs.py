"""The record of long work asked for on a staff page or the command line.

:func:`ask` writes the :class:`~trainer_registry.models.QueuedJob` before the work is
queued (or run inline); the task then calls :func:`taken_up` (or :func:`claim`) each time
a worker starts it (so a redelivered message shows as a second attempt), and :func:`done`
or :func:`failed` when it ends. Every step is its own short transaction, so the record is
readable while the work runs. The work itself must be idempotent: a job is run again in
full when its worker dies, and the outcome it records is the last run's.

:func:`taken_up` is for work that is safe to run twice at the same time (each
certificate is issued once by a constraint). :func:`claim` is for work that must not be:
one statement takes the job only while it is queued, or running under a claim older than
the work's time limit (its worker was killed: a live worker cannot run that long), so of
two takers at once exactly one gets it, on every database the registry runs on.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import F, Q
from django.utils import timezone

from trainer_registry.models import JobStatus, QueuedJob


def ask(
    kind: str, *, subject: str = "", requested_by=None, outcome: dict | None = None
) -> QueuedJob:
    """Record that ``requested_by`` asked for work of ``kind`` about ``subject``;
    ``outcome`` starts with what the work needs to know (JSON values), if anything."""
    return QueuedJob.objects.create(
        kind=kind, subject=subject, requested_by=requested_by, outcome=outcome or {}
    )


def _take(jobs, now: datetime) -> int:
    return jobs.update(status=JobStatus.RUNNING, attempts=F("attempts") + 1, taken_at=now)


def taken_up(job_id: int | None) -> None:
    """A worker (or the requesting process) starts the job: one attempt more."""
    if job_id is None:
        return
    _take(QueuedJob.objects.filter(pk=job_id), timezone.now())


def claim(job_id: int, *, stale_after: timedelta, now: datetime | None = None) -> bool:
    """Take the job for this worker alone: ``True`` when it was queued, or running under
    a claim older than ``stale_after`` (one attempt more, as :func:`taken_up`); ``False``
    when another taker holds it or it has ended."""
    now = now or timezone.now()
    free = Q(status=JobStatus.QUEUED) | Q(status=JobStatus.RUNNING, taken_at__lt=now - stale_after)
    return _take(QueuedJob.objects.filter(free, pk=job_id), now) == 1


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
    """The job could not do its work, for ``reasons``; asking again is needed. What the
    job was asked with (its outcome so far) is kept beside the reasons."""
    asked = QueuedJob.objects.filter(pk=job_id).values_list("outcome", flat=True).first()
    _end(job_id, JobStatus.FAILED, {**(asked or {}), "reasons": list(reasons)})


def latest(kind: str, subject: str) -> QueuedJob | None:
    """The most recently asked job of ``kind`` about ``subject``, if any."""
    return QueuedJob.objects.filter(kind=kind, subject=subject).first()
