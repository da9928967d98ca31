"""Write generated demo data to the registry, all of it or nothing."""

from __future__ import annotations

from django.db import transaction

from trainer_registry import models
from trainer_registry.demo.records import DemoData

BATCH_SIZE = 500
# The fields each kind of record carries over to its row as they are; the loader and the
# scaled copies (:mod:`.copies`) add the keys that tie the rows together.
PERSON_FIELDS = (
    "name_latin",
    "name_local",
    "language",
    "sex",
    "country",
    "email",
    "consents_to_follow_up",
    "consent_recorded_on",
)
SPELL_FIELDS = (
    "title",
    "is_anti_trafficking",
    "started_on",
    "ended_on",
    "end_reason",
    "last_confirmed_on",
)
EVENT_FIELDS = ("code", "title", "country", "place", "language", "starts_on", "ends_on")
PARTICIPATION_FIELDS = (
    "attendance_percent",
    "pre_test_score",
    "post_test_score",
    "completed",
    "completed_on",
)


def values(record, fields: tuple[str, ...]) -> dict:
    """``record``'s values of ``fields``, as keyword arguments for its row."""
    return {name: getattr(record, name) for name in fields}


class RegistryNotEmpty(Exception):
    """The registry already holds people; demo data is only loaded into an empty one."""


def load(data: DemoData) -> dict[str, int]:
    """Insert ``data`` in one transaction; returns how many rows of each kind were written."""
    if models.Person.objects.exists():
        raise RegistryNotEmpty("the registry already holds people; demo data needs an empty one")
    with transaction.atomic():
        organisations: dict[str, models.Organisation] = {}
        for record in data.organisations:  # parents come before their units
            organisations[record.key] = models.Organisation.objects.create(
                name=record.name,
                country=record.country,
                sector=record.sector,
                is_government=record.is_government,
                parent=organisations[record.parent_key] if record.parent_key else None,
            )
        people = dict(
            zip(
                [p.key for p in data.people],
                models.Person.objects.bulk_create(
                    [models.Person(**values(p, PERSON_FIELDS)) for p in data.people],
                    batch_size=BATCH_SIZE,
                ),
                strict=True,
            )
        )
        _ensure_ids(people)
        models.PositionSpell.objects.bulk_create(
            [
                models.PositionSpell(
                    person=people[s.person_key],
                    organisation=organisations[s.organisation_key],
                    **values(s, SPELL_FIELDS),
                )
                for s in data.spells
            ],
            batch_size=BATCH_SIZE,
        )
        programmes = {
            p.code: models.Programme.objects.create(
                code=p.code, kind=p.kind, name=p.name, country=p.country
            )
            for p in data.programmes
        }
        events: dict[str, models.TrainingEvent] = {}
        for e in data.events:
            event = models.TrainingEvent.objects.create(
                programme=programmes[e.programme_code],
                lead_trainer=people[e.lead_key],
                **values(e, EVENT_FIELDS),
            )
            event.co_trainers.set([people[key] for key in e.co_trainer_keys])
            events[e.code] = event
        models.Participation.objects.bulk_create(
            [
                models.Participation(
                    event=events[p.event_code],
                    person=people[p.person_key],
                    organisation=organisations[p.organisation_key],
                    **values(p, PARTICIPATION_FIELDS),
                )
                for p in data.participations
            ],
            batch_size=BATCH_SIZE,
        )
    return {
        "organisations": len(data.organisations),
        "people": len(data.people),
        "position spells": len(data.spells),
        "programmes": len(data.programmes),
        "training events": len(data.events),
        "participations": len(data.participations),
    }


def _ensure_ids(people: dict[str, models.Person]) -> None:
    """MySQL's bulk insert does not return primary keys: read them back by public id."""
    missing = [person for person in people.values() if person.pk is None]
    if not missing:
        return
    ids = dict(
        models.Person.objects.filter(public_id__in=[p.public_id for p in missing]).values_list(
            "public_id", "pk"
        )
    )
    for person in missing:
        person.pk = ids[person.public_id]
