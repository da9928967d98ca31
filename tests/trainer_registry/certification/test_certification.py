"""Certifying trainers from recorded evidence; who may issue certificates for a training."""

from __future__ import annotations

from datetime import date

import pytest

from trainer_registry.assessment import observations, rubric_versions
from trainer_registry.certification import decisions
from trainer_registry.models import (
    CertificationCriteria,
    Participation,
    Person,
    Programme,
    SessionKind,
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


def _score(kind, person, event, observer, on, *, level=3, accuracy=None):
    """Score a session on the curriculum's rubric: ``level`` everywhere, or ``accuracy``."""
    version = rubric_versions.load_file().version
    levels = {c["id"]: level for c in version.content["criteria"]}
    if accuracy is not None:
        levels["accuracy"] = accuracy
    return observations.record(
        kind=kind,
        person=person,
        event=event,
        observer=observer,
        version=version,
        observed_on=on,
        levels=levels,
        comments={},
    )


def _full_evidence(event, master, candidate):
    _score(SessionKind.TEACH_BACK, candidate, event, master, date(2026, 3, 5), accuracy=4)
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
    _score(SessionKind.CO_FACILITATION, candidate, ntp, master, date(2026, 4, 9))


def test_certified_only_when_the_evidence_meets_the_criteria(tot, django_user_model):
    programme, event, master, candidate = tot
    manager = django_user_model.objects.create_user("manager", password="x-long-password")
    with pytest.raises(decisions.NotEligible) as caught:
        decisions.certify(
            candidate, programme, level="national_trainer", decided_by=manager, on=date(2026, 5, 1)
        )
    assert caught.value.unmet == (
        "No scored teach-back is recorded",
        "0 passed observed co-facilitation(s) recorded, 1 needed",
    )
    assert not TrainerCertification.objects.exists()

    _full_evidence(event, master, candidate)
    decided = decisions.certify(
        candidate, programme, level="national_trainer", decided_by=manager, on=date(2026, 5, 1)
    )
    assert decided.valid_until == date(2029, 5, 1)
    # Level 3 everywhere and 4 on accuracy (weight 3 of 12): 75 + 3/48 of 100.
    assert decided.evidence["evidence"]["teach_back_percent"] == 81.25
    assert decided.evidence["evidence"]["teach_back_passed"] is True
    assert decided.evidence["evidence"]["teach_back_rubric"].endswith("(2026.1)")
    assert decided.evidence["criteria"]["min_post_test_percent"] == 80.0


def test_a_teach_back_fails_by_its_rubric_and_two_observers_must_both_pass(tot):
    programme, event, master, candidate = tot
    _full_evidence(event, master, candidate)
    second = Person.objects.create(name_latin="Second Master", country="VN")
    # 81 % weighted, but accuracy (critical) at level 2: the rubric's rule fails it.
    _score(SessionKind.TEACH_BACK, candidate, event, second, date(2026, 3, 5), level=4, accuracy=2)
    with pytest.raises(decisions.NotEligible) as caught:
        decisions.certify(
            candidate, programme, level="national_trainer", decided_by=None, on=date(2026, 5, 1)
        )
    (reason,) = caught.value.unmet
    assert reason.startswith("The teach-back (")
    assert "did not pass the pass rule of its rubric" in reason


def test_programme_criteria_are_used(tot, django_user_model):
    programme, event, master, candidate = tot
    _full_evidence(event, master, candidate)
    CertificationCriteria.objects.create(
        programme=programme, min_post_test_percent=85, validity_months=24
    )
    with pytest.raises(
        decisions.NotEligible, match="The post-test score is 82 %, below the 85 % needed"
    ):
        decisions.certify(
            candidate, programme, level="national_trainer", decided_by=None, on=date(2026, 5, 1)
        )


def test_who_may_issue_for_a_training(tot):
    programme, event, master, candidate = tot
    _full_evidence(event, master, candidate)
    cert = decisions.certify(
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

    assert decisions.may_issue_for(candidate, led, on=date(2026, 9, 10)).eligible
    assert decisions.may_issue_for(candidate, not_led, on=date(2026, 9, 10)).unmet == (
        "did not lead this training",
    )
    assert decisions.may_issue_for(candidate, led, on=date(2029, 5, 2)).unmet == (
        "certification expired on 2029-05-01",
    )
    decisions.change_status(cert, "suspended", reason="Complaint under review")
    assert decisions.may_issue_for(candidate, led, on=date(2026, 9, 10)).unmet == (
        "certification is suspended: Complaint under review",
    )
    decisions.change_status(cert, "active", reason="")
    decisions.change_status(cert, "revoked", reason="Certificate fraud")
    with pytest.raises(ValueError, match="stays revoked"):
        decisions.change_status(cert, "active", reason="")
    with pytest.raises(ValueError, match="Give the reason"):
        decisions.change_status(TrainerCertification(status="active"), "suspended", reason=" ")
    assert decisions.may_issue_for(master, led, on=date(2026, 9, 10)).unmet == (
        "is not a certified trainer",
        "did not lead this training",
    )


def test_recertification_on_trainings_delivered_and_a_refresher(tot):
    programme, event, master, candidate = tot
    _full_evidence(event, master, candidate)
    first = decisions.certify(
        candidate, programme, level="national_trainer", decided_by=None, on=date(2026, 5, 1)
    )
    with pytest.raises(decisions.NotEligible, match="0 training"):
        decisions.recertify(first, decided_by=None, on=date(2029, 4, 1))
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
    second = decisions.recertify(first, decided_by=None, on=date(2029, 4, 1))
    assert second.supersedes == first and second.valid_until == date(2032, 4, 1)
    assert decisions.current_certification(candidate) == second
