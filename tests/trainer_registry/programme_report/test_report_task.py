"""The report task: run inline (eagerly) and through a real Redis broker, it makes each
requested report once, however often it is delivered."""

from __future__ import annotations

import io
import json
import os
import signal
import sqlite3
import time
import uuid
from datetime import date
from pathlib import Path

import pytest
from django.db.models import F
from pypdf import PdfReader

from tests.redis_worker import (
    prepare_site,
    row,
    run_python,
    running_worker,
    start_worker,
    wait_for,
)
from trainer_registry import queued_jobs, tasks
from trainer_registry.cli import main
from trainer_registry.commands.job import describe
from trainer_registry.models import (
    AuditEvent,
    JobKind,
    JobStatus,
    Person,
    QueuedJob,
    Role,
    RoleGrant,
)
from trainer_registry.programme_report import stored
from trainer_registry.programme_report.options import parse_options


def _generated(request_id: str) -> int:
    return AuditEvent.objects.filter(
        object_type="programme_report", object_id=request_id, detail__via="generated"
    ).count()


@pytest.fixture
def asked(small_registry, staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CELERY_BROKER_URL = ""
    user = staff(Role.ME_ANALYST)
    request_id = uuid.uuid4().hex
    options = parse_options(today=date(2014, 6, 30), countries="KH")
    stored.record_request(user, options, "pdf", request_id)
    return user, request_id, tmp_path / "media" / "programme-reports" / str(user.pk)


def test_run_inline_twice_makes_the_report_once(asked):
    user, request_id, folder = asked
    assert tasks.run(tasks.generate_programme_report, user.pk, request_id) == stored.READY
    first = (folder / f"{request_id}.pdf").read_bytes()
    assert tasks.run(tasks.generate_programme_report, user.pk, request_id) == stored.READY
    assert (folder / f"{request_id}.pdf").read_bytes() == first
    assert _generated(request_id) == 1
    assert "Logframe indicators" in PdfReader(io.BytesIO(first)).pages[1].extract_text()


def test_a_file_cut_short_by_a_dead_worker_is_written_again(asked):
    user, request_id, folder = asked
    queued_jobs.taken_up(_job(request_id).pk)  # a worker started, wrote half, and died
    QueuedJob.objects.filter(subject=request_id).update(taken_at=F("taken_at") - stored.TIME_LIMIT)
    folder.mkdir(parents=True)
    (folder / f"{request_id}.pdf").write_bytes(b"%PDF-1.4 half a rep")
    assert stored.report_of(user, request_id).state == stored.RUNNING
    assert tasks.run(tasks.generate_programme_report, user.pk, request_id) == stored.READY
    data = (folder / f"{request_id}.pdf").read_bytes()
    assert PdfReader(io.BytesIO(data)).pages
    assert [p.name for p in folder.iterdir()] == [f"{request_id}.pdf"]  # only the file
    assert stored.report_of(user, request_id).attempts == 2
    assert _job(request_id).outcome["file"]["size"] == len(data)


def _job(request_id: str) -> QueuedJob:
    return QueuedJob.objects.get(kind=JobKind.PROGRAMME_REPORT, subject=request_id)


def test_the_request_is_a_queued_job_that_keeps_options_and_file_but_no_names(asked):
    user, request_id, folder = asked
    job = _job(request_id)
    assert (job.status, job.requested_by, job.attempts) == (JobStatus.QUEUED, user, 0)
    assert job.outcome["format"] == "pdf" and job.outcome["options"]["countries"] == ["KH"]
    assert tasks.run(tasks.generate_programme_report, user.pk, request_id) == stored.READY
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.DONE, 1) and job.finished_at
    assert job.outcome["file"] == {
        "name": f"programme-reports/{user.pk}/{request_id}.pdf",
        "size": (folder / f"{request_id}.pdf").stat().st_size,
        "format": "pdf",
    }
    assert (job.outcome["countries"], job.outcome["regional"]) == (["KH"], True)
    assert job.outcome["options"] == stored.report_of(user, request_id).options
    shown = json.dumps(describe(job), ensure_ascii=False)
    names = Person.objects.values_list("name_latin", flat=True)
    assert names and not any(f'"{name}"' in shown for name in names)


