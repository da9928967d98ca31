"""Certified trainers issue certificates for the trainings they led; anyone verifies them."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.cache import cache
from django.urls import reverse

from trainer_registry.certificates import issuing
from trainer_registry.cli import main
from trainer_registry.models import (
    IssuedCertificate,
    Person,
    Programme,
    TrainerCertification,
)

pytestmark = pytest.mark.django_db


def test_bulk_issue_only_to_those_who_completed_and_only_once(training):
    trainer, event, *_ = training
    result = issuing.issue_for_event(trainer, event, on=date(2026, 5, 9))
    assert result.issued == 1
    assert result.skipped == {"Chan Vichet": "Chan Vichet did not complete the training"}
    again = issuing.issue_for_event(trainer, event, on=date(2026, 5, 9))
    assert again.issued == 0 and "already holds a valid certificate" in again.skipped["Keo Bopha"]
    certificate = IssuedCertificate.objects.get()
    assert certificate.snapshot["name_local"] == "កែវ បុប្ផា" and "email" not in str(
        certificate.snapshot
    )


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (
            {"status": "suspended", "status_reason": "Complaint"},
            "certification is suspended: Complaint",
        ),
        ({"status": "revoked", "status_reason": "Fraud"}, "certification is revoked: Fraud"),
        ({"valid_until": date(2026, 5, 1)}, "certification expired on 2026-05-01"),
    ],
)
def test_only_an_active_certified_trainer_issues(training, change, reason):
    trainer, event, *_ = training
    TrainerCertification.objects.filter(person=trainer).update(**change)
    with pytest.raises(issuing.NotAllowed) as caught:
        issuing.issue_for_event(trainer, event, on=date(2026, 5, 9))
    assert caught.value.reasons == (reason,)
    assert not IssuedCertificate.objects.exists()


def _another_certified_trainer(name: str, country: str) -> Person:
    """A national trainer certified by the Cambodian ToT, in force in 2026, who did not
    lead the fixture's training."""
    person = Person.objects.create(name_latin=name, country=country)
    TrainerCertification.objects.create(
        person=person,
        programme=Programme.objects.get(code="tot-kh"),
        level="national_trainer",
        certified_on=date(2026, 1, 1),
        valid_until=date(2029, 1, 1),
    )
    return person


def test_a_trainer_who_did_not_lead_the_training_cannot_issue(training):
    _trainer, _event, done, _ = training
    other = _another_certified_trainer("Other Trainer", "KH")
    with pytest.raises(issuing.NotAllowed, match="did not lead this training"):
        issuing.issue_for_participant(other, done.participations.get(), on=date(2026, 5, 9))


def test_verification_page_json_and_command(training, client, capsys):
    trainer, _event, done, _ = training
    certificate = issuing.issue_for_participant(
        trainer, done.participations.get(), on=date(2026, 5, 9)
    )
    shown = issuing.verification_code.display(certificate.code)
    page = client.get(reverse("trainer_registry:verify-form"), {"code": shown.lower()}, follow=True)
    assert page.status_code == 200
    content = page.content.decode()
    assert (
        "Genuine and valid" in content
        and "កែវ បុប្ផា" in content
        and "bopha@example.org" not in content
    )
    data = client.get(reverse("trainer_registry:verify-json", args=[certificate.code])).json()
    assert (data["genuine"], data["valid"], data["training"]) == (True, True, "NTP Battambang")
    assert "email" not in data
    assert main(["certificate", "verify", shown]) == 0
    assert "VALID: genuine and valid" in capsys.readouterr().out

    issuing.revoke(certificate, reason="Issued in error")
    data = client.get(reverse("trainer_registry:verify-json", args=[certificate.code])).json()
    assert (data["genuine"], data["valid"], data["reason"]) == (
        True,
        False,
        "revoked: Issued in error",
    )
    assert main(["certificate", "verify", shown]) == 1
    assert "NOT VALID: revoked: Issued in error" in capsys.readouterr().out


def test_reissue_after_a_name_correction_supersedes(training, client):
    trainer, _event, done, _ = training
    first = issuing.issue_for_participant(trainer, done.participations.get(), on=date(2026, 5, 9))
    Person.objects.filter(pk=done.pk).update(name_latin="Keo Bopha Srey")
    second = issuing.reissue(first, on=date(2026, 6, 1))
    assert second.snapshot["name_latin"] == "Keo Bopha Srey" and second.supersedes == first
    assert client.get(reverse("trainer_registry:verify-json", args=[first.code])).json()[
        "reason"
    ] == ("superseded by a corrected certificate")
    assert client.get(reverse("trainer_registry:verify-json", args=[second.code])).json()["valid"]


def test_bad_codes_and_guessing_are_refused(training, client, settings):
    response = client.get(reverse("trainer_registry:verify-form"), {"code": "ABCD"})
    assert response.status_code == 400 and "has 4" in response.content.decode()
    unknown = issuing.verification_code.new_code()
    assert client.get(reverse("trainer_registry:verify-json", args=[unknown])).json() == {
        "genuine": False,
        "valid": False,
        "reason": "no certificate has this code",
    }
    settings.VERIFY_RATE_PER_MINUTE = 3
    cache.clear()
    codes = [reverse("trainer_registry:verify-json", args=[unknown]) for _ in range(4)]
    assert [client.get(url).status_code for url in codes] == [404, 404, 404, 429]


def test_the_trainer_issues_from_the_event_page(training, client, django_user_model):
    from trainer_registry.models import AuditEvent, Role, RoleGrant

    trainer, event, *_ = training
    user = django_user_model.objects.create_user("trainer", password="x-long-password")
    RoleGrant.objects.create(user=user, role=Role.TRAINER, person=trainer)
    client.force_login(user)
    page = client.get(reverse("trainer_registry:event-detail", args=[event.code])).content.decode()
    assert "Issue the certificates" in page
    response = client.post(
        reverse("trainer_registry:event-issue-certificates", args=[event.code]), follow=True
    )
    assert "1 certificates issued." in response.content.decode()
    assert IssuedCertificate.objects.count() == 1
    assert AuditEvent.objects.filter(object_type="issuedcertificate").exists()

    manager = django_user_model.objects.create_user("manager", password="x-long-password")
    RoleGrant.objects.create(user=manager, role=Role.COUNTRY_MANAGER, country="KH")
    client.force_login(manager)
    assert (
        client.post(
            reverse("trainer_registry:event-issue-certificates", args=[event.code])
        ).status_code
        == 403
    )


def test_a_certified_trainer_of_another_country_cannot_issue_from_the_event_page(
    training, client, django_user_model
):
    """The page and the issue action of a training out of the trainer's reach answer 404,
    exactly as for a training that does not exist; nothing is issued."""
    from trainer_registry.models import Role, RoleGrant

    _trainer, event, *_ = training
    elsewhere = _another_certified_trainer("Tran Van Minh", "VN")
    user = django_user_model.objects.create_user("vn-trainer", password="x-long-password")
    RoleGrant.objects.create(user=user, role=Role.TRAINER, person=elsewhere)
    client.force_login(user)
    assert (
        client.get(reverse("trainer_registry:event-detail", args=[event.code])).status_code == 404
    )
    issue = reverse("trainer_registry:event-issue-certificates", args=[event.code])
    assert client.post(issue).status_code == 404
    assert not IssuedCertificate.objects.exists()
