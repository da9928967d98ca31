"""Programme reports asked for on the staff pages: the request, the file, its state.

Each request is kept in Django's default storage (``MEDIA_ROOT`` on the standalone site),
or ``STORAGES["trainer_registry_reports"]`` when configured, under
``programme-reports/<user id>/<request id>.*``:

* ``.json``: who asked, when, the options and the format (written when asked);
* ``.pdf`` / ``.xlsx`` / ``.zip``: the report, and ``.ready.json`` beside it once the
  file is complete (with the countries the requester reached then);
* ``.started.json``: how many times a worker has taken the request up (the report is
  being made until ``.ready.json`` appears);
* ``.failed.json``: why generation failed.

:func:`generate` is what the Celery task runs. It is safe to run twice: once the report
is ready it returns at once, and a file half-written by a worker that died is written
again from the start. Only the user who asked reads the file, and only while they still
reach every country it covers; every generation and every download is audited.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.utils import timezone

from trainer_registry import audit
from trainer_registry.access import Access, access_for
from trainer_registry.models import AuditAction
from trainer_registry.programme_report import FORMATS, render
from trainer_registry.programme_report.options import ReportOptions
from trainer_registry.programme_report.report import build_report

FOLDER = "programme-reports"
STORAGE_ALIAS = "trainer_registry_reports"
REQUEST_ID = re.compile(r"[0-9a-f]{32}")
QUEUED, RUNNING, READY, FAILED = "queued", "running", "ready", "failed"


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


def _name(user_id: int, request_id: str, suffix: str) -> str:
    if not REQUEST_ID.fullmatch(request_id):
        raise ReportNotFound(request_id)
    return f"{FOLDER}/{int(user_id)}/{request_id}{suffix}"


def _read_json(name: str) -> dict | None:
    if not _storage().exists(name):
        return None
    with _storage().open(name, "rb") as handle:
        return json.loads(handle.read().decode("utf-8"))


def _write(name: str, data: bytes) -> None:
    if _storage().exists(name):
        _storage().delete(name)
    _storage().save(name, ContentFile(data))


def _write_json(name: str, value: dict) -> None:
    _write(name, json.dumps(value, sort_keys=True).encode("utf-8"))


def record_request(user, options: ReportOptions, fmt: str, request_id: str) -> None:
    """Keep the request (before the task is queued), audited."""
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r}: choose one of {', '.join(FORMATS)}")
    _write_json(
        _name(user.pk, request_id, ".json"),
        {
            "user_id": user.pk,
            "format": fmt,
            "options": options.as_dict(),
            "requested_at": timezone.now().isoformat(timespec="seconds"),
        },
    )
    audit.record(
        user, AuditAction.CREATE, "programme_report", request_id, format=fmt, **options.as_dict()
    )


def mark_failed(user_id: int, request_id: str, reason: str) -> None:
    """Record why a request will not be made (for example, the queue was unreachable)."""
    _write_json(_name(user_id, request_id, ".failed.json"), {"reason": reason})


def generate(user_id: int, request_id: str) -> str:
    """Write the report of one request, unless it is ready already; returns the state."""
    request = _read_json(_name(user_id, request_id, ".json"))
    if request is None:
        raise ReportNotFound(f"no report request {request_id} for user {user_id}")
    if _storage().exists(_name(user_id, request_id, ".ready.json")):
        return READY
    user = get_user_model().objects.filter(pk=user_id).first()
    access = access_for(user)
    if not access.is_staff:
        _write_json(
            _name(user_id, request_id, ".failed.json"),
            {"reason": "the account no longer has a registry role"},
        )
        return FAILED
    started = _name(user_id, request_id, ".started.json")
    attempts = (_read_json(started) or {}).get("attempts", 0) + 1
    _write_json(started, {"attempts": attempts})
    options = ReportOptions.from_dict(request["options"])
    try:
        report = build_report(access, options)
    except ValueError as error:  # an option out of reach since the request
        _write_json(_name(user_id, request_id, ".failed.json"), {"reason": str(error)})
        return FAILED
    _write(_name(user_id, request_id, f".{request['format']}"), render(report, request["format"]))
    _write_json(
        _name(user_id, request_id, ".ready.json"),
        {
            "countries": sorted(report.countries),
            "regional": access.countries is None,
        },
    )
    audit.record(
        user,
        AuditAction.EXPORT,
        "programme_report",
        request_id,
        via="generated",
        format=request["format"],
        **request["options"],
    )
    return READY


def _stored(user_id: int, request_id: str) -> StoredReport:
    request = _read_json(_name(user_id, request_id, ".json"))
    if request is None or request.get("user_id") != user_id:
        raise ReportNotFound(request_id)
    failed = _read_json(_name(user_id, request_id, ".failed.json"))
    ready = _storage().exists(_name(user_id, request_id, ".ready.json"))
    started = _read_json(_name(user_id, request_id, ".started.json"))
    state = READY if ready else FAILED if failed else RUNNING if started else QUEUED
    return StoredReport(
        request_id=request_id,
        format=request["format"],
        options=request["options"],
        requested_at=request["requested_at"],
        state=state,
        reason=(failed or {}).get("reason", ""),
        attempts=(started or {}).get("attempts", 0),
    )


def report_of(user, request_id: str) -> StoredReport:
    """The state of one of the user's requests; :class:`ReportNotFound` for anyone else's."""
    return _stored(user.pk, request_id)


def reports_of(user) -> list[StoredReport]:
    """The user's requests, newest first."""
    try:
        _, files = _storage().listdir(f"{FOLDER}/{int(user.pk)}")
    except (FileNotFoundError, NotADirectoryError):
        return []
    ids = {name[:32] for name in files if REQUEST_ID.fullmatch(name[:32])}
    reports = [_stored(user.pk, request_id) for request_id in ids]
    return sorted(reports, key=lambda r: (r.requested_at, r.request_id), reverse=True)


def _still_reaches(access: Access, ready: dict) -> bool:
    if access.countries is None:
        return True
    return not ready["regional"] and all(access.reaches_country(c) for c in ready["countries"])


def open_report(user, request_id: str) -> tuple[StoredReport, bytes]:
    """The ready report's bytes, for the user who asked while they reach its countries;
    audited. :class:`ReportNotFound` otherwise."""
    stored = report_of(user, request_id)
    ready = _read_json(_name(user.pk, request_id, ".ready.json"))
    if stored.state != READY or ready is None or not _still_reaches(access_for(user), ready):
        raise ReportNotFound(request_id)
    with _storage().open(_name(user.pk, request_id, f".{stored.format}"), "rb") as handle:
        data = handle.read()
    audit.record(
        user, AuditAction.EXPORT, "programme_report", request_id, via="download", bytes=len(data)
    )
    return stored, data
