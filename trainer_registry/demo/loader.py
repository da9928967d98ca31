"""Write generated demo data to the registry, all of it or nothing."""

from __future__ import annotations

from django.db import transaction

from trainer_registry import models
from trainer_registry.demo.records import DemoData

BATCH_SIZE = 500


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
                    [
                        models.Person(
                            name_latin=p.name_latin,
                            name_local=p.name_local,
                            language=p.language,
                            sex=p.sex,
                            country=p.country,
                            email=p.email,
                            consents_to_follow_up=p.consents_to_follow_up,
                            consent_recorded_on=p.consent_recorded_on,
                        )
                        for p in data.people
                    ],
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
                    title=s.title,
                    is_anti_trafficking=s.is_anti_trafficking,
                    started_on=s.started_on,
                    ended_on=s.ended_on,
                    end_reason=s.end_reason,
                    last_confirmed_on=s.last_confirmed_on,
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
                code=e.code,
                title=e.title,
                country=e.country,
                place=e.place,
                language=e.language,
                starts_on=e.starts_on,
                ends_on=e.ends_on,
                lead_trainer=people[e.lead_key],
            )
            event.co_trainers.set([people[key] for key in e.co_trainer_keys])
            events[e.code] = event
        models.Participation.objects.bulk_create(
            [
                models.Participation(
                    event=events[p.event_code],
                    person=people[p.person_key],
                    organisation=organisations[p.organisation_key],
                    attendance_percent=p.attendance_percent,
                    pre_test_score=p.pre_test_score,
                    post_test_score=p.post_test_score,
                    completed=p.completed,
                    completed_on=p.completed_on,
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
