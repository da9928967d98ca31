"""Recording a knowledge-check submission in the registry, and reading it back.

:func:`record_submission` takes one submission as plain values (what the block publishes
in ``commit_training.knowledge_check.submitted``), checks it whole, and then, in one
transaction, finds or creates the learner's participation in the training event linked
to the course run, replaces that sitting's item responses and sets the participation's
pre-test or post-test score and form. Bad input raises :class:`ValueError` naming the
field and nothing is written. Submissions of one participation are serialised by a lock
on its row, so a resubmission replaces and two deliveries of one submission store each
item once.

:func:`summary_of` reads a participation's scores, forms and gain. The gain is the
blocks' own (:func:`commit_training.scoring.forms.pair_gain`): shown only for a pre-test
and a post-test on different forms, otherwise with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from uuid import UUID

from django.db import IntegrityError, transaction
from django.utils import timezone

from commit_training.scoring.forms import FORMS, PHASES, Sitting, pair_gain
from commit_training.scoring.knowledge_check import gain_band
from trainer_registry import data
from trainer_registry.models import ItemResponse, Participation, Person, TrainingEvent

ITEM_ID = re.compile(r"^[a-z0-9_-]{1,64}$")
ID_TEXT = re.compile(r"^[A-Za-z0-9_.:+-]{1,100}$")
MAX_ITEMS = 500
# Why no gain is shown, beyond pair_gain's reasons: a score without its form on record.
FORM_UNKNOWN = "form_unknown"
NO_POST_TEST = "no_post_test"


class NotLinked(LookupError):
    """The submission's course run or learner is not linked to the registry: nothing
    is recorded. ``reason`` says which."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Item:
    item_id: str
    form: str
    chosen: tuple[str, ...]
    correct: bool


def _text(name: str, value, pattern: re.Pattern) -> str:
    if not isinstance(value, str) or not pattern.match(value):
        raise ValueError(f"{name}: {value!r} is not a valid id")
    return value


def _form(name: str, value) -> str:
    if value not in ("", *FORMS):
        raise ValueError(f"{name}: {value!r} must be A, B or empty")
    return value


def checked_items(responses: Sequence[Mapping], form: str) -> tuple[Item, ...]:
    """The item responses as published (``id``, ``form``, ``chosen``, ``correct``),
    checked: ids well formed and unique, ``chosen`` a list of option ids (empty when
    the item was skipped), ``correct`` true or false."""
    if isinstance(responses, (str, bytes, Mapping)) or not isinstance(responses, Sequence):
        raise ValueError("responses: must be a list of item responses")
    if not responses:
        raise ValueError("responses: a submission answers at least one item")
    if len(responses) > MAX_ITEMS:
        raise ValueError(f"responses: more than {MAX_ITEMS} items")
    items, seen = [], set()
    for number, response in enumerate(responses):
        where = f"responses[{number}]"
        if not isinstance(response, Mapping):
            raise ValueError(f"{where}: must be an object with id, chosen and correct")
        item_id = _text(f"{where}.id", response.get("id"), ITEM_ID)
        if item_id in seen:
            raise ValueError(f"{where}.id: item {item_id!r} appears twice")
        seen.add(item_id)
        chosen = response.get("chosen", [])
        if isinstance(chosen, str) or not isinstance(chosen, Sequence):
            raise ValueError(f"{where}.chosen: must be a list of option ids")
        chosen = tuple(sorted({_text(f"{where}.chosen", c, ITEM_ID) for c in chosen}))
        correct = response.get("correct")
        if not isinstance(correct, bool):
            raise ValueError(f"{where}.correct: must be true or false, not {correct!r}")
        item_form = _form(f"{where}.form", response.get("form", form))
        items.append(Item(item_id, item_form, chosen, correct))
    return tuple(items)


