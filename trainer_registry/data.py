"""Plain, immutable objects that :mod:`trainer_registry.api` returns. Standard library only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID


@dataclass(frozen=True)
class PersonData:
    public_id: UUID
    name_latin: str
    name_local: str
    language: str
    sex: str
    country: str
    consents_to_follow_up: bool


@dataclass(frozen=True)
class OrganisationData:
    id: int
    name: str
    country: str
    sector: str
    parent_id: int | None


@dataclass(frozen=True)
class PositionSpellData:
    person_id: UUID
    organisation_id: int
    title: str
    is_anti_trafficking: bool
    started_on: date
    ended_on: date | None
    end_reason: str


@dataclass(frozen=True)
class TrainingEventData:
    code: str
    programme_code: str
    programme_kind: str
    title: str
    country: str
    starts_on: date
    ends_on: date
    language: str
    lead_trainer_id: UUID | None
    course_run: str = ""  # the LMS course run whose learners' results it receives


@dataclass(frozen=True)
class ParticipationData:
    event_code: str
    person_id: UUID
    role: str
    attendance_percent: float | None
    pre_test_score: float | None
    post_test_score: float | None
    completed: bool


@dataclass(frozen=True)
class CountrySummary:
    """What the registry holds for one country. ``in_role`` and ``left_role`` count people
    whose anti-trafficking status is recorded: still holding such a position, or no longer."""

    country: str
    name: str
    people: int
    women: int
    men: int
    events: int
    participations: int
    in_role: int
    left_role: int


@dataclass(frozen=True)
class JobData:
    """Long work asked for: ``status`` is ``queued``, ``running``, ``done`` or ``failed``;
    ``outcome`` holds what the work reports (JSON values) once it has run."""

    id: int
    kind: str
    subject: str
    status: str
    outcome: dict


@dataclass(frozen=True)
class SubmissionRecorded:
    """A knowledge-check submission as the registry recorded it (score in percent)."""

    event_code: str
    person_id: UUID
    assessment_id: str
    phase: str
    form: str
    score_percent: float
    items: int


@dataclass(frozen=True)
class ItemResponseData:
    assessment_id: str
    phase: str
    form: str
    item_id: str
    chosen: tuple[str, ...]
    correct: bool
    answered_at: datetime


@dataclass(frozen=True)
class AssessmentSummary:
    """A participation's pre-test and post-test: scores in percent, forms (``A``, ``B``
    or empty), the normalised gain when the pair was on different forms, otherwise
    ``no_gain_reason`` (``no_post_test``, ``no_pre_test``, ``form_unknown``,
    ``same_questions``, ``pre_at_maximum``), and how many item responses are on record."""

    event_code: str
    person_id: UUID
    pre_test_score: float | None
    pre_test_form: str
    post_test_score: float | None
    post_test_form: str
    gain: float | None
    gain_band: str
    no_gain_reason: str
    item_responses: int
