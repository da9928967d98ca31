"""Certification work done as queued jobs: a training's certificates in bulk, and the
certification expiry reminders.

Each function takes ids and plain values (what a Celery message carries), does the work
through :mod:`trainer_registry.certificates.issuing` or
:mod:`trainer_registry.certification.reminders`, and records it in its
:class:`~trainer_registry.models.QueuedJob` when given one. Both are safe to run again:
a certificate is issued once per participant (a database constraint and a row lock), a
reminder once per certification (a row lock and ``reminded_on``). Who may do the work is
checked again when it runs, not only when it was asked for: a trainer whose grant or
certification ended in between issues nothing.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model

from trainer_registry import queued_jobs
from trainer_registry.access import access_for, visible_people
from trainer_registry.certificates import issuing as certificate_issuing
from trainer_registry.certification import reminders as certification_reminders
from trainer_registry.models import (
    CertificateKind,
    CertificateStatus,
    IssuedCertificate,
    JobKind,
    TrainingEvent,
)


def _user(user_id: int | None):
    if user_id is None:
        return None
    return get_user_model().objects.filter(pk=user_id).first()


def _refused(job_id: int | None, reasons: list[str]) -> dict:
    queued_jobs.failed(job_id, reasons)
    return {"reasons": reasons}


def event_certificate_state(event: TrainingEvent) -> dict:
    """How far a training's certificates are issued, from the database: ``completed``
    participants, how many of them ``certified`` (holding a valid certificate), and the
    public ids of those who did not complete and of those who completed without one."""
    holders = IssuedCertificate.objects.filter(
        event=event, kind=CertificateKind.PARTICIPANT, status=CertificateStatus.VALID
    ).values("person")
    participations = event.participations.all()
    completed = participations.filter(completed=True)

    def public_ids(rows) -> list[str]:
        return [
            str(i)
            for i in rows.order_by("person__public_id").values_list("person__public_id", flat=True)
        ]

    return {
        "completed": completed.count(),
        "certified": completed.filter(person__in=holders).count(),
        "not_completed": public_ids(participations.filter(completed=False)),
        "completed_without_certificate": public_ids(completed.exclude(person__in=holders)),
    }


def issue_event_certificates(
    event_id: int, issuer_user_id: int, on: date, *, job_id: int | None = None
) -> dict:
    """Issue, as the trainer who led training ``event_id`` (the Django user
    ``issuer_user_id`` linked to them), every certificate still missing, dated ``on``.
    Returns the outcome: ``issued`` by this run and :func:`event_certificate_state`, or
    the ``reasons`` nothing could be issued."""
    queued_jobs.taken_up(job_id)
    event = TrainingEvent.objects.select_related("lead_trainer").filter(pk=event_id).first()
    if event is None:
        return _refused(job_id, [f"training event {event_id} no longer exists"])
    user = _user(issuer_user_id)
    if event.lead_trainer_id is None or event.lead_trainer_id not in (
        access_for(user).trainer_person_ids
    ):
        return _refused(
            job_id, [f"user {issuer_user_id} is not the trainer who led training {event.code}"]
        )
    try:
        result = certificate_issuing.issue_for_event(
            event.lead_trainer, event, on=on, recorded_by=user
        )
    except certificate_issuing.NotAllowed as refusal:
        return _refused(job_id, list(refusal.reasons))
    outcome = {"issued": result.issued, **event_certificate_state(event)}
    queued_jobs.done(job_id, outcome)
    return outcome


def send_certification_reminders(
    on: date, within_days: int, *, requested_by_id: int | None = None, job_id: int | None = None
) -> dict:
    """Email every trainer whose certification is due a reminder on ``on`` (see
    :mod:`trainer_registry.certification.reminders`). Returns the outcome: how many were
    ``sent`` by this run and the public ids of trainers ``without_email``."""
    queued_jobs.taken_up(job_id)
    try:
        result = certification_reminders.send_expiry_reminders(
            on=on, within_days=within_days, sent_by=_user(requested_by_id)
        )
    except ValueError as error:
        return _refused(job_id, [str(error)])
    outcome = {
        "on": on.isoformat(),
        "within_days": within_days,
        "sent": result.sent,
        "without_email": list(result.without_email),
    }
    queued_jobs.done(job_id, outcome)
    return outcome


def certificate_job_for(event, access) -> dict | None:
    """For the trainer who led ``event``: its latest bulk issue of certificates (a
    :class:`~trainer_registry.models.QueuedJob`) with the people it left without a
    certificate, by name where ``access`` shows names and the person is in reach."""
    if event.lead_trainer_id is None or event.lead_trainer_id not in access.trainer_person_ids:
        return None
    job = queued_jobs.latest(JobKind.ISSUE_EVENT_CERTIFICATES, event.code)
    if job is None:
        return None
    wanted = [
        *job.outcome.get("not_completed", []),
        *job.outcome.get("completed_without_certificate", []),
    ]
    names = {
        str(person.public_id): person.name_latin if access.sees_names else str(person.public_id)
        for person in visible_people(access).filter(public_id__in=wanted)
    }

    def named(key: str) -> list[str]:
        return sorted(names.get(public_id, public_id) for public_id in job.outcome.get(key, []))

    return {
        "job": job,
        "not_completed": named("not_completed"),
        "completed_without_certificate": named("completed_without_certificate"),
    }
