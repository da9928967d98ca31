"""Plain, immutable objects that :mod:`trainer_registry.api` returns. Standard library only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
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