def test_job_show_shows_a_report_job_with_its_options_and_file(asked, capsys):
    user, request_id, folder = asked
    tasks.run(tasks.generate_programme_report, user.pk, request_id)
    job = _job(request_id)
    assert main(["job", "show", str(job.pk)]) == 0
    shown = capsys.readouterr().out.splitlines()
    size = (folder / f"{request_id}.pdf").stat().st_size
    for line in (
        "kind: programme_report",
        f"subject: {request_id}",
        "status: done",
        "attempts: 1",
        "options.countries: KH",
        f"file.name: programme-reports/{user.pk}/{request_id}.pdf",
        f"file.size: {size}",
        "regional: True",
    ):
        assert line in shown


def test_an_account_without_a_role_any_more_gets_no_report(asked):
    user, request_id, folder = asked
    RoleGrant.objects.filter(user=user).delete()
    assert tasks.run(tasks.generate_programme_report, user.pk, request_id) == stored.FAILED
    report = stored.report_of(user, request_id)
    assert report.state == stored.FAILED and "no longer has a registry role" in report.reason
    assert not (folder / f"{request_id}.pdf").exists()
    assert _job(request_id).outcome["options"]["countries"] == ["KH"]  # kept on failure


SEED = """
from datetime import date
from django.contrib.auth import get_user_model
from trainer_registry import api
from trainer_registry.models import RoleGrant
api.create_programme("tot-regional", kind="TOT", name="Regional ToT")
api.create_training_event("tot-2012", programme_code="tot-regional", title="ToT", country="TH",
                          starts_on=date(2012, 3, 1), ends_on=date(2012, 3, 5))
for number in range(5):
    person = api.create_person(f"P{number}", country="KH", sex="female" if number % 2 else "male")
    api.record_participation("tot-2012", person.public_id, completed=True,
                             completed_on=date(2012, 3, 5))
user = get_user_model().objects.create_user("analyst", password="x-long-password")
RoleGrant.objects.create(user=user, role="me_analyst")
"""
ASK = """
import django; django.setup()
from datetime import date
from django.contrib.auth import get_user_model
from trainer_registry import queued_jobs, tasks
from trainer_registry.programme_report import stored
from trainer_registry.programme_report.options import parse_options
user = get_user_model().objects.get(username="analyst")
stored.record_request(user, parse_options(today=date(2014, 6, 30)), "xlsx", "{request_id}")
# Delivered twice, as a retried or duplicated message is.
tasks.run(tasks.generate_programme_report, user.pk, "{request_id}")
tasks.run(tasks.generate_programme_report, user.pk, "{request_id}")
print(user.pk)
"""


@pytest.fixture
def site(tmp_path):
    return prepare_site(tmp_path, SEED)


@pytest.mark.own_databases
def test_through_a_redis_broker_the_report_is_made_once(site, tmp_path):
    from openpyxl import load_workbook

    env, database = site
    request_id = uuid.uuid4().hex
    user_id = int(run_python(env, ASK.format(request_id=request_id)).split()[-1])
    folder = Path(tmp_path, "media", "programme-reports", str(user_id))
    assert _job_row(database, request_id)[0] == "queued"  # queued, not run here
    assert not (folder / f"{request_id}.xlsx").exists()
    log = tmp_path / "worker.log"
    with running_worker(env, log):
        wait_for(lambda: log.read_text().count("succeeded") >= 2, 120, "both deliveries")
    status, attempts, outcome = _job_row(database, request_id)
    assert (status, attempts) == ("done", 1)
    assert json.loads(outcome)["regional"] is True
    book = load_workbook(folder / f"{request_id}.xlsx")
    assert "logframe" in book.sheetnames
    assert _times_generated(database, request_id) == 1


