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

A report is made once however many takers start it at the same time (two workers given
the same message, a message delivered again while its first worker still runs): the
taker first claims the job (:func:`trainer_registry.queued_jobs.claim`), and a job that
is running under another taker's claim raises :class:`Taken`, saying when that claim
lapses. The task is limited to :data:`TIME_LIMIT`, so a claim older than that is a dead
worker's, and the next delivery takes the job over (one attempt more).

A ready report's file is kept ``TRAINER_REGISTRY_REPORT_RETENTION_DAYS`` days (30 by
default) after it was made, then deleted by :func:`remove_old_reports`; its job stays,
marked with the day the file was removed, so the page says so instead of offering a
link to nothing. Every removal is audited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.db import transaction
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
REMOVED = "removed"  # was ready; its file was deleted after the retention period
# The longest a report may take: the task is stopped after it, so a claim this old is
# the claim of a worker that died.
TIME_LIMIT = timedelta(minutes=15)
RETENTION_SETTING = "TRAINER_REGISTRY_REPORT_RETENTION_DAYS"
DEFAULT_RETENTION_DAYS = 30
STATE_OF_STATUS = {
    JobStatus.QUEUED: QUEUED,
    JobStatus.RUNNING: RUNNING,
    JobStatus.DONE: READY,
    JobStatus.FAILED: FAILED,
}


class ReportNotFound(LookupError):
    """No report with this id for this user (or not in their reach any more)."""


class Taken(RuntimeError):
    """Another taker is making this report now; its claim lapses in ``free_in`` seconds
    (if its worker died, the report can be taken over then)."""

    def __init__(self, request_id: str, free_in: float):
        super().__init__(f"report {request_id} is being made by another worker")
        self.free_in = free_in


@dataclass(frozen=True)
class StoredReport:
    request_id: str
    format: str
    options: dict
    requested_at: datetime
    state: str
    reason: str = ""
    attempts: int = 0
    removed_on: str = ""
    kept_days: int = 0

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


def request(user, options: ReportOptions, fmt: str, request_id: str) -> dict:
    """Check a request and audit it; returns what its job starts with (the ``format``
    and the ``options``), for :func:`trainer_registry.tasks.ask` to record and queue."""
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if not REQUEST_ID.fullmatch(request_id):
        raise ValueError(f"request id {request_id!r}: expected 32 hexadecimal digits")
    audit.record(
        user, AuditAction.CREATE, "programme_report", request_id, format=fmt, **options.as_dict()
    )
    return {"format": fmt, "options": options.as_dict()}


def record_request(user, options: ReportOptions, fmt: str, request_id: str) -> QueuedJob:
    """Keep the request as a queued job without queueing it (:func:`request`, then the
    job), for a caller that runs :func:`generate` itself."""
    outcome = request(user, options, fmt, request_id)
    return queued_jobs.ask(
        JobKind.PROGRAMME_REPORT, subject=request_id, requested_by=user, outcome=outcome
    )


def mark_failed(user_id: int, request_id: str, reason: str) -> None:
    """Record why a request will not be made (for example, the queue was unreachable)."""
    _end(_job(user_id, request_id), JobStatus.FAILED, reasons=[reason])


def _write(name: str, data: bytes) -> None:
    if _storage().exists(name):
        _storage().delete(name)
    _storage().save(name, ContentFile(data))


def generate(user_id: int, request_id: str) -> str:
    """Write the report of one request, unless it has ended already; returns the state.
    :class:`Taken` when another taker is making it now."""
    job = _job(user_id, request_id)
    if not queued_jobs.claim(job.pk, stale_after=TIME_LIMIT):
        job.refresh_from_db()
        if job.status == JobStatus.RUNNING:
            lapses = job.taken_at + TIME_LIMIT if job.taken_at else timezone.now()
            raise Taken(request_id, max((lapses - timezone.now()).total_seconds(), 1.0))
        return STATE_OF_STATUS[job.status]
    user = get_user_model().objects.filter(pk=user_id).first()
    access = access_for(user)
    if not access.is_staff:
        _end(job, JobStatus.FAILED, reasons=["the account no longer has a registry role"])
        return FAILED
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


def _removed(job: QueuedJob) -> bool:
    return "removed_on" in job.outcome.get("file", {})


