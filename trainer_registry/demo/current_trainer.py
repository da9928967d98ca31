"""The demo's working trainer: a Cambodian national trainer certified again this year,
whose national training ended a few days ago and whose participants now wait for their
certificates, the trainer's main task (issue 20). The rest of the demo data is history
(it ends in 2018); this is the present, dated from the day the demo is loaded.

The story is the registry's own rules, not a shortcut: two trainings delivered and a
refresher since the trainer's last certification, then a recertification by
:func:`~trainer_registry.certification.decisions.recertify`. The people are invented.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from uuid import UUID

from django.db import transaction

from trainer_registry.certification import decisions
from trainer_registry.demo.names import generate_name
from trainer_registry.models import (
    CertificationLevel,
    Organisation,
    Participation,
    Person,
    PositionSpell,
    Programme,
    TrainerCertification,
    TrainingEvent,
)

COUNTRY = "KH"
CURRENT = "ntp-kh-current"  # the training that waits for its certificates
PARTICIPANTS = 12


def _people(rng: random.Random, count: int, *, trained_on: date) -> list[Person]:
    """``count`` invented officials of as many different names, each in a post."""
    organisations = list(Organisation.objects.filter(country=COUNTRY).order_by("pk"))
    people, names = [], set()
    while len(people) < count:
        sex = rng.choice(("female", "male"))
        local, latin = generate_name(COUNTRY, sex, rng)
        if latin in names:
            continue  # two of one name in a room happen, but the demo tells people apart
        names.add(latin)
        person = Person.objects.create(
            name_latin=latin,
            name_local=local,
            country=COUNTRY,
            sex=sex,
            language="km",
            consents_to_follow_up=True,
            consent_recorded_on=trained_on,
        )
        if organisations:
            PositionSpell.objects.create(
                person=person,
                organisation=rng.choice(organisations),
                started_on=trained_on - timedelta(days=rng.randint(200, 3000)),
                is_anti_trafficking=True,
            )
        people.append(person)
    return people


def _training(code, programme, *, lead, starts_on, people, title) -> TrainingEvent:
    event = TrainingEvent.objects.create(
        programme=programme,
        code=code,
        title=title,
        country=COUNTRY,
        place="Phnom Penh",
        language="km",
        starts_on=starts_on,
        ends_on=starts_on + timedelta(days=4),
        lead_trainer=lead,
    )
    for person in people:
        spell = person.position_spells.order_by("-started_on").first()
        Participation.objects.create(
            event=event,
            person=person,
            organisation=spell.organisation if spell else None,
            completed=True,
            completed_on=event.ends_on,
            attendance_percent=100,
        )
    return event


@transaction.atomic
def set_up(*, on: date, seed: int) -> UUID | None:
    """Make the working trainer's recent trainings and recertification, dated from
    ``on``; returns their public id (the same on a second run), or ``None`` when the
    registry has no Cambodian national trainer to be them."""
    existing = TrainingEvent.objects.filter(code=CURRENT).select_related("lead_trainer").first()
    if existing is not None:
        return existing.lead_trainer.public_id
    previous = (
        TrainerCertification.objects.filter(
            person__country=COUNTRY,
            level=CertificationLevel.NATIONAL_TRAINER,
            superseded_by__isnull=True,
            status="active",
        )
        .select_related("person", "programme")
        .order_by("-certified_on", "pk")
        .first()
    )
    if previous is None:
        return None
    trainer, tot = previous.person, previous.programme
    rng = random.Random(seed + 20)
    ntp = Programme.objects.filter(kind="NTP", country=COUNTRY).order_by("pk").first()
    # A refresher of the trainer's ToT, then two national trainings they led.
    refresher = TrainingEvent.objects.create(
        programme=tot,
        code="tot-kh-refresher-current",
        title="ToT refresher: interviewing children and online exploitation",
        country=COUNTRY,
        place="Siem Reap",
        language="km",
        starts_on=on - timedelta(days=300),
        ends_on=on - timedelta(days=298),
    )
    Participation.objects.create(
        event=refresher, person=trainer, completed=True, completed_on=refresher.ends_on
    )
    for number, days_ago in enumerate((240, 150), start=1):
        starts_on = on - timedelta(days=days_ago)
        _training(
            f"ntp-kh-recent-{number}",
            ntp,
            lead=trainer,
            starts_on=starts_on,
            people=_people(rng, 10, trained_on=starts_on),
            title="National training: victim identification and referral",
        )
    decisions.recertify(previous, decided_by=None, on=on - timedelta(days=60))
    starts_on = on - timedelta(days=9)
    _training(
        CURRENT,
        ntp,
        lead=trainer,
        starts_on=starts_on,
        people=_people(rng, PARTICIPANTS, trained_on=starts_on + timedelta(days=4)),
        title="National training: rights-based interviewing",
    )
    return trainer.public_id
