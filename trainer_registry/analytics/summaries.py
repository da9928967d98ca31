"""The registry at a glance: people, trainings and anti-trafficking status per COMMIT
country, counted in the database (the dashboard and the API's ``country_summaries``)."""

from __future__ import annotations

from collections.abc import Collection

from django.db.models import Count, Exists, OuterRef, Q

from trainer_registry import data, models
from trainer_registry.countries import COMMIT_COUNTRIES


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
