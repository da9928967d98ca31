"""A training's certificates and the certification reminders queued through a real Redis
broker: a worker killed mid-task has its message delivered again, a message delivered
twice does the work once, and the job records what happened."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.conftest import require
from tests.trainer_registry.platform.test_tasks import (
    REDIS,
    ROOT,
    _count,
    _redis_listening,
    _wait_for,
    _worker,
)

COMPLETED = 5  # of six participants; a first attempt already issued two certificates
SEED = """
from datetime import date
from django.contrib.auth import get_user_model
from trainer_registry import certificate_issuing
from trainer_registry.models import (
    Participation, Person, Programme, Role, RoleGrant, TrainerCertification, TrainingEvent,
)
tot = Programme.objects.create(code="tot-kh", kind="TOT", name="ToT Cambodia", country="KH")
ntp = Programme.objects.create(code="ntp-kh", kind="NTP", name="NTP Cambodia", country="KH")
trainer = Person.objects.create(name_latin="Sok Dara", country="KH")
TrainerCertification.objects.create(person=trainer, programme=tot, level="national_trainer",
                                    certified_on=date(2026, 1, 1), valid_until=date(2029, 1, 1))
event = TrainingEvent.objects.create(
    programme=ntp, code="ntp-kh-2026-5", title="NTP Battambang", country="KH",
    place="Battambang", starts_on=date(2026, 5, 4), ends_on=date(2026, 5, 8),
    lead_trainer=trainer)
for i in range(6):
    person = Person.objects.create(name_latin=f"Participant {i}", country="KH")
    Participation.objects.create(event=event, person=person, completed=i < 5,
                                 completed_on=date(2026, 5, 8) if i < 5 else None)
user = get_user_model().objects.create_user("trainer", password=None)
RoleGrant.objects.create(user=user, role=Role.TRAINER, person=trainer)
for name in ("an", "binh", "chi"):
    person = Person.objects.create(name_latin=f"Trainer {name}", country="VN", language="en",
                                   email=f"{name}@example.org")
    TrainerCertification.objects.create(person=person, programme=tot, level="national_trainer",
                                        certified_on=date(2023, 6, 1),
                                        valid_until=date(2026, 6, 1))
for participation in event.participations.order_by("person__name_latin")[:2]:
    certificate_issuing.issue_for_participant(trainer, participation, on=date(2026, 5, 9))
"""
SETUP = """
import django; django.setup()
from datetime import date
from django.contrib.auth import get_user_model
from trainer_registry import api, tasks
from trainer_registry.models import JobKind, TrainingEvent
user = get_user_model().objects.get(username="trainer")
event = TrainingEvent.objects.get()
"""
ASK_ISSUE = (
    SETUP
    + """
job = tasks.ask(JobKind.ISSUE_EVENT_CERTIFICATES, tasks.issue_event_certificates, event.pk,
                user.pk, "2026-05-09", subject=event.code, requested_by=user)
print(job.pk, job.status)
"""
)
RESEND_ISSUE = SETUP + 'tasks.issue_event_certificates.delay(event.pk, user.pk, "2026-05-09", {})'
ASK_REMIND = (
    SETUP
    + """
