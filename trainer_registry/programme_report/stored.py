"""Programme reports asked for on the staff pages: the request, its state, the file.

A request is a :class:`~trainer_registry.models.QueuedJob` of kind ``programme_report``
whose ``subject`` is the request's random 128-bit id (32 hex digits, the id in the page's
addresses) and whose ``requested_by`` is the user who asked. Its ``outcome`` holds the
``format`` and the ``options`` from the start and, once the report is ready, the stored
``file`` (``name``, ``size`` in bytes, ``format``) with the ``countries`` it covers and
whether it was ``regional``; a failed request holds the ``reasons``. Country codes and
counts only, never names of people. Job status and report state correspond as
queued → queued, running → running, done → ready, failed → failed.

Only the file is kept in storage: Django's default storage (``MEDIA_ROOT`` on the
standalone site), or ``STORAGES["trainer_registry_reports"]`` when configured, under
``programme-reports/<user id>/<request id>.<format>``.

:func:`generate` is what the Celery task runs. It is safe to run twice: once the job is
done it returns at once, and a file cut short by a worker that died (its job still
running) is written again from the start. Only the user who asked reads the file, and
only while they still reach every country it covers; every request, generation and
download is audited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.utils import timezone

from trainer_registry import audit, queued_jobs
from trainer_registry.access import Access, access_for
from trainer_registry.models import AuditAction, JobKind, JobStatus, QueuedJob
from trainer_registry.programme_report import FORMATS, render
from trainer_registry.programme_report.options import ReportOptions
from trainer_registry.programme_report.report import build_report

FOLDER = "programme-reports"
STORAGE_ALIAS = "trainer_registry_reports"
REQUEST_ID = re.compile(r"[0-9a-f]{32}")
QUEUED, RUNNING, READY, FAILED = "queued", "running", "ready", "failed"
STATE_OF_STATUS = {
    JobStatus.QUEUED: QUEUED,
    JobStatus.RUNNING: RUNNING,
    JobStatus.DONE: READY,
    JobStatus.FAILED: FAILED,
}


class ReportNotFound(LookupError):
    """No report with this id for this user (or not in their reach any more)."""


@dataclass(frozen=True)
class StoredReport:
    request_id: str
    format: str
    options: dict
    requested_at: str
    state: str
    reason: str = ""
    attempts: int = 0

    @property
    def filename(self) -> str:
        stamp = self.options.get("reference_date", "")
        return f"commit-programme-report-{stamp}-{self.request_id[:8]}.{self.format}"


def _storage():
    """The ``trainer_registry_reports`` entry of ``STORAGES`` when configured (where media
    files are served publicly, as under Open edX, point it at a private location), else
    the default storage."""
    if STORAGE_ALIAS in getattr(settings, "STORAGES", {}):
        return storages[STORAGE_ALIAS]
    return default_storage


def _file_name(user_id: int, request_id: str, fmt: str) -> str:
    return f"{FOLDER}/{int(user_id)}/{request_id}.{fmt}"


def _job(user_id: int, request_id: str) -> QueuedJob:
    """The request ``request_id`` of user ``user_id``; :class:`ReportNotFound` when it is
    not an id, or not theirs."""
    if not REQUEST_ID.fullmatch(request_id):
        raise ReportNotFound(request_id)
    job = QueuedJob.objects.filter(
        kind=JobKind.PROGRAMME_REPORT, subject=request_id, requested_by_id=user_id
    ).first()
    if job is None:
        raise ReportNotFound(f"no report request {request_id} for user {user_id}")
    return job


def _end(job: QueuedJob, status: str, **outcome) -> None:
    """End the job keeping its format and options in the outcome."""
    kept = {key: job.outcome[key] for key in ("format", "options") if key in job.outcome}
    QueuedJob.objects.filter(pk=job.pk).update(
        status=status, outcome={**kept, **outcome}, finished_at=timezone.now()
    )


def record_request(user, options: ReportOptions, fmt: str, request_id: str) -> QueuedJob:
    """Keep the request as a queued job (before the task is queued), audited."""
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if not REQUEST_ID.fullmatch(request_id):
        raise ValueError(f"request id {request_id!r}: expected 32 hexadecimal digits")
    job = queued_jobs.ask(JobKind.PROGRAMME_REPORT, subject=request_id, requested_by=user)
    job.outcome = {"format": fmt, "options": options.as_dict()}
    job.save(update_fields=["outcome"])
    audit.record(
        user, AuditAction.CREATE, "programme_report", request_id, format=fmt, **options.as_dict()
    )
    return job


def mark_failed(user_id: int, request_id: str, reason: str) -> None:
    """Record why a request will not be made (for example, the queue was unreachable)."""
    _end(_job(user_id, request_id), JobStatus.FAILED, reasons=[reason])


def _write(name: str, data: bytes) -> None:
    if _storage().exists(name):
        _storage().delete(name)
    _storage().save(name, ContentFile(data))


def generate(user_id: int, request_id: str) -> str:
    """Write the report of one request, unless it is ready already; returns the state."""
    job = _job(user_id, request_id)
    if job.status == JobStatus.DONE:
        return READY
    user = get_user_model().objects.filter(pk=user_id).first()
    access = access_for(user)
    if not access.is_staff:
        _end(job, JobStatus.FAILED, reasons=["the account no longer has a registry role"])
        return FAILED
    queued_jobs.taken_up(job.pk)
    fmt, options = job.outcome["format"], job.outcome["options"]
    try:
        report = build_report(access, ReportOptions.from_dict(options))
    except ValueError as error:  # an option out of reach since the request
        _end(job, JobStatus.FAILED, reasons=[str(error)])
        return FAILED
    data = render(report, fmt)
    name = _file_name(user_id, request_id, fmt)
    _write(name, data)
    _end(
        job,
        JobStatus.DONE,
        file={"name": name, "size": len(data), "format": fmt},
        countries=sorted(report.countries),
        regional=access.countries is None,
    )
    audit.record(
        user,
        AuditAction.EXPORT,
        "programme_report",
        request_id,
        via="generated",
        format=fmt,
        **options,
    )
    return READY


def _stored(job: QueuedJob) -> StoredReport:
    return StoredReport(
        request_id=job.subject,
        format=job.outcome.get("format", ""),
        options=job.outcome.get("options", {}),
        requested_at=job.requested_at.isoformat(timespec="seconds"),
        state=STATE_OF_STATUS[job.status],
        reason="; ".join(job.outcome.get("reasons", ())),
        attempts=job.attempts,
    )


def report_of(user, request_id: str) -> StoredReport:
    """The state of one of the user's requests; :class:`ReportNotFound` for anyone else's."""
    return _stored(_job(user.pk, request_id))


def reports_of(user) -> list[StoredReport]:
    """The user's requests, newest first."""
    jobs = QueuedJob.objects.filter(kind=JobKind.PROGRAMME_REPORT, requested_by_id=user.pk)
    return [_stored(job) for job in jobs.order_by("-requested_at", "-pk")]


def _still_reaches(access: Access, outcome: dict) -> bool:
    if access.countries is None:
        return True
    return not outcome["regional"] and all(access.reaches_country(c) for c in outcome["countries"])


def open_report(user, request_id: str) -> tuple[StoredReport, bytes]:
    """The ready report's bytes, for the user who asked while they reach its countries;
    audited. :class:`ReportNotFound` otherwise."""
    job = _job(user.pk, request_id)
    if job.status != JobStatus.DONE or not _still_reaches(access_for(user), job.outcome):
        raise ReportNotFound(request_id)
    name = job.outcome["file"]["name"]
    if not _storage().exists(name):
        raise ReportNotFound(f"the file of report {request_id} is no longer stored")
    with _storage().open(name, "rb") as handle:
        data = handle.read()
    audit.record(
        user, AuditAction.EXPORT, "programme_report", request_id, via="download", bytes=len(data)
    )
    return _stored(job), data