def _stored(job: QueuedJob) -> StoredReport:
    file = job.outcome.get("file", {})
    return StoredReport(
        request_id=job.subject,
        format=job.outcome.get("format", ""),
        options=job.outcome.get("options", {}),
        requested_at=job.requested_at,
        state=REMOVED if _removed(job) else STATE_OF_STATUS[job.status],
        reason="; ".join(job.outcome.get("reasons", ())),
        attempts=job.attempts,
        removed_on=file.get("removed_on", ""),
        kept_days=file.get("kept_days", 0),
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
    if (
        job.status != JobStatus.DONE
        or _removed(job)
        or not _still_reaches(access_for(user), job.outcome)
    ):
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


def parse_retention_days(value: object) -> int:
    """The retention period in days from a setting's value: a whole number (or its
    digits, as an environment variable gives them) of at least 1; :class:`ValueError`
    otherwise."""
    if isinstance(value, str) and re.fullmatch(r"\s*[0-9]+\s*", value):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{value!r} is not a whole number of days of at least 1")
    return value


def retention_days() -> int:
    """How many days a ready report's file is kept (``TRAINER_REGISTRY_REPORT_RETENTION_DAYS``,
    default 30); :class:`~django.core.exceptions.ImproperlyConfigured` naming the setting
    when its value is not a whole number of days of at least 1."""
    value = getattr(settings, RETENTION_SETTING, DEFAULT_RETENTION_DAYS)
    try:
        return parse_retention_days(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"{RETENTION_SETTING} = {value!r}: give the number of days a programme report's "
            f"file is kept, a whole number of at least 1 (default {DEFAULT_RETENTION_DAYS})"
        ) from None


@dataclass(frozen=True)
class RemovedReports:
    """What :func:`remove_old_reports` did: the request ids whose files it deleted, how
    many ready reports it kept, and the stored files no kept request names (left over
    from before reports were queued jobs, or from requests since deleted)."""

    days: int
    removed: tuple[str, ...]
    kept: int
    leftovers: tuple[str, ...] = ()


def _remove_file_of(job_id: int, *, days: int, now: datetime) -> str | None:
    """Delete the file of one ready report and mark its job; the request id, or ``None``
    when another clean-up got there first."""
    with transaction.atomic():
        job = QueuedJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != JobStatus.DONE or _removed(job):
            return None
        file = job.outcome.get("file", {})
        if file.get("name"):
            _storage().delete(file["name"])
        marked = {**file, "removed_on": now.date().isoformat(), "kept_days": days}
        QueuedJob.objects.filter(pk=job.pk).update(outcome={**job.outcome, "file": marked})
        audit.record(
            None,
            AuditAction.DELETE,
            "programme_report",
            job.subject,
            via="retention",
            kept_days=days,
            bytes=file.get("size", 0),
        )
    return job.subject


def _leftovers(cutoff: datetime) -> list[str]:
    """Delete the stored files older than ``cutoff`` that no report still offers."""
    storage = _storage()
    offered = {
        job.outcome["file"]["name"]
        for job in QueuedJob.objects.filter(kind=JobKind.PROGRAMME_REPORT, status=JobStatus.DONE)
        if "name" in job.outcome.get("file", {}) and not _removed(job)
    }
    try:
        folders, _ = storage.listdir(FOLDER)
    except (FileNotFoundError, NotImplementedError):
        return []
    removed = []
    for folder in sorted(folders):
        for file_name in sorted(storage.listdir(f"{FOLDER}/{folder}")[1]):
            name = f"{FOLDER}/{folder}/{file_name}"
            if name in offered or storage.get_modified_time(name) >= cutoff:
                continue
            storage.delete(name)
            audit.record(None, AuditAction.DELETE, "programme_report_file", name, via="retention")
            removed.append(name)
    return removed


def remove_old_reports(
    *, days: int | None = None, now: datetime | None = None, leftovers: bool = False
) -> RemovedReports:
    """Delete the files of reports made more than ``days`` days (by default the
    retention setting) before ``now``, marking their jobs; with ``leftovers``, also the
    stored files that old which no ready report names."""
    days = retention_days() if days is None else parse_retention_days(days)
    now = now or timezone.now()
    cutoff = now - timedelta(days=days)
    offered = QueuedJob.objects.filter(
        kind=JobKind.PROGRAMME_REPORT, status=JobStatus.DONE
    ).exclude(outcome__file__has_key="removed_on")
    old = offered.filter(finished_at__lt=cutoff)
    removed = [
        request_id
        for job_id in old.order_by("finished_at", "pk").values_list("pk", flat=True)
        if (request_id := _remove_file_of(job_id, days=days, now=now))
    ]
    kept = offered.count()
    left = _leftovers(cutoff) if leftovers else []
    return RemovedReports(days, tuple(removed), kept, tuple(left))
