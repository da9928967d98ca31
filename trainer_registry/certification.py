"""Certifying trainers from the evidence the registry holds, and keeping the decision.

The rules themselves are in :mod:`trainer_registry.certification_rules`; this module
gathers the evidence, records decisions with the evidence and criteria they rested on, and
answers whether a trainer may issue certificates for a training.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from django.db import transaction
from django.db.models import Max, Q

from trainer_registry import certification_rules as rules
from trainer_registry.models import (
    CertificationCriteria,
    CertificationStatus,
    CoFacilitationObservation,
    Participation,
    Person,
    Programme,
    TeachBackAssessment,
    TrainerCertification,
    TrainingEvent,
)


class NotEligible(Exception):
    """The evidence does not meet the criteria; ``unmet`` lists each criterion not met."""

    def __init__(self, unmet: tuple[str, ...]) -> None:
        super().__init__("; ".join(unmet))
        self.unmet = unmet


def criteria_for(programme: Programme) -> rules.Criteria:
    stored = CertificationCriteria.objects.filter(programme=programme).first()
    if stored is None:
        return rules.Criteria()
    return rules.Criteria(
        min_attendance_percent=float(stored.min_attendance_percent),
        min_post_test_percent=float(stored.min_post_test_percent),
        min_teach_back_percent=(
            None if stored.min_teach_back_percent is None else float(stored.min_teach_back_percent)
        ),
        min_observed_cofacilitations=stored.min_observed_cofacilitations,
        validity_months=stored.validity_months,
        recertification_min_trainings_delivered=stored.recertification_min_trainings_delivered,
        recertification_needs_refresher=stored.recertification_needs_refresher,
    )


def gather_evidence(
    person: Person, programme: Programme, *, since: date | None = None
) -> rules.Evidence:
    """The evidence for ``person`` in ``programme``: their best attendance and post-test in
    its trainings, their best teach-back there, the satisfactory observed co-facilitations;
    and, ``since`` a date (for recertification), the trainings they led or co-facilitated
    and whether they completed a refresher of the programme."""
    participations = Participation.objects.filter(person=person, event__programme=programme)
    best = participations.aggregate(
        attendance=Max("attendance_percent"), post_test=Max("post_test_score")
    )
    teach_back = TeachBackAssessment.objects.filter(
        person=person, event__programme=programme
    ).aggregate(best=Max("score_percent"))["best"]
    observed = CoFacilitationObservation.objects.filter(person=person, satisfactory=True).count()
    delivered, refresher = 0, False
    if since is not None:
        delivered = (
            TrainingEvent.objects.filter(
                Q(lead_trainer=person) | Q(co_trainers=person), starts_on__gte=since
            )
            .distinct()
            .count()
        )
        refresher = participations.filter(event__starts_on__gte=since, completed=True).exists()
    return rules.Evidence(
        attendance_percent=_number(best["attendance"]),
        post_test_percent=_number(best["post_test"]),
        teach_back_percent=_number(teach_back),
        observed_cofacilitations=observed,
        trainings_delivered=delivered,
        refresher_completed=refresher,
    )


def _number(value) -> float | None:
    return None if value is None else float(value)


def _record(person, programme, *, level, decided_by, on, evidence, criteria, supersedes=None):
    return TrainerCertification.objects.create(
        person=person,
        programme=programme,
        level=level,
        certified_on=on,
        valid_until=rules.add_months(on, criteria.validity_months),
        evidence={"evidence": asdict(evidence), "criteria": asdict(criteria)},
        decided_by=decided_by,
        supersedes=supersedes,
    )


@transaction.atomic
def certify(
    person: Person, programme: Programme, *, level: str, decided_by, on: date
) -> TrainerCertification:
    """Certify ``person`` if the evidence meets ``programme``'s criteria; otherwise raise
    :class:`NotEligible` with every criterion not met."""
    criteria = criteria_for(programme)
    evidence = gather_evidence(person, programme)
    decision = rules.decide_certification(evidence, criteria)
    if not decision.eligible:
        raise NotEligible(decision.unmet)
    return _record(
        person,
        programme,
        level=level,
        decided_by=decided_by,
        on=on,
        evidence=evidence,
        criteria=criteria,
    )


@transaction.atomic
def recertify(previous: TrainerCertification, *, decided_by, on: date) -> TrainerCertification:
    """Certify again on trainings delivered since the last certification and a refresher."""
    if previous.status in {CertificationStatus.SUSPENDED, CertificationStatus.REVOKED}:
        raise NotEligible((f"The certification is {previous.status}: {previous.status_reason}",))
    criteria = criteria_for(previous.programme)
    evidence = gather_evidence(previous.person, previous.programme, since=previous.certified_on)
    decision = rules.decide_recertification(evidence, criteria)
    if not decision.eligible:
        raise NotEligible(decision.unmet)
    return _record(
        previous.person,
        previous.programme,
        level=previous.level,
        decided_by=decided_by,
        on=on,
        evidence=evidence,
        criteria=criteria,
        supersedes=previous,
    )


@transaction.atomic
def change_status(certification: TrainerCertification, status: str, *, reason: str) -> None:
    """Suspend, revoke or reinstate (``active``) a certification, with the reason.

    Revoking it revokes the trainer certificates issued for it too (their status bits are
    set); a suspended certification's certificates verify as not valid while it lasts."""
    if (
        status in {CertificationStatus.SUSPENDED, CertificationStatus.REVOKED}
        and not reason.strip()
    ):
        raise ValueError("Give the reason for a suspension or revocation.")
    if certification.status == CertificationStatus.REVOKED:
        raise ValueError(
            "A revoked certification stays revoked; certify the trainer again instead."
        )
    certification.status = status
    certification.status_reason = reason.strip()
    certification.save(update_fields=["status", "status_reason"])
    if status == CertificationStatus.REVOKED:
        from trainer_registry.certificate_issuing import revoke_for_certification

        revoke_for_certification(
            certification, reason=f"the certification was revoked: {reason.strip()}"
        )


def current_certification(person: Person) -> TrainerCertification | None:
    """The person's latest certification that no later one superseded."""
    return (
        TrainerCertification.objects.filter(person=person, superseded_by__isnull=True)
        .order_by("-certified_on", "-pk")
        .first()
    )


def may_issue_for(person: Person, event: TrainingEvent, *, on: date) -> rules.Decision:
    """Whether ``person`` may issue participant certificates for ``event`` on ``on``: an
    active certification that day, and they led the training."""
    reasons = []
    certification = current_certification(person)
    if certification is None:
        reasons.append("is not a certified trainer")
    else:
        status = rules.status_on(rules.Status(certification.status), certification.valid_until, on)
        if status == rules.Status.EXPIRED:
            reasons.append(f"certification expired on {certification.valid_until.isoformat()}")
        elif status != rules.Status.ACTIVE:
            reasons.append(f"certification is {status.value}: {certification.status_reason}")
    if event.lead_trainer_id != person.pk:
        reasons.append("did not lead this training")
    return rules.Decision(eligible=not reasons, unmet=tuple(reasons))
