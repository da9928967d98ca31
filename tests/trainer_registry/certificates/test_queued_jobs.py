"""A training's certificates and the certification reminders as queued jobs: inline without
a broker, queued with one, and safe to run twice. (The same tasks through a real Redis
broker and a killed worker: tests/trainer_registry/platform/test_certificate_tasks.py.)"""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trainer_registry import api, tasks
from trainer_registry.certificates import credentials as certificate_credentials
from trainer_registry.certificates import event_issue, issuing
from trainer_registry.certificates import jobs as certificate_jobs
from trainer_registry.cli import main
from trainer_registry.models import (
    AuditEvent,
    IssuedCertificate,
    JobKind,
    Person,
    Programme,
    QueuedJob,
    Role,
    RoleGrant,
    TrainerCertification,
)

pytestmark = pytest.mark.django_db
ON = date(2026, 5, 9)


@pytest.fixture
def no_broker(settings):
    settings.CELERY_BROKER_URL = ""
    settings.CELERY_TASK_ALWAYS_EAGER = True


@pytest.fixture
def broker(settings, monkeypatch):
    """A broker is configured; the messages the web process would send are kept here
    instead, for the test to deliver as a worker would."""
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/14"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    sent = []
    for task in (tasks.issue_event_certificates, tasks.send_certification_reminders):
        monkeypatch.setattr(task, "delay", lambda *args, _task=task: sent.append((_task, args)))
    return sent


def deliver(message) -> dict:
    task, args = message
    return task.apply(args=args, throw=True).get()


@pytest.fixture
def trainer_user(training, django_user_model):
    trainer, *_ = training
    user = django_user_model.objects.create_user("trainer", password="x-long-password")
    RoleGrant.objects.create(user=user, role=Role.TRAINER, person=trainer)
    return user


def test_without_a_broker_the_event_page_issues_at_once_and_shows_the_result(
    training, trainer_user, client, no_broker
):
    _trainer, event, done, absent = training
    client.force_login(trainer_user)
    response = client.post(
        reverse("trainer_registry:event-issue-certificates", args=[event.code]), follow=True
    )
    page = response.content.decode()
    assert "1 certificates issued." in page
    assert "Issuing the certificates</h2>" in page
    assert "Chan Vichet" in page.split("Did not complete the training (no certificate)")[1]
    job = QueuedJob.objects.get()
    assert (job.kind, job.subject, job.status, job.attempts) == (
        JobKind.ISSUE_EVENT_CERTIFICATES,
        event.code,
        "done",
        1,
    )
    assert job.outcome == {
        "issued": 1,
        "completed": 1,
        "certified": 1,
        "not_completed": [str(absent.public_id)],
        "completed_without_certificate": [],
    }
    assert IssuedCertificate.objects.get().person == done


def test_with_a_broker_the_page_says_queued_and_a_redelivered_task_issues_nothing_twice(
    training, trainer_user, client, broker, django_capture_on_commit_callbacks
):
    _trainer, event, done, _absent = training
    client.force_login(trainer_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("trainer_registry:event-issue-certificates", args=[event.code]), follow=True
        )
    page = response.content.decode()
    job = QueuedJob.objects.get()
    assert f"job {job.pk}, queued" in page and "Reload this page to see the result" in page
    assert not IssuedCertificate.objects.exists()
    assert len(broker) == 1
    (task, args) = broker[0]
    assert task is tasks.issue_event_certificates
    assert args == (event.pk, trainer_user.pk, args[2], job.pk)  # ids and a date, no objects

    first = deliver(broker[0])
    again = deliver(broker[0])  # the same message again: a worker died before acking it
    assert (first["issued"], again["issued"]) == (1, 0)
    assert IssuedCertificate.objects.filter(person=done).count() == 1
    job.refresh_from_db()
    assert (job.status, job.attempts, job.outcome["certified"]) == ("done", 2, 1)
    page = client.get(reverse("trainer_registry:event-detail", args=[event.code])).content
    assert "2 attempts" in page.decode() and "Reload this page" not in page.decode()


def test_a_job_redone_after_part_of_the_work_issues_only_what_is_missing(training, trainer_user):
    trainer, event, done, _absent = training
    second = Person.objects.create(name_latin="Lim Sreymom", country="KH")
    event.participations.create(person=second, completed=True, completed_on=date(2026, 5, 8))
    # The first attempt got as far as one certificate before its worker died.
    issuing.issue_for_participant(trainer, event.participations.get(person=done), on=ON)
    outcome = certificate_jobs.issue_event_certificates(event.pk, trainer_user.pk, ON)
    assert (outcome["issued"], outcome["certified"], outcome["completed"]) == (1, 2, 2)
    assert sorted(IssuedCertificate.objects.values_list("person__name_latin", flat=True)) == [
        "Keo Bopha",
        "Lim Sreymom",
    ]


