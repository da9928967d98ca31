"""Reminding certified trainers, by email, that their certification is about to expire.

A certification is due a reminder when it is active, not yet replaced by a
recertification, ends within the coming ``within_days`` days (inclusive) and has not been
reminded of (``reminded_on`` empty; a recertification is a new certification and starts
without one). Each reminder is sent through Django's mail backend in the trainer's own
language and recorded in ``reminded_on``; a trainer without an email address is listed
for staff to reach another way, and stays due.

Sending is safe to repeat (a retried or duplicated task): each certification is locked and
checked again before its email, in the transaction that records it, so it is reminded
once. Only a process killed after the mail server took the message and before the
transaction committed leaves it due, and it is reminded again: a duplicate rather than a
lost reminder.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from trainer_registry import audit
from trainer_registry.models import AuditAction, CertificationStatus, TrainerCertification


@dataclass(frozen=True)
class RemindersSent:
    """How many trainers were emailed, and the public ids of those with no address."""

    sent: int
    without_email: tuple[str, ...]


def due_for_reminder(*, on: date, within_days: int):
    """The certifications that a reminder is due for on ``on`` (see the module)."""
    if within_days < 1:
        raise ValueError(f"within_days must be at least 1, not {within_days}")
    return (
        TrainerCertification.objects.filter(
            status=CertificationStatus.ACTIVE,
            superseded_by__isnull=True,
            reminded_on__isnull=True,
            valid_until__gte=on,
            valid_until__lte=on + timedelta(days=within_days),
        )
        .select_related("person", "programme")
        .order_by("valid_until", "pk")
    )


def _send(certification: TrainerCertification) -> None:
    person = certification.person
    with translation.override(person.language or "en"):
        subject = _("Your COMMIT trainer certification expires on %(date)s") % {
            "date": certification.valid_until.isoformat()
        }
        body = _(
            "Dear %(name)s,\n\nYour certification as %(level)s of the %(programme)s is valid "
            "until %(date)s. To be certified again, record the trainings you have delivered "
            "since %(since)s and complete a refresher, then ask your programme manager to "
            "recertify you.\n"
        ) % {
            "name": person.name_local or person.name_latin,
            "level": certification.get_level_display(),
            "programme": certification.programme.name,
            "date": certification.valid_until.isoformat(),
            "since": certification.certified_on.isoformat(),
        }
    send_mail(subject, body, None, [person.email])


def send_expiry_reminders(*, on: date, within_days: int = 60, sent_by=None) -> RemindersSent:
    """Email every trainer whose certification is due a reminder, and record it."""
    sent, without_email = 0, []
    for certification in due_for_reminder(on=on, within_days=within_days):
        if not certification.person.email:
            without_email.append(str(certification.person.public_id))
            continue
        with transaction.atomic():
            # Another run (a duplicated or redelivered task) may have reminded it since
            # the list was read: lock the row and look again.
            still_due = TrainerCertification.objects.select_for_update().filter(
                pk=certification.pk, reminded_on__isnull=True
            )
            if still_due.first() is None:
                continue
            _send(certification)
            certification.reminded_on = on
            certification.save(update_fields=["reminded_on"])
            audit.record(
                sent_by,
                AuditAction.CHANGE,
                "trainercertification",
                certification.pk,
                country=certification.person.country,
                step="expiry reminder",
                valid_until=certification.valid_until.isoformat(),
            )
        sent += 1
    return RemindersSent(sent=sent, without_email=tuple(without_email))
