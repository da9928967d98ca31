"""A person's rights over their data: a copy of everything held (positions, trainings,
certificates, follow-up answers), and erasure on request.

Erasure removes what identifies the person (names, contact data, consent, position
titles) and keeps what anonymous figures need: country, sex, organisation, dates of
positions and trainings, scores. The pseudonymous id stays, so that the audit trail and
certificates issued remain verifiable as records of an erased person.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from trainer_registry.models import FollowUpResponse, Person

ERASED_NAME = "(erased)"


def export(person: Person) -> dict[str, Any]:
    """Everything the registry holds about ``person``, as plain JSON-ready values."""
    return {
        "id": str(person.public_id),
        "name_latin": person.name_latin,
        "name_local": person.name_local,
        "language": person.language,
        "sex": person.sex,
        "country": person.country,
        "email": person.email,
        "phone": person.phone,
        "consents_to_follow_up": person.consents_to_follow_up,
        "consent_recorded_on": _iso(person.consent_recorded_on),
        "erased_at": _iso(person.erased_at),
        "positions": [
            {
                "organisation": spell.organisation.name,
                "country": spell.organisation.country,
                "title": spell.title,
                "anti_trafficking_role": spell.is_anti_trafficking,
                "started_on": _iso(spell.started_on),
                "ended_on": _iso(spell.ended_on),
                "reason_for_leaving": spell.end_reason,
            }
            for spell in person.position_spells.select_related("organisation").order_by(
                "started_on"
            )
        ],
        "trainings": [
            {
                "event": p.event.code,
                "title": p.event.title,
                "starts_on": _iso(p.event.starts_on),
                "ends_on": _iso(p.event.ends_on),
                "role": p.role,
                "attendance_percent": _number(p.attendance_percent),
                "pre_test_score": _number(p.pre_test_score),
                "post_test_score": _number(p.post_test_score),
                "completed": p.completed,
            }
            for p in person.participations.select_related("event").order_by("event__starts_on")
        ],
        "trainings_led": sorted(person.events_led.values_list("code", flat=True)),
        "trainings_co_facilitated": sorted(
            person.events_co_facilitated.values_list("code", flat=True)
        ),
        "certificates": [
            {
                "code": c.code,
                "kind": c.kind,
                "status": c.status,
                "event": c.event.code if c.event else None,
                "issued_on": _iso(c.issued_on),
            }
            for c in person.certificates.select_related("event").order_by("issued_on", "pk")
        ],
        "follow_up_answers": [_answer(a) for a in _answers(person)],
    }


def _answers(person: Person):
    return (
        FollowUpResponse.objects.filter(member__person=person)
        .select_related("member__campaign")
        .order_by("submitted_at", "pk")
    )


def _answer(answer) -> dict[str, Any]:
    return {
        "campaign": answer.member.campaign.code,
        "wave": answer.wave,
        "channel": answer.channel,
        "submitted_at": _iso(answer.submitted_at),
        "consent": answer.consent,
        "still_in_role": answer.still_in_role,
        "left_role_on": _iso(answer.left_role_on),
        "leaving_reason": answer.leaving_reason,
        "current_organisation": answer.current_organisation,
        "current_role": answer.current_role,
        "use_of_training": answer.use_of_training,
        "examples": answer.examples,
        "support_needed": answer.support_needed,
        "trainings_delivered": answer.trainings_delivered,
        "participants_reached": answer.participants_reached,
    }


@transaction.atomic
def erase(person: Person) -> None:
    """Erase what identifies ``person``; figures that count them stay true."""
    person.name_latin = ERASED_NAME
    person.name_local = ""
    person.email = ""
    person.phone = ""
    person.consents_to_follow_up = False
    person.consent_recorded_on = None
    person.erased_at = timezone.now()
    person.save()
    person.position_spells.update(title="")


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _number(value) -> float | None:
    return float(value) if value is not None else None
