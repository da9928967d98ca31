"""The certification rules on plain values."""

from __future__ import annotations

from datetime import date

import pytest

from trainer_registry.certification.rules import (
    Criteria,
    Evidence,
    Status,
    add_months,
    decide_certification,
    decide_recertification,
    due_for_reminder,
    status_on,
)

MEETS = Evidence(
    attendance_percent=95,
    post_test_percent=80,
    teach_back_percent=78,
    observed_cofacilitations=1,
    teach_back_passed=True,
    teach_back_rubric="Teach-back and co-facilitation rubric (2026.1)",
)


def test_evidence_meeting_every_criterion_certifies():
    assert decide_certification(MEETS, Criteria()).eligible


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"attendance_percent": 89.5}, "Attendance is 89.5 %, below the 90 % needed"),
        (
            {"post_test_percent": None},
            "The post-test score is not recorded (at least 80 % is needed)",
        ),
        (
            {"teach_back_passed": False},
            "The teach-back (78 %) did not pass the pass rule of its rubric "
            "(Teach-back and co-facilitation rubric (2026.1))",
        ),
        (
            {"teach_back_passed": False, "teach_back_percent": None},
            "No scored teach-back is recorded",
        ),
        (
            {"observed_cofacilitations": 0},
            "0 passed observed co-facilitation(s) recorded, 1 needed",
        ),
    ],
)
def test_each_unmet_criterion_is_named(change, reason):
    decision = decide_certification(Evidence(**{**MEETS.__dict__, **change}), Criteria())
    assert not decision.eligible
    assert decision.unmet == (reason,)


def test_thresholds_are_inclusive_and_configurable():
    exact = Evidence(
        attendance_percent=90,
        post_test_percent=80,
        teach_back_percent=75,
        observed_cofacilitations=1,
        teach_back_passed=True,
    )
    assert decide_certification(exact, Criteria()).eligible
    no_teach_back = Evidence(
        **{**exact.__dict__, "teach_back_percent": None, "teach_back_passed": False}
    )
    assert not decide_certification(no_teach_back, Criteria()).eligible
    assert decide_certification(no_teach_back, Criteria(teach_back_required=False)).eligible
    assert not decide_certification(exact, Criteria(min_post_test_percent=85)).eligible


def test_criteria_refuse_impossible_values():
    with pytest.raises(ValueError, match="min_post_test_percent"):
        Criteria(min_post_test_percent=120)
    with pytest.raises(ValueError, match="validity_months"):
        Criteria(validity_months=0)


def test_recertification_needs_trainings_and_a_refresher():
    enough = Evidence(None, None, None, 0, trainings_delivered=2, refresher_completed=True)
    assert decide_recertification(enough, Criteria()).eligible
    short = Evidence(None, None, None, 0, trainings_delivered=1, refresher_completed=False)
    assert decide_recertification(short, Criteria()).unmet == (
        "1 training(s) delivered, 2 needed",
        "No refresher training is recorded",
    )
    assert decide_recertification(
        Evidence(None, None, None, 0, trainings_delivered=2),
        Criteria(recertification_needs_refresher=False),
    ).eligible


def test_validity_and_status_over_time():
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2023, 11, 30), 36) == date(2026, 11, 30)
    until = date(2027, 6, 30)
    assert status_on(Status.ACTIVE, until, date(2027, 6, 30)) == Status.ACTIVE
    assert status_on(Status.ACTIVE, until, date(2027, 7, 1)) == Status.EXPIRED
    assert status_on(Status.SUSPENDED, until, date(2020, 1, 1)) == Status.SUSPENDED
    assert status_on(Status.REVOKED, until, date(2030, 1, 1)) == Status.REVOKED
    assert due_for_reminder(until, date(2027, 4, 1)) and due_for_reminder(until, date(2027, 5, 31))
    assert not due_for_reminder(until, date(2027, 5, 30))
