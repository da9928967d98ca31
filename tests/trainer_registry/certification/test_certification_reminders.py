"""Trainers are reminded once, by email, before their certification expires."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail

from trainer_registry import api
from trainer_registry.cli import main
from trainer_registry.models import AuditEvent, Person, Programme, TrainerCertification

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 1)


@pytest.fixture
def certifications():
    tot = Programme.objects.create(code="tot-la", kind="TOT", name="ToT Lao PDR", country="LA")

    def certified(name, valid_until, **fields):
        person = Person.objects.create(
            name_latin=name,
            country="LA",
            language="lo",
            email=f"{name.split()[0].lower()}@example.org",
        )
        return TrainerCertification.objects.create(
            person=person,
            programme=tot,
            level="national_trainer",
            certified_on=date(2023, 12, 1),
            valid_until=valid_until,
            **fields,
        )

    return {
        "due": certified("Due Trainer", date(2026, 12, 1)),
        "last day": certified("Lastday Trainer", date(2026, 12, 31)),
        "later": certified("Later Trainer", date(2027, 1, 1)),
        "expired": certified("Expired Trainer", date(2026, 10, 31)),
        "reminded": certified("Reminded Trainer", date(2026, 12, 2), reminded_on=date(2026, 10, 1)),
        "suspended": certified(
            "Suspended Trainer", date(2026, 12, 3), status="suspended", status_reason="Review"
        ),
    }


def test_due_trainers_are_emailed_once_and_the_day_recorded(certifications):
    result = api.send_certification_expiry_reminders(on=TODAY, within_days=60)
    assert result.sent == 2 and result.without_email == ()
    assert sorted(message.to[0] for message in mail.outbox) == [
        "due@example.org",
        "lastday@example.org",
    ]
    assert "2026-12-01" in mail.outbox[0].subject + mail.outbox[1].subject
    for key in ("due", "last day"):
        certifications[key].refresh_from_db()
        assert certifications[key].reminded_on == TODAY
    assert AuditEvent.objects.filter(detail__step="expiry reminder").count() == 2
    again = api.send_certification_expiry_reminders(on=TODAY, within_days=60)
    assert again.sent == 0 and len(mail.outbox) == 2


def test_a_recertification_is_reminded_afresh(certifications):
    old = certifications["due"]
    old.reminded_on = TODAY
    old.save()
    TrainerCertification.objects.create(
        person=old.person,
        programme=old.programme,
        level=old.level,
        certified_on=date(2026, 11, 1),
        valid_until=date(2026, 12, 20),
        supersedes=old,
    )
    result = api.send_certification_expiry_reminders(on=TODAY, within_days=60)
    assert result.sent == 2  # the recertification and "last day"; not the superseded one


def test_a_trainer_without_email_is_listed_and_stays_due(certifications):
    Person.objects.filter(pk=certifications["due"].person_id).update(email="")
    result = api.send_certification_expiry_reminders(on=TODAY, within_days=60)
    assert result.without_email == (str(certifications["due"].person.public_id),)
    certifications["due"].refresh_from_db()
    assert certifications["due"].reminded_on is None


def test_the_command_reminds_and_checks_its_options(certifications, capsys):
    assert main(["certification", "remind", "--within-days", "45", "--on", "2026-11-01"]) == 0
    assert "1 reminder sent\n" in capsys.readouterr().out
    assert main(["certification", "remind", "--within-days", "0"]) == 2
    assert "--within-days must be at least 1" in capsys.readouterr().err
    assert main(["certification", "remind", "--on", "1 Nov"]) == 2
    assert "is not a date written YYYY-MM-DD" in capsys.readouterr().err
