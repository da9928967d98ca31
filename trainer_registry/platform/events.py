"""What the registry learns from the Open edX platform, applied idempotently.

Each function takes plain values (so that a task queue can carry them) describing one
platform event about one learner in one course run. A course run is linked to a training
event by ``TrainingEvent.course_run``; events about other courses are ignored. Applying the
same event twice leaves the registry as applying it once did.

In COMMIT courses the course grade is the post-test's score (the post-test is the only
graded component), so the persistent grade is recorded as the post-test score.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, connection, transaction

from trainer_registry.models import Participation, Person, TrainingEvent
from trainer_registry.platform.compat import emit_tracking_event

EVENT_PREFIX = "commit_training.registry"


@dataclass(frozen=True)
class Outcome:
    """What applying an event did: ``"ignored"``, ``"created"``, ``"updated"`` or
    ``"unchanged"``, with the reason when ignored."""

    status: str
    reason: str = ""


IGNORED_COURSE = Outcome("ignored", "no training event is linked to this course run")
UNKNOWN_LEARNER = Outcome("ignored", "the learner has not enrolled in a linked course run")


def _event(course_key: str) -> TrainingEvent | None:
    return TrainingEvent.objects.filter(course_run=course_key).first()


def _linked(course_key: str) -> bool:
    return TrainingEvent.objects.filter(course_run=course_key).exists()


def _participation(user_id: int, course_key: str) -> Participation | None:
    """The learner's participation in the course run's training, locked for this
    transaction, with its person and training (what a change's tracking event names) read
    in the same statement. Only the participation's row is locked where the database can
    say so: events about other learners of the same training do not wait for it."""
    rows = Participation.objects.select_related("person", "event")
    if connection.features.has_select_for_update_of:
        rows = rows.select_for_update(of=("self",))
    else:
        rows = rows.select_for_update()
    return rows.filter(person__lms_user_id=user_id, event__course_run=course_key).first()


def _missing(course_key: str) -> Outcome:
    """Why there is no participation to change: the course run is linked to no training,
    or the learner has not enrolled in it."""
    return UNKNOWN_LEARNER if _linked(course_key) else IGNORED_COURSE


def _track(action: str, participation: Participation, **data) -> None:
    """A tracking event for a change: pseudonymous ids only, never names or contact data.
    Sent once the change is committed: never for a change rolled back, and not while the
    transaction holds its locks (SQLite's one write lock among them)."""
    values = {
        "person_id": str(participation.person.public_id),
        "training_event": participation.event.code,
        "course_run": participation.event.course_run,
        **data,
    }
    name = f"{EVENT_PREFIX}.participation.{action}"
    transaction.on_commit(lambda: emit_tracking_event(name, values))


def _save_changes(participation: Participation, **values) -> Outcome:
    changed = [name for name, value in values.items() if getattr(participation, name) != value]
    if not changed:
        return Outcome("unchanged")
    for name in changed:
        setattr(participation, name, values[name])
    participation.save(update_fields=changed)
    _track(
        "updated",
        participation,
        changed={name: _plain(values[name]) for name in changed},
    )
    return Outcome("updated")


def _plain(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


@transaction.atomic
def apply_enrollment(
    *, user_id: int, username: str, name: str, email: str, course_key: str, is_active: bool
) -> Outcome:
    """A learner enrolled in a course run: they take part in its training event."""
    event = _event(course_key)
    if event is None:
        return IGNORED_COURSE
    if not is_active:
        return Outcome("ignored", "an unenrolment keeps the participation on record")
    person = Person.objects.filter(lms_user_id=user_id).first()
    created_person = False
    if person is None:
        try:
            with transaction.atomic():
                person = Person.objects.create(
                    lms_user_id=user_id,
                    name_latin=name or username,
                    email=email,
                    country=event.country,
                    language=event.language,
                )
                created_person = True
        except IntegrityError:  # created meanwhile by a concurrent delivery of the event
            person = Person.objects.get(lms_user_id=user_id)
    participation, created = Participation.objects.get_or_create(event=event, person=person)
    if created:
        _track("recorded", participation, source="enrollment")
    return Outcome("created" if created or created_person else "unchanged")


@transaction.atomic
def apply_passing_status(*, user_id: int, course_key: str, is_passing: bool, on: date) -> Outcome:
    """The learner's passing status changed: completion follows it."""
    participation = _participation(user_id, course_key)
    if participation is None:
        return _missing(course_key)
    if is_passing:
        return _save_changes(
            participation, completed=True, completed_on=participation.completed_on or on
        )
    return _save_changes(participation, completed=False, completed_on=None)


@transaction.atomic
def apply_grade(*, user_id: int, course_key: str, percent_grade: float) -> Outcome:
    """The persistent course grade changed: record it as the post-test score (0-100)."""
    participation = _participation(user_id, course_key)
    if participation is None:
        missing = _missing(course_key)
        if missing is IGNORED_COURSE:
            return missing
    if not 0 <= percent_grade <= 1:
        raise ValueError(f"percent_grade must be a fraction between 0 and 1, got {percent_grade}")
    if participation is None:
        return UNKNOWN_LEARNER
    score = (Decimal(str(percent_grade)) * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return _save_changes(participation, post_test_score=score)


@transaction.atomic
def apply_certificate(*, user_id: int, course_key: str, revoked: bool, on: date) -> Outcome:
    """The platform issued (or revoked) the learner's course certificate."""
    participation = _participation(user_id, course_key)
    if participation is None:
        return _missing(course_key)
    if revoked:
        return _save_changes(participation, completed=False, completed_on=None)
    return _save_changes(
        participation, completed=True, completed_on=participation.completed_on or on
    )


HANDLERS = {
    "enrollment": apply_enrollment,
    "passing_status": apply_passing_status,
    "grade": apply_grade,
    "certificate": apply_certificate,
}
