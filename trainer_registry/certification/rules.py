"""When a trainer may be certified, and whether a certification holds on a given day.

Pure functions over plain values: the registry gathers the evidence, these decide.

Certification criteria are the programme's own, configurable; no COMMIT-wide rule exists.
The defaults follow common practice for training-of-trainers cascades (DOMAIN.md section 6):
attendance of at least 90 %, the certification exam at its pass mark (80 %, the ToT's
``certification.yaml``; a test keeps the two equal), a teach-back and at least one
co-facilitation observed by a master trainer that pass the rubric, and recertification
every three years on trainings delivered and a refresher. The teach-back has no pass mark
here: a scored session passed or not under the pass rule of the rubric version it was
scored on (:mod:`trainer_registry.assessment.rubric`), and the evidence says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Status(StrEnum):
    ACTIVE = "active"
    EXPIRED = "expired"
    SUSPENDED = "suspended"
    REVOKED = "revoked"


@dataclass(frozen=True)
class Criteria:
    min_attendance_percent: float = 90.0
    min_post_test_percent: float = 80.0
    teach_back_required: bool = True
    min_observed_cofacilitations: int = 1
    validity_months: int = 36
    recertification_min_trainings_delivered: int = 2
    recertification_needs_refresher: bool = True

    def __post_init__(self) -> None:
        for name in ("min_attendance_percent", "min_post_test_percent"):
            value = getattr(self, name)
            if not 0 <= value <= 100:
                raise ValueError(f"{name} must be a percentage between 0 and 100, got {value}")
        if self.validity_months < 1:
            raise ValueError(f"validity_months must be at least 1, got {self.validity_months}")
        if (
            self.min_observed_cofacilitations < 0
            or self.recertification_min_trainings_delivered < 0
        ):
            raise ValueError("counts in the criteria cannot be negative")


@dataclass(frozen=True)
class Evidence:
    """What the registry holds about a candidate. ``None`` means not recorded.

    ``teach_back_percent`` is the weighted score of the best teach-back session and
    ``teach_back_passed`` whether one passed its rubric's rule; ``teach_back_rubric``
    names the rubric version(s) it was scored on. ``observed_cofacilitations`` counts
    the observed co-facilitation sessions that passed."""

    attendance_percent: float | None
    post_test_percent: float | None
    teach_back_percent: float | None
    observed_cofacilitations: int
    trainings_delivered: int = 0
    refresher_completed: bool = False
    teach_back_passed: bool = False
    teach_back_rubric: str = ""


@dataclass(frozen=True)
class Decision:
    eligible: bool
    unmet: tuple[str, ...] = field(default_factory=tuple)


def _at_least(value: float | None, minimum: float, what: str) -> str | None:
    if value is None:
        return f"{what} is not recorded (at least {minimum:g} % is needed)"
    if value < minimum:
        return f"{what} is {value:g} %, below the {minimum:g} % needed"
    return None


def decide_certification(evidence: Evidence, criteria: Criteria) -> Decision:
    """Whether the evidence meets the criteria for a first certification, and if not,
    every criterion that is not met, in words a programme manager can act on."""
    unmet = [
        _at_least(evidence.attendance_percent, criteria.min_attendance_percent, "Attendance"),
        _at_least(
            evidence.post_test_percent, criteria.min_post_test_percent, "The post-test score"
        ),
    ]
    if criteria.teach_back_required and not evidence.teach_back_passed:
        if evidence.teach_back_percent is None:
            unmet.append("No scored teach-back is recorded")
        else:
            unmet.append(
                f"The teach-back ({evidence.teach_back_percent:g} %) did not pass the pass "
                f"rule of its rubric ({evidence.teach_back_rubric or 'not recorded'})"
            )
    if evidence.observed_cofacilitations < criteria.min_observed_cofacilitations:
        unmet.append(
            f"{evidence.observed_cofacilitations} passed observed co-facilitation(s) recorded, "
            f"{criteria.min_observed_cofacilitations} needed"
        )
    reasons = tuple(reason for reason in unmet if reason)
    return Decision(eligible=not reasons, unmet=reasons)


def decide_recertification(evidence: Evidence, criteria: Criteria) -> Decision:
    """Whether a certified trainer may be certified again: trainings delivered and, if the
    programme asks, a refresher."""
    unmet = []
    if evidence.trainings_delivered < criteria.recertification_min_trainings_delivered:
        unmet.append(
            f"{evidence.trainings_delivered} training(s) delivered, "
            f"{criteria.recertification_min_trainings_delivered} needed"
        )
    if criteria.recertification_needs_refresher and not evidence.refresher_completed:
        unmet.append("No refresher training is recorded")
    return Decision(eligible=not unmet, unmet=tuple(unmet))


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it has no such day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has a 28th")


def status_on(recorded: Status, valid_until: date, today: date) -> Status:
    """The status that holds on ``today``: an active certification past its date has
    expired; suspension and revocation stand whatever the date."""
    if recorded == Status.ACTIVE and today > valid_until:
        return Status.EXPIRED
    return recorded


def due_for_reminder(
    valid_until: date, today: date, *, days_before: tuple[int, ...] = (90, 30)
) -> bool:
    """Whether ``today`` is one of the days on which a trainer is reminded that their
    certification expires on ``valid_until``."""
    return (valid_until - today).days in days_before