def _issue_counting_statements(trainer, event, completed: int) -> tuple[int, int]:
    for number in range(completed):
        person = Person.objects.create(name_latin=f"Participant {completed}-{number}", country="KH")
        event.participations.create(person=person, completed=True, completed_on=ON)
    with CaptureQueriesContext(connection) as statements:
        result = issuing.issue_for_event(trainer, event, on=ON)
    return result.issued, len(statements)


def test_a_chunk_of_certificates_costs_the_same_statements_whatever_its_size(training):
    trainer, event, *_ = training
    issuing.issue_for_event(trainer, event, on=ON)  # the first opens a status list
    few = _issue_counting_statements(trainer, event, 2)
    many = _issue_counting_statements(trainer, event, 40)
    assert (few[0], many[0]) == (2, 40)
    assert few[1] == many[1] < 20
    assert AuditEvent.objects.filter(object_type="issuedcertificate").count() == 1 + 2 + 40


def test_a_chunk_that_meets_another_processs_work_is_redone_one_by_one(training, monkeypatch):
    trainer, event, done, _absent = training
    first = issuing.issue_for_participant(trainer, event.participations.get(person=done), on=ON)
    second = Person.objects.create(name_latin="Lim Sreymom", country="KH")
    event.participations.create(person=second, completed=True, completed_on=date(2026, 5, 8))
    # Another process took the status position the chunk drew, after the chunk looked.
    taken = [(first.status_list, first.status_index)]
    monkeypatch.setattr(certificate_credentials, "reserve_positions", lambda count: taken)
    result = issuing.issue_for_event(trainer, event, on=ON)
    assert result.issued == 1
    assert result.skipped == {
        "Chan Vichet": "Chan Vichet did not complete the training",
        "Keo Bopha": "Keo Bopha already holds a valid certificate for it",
    }
    issued = IssuedCertificate.objects.get(person=second)
    assert (issued.status_list, issued.status_index) != taken[0]
    assert issued.credential["credentialStatus"]["statusListIndex"] == str(issued.status_index)
    assert AuditEvent.objects.filter(object_type="issuedcertificate").count() == 2


def test_a_run_that_loses_the_race_to_another_skips_instead_of_issuing_twice(
    training, trainer_user, monkeypatch
):
    trainer, event, done, _absent = training
    original = issuing.issue_for_participant

    def chunk_refused(*_args, **_kwargs):
        raise IntegrityError("one_valid_participant_certificate_per_event")

    def another_run_got_there_first(trainer, participation, *, on, recorded_by=None):
        original(trainer, participation, on=on)  # the other run, committed after our check
        with transaction.atomic():  # our run, past its check: only the constraint is left
            return issuing._new_certificate(
                kind="participant",
                person=participation.person,
                event=participation.event,
                issued_by=trainer,
                issued_on=on,
                snapshot={},
            )

    monkeypatch.setattr(event_issue, "issue_chunk", chunk_refused)  # redone one by one
    monkeypatch.setattr(issuing, "issue_for_participant", another_run_got_there_first)
    result = issuing.issue_for_event(trainer, event, on=ON)
    assert result.issued == 0
    assert result.skipped["Keo Bopha"] == "Keo Bopha already holds a valid certificate for it"
    assert IssuedCertificate.objects.filter(person=done).count() == 1


def test_the_trainer_is_checked_again_when_the_job_runs(training, trainer_user, broker):
    _trainer, event, *_ = training
    job = tasks.ask(
        JobKind.ISSUE_EVENT_CERTIFICATES,
        tasks.issue_event_certificates,
        event.pk,
        trainer_user.pk,
        ON.isoformat(),
        subject=event.code,
        requested_by=trainer_user,
    )
    RoleGrant.objects.filter(user=trainer_user).delete()  # between asking and running
    TrainerCertification.objects.update(status="suspended", status_reason="Complaint")
    deliver((tasks.issue_event_certificates, (event.pk, trainer_user.pk, ON.isoformat(), job.pk)))
    job.refresh_from_db()
    assert job.status == "failed"
    assert job.outcome == {
        "reasons": [f"user {trainer_user.pk} is not the trainer who led training {event.code}"]
    }
    RoleGrant.objects.create(user=trainer_user, role=Role.TRAINER, person=event.lead_trainer)
    outcome = certificate_jobs.issue_event_certificates(event.pk, trainer_user.pk, ON)
    assert outcome == {"reasons": ["certification is suspended: Complaint"]}
    assert not IssuedCertificate.objects.exists()


