"""What the registry learns from the Open edX platform, applied idempotently.

Each function takes plain values (so that a task queue can carry them) describing one
platform event about one learner in one course run. A course run is linked to a training
event by ``TrainingEvent.course_run``; events about other courses are ignored. Applying the
same event twice leaves the registry as applying it once did.

In COMMIT courses the course grade is the post-test's score (the post-test is the only
graded component), so the persistent grade is recorded as the post-test score.
"""

from __future__ import annotations

import functools
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


# The locked read and the write of a participation are written out: built by the ORM,
# with the join, the lock and the models' orderings resolved anew for every event, they
# cost a grade event in the worker 2.5 ms of CPU, written out 0.9 ms (PostgreSQL), and a
# course closing sends thousands. Names are quoted by the backend; values are parameters.
_HELD_FIELDS = ("post_test_score", "completed", "completed_on")


@dataclass
class _Held:
    """A learner's participation in a course run's training, locked for this transaction:
    the fields platform events change, and what a change's tracking event names."""

    id: int
    post_test_score: Decimal | None
    completed: bool
    completed_on: date | None
    person_id: str
    training_event: str
    course_run: str


def _column(model, name: str) -> str:
    quote = connection.ops.quote_name
    return f"{quote(model._meta.db_table)}.{quote(model._meta.get_field(name).column)}"


@functools.cache
def _locking_read(vendor: str) -> str:
    """The statement that reads and locks a learner's participation in a course run's
    latest training (as ``Participation``'s ordering would pick it), for ``vendor``."""
    quote = connection.ops.quote_name
    table = {model: quote(model._meta.db_table) for model in (Participation, Person, TrainingEvent)}
    columns = ", ".join(
        [_column(Participation, name) for name in ("id", *_HELD_FIELDS)]
        + [_column(Person, "public_id"), _column(TrainingEvent, "code")]
        + [_column(TrainingEvent, "course_run")]
    )
    sql = (
        f"SELECT {columns} FROM {table[Participation]} "  # noqa: S608  (quoted names)
        f"INNER JOIN {table[Person]} "
        f"ON {_column(Participation, 'person')} = {_column(Person, 'id')} "
        f"INNER JOIN {table[TrainingEvent]} "
        f"ON {_column(Participation, 'event')} = {_column(TrainingEvent, 'id')} "
        f"WHERE {_column(Person, 'lms_user_id')} = %s "
        f"AND {_column(TrainingEvent, 'course_run')} = %s "
        f"ORDER BY {_column(TrainingEvent, 'starts_on')} DESC, "
        f"{_column(TrainingEvent, 'code')} LIMIT 1"
    )
    features = connection.features
    if features.has_select_for_update_of:
        sql += " " + connection.ops.for_update_sql(of=(table[Participation],))
    elif features.has_select_for_update:
        sql += " " + connection.ops.for_update_sql()
    return sql


def _participation(user_id: int, course_key: str) -> _Held | None:
    """The learner's participation in the course run's training (the latest training, if
    the run delivers several), locked for this transaction. Only the participation's row
    is locked where the database can say so: events about other learners of the same
    training do not wait for it."""
    with connection.cursor() as cursor:
        cursor.execute(_locking_read(connection.vendor), [user_id, course_key])
        row = cursor.fetchone()
    if row is None:
        return None
    score, completed, completed_on = (
        Participation._meta.get_field(name).to_python(value)
        for name, value in zip(_HELD_FIELDS, row[1:4], strict=True)
    )
    return _Held(
        id=row[0],
        post_test_score=None if score is None else score.quantize(Decimal("0.01")),
        completed=completed,
        completed_on=completed_on,
        person_id=str(Person._meta.get_field("public_id").to_python(row[4])),
        training_event=row[5],
        course_run=row[6],
    )


def _missing(course_key: str) -> Outcome:
    """Why there is no participation to change: the course run is linked to no training,
    or the learner has not enrolled in it."""
    return UNKNOWN_LEARNER if _linked(course_key) else IGNORED_COURSE


def _track(action: str, *, person_id: str, training_event: str, course_run: str, **data) -> None:
    """A tracking event for a change: pseudonymous ids only, never names or contact data.
    Sent once the change is committed: never for a change rolled back, and not while the
    transaction holds its locks (SQLite's one write lock among them)."""
    values = {
        "person_id": person_id,
        "training_event": training_event,
        "course_run": course_run,
        **data,
    }
    name = f"{EVENT_PREFIX}.participation.{action}"
    transaction.on_commit(lambda: emit_tracking_event(name, values))


def _save_changes(held: _Held, **values) -> Outcome:
    changed = {name: value for name, value in values.items() if getattr(held, name) != value}
    if not changed:
        return Outcome("unchanged")
    quote = connection.ops.quote_name
    fields = [Participation._meta.get_field(name) for name in changed]
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(Participation._meta.db_table)} SET {assignments} "  # noqa: S608
            f"WHERE {quote('id')} = %s",
            [field.get_db_prep_save(changed[field.name], connection) for field in fields]
            + [held.id],
        )
    _track(
        "updated",
        person_id=held.person_id,
        training_event=held.training_event,
        course_run=held.course_run,
        changed={name: _plain(value) for name, value in changed.items()},
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
    _, created = Participation.objects.get_or_create(event=event, person=person)
    if created:
        _track(
            "recorded",
            person_id=str(person.public_id),
            training_event=event.code,
            course_run=event.course_run,
            source="enrollment",
        )
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
