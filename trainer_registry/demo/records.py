"""The plain records the demo generator makes and the loader stores: one dataclass per
kind of registry row, keyed by strings so that records refer to each other before any of
them is in the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class OrganisationRecord:
    key: str
    name: str
    country: str
    sector: str
    parent_key: str | None = None
    is_government: bool = True


@dataclass(frozen=True)
class PersonRecord:
    key: str
    name_latin: str
    name_local: str
    language: str
    sex: str
    country: str
    email: str
    consents_to_follow_up: bool
    consent_recorded_on: date | None


@dataclass(frozen=True)
class SpellRecord:
    person_key: str
    organisation_key: str
    title: str
    is_anti_trafficking: bool
    started_on: date
    ended_on: date | None
    end_reason: str
    last_confirmed_on: date | None


@dataclass(frozen=True)
class ProgrammeRecord:
    code: str
    kind: str
    name: str
    country: str = ""


@dataclass(frozen=True)
class EventRecord:
    code: str
    programme_code: str
    title: str
    country: str
    place: str
    language: str
    starts_on: date
    ends_on: date
    lead_key: str
    co_trainer_keys: tuple[str, ...]


@dataclass(frozen=True)
class ParticipationRecord:
    event_code: str
    person_key: str
    organisation_key: str
    attendance_percent: float
    pre_test_score: float
    post_test_score: float
    completed: bool
    completed_on: date | None


@dataclass
class DemoData:
    organisations: list[OrganisationRecord] = field(default_factory=list)
    people: list[PersonRecord] = field(default_factory=list)
    spells: list[SpellRecord] = field(default_factory=list)
    programmes: list[ProgrammeRecord] = field(default_factory=list)
    events: list[EventRecord] = field(default_factory=list)
    participations: list[ParticipationRecord] = field(default_factory=list)