@pytest.fixture
def due_certifications():
    tot = Programme.objects.create(code="tot-vn", kind="TOT", name="ToT Viet Nam", country="VN")

    def certified(name, email):
        person = Person.objects.create(name_latin=name, country="VN", language="en", email=email)
        return TrainerCertification.objects.create(
            person=person,
            programme=tot,
            level="national_trainer",
            certified_on=date(2023, 6, 1),
            valid_until=date(2026, 6, 1),
        )

    return [
        certified("Nguyen An", "an@example.org"),
        certified("Tran Binh", "binh@example.org"),
        certified("Le Chi", ""),
    ]


def test_reminders_inline_once_per_certification(due_certifications, no_broker):
    first = api.ask_for_certification_reminders(on=ON, within_days=60)
    second = api.ask_for_certification_reminders(on=ON, within_days=60)
    assert (first.status, first.outcome["sent"], second.outcome["sent"]) == ("done", 2, 0)
    assert first.outcome["without_email"] == [str(due_certifications[2].person.public_id)]
    assert sorted(message.to[0] for message in mail.outbox) == [
        "an@example.org",
        "binh@example.org",
    ]


def test_two_reminder_runs_at_once_remind_each_certification_once(due_certifications, monkeypatch):
    from trainer_registry.certification import reminders as certification_reminders

    stale = list(certification_reminders.due_for_reminder(on=ON, within_days=60))
    certification_reminders.send_expiry_reminders(on=ON, within_days=60)
    # The other run read the due list before the first one recorded its reminders.
    monkeypatch.setattr(certification_reminders, "due_for_reminder", lambda **_: stale)
    assert certification_reminders.send_expiry_reminders(on=ON, within_days=60).sent == 0
    assert len(mail.outbox) == 2


def test_remind_command_queues_with_a_broker_and_job_show_reports(
    due_certifications, broker, capsys, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert main(["certification", "remind", "--on", ON.isoformat()]) == 0
    job = QueuedJob.objects.get()
    assert capsys.readouterr().out == (
        f"queued as job {job.pk}; `trainer-registry job show {job.pk}` shows its result\n"
    )
    assert main(["job", "show", str(job.pk)]) == 0
    assert "status: queued" in capsys.readouterr().out
    assert not mail.outbox

    assert broker == [(tasks.send_certification_reminders, (ON.isoformat(), 60, None, job.pk))]
    deliver(broker[0])
    deliver(broker[0])  # delivered again: nobody is reminded twice
    assert len(mail.outbox) == 2
    assert main(["job", "show", str(job.pk)]) == 0
    shown = capsys.readouterr().out
    assert "status: done" in shown and "attempts: 2" in shown and "sent: 0" in shown
    assert main(["job", "show", "999999"]) == 2
    assert "there is no job 999999" in capsys.readouterr().err


def test_remind_command_inline_prints_what_was_sent(due_certifications, no_broker, capsys):
    assert main(["certification", "remind", "--on", ON.isoformat()]) == 0
    out = capsys.readouterr().out
    assert out.startswith("2 reminders sent\n")
    assert f"no email address: person {due_certifications[2].person.public_id}" in out


@pytest.mark.django_db(transaction=True)  # autocommit, as in production: queued at once
def test_a_broker_out_of_reach_fails_the_job_with_the_reason(
    training, trainer_user, client, broker, monkeypatch
):
    from kombu.exceptions import OperationalError

    def unreachable(*args):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.issue_event_certificates, "delay", unreachable)
    _trainer, event, *_ = training
    client.force_login(trainer_user)
    response = client.post(
        reverse("trainer_registry:event-issue-certificates", args=[event.code]), follow=True
    )
    job = QueuedJob.objects.get()
    assert job.status == "failed"
    assert job.outcome["reasons"][0].startswith("the task queue could not be reached: Error 111")
    assert "Certificates cannot be issued: the task queue could not be reached" in (
        response.content.decode()
    )
    assert not IssuedCertificate.objects.exists()


def test_the_admin_lists_jobs_read_only_and_in_reach(
    due_certifications, admin_client, client, django_user_model, no_broker
):
    regional = api.ask_for_certification_reminders(on=ON)
    manager = django_user_model.objects.create_user(
        "manager-vn", password="x-long-password", is_staff=True
    )
    RoleGrant.objects.create(user=manager, role=Role.COUNTRY_MANAGER, country="VN")
    own = api.ask_for_certification_reminders(on=ON, requested_by=manager)
    changelist = reverse("admin:trainer_registry_queuedjob_changelist")
    change = reverse("admin:trainer_registry_queuedjob_change", args=[regional.id])
    assert admin_client.get(changelist).context["cl"].result_count == 2
    page = admin_client.get(change)
    assert page.status_code == 200 and "without_email" in page.content.decode()
    assert admin_client.post(change, {"status": "queued"}).status_code == 403
    client.force_login(manager)
    assert [job.pk for job in client.get(changelist).context["cl"].result_list] == [own.id]
    assert client.get(change).status_code == 302  # out of reach: back to the admin index