job = api.ask_for_certification_reminders(on=date(2026, 5, 9), within_days=60)
print(job.pk, job.status)
"""
)
RESEND_REMIND = SETUP + 'tasks.send_certification_reminders.delay("2026-05-09", 60, None, {})'


@pytest.fixture
def site(tmp_path):
    require(_redis_listening(), "no Redis server on 127.0.0.1:6379")
    database = tmp_path / "registry.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "COMMIT_VAR_DIR": str(tmp_path),
        "COMMIT_CREDENTIAL_KEY_FILE": str(tmp_path / "credential-signing-key.pem"),
        "COMMIT_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "COMMIT_CELERY_BROKER": REDIS,
        "COMMIT_CELERY_QUEUE": f"test-{uuid.uuid4().hex[:8]}",
        "COMMIT_CELERY_VISIBILITY_TIMEOUT": "2",
        "DJANGO_SETTINGS_MODULE": "commit_site.settings",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    for args in (["migrate", "--no-input", "-v0"], ["shell", "-c", SEED]):
        subprocess.run([*manage, *args], env=env, cwd=ROOT, check=True, timeout=300)
    return env, database


def _python(env, script: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=ROOT,
        check=True,
        timeout=120,
        capture_output=True,
        text=True,
    ).stdout


def _job(database: Path, job_id: int) -> tuple[str, int, dict]:
    with sqlite3.connect(database, timeout=30) as connection:
        status, attempts, outcome = connection.execute(
            "SELECT status, attempts, outcome FROM trainer_registry_queuedjob WHERE id = ?",
            (job_id,),
        ).fetchone()
    return status, attempts, json.loads(outcome)


def _scalar(database: Path, sql: str) -> int:
    with sqlite3.connect(database, timeout=30) as connection:
        return connection.execute(sql).fetchone()[0]


def _mails(tmp_path: Path) -> list[str]:
    folder = tmp_path / "mail"
    if not folder.exists():
        return []
    return [
        line
        for path in sorted(folder.iterdir())
        for line in path.read_text().splitlines()
        if line.startswith("To: ")
    ]


def _kill_the_first_worker_mid_task(env, database: Path, tmp_path: Path, ask: str) -> int:
    """Queue the job, let a worker take it while the database is locked, kill the worker;
    returns the job's id."""
    job_id, status = _python(env, ask).split()
    assert status == "queued"
    lock = sqlite3.connect(database, isolation_level=None, timeout=30)
    lock.execute("BEGIN IMMEDIATE")  # the worker's task blocks at its first write
    log = tmp_path / "worker-1.log"
    first = _worker(env, log)
    try:
        _wait_for(lambda: "received" in log.read_text(), 60, "the first worker to take the task")
        time.sleep(1.0)  # the task is now waiting for the write lock
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=30)
    finally:
        lock.execute("ROLLBACK")
        lock.close()
    assert "succeeded" not in log.read_text()
    return int(job_id)


def test_bulk_certificates_survive_a_killed_worker_and_a_duplicate_message(site, tmp_path):
    env, database = site
    certificates = "trainer_registry_issuedcertificate"
    job_id = _kill_the_first_worker_mid_task(env, database, tmp_path, ASK_ISSUE)
    assert _count(database, certificates) == 2
    assert _job(database, job_id)[:2] == ("queued", 0)

    log = tmp_path / "worker-2.log"
    second = _worker(env, log)
    try:
        _wait_for(lambda: _job(database, job_id)[0] == "done", 90, "the redelivered job")
        status, attempts, outcome = _job(database, job_id)
        assert (status, attempts) == ("done", 1)
        assert (outcome["issued"], outcome["certified"], outcome["completed"]) == (3, 5, 5)
        assert len(outcome["not_completed"]) == 1
        # The same message again, as when a worker dies after the work and before its ack.
        _python(env, RESEND_ISSUE.format(job_id))
        _wait_for(lambda: _job(database, job_id)[1] == 2, 60, "the duplicated message")
        _wait_for(lambda: _job(database, job_id)[0] == "done", 60, "the duplicated message")
    finally:
        os.killpg(second.pid, signal.SIGTERM)
        second.wait(timeout=30)
    assert _job(database, job_id)[2]["issued"] == 0
    assert _count(database, certificates) == COMPLETED
    assert (
        _scalar(database, f"SELECT COUNT(DISTINCT person_id) FROM {certificates}")  # noqa: S608
        == COMPLETED
    )


def test_reminders_survive_a_killed_worker_and_a_duplicate_message(site, tmp_path):
    env, database = site
    job_id = _kill_the_first_worker_mid_task(env, database, tmp_path, ASK_REMIND)
    assert _mails(tmp_path) == []

    log = tmp_path / "worker-2.log"
    second = _worker(env, log)
    try:
        _wait_for(lambda: _job(database, job_id)[0] == "done", 90, "the redelivered job")
        assert _job(database, job_id)[2]["sent"] == 3
        _python(env, RESEND_REMIND.format(job_id))
        _wait_for(lambda: _job(database, job_id)[1] == 2, 60, "the duplicated message")
        _wait_for(lambda: _job(database, job_id)[0] == "done", 60, "the duplicated message")
    finally:
        os.killpg(second.pid, signal.SIGTERM)
        second.wait(timeout=30)
    assert _job(database, job_id)[2]["sent"] == 0
    assert sorted(_mails(tmp_path)) == [
        "To: an@example.org",
        "To: binh@example.org",
        "To: chi@example.org",
    ]
    assert (
        _scalar(
            database,
            "SELECT COUNT(*) FROM trainer_registry_trainercertification "
            "WHERE reminded_on = '2026-05-09'",
        )
        == 3
    )
