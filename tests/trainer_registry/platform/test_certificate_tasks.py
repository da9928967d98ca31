"""A training's certificates and the certification reminders queued through a real Redis
broker: a worker killed mid-task has its message delivered again, a message delivered
twice does the work once, and the job records what happened."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.redis_worker import (
    count,
    kill_worker_mid_task,
    prepare_site,
    row,
    run_python,
    running_worker,
    wait_for,
)

COMPLETED = 5  # of six participants; a first attempt already issued two certificates
SEED = """
from datetime import date
from django.contrib.auth import get_user_model
from trainer_registry.certificates import issuing
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
    issuing.issue_for_participant(trainer, participation, on=date(2026, 5, 9))
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
print(job.id, job.status)
"""
)
RESEND_ISSUE = SETUP + 'tasks.issue_event_certificates.delay(event.pk, user.pk, "2026-05-09", {})'
ASK_REMIND = (
    SETUP
    + """
job = api.ask_for_certification_reminders(on=date(2026, 5, 9), within_days=60)
print(job.id, job.status)
"""
)
RESEND_REMIND = SETUP + 'tasks.send_certification_reminders.delay("2026-05-09", 60, None, {})'


@pytest.fixture
def site(tmp_path):
    return prepare_site(
        tmp_path,
        SEED,
        COMMIT_CREDENTIAL_KEY_FILE=str(tmp_path / "credential-signing-key.pem"),
        COMMIT_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
    )


def _job(database: Path, job_id: int) -> tuple[str, int, dict]:
    status, attempts, outcome = row(
        database,
        "SELECT status, attempts, outcome FROM trainer_registry_queuedjob WHERE id = ?",
        job_id,
    )
    return status, attempts, json.loads(outcome)


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


def _queue_and_kill_the_first_worker_mid_task(env, database: Path, log: Path, ask: str) -> int:
    """Queue the job and kill the worker that takes it half-way; returns the job's id."""
    job_id, status = run_python(env, ask).split()
    assert status == "queued"
    kill_worker_mid_task(database, env, log)
    return int(job_id)


def _redelivered_then_duplicated(env, database: Path, log: Path, job_id: int, resend: str):
    """With a second worker, wait for the redelivered job to be done, then send its message
    once more, as when a worker dies after the work and before its acknowledgement, and
    wait for that too; returns the job (status, attempts, outcome) after each."""
    with running_worker(env, log):
        wait_for(lambda: _job(database, job_id)[0] == "done", 90, "the redelivered job")
        redelivered = _job(database, job_id)
        run_python(env, resend.format(job_id))
        wait_for(lambda: _job(database, job_id)[1] == 2, 60, "the duplicated message")
        wait_for(lambda: _job(database, job_id)[0] == "done", 60, "the duplicated message")
    return redelivered, _job(database, job_id)


@pytest.mark.own_databases
def test_bulk_certificates_survive_a_killed_worker_and_a_duplicate_message(site, tmp_path):
    env, database = site
    certificates = "trainer_registry_issuedcertificate"
    first = tmp_path / "worker-1.log"
    job_id = _queue_and_kill_the_first_worker_mid_task(env, database, first, ASK_ISSUE)
    assert count(database, certificates) == 2
    assert _job(database, job_id)[:2] == ("queued", 0)

    redelivered, duplicated = _redelivered_then_duplicated(
        env, database, tmp_path / "worker-2.log", job_id, RESEND_ISSUE
    )
    status, attempts, outcome = redelivered
    assert (status, attempts) == ("done", 1)
    assert (outcome["issued"], outcome["certified"], outcome["completed"]) == (3, 5, 5)
    assert len(outcome["not_completed"]) == 1
    assert duplicated[2]["issued"] == 0
    assert count(database, certificates) == COMPLETED
    sql = f"SELECT COUNT(DISTINCT person_id) FROM {certificates}"  # noqa: S608
    assert row(database, sql)[0] == COMPLETED


@pytest.mark.own_databases
def test_reminders_survive_a_killed_worker_and_a_duplicate_message(site, tmp_path):
    env, database = site
    first = tmp_path / "worker-1.log"
    job_id = _queue_and_kill_the_first_worker_mid_task(env, database, first, ASK_REMIND)
    assert _mails(tmp_path) == []

    redelivered, duplicated = _redelivered_then_duplicated(
        env, database, tmp_path / "worker-2.log", job_id, RESEND_REMIND
    )
    assert redelivered[2]["sent"] == 3
    assert duplicated[2]["sent"] == 0
    assert sorted(_mails(tmp_path)) == [
        "To: an@example.org",
        "To: binh@example.org",
        "To: chi@example.org",
    ]
    reminded = row(
        database,
        "SELECT COUNT(*) FROM trainer_registry_trainercertification WHERE reminded_on = ?",
        "2026-05-09",
    )
    assert reminded[0] == 3
