"""The registry's rows a programme report needs, read once from the database and handed
on as DataFrames; the only module of the report that touches the ORM.

Everything is narrowed by :mod:`trainer_registry.access` to what the requesting user
reaches, then by the report's options. No name, email or telephone number is read:
people are their database ids, which never leave the report's computation.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from trainer_registry import exports
from trainer_registry.access import Access, visible_events, visible_people
from trainer_registry.certification_rules import status_on
from trainer_registry.models import (
    Participation,
    TrainerCertification,
    TrainingEvent,
)
from trainer_registry.programme_report.options import ReportOptionError, ReportOptions

PARTICIPATION_COLUMNS = (
    "person_id",
    "sex",
    "country",
    "event_id",
    "programme",
    "regional_programme",
    "role",
    "completed",
    "pre_test_score",
    "post_test_score",
    "ended_on",
)
DELIVERY_COLUMNS = ("training_id", "trainer_id", "held_on", "programme", "regional_programme")
CERTIFICATION_COLUMNS = ("person_id", "sex", "country", "level", "status", "certified_on")


@dataclass(frozen=True)
class RegistryFrames:
    """The rows behind a report.

    ``participations``: one row per person per training in scope; ``deliveries``: one row
    per trainer (lead or co-trainer) per training in scope; ``certifications``: each
    person's latest certification decided by the reference date, with the status that
    holds then; ``regional_tot_participants``: ids of everyone in reach who took part in
    a regional Training of Trainers (at any date); ``followup``: the follow-up interchange
    rows (DESIGN.md) of the campaigns in reach; ``countries``: the countries reported.
    """

    participations: pd.DataFrame
    deliveries: pd.DataFrame
    certifications: pd.DataFrame
    regional_tot_participants: frozenset
    followup: pd.DataFrame
    left_out_without_consent: int
    countries: tuple[str, ...]


def _events(access: Access, options: ReportOptions):
    events = visible_events(access)
    if options.programmes:
        events = events.filter(programme__kind__in=options.programmes)
    if options.trained_from:
        events = events.filter(ends_on__gte=options.trained_from)
    if options.trained_to:
        events = events.filter(ends_on__lte=options.trained_to)
    return events


def _people(access: Access, options: ReportOptions):
    people = visible_people(access)
    if options.countries:
        people = people.filter(country__in=options.countries)
    return people


def _participations(events, people) -> pd.DataFrame:
    rows = Participation.objects.filter(
        event__in=events.values("pk"), person__in=people.values("pk")
    ).values_list(
        "person_id",
        "person__sex",
        "person__country",
        "event_id",
        "event__programme__kind",
        "event__programme__country",
        "role",
        "completed",
        "pre_test_score",
        "post_test_score",
        "event__ends_on",
    )
    frame = pd.DataFrame(list(rows), columns=list(PARTICIPATION_COLUMNS))
    frame["regional_programme"] = frame["regional_programme"] == ""
    for column in ("pre_test_score", "post_test_score"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    frame["completed"] = frame["completed"].astype(bool)
    return frame.sort_values(["event_id", "person_id"]).reset_index(drop=True)


def _deliveries(events, people) -> pd.DataFrame:
    in_reach = set(people.values_list("pk", flat=True))
    rows = []
    for event in events.select_related("programme").prefetch_related("co_trainers").order_by("pk"):
        trainers = {event.lead_trainer_id, *(p.pk for p in event.co_trainers.all())}
        for trainer in sorted(t for t in trainers if t in in_reach):
            rows.append(
                (
                    event.pk,
                    trainer,
                    event.ends_on,
                    event.programme.kind,
                    event.programme.country == "",
                )
            )
    return pd.DataFrame(rows, columns=list(DELIVERY_COLUMNS))


def _certifications(people, options: ReportOptions) -> pd.DataFrame:
    latest: dict[int, tuple] = {}
    for row in (
        TrainerCertification.objects.filter(
            person__in=people.values("pk"), certified_on__lte=options.reference_date
        )
        .order_by("certified_on", "pk")
        .values_list(
            "person_id",
            "person__sex",
            "person__country",
            "level",
            "status",
            "certified_on",
            "valid_until",
        )
    ):
        person, sex, country, level, status, certified_on, valid_until = row
        held = status_on(status, valid_until, options.reference_date)
        latest[person] = (person, sex, country, level, str(held), certified_on)
    return pd.DataFrame(
        [latest[person] for person in sorted(latest)], columns=list(CERTIFICATION_COLUMNS)
    )


def _followup(access: Access, options: ReportOptions) -> tuple[pd.DataFrame, int]:
    from trainer_registry.campaign_views import visible_campaigns

    data = exports.interchange(access, visible_campaigns(access))
    frame = data.frame
    if options.countries:
        frame = frame[frame["country"].isin(options.countries)]
    if options.programmes:
        frame = frame[frame["programme"].isin(options.programmes)]
    if options.trained_from:
        frame = frame[frame["trained_on"] >= pd.Timestamp(options.trained_from)]
    if options.trained_to:
        frame = frame[frame["trained_on"] <= pd.Timestamp(options.trained_to)]
    return frame.reset_index(drop=True), data.left_out_without_consent


def gather(access: Access, options: ReportOptions) -> RegistryFrames:
    """The rows of the report that ``options`` asks for, as ``access`` reaches them.
    Raises :class:`ReportOptionError` for a country out of reach."""
    outside = [c for c in options.countries if not access.reaches_country(c)]
    if outside:
        raise ReportOptionError(f"--country {outside[0]}: not in your reach")
    events = _events(access, options)
    people = _people(access, options)
    regional_tot = TrainingEvent.objects.filter(
        pk__in=visible_events(access).values("pk"), programme__kind="TOT", programme__country=""
    ).values("pk")
    regional_tot_ids = frozenset(
        Participation.objects.filter(
            event__in=regional_tot, person__in=visible_people(access).values("pk")
        ).values_list("person_id", flat=True)
    )
    followup, left_out = _followup(access, options)
    countries = options.countries or tuple(
        sorted(set(people.values_list("country", flat=True).distinct()))
    )
    return RegistryFrames(
        participations=_participations(events, people),
        deliveries=_deliveries(events, people),
        certifications=_certifications(people, options),
        regional_tot_participants=regional_tot_ids,
        followup=followup,
        left_out_without_consent=left_out,
        countries=tuple(countries),
    )
