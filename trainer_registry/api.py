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

from trainer_registry import data, models, tasks
from trainer_registry.access import Access, access_for
from trainer_registry.analytics.summaries import country_summaries
from trainer_registry.assessment import responses
from trainer_registry.assessment.responses import NotLinked
from trainer_registry.certification.reminders import send_expiry_reminders
from trainer_registry.demo import activity, current_trainer, generator, loader, site_learners
from trainer_registry.demo import scale as demo_scale
from trainer_registry.demo.loader import RegistryNotEmpty
from trainer_registry.programme_report import render
from trainer_registry.programme_report.options import parse_options
from trainer_registry.programme_report.report import build_report

__all__ = [
    "ROLES",
    "NotLinked",
    "PersonNotFound",
    "RegistryNotEmpty",
    "ask_for_certification_reminders",
    "country_summaries",
    "create_organisation",
    "create_person",
    "create_programme",
    "create_training_event",
    "demo_working_trainer",
    "get_person",
    "grant_role",
    "has_registry_role",
    "load_demo_data",
    "load_site_learners",
    "participation_assessment",
    "programme_report",
    "record_assessment_submission",
    "record_participation",
    "record_position_spell",
    "send_certification_expiry_reminders",
    "trainings_of_learner",
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
        course_run=event.course_run,
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
    course_run: str = "",
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
            course_run=course_run,
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
    p = participation
    scores = (p.attendance_percent, p.pre_test_score, p.post_test_score)
    return data.ParticipationData(event_code, person_id, p.role, *map(_float, scores), p.completed)


def _float(value) -> float | None:
    return None if value is None else float(value)


# One knowledge-check submission into the registry: item responses, score and form, in
# one transaction (see trainer_registry.assessment.responses for the contract).
record_assessment_submission = responses.record_submission


def participation_assessment(
    event_code: str, person_id: UUID, *, with_items: bool = False
) -> tuple[data.AssessmentSummary, tuple[data.ItemResponseData, ...]]:
    """A participation's scores, forms and gain (or the reason for none), and its item
    responses when ``with_items``. Raises :class:`LookupError` when there is none."""
    participation = (
        models.Participation.objects.select_related("event", "person")
        .filter(event__code=event_code, person__public_id=person_id)
        .first()
    )
    if participation is None:
        raise LookupError(f"{person_id} has no participation in {event_code!r}")
    items = responses.item_responses_of(participation) if with_items else ()
    return responses.summary_of(participation), items


def send_certification_expiry_reminders(*, on: date, within_days: int = 60):
    """Email each trainer whose active certification ends within ``within_days`` days of
    ``on``, once; returns a :class:`~trainer_registry.certification.reminders.RemindersSent`."""
    return send_expiry_reminders(on=on, within_days=within_days)


def ask_for_certification_reminders(
    *, on: date, within_days: int = 60, requested_by=None
) -> data.JobData:
    """:func:`send_certification_expiry_reminders` as a queued job: queued when a Celery
    broker is configured, run at once otherwise. Returns the
    :class:`~trainer_registry.data.JobData`; once done its ``outcome`` holds ``sent``
    and ``without_email`` (public ids). Running it again reminds nobody twice."""
    job = tasks.ask(
        models.JobKind.CERTIFICATION_REMINDERS,
        tasks.send_certification_reminders,
        on.isoformat(),
        within_days,
        None if requested_by is None else requested_by.pk,
        requested_by=requested_by,
    )
    return _job_data(job)


def _job_data(job: models.QueuedJob) -> data.JobData:
    return data.JobData(
        id=job.pk, kind=job.kind, subject=job.subject, status=job.status, outcome=job.outcome
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
    language: str = "en",
) -> bytes:
    """The programme report (logframe indicators, participants and trainers trained by
    country, programme and sex, attrition, response rates, retention, cascade, knowledge
    gain) as ``pdf``, ``xlsx`` or ``zip`` (CSV files) bytes, with figures at ``on`` (or
    ``trained_to``) from what ``user`` reaches (all when ``None``), in ``language`` (``en``,
    ``km``, ``lo``, ``my``, ``th``, ``vi``, ``zh-hans``). Raises :class:`ValueError`."""
    options = parse_options(
        countries=",".join(countries),
        programmes=",".join(programmes),
        trained_from=trained_from.isoformat() if trained_from else "",
        trained_to=trained_to.isoformat() if trained_to else "",
        today=on,
        language=language,
    )
    everything = Access("api", frozenset({models.Role.REGIONAL_ADMINISTRATOR}), None)
    access = everything if user is None else access_for(user)
    return render(build_report(access, options), fmt)


ROLES = frozenset(models.Role.values)  # the roles a user may be granted (models.Role)


def grant_role(user, role: str, *, country: str = "", person_id: UUID | None = None) -> bool:
    """Give ``user`` (an account of the site) a registry ``role``, national when
    ``country`` is given; a trainer's grant names the registry person they are. Granting
    it again changes nothing. Returns whether the grant is new. Raises ``ValueError`` for
    a role that is not one of :data:`ROLES`."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {sorted(ROLES)}, not {role!r}")
    person = _person(person_id) if person_id is not None else None
    _grant, created = models.RoleGrant.objects.get_or_create(
        user=user, role=role, country=country, defaults={"person": person}
    )
    return created


def has_registry_role(user) -> bool:
    """Whether ``user`` (an account of the site) holds a registry role: programme staff."""
    return user.is_authenticated and access_for(user).is_staff


def demo_working_trainer(*, on: date, seed: int) -> UUID | None:
    """The public id of the demo's working trainer: certified again this year, with a
    national training that ended days before ``on`` waiting for its certificates (made on
    the first call; the same person after). ``None`` when the registry has no Cambodian
    national trainer."""
    return current_trainer.set_up(on=on, seed=seed)


def load_demo_data(*, seed: int, as_of: date, scale: int = 1) -> dict[str, int]:
    """Fill an empty registry with generated demo data (people, trainings and careers that
    never existed), certify trainers from that evidence, issue certificates, run the
    follow-ups and leave the staff's audit trail, all drawn from ``seed``, ``scale``
    times over (:mod:`trainer_registry.demo.scale`); returns how many of each were made.
    Raises :class:`RegistryNotEmpty` (nothing written) when the registry already holds
    people, :class:`ValueError` for a scale that is not 1 or more."""
    demo_scale.check_scale(scale)
    counts = loader.load(generator.generate(seed=seed, as_of=as_of))
    counts["certified trainers"] = activity.certify_trainers(seed)
    counts["certified national trainers"] = activity.certify_national_trainers(seed)
    counts["follow-up answers"] = activity.run_follow_up(seed)
    added = demo_scale.add_copies(seed=seed, as_of=as_of, scale=scale)
    return counts | {what: counts.get(what, 0) + n for what, n in added.items()}


def load_site_learners(accounts: dict[str, int], *, on: date) -> int:
    """The standalone site's training events and its demo learners' persons and
    participations, for the learner accounts (username -> account id) that exist;
    returns the participations made (decision 0014)."""
    return site_learners.set_up(accounts, on=on)


def trainings_of_learner(lms_user_id: int) -> list[data.TrainingEventData]:
    """The trainings with a course run that LMS account ``lms_user_id``'s person takes."""
    return [_event_data(event) for event in site_learners.trainings_of(lms_user_id)]
