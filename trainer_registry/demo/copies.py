"""The demo registry at N times its size: the first copy is the demo itself, written as
:func:`trainer_registry.api.load_demo_data` always wrote it; every further copy is the same
world drawn again from a seed of its own, with its own people, careers and trainings, and
written in bulk statements.

Copies share what a real region shares: the countries' ministries and provincial
departments, the programmes, and the regional training team, whose six trainers lead the
regional trainings of every copy. A copy's trainings carry the copy's number in their
code (``rtp-01-s002``) and title (``RTP 1, series 2``); its people have their own names,
keys and addresses.

Rows get their primary keys here, counted on from the largest one in the table, so that
no engine has to return them (MySQL and MariaDB do not) and no row is read back; on
PostgreSQL the sequences are moved past them at the end. Each phase (people and careers,
trainings and participations, certification, follow-up) is one transaction whose
statements each cover a batch of rows: the number of statements grows with the number
of batches, never with the number of rows.
"""

from __future__ import annotations

import hashlib
import random
import uuid
from dataclasses import dataclass, field, replace
from datetime import date

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max

from trainer_registry import models
from trainer_registry.demo import generator, rows
from trainer_registry.demo.loader import (
    EVENT_FIELDS,
    PARTICIPATION_FIELDS,
    PERSON_FIELDS,
    SPELL_FIELDS,
    values,
)
from trainer_registry.demo.records import DemoData

BATCH_SIZE = 2000
REGIONAL_TEAM = "regional-trainers"


def copy_seed(seed: int, number: int) -> int:
    """The seed of copy ``number`` (1 for the second copy) of the demo drawn from ``seed``."""
    digest = hashlib.sha256(f"commit-demo/{seed}/{number}".encode()).digest()
    return int.from_bytes(digest[:6], "big")


def suffix(number: int) -> str:
    return f"-s{number + 1:03d}"


@dataclass
class Copy:
    """One further copy of the demo: its records (keys already its own), the seed its
    follow-up draws from, and each person's primary key and public id once assigned."""

    number: int
    seed: int
    data: DemoData
    regional: dict[str, str]  # this copy's regional trainer key -> the first copy's key
    pk: dict[str, int] = field(default_factory=dict)
    public_id: dict[str, uuid.UUID] = field(default_factory=dict)


def draw_copy(seed: int, number: int, *, as_of: date) -> Copy:
    """Copy ``number`` of the demo: generated from its own seed, its keys, codes, titles and
    addresses made its own, its regional trainers replaced by the first copy's."""
    own_seed = copy_seed(seed, number)
    data = generator.generate(seed=own_seed, as_of=as_of)
    end = suffix(number)
    regional_keys = [
        s.person_key for s in data.spells if s.organisation_key == REGIONAL_TEAM
    ]  # P00001..P00006 in every copy: the first people drawn
    regional = {key: key for key in regional_keys}

    def person_key(key: str) -> str:
        return key if key in regional else f"{key}{end}"

    people = []
    for p in data.people:
        if p.key in regional:
            continue
        key = person_key(p.key)
        people.append(
            replace(p, key=key, email=p.email.replace(f".{p.key.lower()}@", f".{key.lower()}@"))
        )
    spells = [
        replace(s, person_key=person_key(s.person_key))
        for s in data.spells
        if s.person_key not in regional
    ]
    events = [
        replace(
            e,
            code=f"{e.code}{end}",
            title=f"{e.title}, series {number + 1}",
            lead_key=person_key(e.lead_key),
            co_trainer_keys=tuple(person_key(k) for k in e.co_trainer_keys),
        )
        for e in data.events
    ]
    participations = [
        replace(p, event_code=f"{p.event_code}{end}", person_key=person_key(p.person_key))
        for p in data.participations
    ]
    renamed = DemoData(
        organisations=data.organisations,
        people=people,
        spells=spells,
        programmes=data.programmes,
        events=events,
        participations=participations,
    )
    return Copy(number, own_seed, renamed, regional)


def first_copy(first: DemoData, shared: Shared, seed: int) -> Copy:
    """The first copy (the demo itself, already written) as a :class:`Copy`: its people's
    primary keys and public ids read back."""
    public_ids = dict(
        models.Person.objects.filter(pk__in=shared.first_people.values()).values_list(
            "pk", "public_id"
        )
    )
    copy = Copy(0, copy_seed(seed, 0), first, {}, dict(shared.first_people))
    copy.public_id = {key: public_ids[pk] for key, pk in shared.first_people.items()}
    return copy


