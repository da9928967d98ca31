"""Certifying trainers from the evidence the registry holds, and keeping the decision.

The rules themselves are in :mod:`trainer_registry.certification.rules`; this module
gathers the evidence, records decisions with the evidence and criteria they rested on, and
answers whether a trainer may issue certificates for a training.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from django.db import transaction
from django.db.models import Max, Q

from trainer_registry.assessment.observations import session_results
from trainer_registry.certification import rules
from trainer_registry.models import (
    CertificationCriteria,
    CertificationStatus,
    Observation,
    Participation,
    Person,
    Programme,
    SessionKind,
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
        teach_back_required=stored.teach_back_required,
        min_observed_cofacilitations=stored.min_observed_cofacilitations,
        validity_months=stored.validity_months,
        recertification_min_trainings_delivered=stored.recertification_min_trainings_delivered,
        recertification_needs_refresher=stored.recertification_needs_refresher,
    )


def gather_evidence(
    person: Person, programme: Programme, *, since: date | None = None
) -> rules.Evidence:
    """The evidence for ``person`` in ``programme``: their best attendance and post-test in
    its trainings; their best teach-back session there, whether one passed under its rubric
    version's rule, and which versions; the observed co-facilitation sessions that passed;
    and, ``since`` a date (for recertification), the trainings they led or co-facilitated
    and whether they completed a refresher of the programme."""
    participations = Participation.objects.filter(person=person, event__programme=programme)
    best = participations.aggregate(
        attendance=Max("attendance_percent"), post_test=Max("post_test_score")
    )
    observations = Observation.objects.filter(person=person).select_related("rubric_version")
    teach_backs = [
        o
        for o in observations
        if o.kind == SessionKind.TEACH_BACK and o.event.programme_id == programme.pk
    ]
    sessions = session_results(teach_backs)
    passed = [s for s in sessions if s.passed]
    scores = [s.percent for s in (passed or sessions) if s.percent is not None]
    versions = sorted({str(o.rubric_version) for o in teach_backs if o.rubric_version})
    observed = sum(
        s.passed
        for s in session_results(o for o in observations if o.kind == SessionKind.CO_FACILITATION)
    )
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
        teach_back_percent=max(scores) if scores else None,
        observed_cofacilitations=observed,
        trainings_delivered=delivered,
        refresher_completed=refresher,
        teach_back_passed=bool(passed),
        teach_back_rubric="; ".join(versions),
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

    The certification alone: what a revocation does to the certificates issued for it is
    the issuing side's (``certificate_issuing.change_certification_status``, which staff
    pages call). A suspended certification's certificates verify as not valid while it
    lasts, with no change to them."""
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


def effective_status(cert: TrainerCertification, today: date) -> str:
    """The certification's status as it holds ``today`` (an active one past its end is
    expired)."""
    return rules.status_on(rules.Status(cert.status), cert.valid_until, today).value
