"""What follow-up answers do to careers: the open anti-trafficking position of someone
still in the role is confirmed as of the answer's date; that of someone no longer in it
ends in the month they give (never before it started), with the reason they give."""

from __future__ import annotations

from datetime import date

from django.db.models import DateField, F, Min, Value
from django.db.models.functions import Greatest

from trainer_registry.models import PositionSpell, StillInRole, TrainingEvent

CHUNK = 2000  # rows per IN (...) list, within every engine's limits


def earliest_leaving_month() -> date | None:
    """The first month a follow-up answer may say someone left their post in: that of the
    earliest training the registry holds (people are followed up because they were
    trained in that post), or ``None`` with no training yet. "0001-01" or "1900-01" is a
    slip of the keyboard, not a career."""
    first = TrainingEvent.objects.aggregate(first=Min("starts_on"))["first"]
    return first.replace(day=1) if first else None


def career_changes(
    answers_by_person: dict, on: date
) -> tuple[list[int], dict[tuple[date, str], list[int]]]:
    """What answers do to careers: the people whose open anti-trafficking position is
    confirmed as of ``on`` (still in the role), and, keyed by (month left, reason), the
    people whose open position ends (no longer in it; no month given means ``on``, no
    reason given means ``other``)."""
    confirmed = [pid for pid, a in answers_by_person.items() if a.still_in_role == StillInRole.YES]
    left: dict[tuple[date, str], list[int]] = {}
    for pid, answers in answers_by_person.items():
        if answers.still_in_role != StillInRole.YES:
            key = (answers.left_role_on or on, answers.leaving_reason or "other")
            left.setdefault(key, []).append(pid)
    return confirmed, left


def update_careers(answers_by_person: dict, on: date) -> None:
    """Apply answers to the people's open anti-trafficking positions, in a few queries
    (:func:`career_changes`): a position never ends before it started."""
    open_spells = PositionSpell.objects.filter(is_anti_trafficking=True, ended_on__isnull=True)
    confirmed, left = career_changes(answers_by_person, on)
    for start in range(0, len(confirmed), CHUNK):
        open_spells.filter(person_id__in=confirmed[start : start + CHUNK]).update(
            last_confirmed_on=on
        )
    for (left_on, reason), people in left.items():
        for start in range(0, len(people), CHUNK):
            open_spells.filter(person_id__in=people[start : start + CHUNK]).update(
                ended_on=Greatest(F("started_on"), Value(left_on, output_field=DateField())),
                end_reason=reason,
            )
