"""Certifying trainers from recorded evidence; who may issue certificates for a training."""

from __future__ import annotations

from datetime import date

import pytest

from trainer_registry import certification
from trainer_registry.models import (
    CertificationCriteria,
    CoFacilitationObservation,
    Participation,
    Person,
    Programme,
    TeachBackAssessment,
    TrainerCertification,
    TrainingEvent,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tot():
    programme = Programme.objects.create(
        code="tot-kh", kind="TOT", name="National ToT, Cambodia", country="KH"
    )
    event = TrainingEvent.objects.create(
        programme=programme,
        code="tot-kh-2026",
        title="ToT 2026",
        country="KH",
        starts_on=date(2026, 3, 2),
        ends_on=date(2026, 3, 6),
    )
    master = Person.objects.create(name_latin="Master Trainer", country="TH")
    candidate = Person.objects.create(name_latin="Chan Bopha", name_local="ចាន់ បុប្ផា", country="KH")
    Participation.objects.create(
        event=event,
        person=candidate,
        attendance_percent=100,
        post_test_score=82,
        completed=True,
        completed_on=date(2026, 3, 6),
    )
    return programme, event, master, candidate


def _full_evidence(event, master, candidate):
    TeachBackAssessment.objects.create(
        person=candidate,
        event=event,
        score_percent=78,
        assessed_by=master,
        assessed_on=date(2026, 3, 5),
    )
    ntp_programme = Programme.objects.create(
        code="ntp-kh", kind="NTP", name="NTP Cambodia", country="KH"
    )
    ntp = TrainingEvent.objects.create(
        programme=ntp_programme,
        code="ntp-kh-2026-1",
        title="NTP",
        country="KH",
        starts_on=date(2026, 4, 6),
        ends_on=date(2026, 4, 9),
        lead_trainer=master,
    )
    CoFacilitationObservation.objects.create(
        person=candidate,
        event=ntp,
        observer=master,
        satisfactory=True,
        observed_on=date(2026, 4, 9),
    )


def test_certified_only_when_the_evidence_meets_the_criteria(tot, django_user_model):
    programme, event, master, candidate = tot
    manager = django_user_model.objects.create_user("manager", password="x-long-password")
    with pytest.raises(certification.NotEligible) as caught:
        certification.certify(
            candidate, programme, level="national_trainer", decided_by=manager, on=date(2026, 5, 1)
        )
    assert caught.value.unmet == (
        "The teach-back score is not recorded (at least 70 % is needed)",
        "0 observed co-facilitation(s) recorded, 1 needed",
    )
    assert not TrainerCertification.objects.exists()

    _full_evidence(event, master, candidate)
    decided = certification.certify(
        candidate, programme, level="national_trainer", decided_by=manager, on=date(2026, 5, 1)
    )
    assert decided.valid_until == date(2029, 5, 1)
    assert decided.evidence["evidence"]["teach_back_percent"] == 78.0
    assert decided.evidence["criteria"]["min_post_test_percent"] == 75.0


def test_programme_criteria_are_used(tot, django_user_model):
    programme, event, master, candidate = tot
    _full_evidence(event, master, candidate)
    CertificationCriteria.objects.create(
        programme=programme, min_post_test_percent=85, validity_months=24
    )
    with pytest.raises(
        certification.NotEligible, match="The post-test score is 82 %, below the 85 % needed"
    ):
        certification.certify(
            candidate, programme, level="national_trainer", decided_by=None, on=date(2026, 5, 1)
        )


def test_who_may_issue_for_a_training(tot):
    programme, event, master, candidate = tot
    _full_evidence(event, master, candidate)
    cert = certification.certify(
        candidate, programme, level="national_trainer", decided_by=None, on=date(2026, 5, 1)
    )
    other_programme = Programme.objects.get(code="ntp-kh")
    led = TrainingEvent.objects.create(
        programme=other_programme,
        code="ntp-kh-2026-2",
        title="NTP 2",
        country="KH",
        starts_on=date(2026, 9, 7),
        ends_on=date(2026, 9, 10),
        lead_trainer=candidate,
    )
    not_led = TrainingEvent.objects.get(code="ntp-kh-2026-1")

    assert certification.may_issue_for(candidate, led, on=date(2026, 9, 10)).eligible
    assert certification.may_issue_for(candidate, not_led, on=date(2026, 9, 10)).unmet == (
        "did not lead this training",
    )
    assert certification.may_issue_for(candidate, led, on=date(2029, 5, 2)).unmet == (
        "certification expired on 2029-05-01",
    )
    certification.change_status(cert, "suspended", reason="Complaint under review")
    assert certification.may_issue_for(candidate, led, on=date(2026, 9, 10)).unmet == (
        "certification is suspended: Complaint under review",
    )
    certification.change_status(cert, "active", reason="")
    certification.change_status(cert, "revoked", reason="Certificate fraud")
    with pytest.raises(ValueError, match="stays revoked"):
        certification.change_status(cert, "active", reason="")
    with pytest.raises(ValueError, match="Give the reason"):
        certification.change_status(TrainerCertification(status="active"), "suspended", reason=" ")
    assert certification.may_issue_for(master, led, on=date(2026, 9, 10)).unmet == (
        "is not a certified trainer",
        "did not lead this training",
    )


def test_recertification_on_trainings_delivered_and_a_refresher(tot):
    programme, event, master, candidate = tot
    _full_evidence(event, master, candidate)
    first = certification.certify(
        candidate, programme, level="national_trainer", decided_by=None, on=date(2026, 5, 1)
    )
    with pytest.raises(certification.NotEligible, match="0 training"):
        certification.recertify(first, decided_by=None, on=date(2029, 4, 1))
    ntp = Programme.objects.get(code="ntp-kh")
    for number in (1, 2):
        TrainingEvent.objects.create(
            programme=ntp,
            code=f"ntp-kh-2027-{number}",
            title="NTP",
            country="KH",
            starts_on=date(2027, number * 3, 1),
            ends_on=date(2027, number * 3, 4),
            lead_trainer=candidate,
        )
    refresher = TrainingEvent.objects.create(
        programme=programme,
        code="tot-kh-2029",
        title="Refresher",
        country="KH",
        starts_on=date(2029, 2, 1),
        ends_on=date(2029, 2, 2),
    )
    Participation.objects.create(
        event=refresher, person=candidate, completed=True, completed_on=date(2029, 2, 2)
    )
    second = certification.recertify(first, decided_by=None, on=date(2029, 4, 1))
    assert second.supersedes == first and second.valid_until == date(2032, 4, 1)
    assert certification.current_certification(candidate) == second
