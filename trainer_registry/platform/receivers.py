"""Receivers for the Open edX platform's events (openedx-events), connected when the app
is ready. Each turns the event's data into plain values and dispatches it to
:mod:`trainer_registry.tasks`; nothing is done in the platform's request beyond queueing.
"""

from __future__ import annotations

from django.dispatch import receiver
from django.utils import timezone
from openedx_events.learning.signals import (
    CERTIFICATE_CREATED,
    CERTIFICATE_REVOKED,
    COURSE_ENROLLMENT_CHANGED,
    COURSE_ENROLLMENT_CREATED,
    COURSE_PASSING_STATUS_UPDATED,
    PERSISTENT_GRADE_SUMMARY_CHANGED,
)

from trainer_registry.tasks import dispatch


def _today() -> str:
    return timezone.localdate().isoformat()


@receiver(COURSE_ENROLLMENT_CREATED)
@receiver(COURSE_ENROLLMENT_CHANGED)
def enrollment_changed(enrollment, **kwargs) -> None:
    user = enrollment.user
    dispatch(
        "enrollment",
        {
            "user_id": user.id,
            "username": user.pii.username,
            "name": user.pii.name,
            "email": user.pii.email,
            "course_key": str(enrollment.course.course_key),
            "is_active": enrollment.is_active,
        },
    )


@receiver(COURSE_PASSING_STATUS_UPDATED)
def passing_status_updated(course_passing_status, **kwargs) -> None:
    status = course_passing_status
    dispatch(
        "passing_status",
        {
            "user_id": status.user.id,
            "course_key": str(status.course.course_key),
            "is_passing": status.is_passing,
            "on": _today(),
        },
    )


@receiver(PERSISTENT_GRADE_SUMMARY_CHANGED)
def grade_changed(grade, **kwargs) -> None:
    dispatch(
        "grade",
        {
            "user_id": grade.user_id,
            "course_key": str(grade.course.course_key),
            "percent_grade": float(grade.percent_grade),
        },
    )


@receiver(CERTIFICATE_CREATED)
def certificate_created(certificate, **kwargs) -> None:
    _certificate(certificate, revoked=False)


@receiver(CERTIFICATE_REVOKED)
def certificate_revoked(certificate, **kwargs) -> None:
    _certificate(certificate, revoked=True)


def _certificate(certificate, *, revoked: bool) -> None:
    dispatch(
        "certificate",
        {
            "user_id": certificate.user.id,
            "course_key": str(certificate.course.course_key),
            "revoked": revoked,
            "on": _today(),
        },
    )