RECORD = """
import django; django.setup()
from datetime import date
from django.contrib.auth import get_user_model
from trainer_registry.programme_report import stored
from trainer_registry.programme_report.options import parse_options
user = get_user_model().objects.get(username="analyst")
stored.record_request(user, parse_options(today=date(2014, 6, 30)), "xlsx", "{request_id}")
"""
# Only sends: it reads the database, so it runs while the test holds the write lock.
DELIVER_TWICE = """
import django; django.setup()
from django.contrib.auth import get_user_model
from trainer_registry import tasks
user = get_user_model().objects.get(username="analyst")
tasks.run(tasks.generate_programme_report, user.pk, "{request_id}")
tasks.run(tasks.generate_programme_report, user.pk, "{request_id}")
"""


@pytest.mark.own_databases
def test_two_workers_given_the_same_report_at_once_make_it_once(site, tmp_path):
    env, database = site
    request_id = uuid.uuid4().hex
    run_python(env, RECORD.format(request_id=request_id))
    logs = [tmp_path / "worker-1.log", tmp_path / "worker-2.log"]
    workers = [start_worker(env, log) for log in logs]

    def logged() -> str:
        return "".join(log.read_text() for log in logs)

    try:
        # Both workers wait, idle, before anything is sent: however slowly they start, the
        # lock below is held only while they take the two deliveries, one each.
        wait_for(lambda: all(" ready." in log.read_text() for log in logs), 120, "both", logs)
        lock = sqlite3.connect(database, isolation_level=None, timeout=30)
        lock.execute("BEGIN IMMEDIATE")  # each worker waits to claim the job
        try:
            run_python(env, DELIVER_TWICE.format(request_id=request_id))
            wait_for(
                lambda: all("received" in log.read_text() for log in logs), 20, "one each", logs
            )
            time.sleep(1.0)
        finally:
            lock.execute("ROLLBACK")
            lock.close()

        # The second taker either finds the first one's claim and retries when that claim
        # would lapse, or (the first done before it got the lock) finds the report ready.
        def both_handled() -> bool:
            text = logged()
            made = text.count("succeeded")
            return made >= 1 and made + text.count(" retry: Retry in ") >= 2

        wait_for(both_handled, 120, "both deliveries", logs)
    finally:
        for worker in workers:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=30)
    assert _job_row(database, request_id)[:2] == ("done", 1)
    assert _times_generated(database, request_id) == 1


def _times_generated(database, request_id: str) -> int:
    """How many times the audit log says the report was made."""
    return row(
        database,
        "SELECT COUNT(*) FROM trainer_registry_auditevent "
        "WHERE object_type = 'programme_report' AND object_id = ? AND detail LIKE ?",
        request_id,
        '%"via": "generated"%',
    )[0]


def _job_row(database, request_id: str) -> tuple:
    return row(
        database,
        "SELECT status, attempts, outcome FROM trainer_registry_queuedjob "
        "WHERE kind = 'programme_report' AND subject = ?",
        request_id,
    )


def test_reports_go_to_their_own_storage_when_one_is_configured(asked, settings, tmp_path):
    user, request_id, public_folder = asked
    private = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "trainer_registry_reports": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(private)},
        },
    }
    request_id = uuid.uuid4().hex
    stored.record_request(user, parse_options(today=date(2014, 6, 30)), "zip", request_id)
    assert tasks.run(tasks.generate_programme_report, user.pk, request_id) == stored.READY
    assert (private / "programme-reports" / str(user.pk) / f"{request_id}.zip").is_file()
    assert not (public_folder / f"{request_id}.zip").exists()
    newest = stored.reports_of(user)[0]  # the list comes from the jobs, not the storage
    assert (newest.request_id, newest.state) == (request_id, stored.READY)
    _, data = stored.open_report(user, request_id)
    assert data == (private / "programme-reports" / str(user.pk) / f"{request_id}.zip").read_bytes()