def _percent(score) -> Decimal:
    if isinstance(score, bool) or not isinstance(score, (int, float)) or not 0 <= score <= 1:
        raise ValueError(f"score: {score!r} must be a fraction between 0 and 1")
    return (Decimal(str(score)) * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _participant(event: TrainingEvent, person: Person) -> Participation:
    """The person's participation in the event, created at their first submission."""
    try:
        with transaction.atomic():
            participation, _created = Participation.objects.get_or_create(
                event=event, person=person
            )
    except IntegrityError:  # created meanwhile by a concurrent submission
        participation = Participation.objects.get(event=event, person=person)
    return Participation.objects.select_for_update().get(pk=participation.pk)


def _learner(person_id: UUID | None, lms_user_id: int | None) -> Person:
    if (person_id is None) == (lms_user_id is None):
        raise ValueError("person_id, lms_user_id: give exactly one of them")
    if lms_user_id is not None:
        if isinstance(lms_user_id, bool) or not isinstance(lms_user_id, int):
            raise ValueError(f"lms_user_id: {lms_user_id!r} must be a whole number")
        person = Person.objects.filter(lms_user_id=lms_user_id).first()
    else:
        person = Person.objects.filter(public_id=person_id).first()
    if person is None:
        raise NotLinked("the learner is not a person of the registry")
    return person


def record_submission(
    *,
    course_run: str,
    assessment_id: str,
    phase: str,
    form: str,
    score: float,
    responses: Sequence[Mapping],
    person_id: UUID | None = None,
    lms_user_id: int | None = None,
    answered_at: datetime | None = None,
) -> data.SubmissionRecorded:
    """Record one submission; see the module's docstring. Raises :class:`ValueError`
    naming the field at fault, :class:`NotLinked` when no training event has this
    ``course_run`` or the learner is no registry person."""
    if not isinstance(course_run, str) or not course_run.strip():
        raise ValueError("course_run: must name a course run")
    _text("assessment_id", assessment_id, ID_TEXT)
    if phase not in PHASES:
        raise ValueError(f"phase: {phase!r} must be one of {', '.join(PHASES)}")
    _form("form", form)
    percent = _percent(score)
    items = checked_items(responses, form)
    answered_at = answered_at or timezone.now()
    with transaction.atomic():
        event = TrainingEvent.objects.filter(course_run=course_run).first()
        if event is None:
            raise NotLinked(f"no training event is linked to the course run {course_run!r}")
        participation = _participant(event, _learner(person_id, lms_user_id))
        participation.item_responses.filter(assessment_id=assessment_id, phase=phase).delete()
        ItemResponse.objects.bulk_create(
            ItemResponse(
                participation=participation,
                assessment_id=assessment_id,
                phase=phase,
                form=item.form,
                item_id=item.item_id,
                chosen=list(item.chosen),
                correct=item.correct,
                answered_at=answered_at,
            )
            for item in items
        )
        if phase in ("pre", "post"):
            setattr(participation, f"{phase}_test_score", percent)
            setattr(participation, f"{phase}_test_form", form)
            participation.save(update_fields=[f"{phase}_test_score", f"{phase}_test_form"])
    return data.SubmissionRecorded(
        event_code=event.code,
        person_id=participation.person.public_id,
        assessment_id=assessment_id,
        phase=phase,
        form=form,
        score_percent=float(percent),
        items=len(items),
    )


def _sitting(score, form: str) -> Sitting:
    return Sitting(form=form, earned=int(Decimal(score) * 100), possible=10000)


def summary_of(participation: Participation, *, responses: int | None = None):
    """The participation's scores, forms and gain (or the reason for none), with the
    number of item responses on record (``responses`` when the caller counted them)."""
    pre, post = participation.pre_test_score, participation.post_test_score
    gain, reason = None, ""
    if post is None:
        reason = NO_POST_TEST
    elif pre is not None and not (participation.pre_test_form and participation.post_test_form):
        reason = FORM_UNKNOWN
    else:
        report = pair_gain(
            None if pre is None else _sitting(pre, participation.pre_test_form),
            _sitting(post, participation.post_test_form),
        )
        gain, reason = report.value, report.reason.value if report.reason else ""
    if responses is None:
        responses = participation.item_responses.count()
    return data.AssessmentSummary(
        event_code=participation.event.code,
        person_id=participation.person.public_id,
        pre_test_score=None if pre is None else float(pre),
        pre_test_form=participation.pre_test_form,
        post_test_score=None if post is None else float(post),
        post_test_form=participation.post_test_form,
        gain=gain,
        gain_band=gain_band(gain) or "",
        no_gain_reason=reason,
        item_responses=responses,
    )


def item_responses_of(participation: Participation) -> tuple[data.ItemResponseData, ...]:
    return tuple(
        data.ItemResponseData(
            assessment_id=row.assessment_id,
            phase=row.phase,
            form=row.form,
            item_id=row.item_id,
            chosen=tuple(row.chosen),
            correct=row.correct,
            answered_at=row.answered_at,
        )
        for row in participation.item_responses.order_by("assessment_id", "phase", "item_id")
    )