def next_pk(model) -> int:
    return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1


def reset_sequences(*model_list) -> None:
    """Move PostgreSQL's sequences past the keys given here (other engines follow the
    largest key by themselves)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(model_list))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


@dataclass(frozen=True)
class Shared:
    """Primary keys of what every copy shares, read once from the first copy."""

    organisations: dict[str, int]  # organisation record key -> pk
    programmes: dict[str, int]  # programme code -> pk
    first_people: dict[str, int]  # the first copy's person key -> pk


def shared_keys(first: DemoData) -> Shared:
    """The first copy's organisations, programmes and people, whose rows the first copy's
    loader wrote into the empty registry in record order."""
    by_name = dict(
        ((country, name), pk)
        for pk, country, name in models.Organisation.objects.values_list("pk", "country", "name")
    )
    organisations = {o.key: by_name[o.country, o.name] for o in first.organisations}
    programmes = dict(models.Programme.objects.values_list("code", "pk"))
    pks = list(
        models.Person.objects.order_by("pk").values_list("pk", flat=True)[: len(first.people)]
    )
    first_people = dict(zip([p.key for p in first.people], pks, strict=True))
    return Shared(organisations, programmes, first_people)


@transaction.atomic
def write_people(copies: list[Copy], shared: Shared) -> tuple[int, int]:
    """Phase one: every copy's people and their position spells."""
    pk = next_pk(models.Person)
    people = []
    for copy in copies:
        rng = random.Random(copy.seed)
        for key, first_key in copy.regional.items():
            copy.pk[key] = shared.first_people[first_key]
        for p in copy.data.people:
            public_id = uuid.UUID(int=rng.getrandbits(128), version=4)
            copy.pk[p.key], copy.public_id[p.key] = pk, public_id
            people.append((pk, public_id, *(getattr(p, name) for name in PERSON_FIELDS)))
            pk += 1
    rows.insert(models.Person, ("id", "public_id", *PERSON_FIELDS), people)
    pk = next_pk(models.PositionSpell)
    spells = []
    for copy in copies:
        for s in copy.data.spells:
            spells.append(
                (
                    pk,
                    copy.pk[s.person_key],
                    shared.organisations[s.organisation_key],
                    *(getattr(s, name) for name in SPELL_FIELDS),
                )
            )
            pk += 1
    rows.insert(models.PositionSpell, ("id", "person_id", "organisation_id", *SPELL_FIELDS), spells)
    return len(people), len(spells)


@transaction.atomic
def write_trainings(copies: list[Copy], shared: Shared) -> tuple[dict[str, int], int]:
    """Phase two: every copy's training events, their co-trainers and participations.
    Returns the events' primary keys by code and the number of participations."""
    pk = next_pk(models.TrainingEvent)
    events, co_trainers, event_pk = [], [], {}
    Through = models.TrainingEvent.co_trainers.through
    for copy in copies:
        for e in copy.data.events:
            event_pk[e.code] = pk
            events.append(
                models.TrainingEvent(
                    pk=pk,
                    programme_id=shared.programmes[e.programme_code],
                    lead_trainer_id=copy.pk[e.lead_key],
                    **values(e, EVENT_FIELDS),
                )
            )
            co_trainers += [
                Through(trainingevent_id=pk, person_id=copy.pk[key]) for key in e.co_trainer_keys
            ]
            pk += 1
    models.TrainingEvent.objects.bulk_create(events, batch_size=BATCH_SIZE)
    Through.objects.bulk_create(co_trainers, batch_size=BATCH_SIZE)
    participations = [
        (
            event_pk[p.event_code],
            copy.pk[p.person_key],
            shared.organisations[p.organisation_key],
            *(getattr(p, name) for name in PARTICIPATION_FIELDS),
        )
        for copy in copies
        for p in copy.data.participations
    ]
    rows.insert(
        models.Participation,
        ("event_id", "person_id", "organisation_id", *PARTICIPATION_FIELDS),
        participations,
    )
    return event_pk, len(participations)
