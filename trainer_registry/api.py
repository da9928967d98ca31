"""The registry's one public surface: other packages call these functions and nothing else.

Functions take and return plain values and the frozen objects of :mod:`trainer_registry.data`;
the ORM models stay private. Each write validates its input and raises
:class:`django.core.exceptions.ValidationError` naming the field at fault.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from uuid import UUID

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q

from trainer_registry import data, models
from trainer_registry.countries import COMMIT_COUNTRIES

__all__ = [
    "PersonNotFound",
    "ask_for_certification_reminders",
    "country_summaries",
    "create_organisation",
    "create_person",
    "create_programme",
    "create_training_event",
    "get_person",
    "programme_report",
    "record_participation",
    "record_position_spell",
    "send_certification_expiry_reminders",
]


class PersonNotFound(LookupError):
    """No person has this public id."""


def _person_data(person: models.Person) -> data.PersonData:
    return data.PersonData(
        public_id=person.public_id,
        name_latin=person.name_latin,
        name_local=person.name_local,
        language=person.language,
        sex=person.sex,
        country=person.country,
        consents_to_follow_up=person.consents_to_follow_up,
    )


def _event_data(event: models.TrainingEvent) -> data.TrainingEventData:
    return data.TrainingEventData(
        code=event.code,
        programme_code=event.programme.code,
        programme_kind=event.programme.kind,
        title=event.title,
        country=event.country,
        starts_on=event.starts_on,
        ends_on=event.ends_on,
        language=event.language,
        lead_trainer_id=event.lead_trainer.public_id if event.lead_trainer else None,
    )


def _saved(instance):
    instance.full_clean()
    instance.save()
    return instance


def create_organisation(
    name: str,
    *,
    country: str,
    sector: str,
    name_local: str = "",
    parent_id: int | None = None,
    is_government: bool = True,
) -> data.OrganisationData:
    organisation = _saved(
        models.Organisation(
            name=name,
            name_local=name_local,
            country=country,
            sector=sector,
            parent_id=parent_id,
            is_government=is_government,
        )
    )
    return data.OrganisationData(
        organisation.pk,
        organisation.name,
        organisation.country,
        organisation.sector,
        organisation.parent_id,
    )


def create_person(
    name_latin: str,
    *,
    country: str,
    sex: str = models.Sex.UNKNOWN,
    name_local: str = "",
    language: str = "en",
    email: str = "",
    phone: str = "",
    consents_to_follow_up: bool = False,
    consent_recorded_on: date | None = None,
) -> data.PersonData:
    person = _saved(
        models.Person(
            name_latin=name_latin,
            name_local=name_local,
            country=country,
            sex=sex,
            language=language,
            email=email,
            phone=phone,
            consents_to_follow_up=consents_to_follow_up,
            consent_recorded_on=consent_recorded_on,
        )
    )
    return _person_data(person)


def get_person(public_id: UUID) -> data.PersonData:
    try:
        return _person_data(models.Person.objects.get(public_id=public_id))
    except models.Person.DoesNotExist:
        raise PersonNotFound(f"no person with id {public_id}") from None


def _person(public_id: UUID) -> models.Person:
    try:
        return models.Person.objects.get(public_id=public_id)
    except models.Person.DoesNotExist:
        raise PersonNotFound(f"no person with id {public_id}") from None


def record_position_spell(
    person_id: UUID,
    *,
    organisation_id: int,
    started_on: date,
    is_anti_trafficking: bool = True,
    title: str = "",
    ended_on: date | None = None,
    end_reason: str = "",
) -> data.PositionSpellData:
    spell = _saved(
        models.PositionSpell(
            person=_person(person_id),
            organisation_id=organisation_id,
            title=title,
            is_anti_trafficking=is_anti_trafficking,
            started_on=started_on,
            ended_on=ended_on,
            end_reason=end_reason,
        )
    )
    return data.PositionSpellData(
        person_id,
        spell.organisation_id,
        spell.title,
        spell.is_anti_trafficking,
        spell.started_on,
        spell.ended_on,
        spell.end_reason,
    )


def create_programme(code: str, *, kind: str, name: str, country: str = "") -> str:
    """Create a programme; returns its code."""
    return _saved(models.Programme(code=code, kind=kind, name=name, country=country)).code


@transaction.atomic
def create_training_event(
    code: str,
    *,
    programme_code: str,
    title: str,
    country: str,
    starts_on: date,
    ends_on: date,
    language: str = "en",
    place: str = "",
    lead_trainer_id: UUID | None = None,
    co_trainer_ids: tuple[UUID, ...] = (),
) -> data.TrainingEventData:
    event = _saved(
        models.TrainingEvent(
            code=code,
            programme=models.Programme.objects.get(code=programme_code),
            title=title,
            country=country,
            place=place,
            language=language,
            starts_on=starts_on,
            ends_on=ends_on,
            lead_trainer=_person(lead_trainer_id) if lead_trainer_id else None,
        )
    )
    event.co_trainers.set([_person(pid) for pid in co_trainer_ids])
    return _event_data(event)


def record_participation(
    event_code: str,
    person_id: UUID,
    *,
    role: str = models.ParticipationRole.PARTICIPANT,
    attendance_percent: float | None = None,
    pre_test_score: float | None = None,
    post_test_score: float | None = None,
    completed: bool = False,
    completed_on: date | None = None,
) -> data.ParticipationData:
    participation = _saved(
        models.Participation(
            event=models.TrainingEvent.objects.get(code=event_code),
            person=_person(person_id),
            role=role,
            attendance_percent=attendance_percent,
            pre_test_score=pre_test_score,
            post_test_score=post_test_score,
            completed=completed,
            completed_on=completed_on,
        )
    )
    return data.ParticipationData(
        event_code,
        person_id,
        participation.role,
        _float(participation.attendance_percent),
        _float(participation.pre_test_score),
        _float(participation.post_test_score),
        participation.completed,
    )


def _float(value) -> float | None:
    return None if value is None else float(value)


def country_summaries(*, countries: Collection[str] | None = None) -> list[data.CountrySummary]:
    """People, trainings and anti-trafficking status per COMMIT country, in COMMIT order;
    only the ``countries`` given, or all six."""
    open_role = models.PositionSpell.objects.filter(
        person=OuterRef("pk"), is_anti_trafficking=True, ended_on__isnull=True
    )
    any_role = models.PositionSpell.objects.filter(person=OuterRef("pk"), is_anti_trafficking=True)
    people = (
        models.Person.objects.annotate(
            holds_role=Exists(open_role), ever_held_role=Exists(any_role)
        )
        .values("country")
        .annotate(
            people=Count("pk"),
            women=Count("pk", filter=Q(sex=models.Sex.FEMALE)),
            men=Count("pk", filter=Q(sex=models.Sex.MALE)),
            in_role=Count("pk", filter=Q(holds_role=True)),
            left_role=Count("pk", filter=Q(holds_role=False, ever_held_role=True)),
        )
    )
    by_country = {row["country"]: row for row in people}
    events = dict(
        models.TrainingEvent.objects.values("country")
        .annotate(n=Count("pk"))
        .values_list("country", "n")
    )
    participations = dict(
        models.Participation.objects.values("person__country")
        .annotate(n=Count("pk"))
        .values_list("person__country", "n")
    )
    summaries = []
    for code, country in COMMIT_COUNTRIES.items():
        if countries is not None and code not in countries:
            continue
        row = by_country.get(code, {})
        summaries.append(
            data.CountrySummary(
                country=code,
                name=country.name,
                people=row.get("people", 0),
                women=row.get("women", 0),
                men=row.get("men", 0),
                events=events.get(code, 0),
                participations=participations.get(code, 0),
                in_role=row.get("in_role", 0),
                left_role=row.get("left_role", 0),
            )
        )
    return summaries


def send_certification_expiry_reminders(*, on: date, within_days: int = 60):
    """Email each trainer whose active certification ends within ``within_days`` days of
    ``on`` and who was not reminded yet, recording the day; returns a
    :class:`~trainer_registry.certification_reminders.RemindersSent` (how many were sent,
    and the public ids of trainers without an email address)."""
    from trainer_registry.certification_reminders import send_expiry_reminders

    return send_expiry_reminders(on=on, within_days=within_days)


def ask_for_certification_reminders(*, on: date, within_days: int = 60, requested_by=None):
    """:func:`send_certification_expiry_reminders` as a queued job: queued when a Celery
    broker is configured, run at once otherwise. Returns the
    :class:`~trainer_registry.models.QueuedJob`; once done its ``outcome`` holds ``sent``
    and ``without_email`` (public ids). Running it again reminds nobody twice."""
    from trainer_registry import tasks

    return tasks.ask(
        models.JobKind.CERTIFICATION_REMINDERS,
        tasks.send_certification_reminders,
        on.isoformat(),
        within_days,
        None if requested_by is None else requested_by.pk,
        requested_by=requested_by,
    )


def programme_report(
    *,
    on: date,
    fmt: str = "pdf",
    countries: Collection[str] = (),
    programmes: Collection[str] = (),
    trained_from: date | None = None,
    trained_to: date | None = None,
    user=None,
) -> bytes:
    """The programme report (logframe indicators, participants and trainers trained by
    country, programme and sex, attrition, response rates, retention, cascade, knowledge
    gain) as ``pdf``, ``xlsx`` or ``zip`` (CSV files) bytes, with figures at ``on`` (or
    ``trained_to`` when given) from what ``user`` reaches (the whole registry when
    ``None``). Raises :class:`ValueError` naming a wrong option."""
    from trainer_registry.access import Access, access_for
    from trainer_registry.programme_report import render
    from trainer_registry.programme_report.options import parse_options
    from trainer_registry.programme_report.report import build_report

    options = parse_options(
        countries=",".join(countries),
        programmes=",".join(programmes),
        trained_from=trained_from.isoformat() if trained_from else "",
        trained_to=trained_to.isoformat() if trained_to else "",
        today=on,
    )
    if user is None:
        access = Access("api", frozenset({models.Role.REGIONAL_ADMINISTRATOR}), None)
    else:
        access = access_for(user)
    return render(build_report(access, options), fmt)
