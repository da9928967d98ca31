"""The analytics reader: the registry's records as the DataFrames that the analytics
pages, the programme report and the API compute from, within one user's reach.

The one place where analytics reads the ORM. Every frame uses one key scheme and one set
of column names: people are their pseudonymous ``public_id`` (as text, ``person_id`` or
``trainer_id``), trainings their code (``training_id``), never a name or a database key,
so what the pages and reports show is pseudonymous by construction. What a user reaches
is :mod:`trainer_registry.access`'s decision; a :class:`Scope` narrows it further.

* :func:`participation_frame`: one row per person per training, with the pre- and
  post-test scores (:data:`PARTICIPATION_COLUMNS`);
* :func:`delivery_frame`: one row per trainer per training (:data:`DELIVERY_COLUMNS`);
* :func:`certification_frame`: one row per certification decision
  (:data:`CERTIFICATION_COLUMNS`), and :func:`held_on` the status each holds on a day;
* :func:`followup_frame`: the follow-up interchange rows (DESIGN.md) of several
  campaigns, with ``campaign`` and ``cohort``;
* :func:`participants`: who attended which trainings as a participant (the cascade's
  attendance, :mod:`trainer_registry.analytics.cascade_records`);
* :func:`item_response_frame`: the item responses of one assessment, one row per learner
  and item (:data:`ITEM_RESPONSE_COLUMNS`), and :func:`assessments` those in reach.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from django.db.models import Exists, OuterRef, QuerySet

from trainer_registry.access import Access, visible_events, visible_people
from trainer_registry.analytics import columns, exports, followup_rows
from trainer_registry.certification.rules import Status, status_on
from trainer_registry.models import (
    FollowUpCampaign,
    ItemResponse,
    Participation,
    ParticipationRole,
    TrainerCertification,
    TrainingEvent,
)


@dataclass(frozen=True)
class Scope:
    """What to read of what a user reaches: trainings of these programme kinds ending in
    ``trained_from`` .. ``trained_to``, people of these countries (all when empty). A
    trainer out of the scope's countries or out of reach is left out of the deliveries."""

    programmes: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    trained_from: date | None = None
    trained_to: date | None = None


EVERYTHING = Scope()


def trainings_in_scope(access: Access, scope: Scope) -> QuerySet:
    """The trainings ``access`` reaches, of the scope's programmes and dates."""
    events = visible_events(access)
    if scope.programmes:
        events = events.filter(programme__kind__in=scope.programmes)
    if scope.trained_from:
        events = events.filter(ends_on__gte=scope.trained_from)
    if scope.trained_to:
        events = events.filter(ends_on__lte=scope.trained_to)
    return events


def people_in_scope(access: Access, scope: Scope) -> QuerySet:
    """The people ``access`` reaches, of the scope's countries."""
    people = visible_people(access)
    if scope.countries:
        people = people.filter(country__in=scope.countries)
    return people


PARTICIPATION_COLUMNS = (
    "person_id",
    "sex",
    "country",
    "sector",
    "training_id",
    "programme",
    "programme_code",
    "programme_name",
    "regional_programme",
    "role",
    "completed",
    "pre",
    "post",
    "held_on",
    "cohort",
)
_PARTICIPATION_FIELDS = (
    "person__public_id",
    "person__sex",
    "person__country",
    "organisation__sector",
    "event_id",
    "role",
    "completed",
    "pre_test_score",
    "post_test_score",
)
_TRAINING_FIELDS = (
    "pk",
    "code",
    "programme__kind",
    "programme__code",
    "programme__name",
    "programme__country",
    "ends_on",
)


def _participations_in_scope(
    access: Access, scope: Scope, trainings: QuerySet | None = None
) -> QuerySet:
    """Participations of people in scope in trainings in scope (or in ``trainings``, a
    narrower set of them). The people are one ``EXISTS`` per row, not a second ``IN``
    list: with two ``IN`` lists on the two columns
    of the participation's unique index, SQLite probes every training with every person,
    a cost that grows with their product. Who reaches everyone, in every country, needs
    no condition on the people at all."""
    if trainings is None:
        trainings = trainings_in_scope(access, scope)
    participations = Participation.objects.filter(event__in=trainings.values("pk"))
    if access.is_staff and access.countries is None and not scope.countries:
        return participations
    people = people_in_scope(access, scope).filter(pk=OuterRef("person_id"))
    return participations.filter(Exists(people))


def participation_frame(access: Access, scope: Scope = EVERYTHING) -> pd.DataFrame:
    """One row per participation of a person in scope in a training in scope: the
    person's sex and country, the sector of their organisation at the time, the training
    (``training_id``; ``programme`` the kind, ``programme_code``, ``programme_name``,
    ``regional_programme`` when the programme is not a country's), the role (participant,
    observer, resource person), whether it was completed, the pre- and post-test scores
    in per cent (NaN where none was recorded), and the training's last day (``held_on``)
    and year (``cohort``); ordered by programme code, training and person.

    The participations are read with their people, the trainings once each and joined
    here, and the rows sorted here: a sort in the database of rows this wide costs more
    than the reading."""
    query = _participations_in_scope(access, scope).values_list(*_PARTICIPATION_FIELDS)
    raw = pd.DataFrame(columns.rows(query.order_by()), columns=list(_PARTICIPATION_FIELDS))
    if raw.empty:
        return pd.DataFrame([], columns=list(PARTICIPATION_COLUMNS)).astype(
            {"pre": float, "post": float, "completed": bool, "regional_programme": bool}
        )
    trainings = trainings_in_scope(access, scope).values_list(*_TRAINING_FIELDS).order_by()
    training = (
        pd.DataFrame(columns.rows(trainings), columns=list(_TRAINING_FIELDS))
        .drop_duplicates("pk")
        .set_index("pk")
        .reindex(raw["event_id"])
        .reset_index(drop=True)
    )
    held_on = columns.days(training["ends_on"])
    frame = pd.DataFrame(
        {
            "person_id": columns.public_ids(raw["person__public_id"]),
            "sex": raw["person__sex"],
            "country": raw["person__country"],
            "sector": raw["organisation__sector"].fillna(""),
            "training_id": training["code"],
            "programme": training["programme__kind"],
            "programme_code": training["programme__code"],
            "programme_name": training["programme__name"],
            "regional_programme": training["programme__country"] == "",
            "role": raw["role"],
            "completed": raw["completed"].astype(bool),
            "pre": pd.to_numeric(raw["pre_test_score"]).astype(float),
            "post": pd.to_numeric(raw["post_test_score"]).astype(float),
            "held_on": held_on,
            "cohort": held_on.dt.year.astype("int64"),
        },
        columns=list(PARTICIPATION_COLUMNS),
    )
    return frame.sort_values(["programme_code", "training_id", "person_id"], ignore_index=True)


DELIVERY_COLUMNS = (
    "training_id",
    "trainer_id",
    "held_on",
    "country",
    "programme",
    "regional_programme",
)


def delivery_frame(access: Access, scope: Scope = EVERYTHING) -> pd.DataFrame:
    """One row per trainer (lead or co-trainer) per training in scope, for trainers in
    scope: the training's last day (``held_on``), the country it was held in, the
    programme kind and whether the programme is regional."""
    events = trainings_in_scope(access, scope)
    fields = ("code", "ends_on", "country", "programme__kind", "programme__country")
    leads = events.filter(lead_trainer__isnull=False).values_list(
        *fields, "lead_trainer_id", "lead_trainer__public_id"
    )
    co_trainers = TrainingEvent.co_trainers.through.objects.filter(
        trainingevent__in=events.values("pk")
    ).values_list(
        *(f"trainingevent__{field}" for field in fields), "person_id", "person__public_id"
    )
    rows = pd.DataFrame(
        [*columns.rows(leads), *columns.rows(co_trainers)], columns=[*fields, "pk", "public_id"]
    )
    trainers = set(rows["pk"])
    in_scope = set(
        people_in_scope(access, scope).filter(pk__in=trainers).values_list("pk", flat=True)
    )
    rows = rows[rows["pk"].isin(in_scope)].drop_duplicates(["code", "pk"])
    if rows.empty:
        return pd.DataFrame([], columns=list(DELIVERY_COLUMNS))
    frame = pd.DataFrame(
        {
            "training_id": rows["code"],
            "trainer_id": columns.public_ids(rows["public_id"]),
            "held_on": columns.days(rows["ends_on"]),
            "country": rows["country"],
            "programme": rows["programme__kind"],
            "regional_programme": rows["programme__country"] == "",
        },
        columns=list(DELIVERY_COLUMNS),
    )
    return frame.sort_values(["training_id", "trainer_id"], ignore_index=True)


CERTIFICATION_COLUMNS = (
    "person_id",
    "sex",
    "country",
    "level",
    "status",
    "certified_on",
    "valid_until",
)


def certification_frame(access: Access, scope: Scope = EVERYTHING) -> pd.DataFrame:
    """One row per certification decision about a person in scope, in the order they
    were decided: the level, the status as recorded (:func:`held_on` gives the status
    that holds on a day), the day certified and the last day valid."""
    values = (
        TrainerCertification.objects.filter(person__in=people_in_scope(access, scope).values("pk"))
        .order_by("certified_on", "pk")
        .values_list(
            "person__public_id",
            "person__sex",
            "person__country",
            "level",
            "status",
            "certified_on",
            "valid_until",
        )
    )
    records = [(str(public_id), *rest) for public_id, *rest in values]
    return pd.DataFrame(records, columns=list(CERTIFICATION_COLUMNS))


def held_on(certifications: pd.DataFrame, day: date) -> pd.DataFrame:
    """Each person's latest certification decided by ``day`` (sorted by person), with
    ``status`` the one that holds that day: an active certification past its end is
    expired."""
    decided = certifications[certifications["certified_on"] <= day]
    latest = decided.groupby("person_id", sort=False).tail(1).sort_values("person_id")
    statuses = [
        status_on(Status(row.status), row.valid_until, day).value for row in latest.itertuples()
    ]
    return latest.assign(status=statuses).reset_index(drop=True)


FOLLOWUP_COLUMNS = followup_rows.COLUMNS


def followup_frame(
    access: Access, campaigns: QuerySet[FollowUpCampaign], wanted=FOLLOWUP_COLUMNS
) -> tuple[pd.DataFrame, int]:
    """The interchange rows of each campaign in ``campaigns`` for the people ``access``
    reaches, stacked, with ``campaign`` and ``cohort`` (the ``wanted`` columns of
    :data:`FOLLOWUP_COLUMNS`), and how many sampled people were left out for want of
    consent. A person sampled in two campaigns has a row in each. Every campaign is read
    at once (:mod:`trainer_registry.analytics.followup_rows`)."""
    frame, left_out = followup_rows.interchange_rows(access, campaigns, wanted)
    if not frame.empty:
        return followup_rows.typed(frame, exports.DATE_COLUMNS), left_out
    frame = exports.interchange(access, campaigns.none()).frame.assign(campaign="")
    frame["cohort"] = frame["trained_on"].dt.year.astype("Int64")
    return frame[list(wanted)], left_out


def participants(access: Access, *, country: str = "") -> pd.DataFrame:
    """``training_id``, ``person_id`` of each participant (not observers or resource
    persons) in reach, of the trainings in reach (held in ``country`` when given)."""
    events = trainings_in_scope(access, EVERYTHING)
    if country:
        events = events.filter(country=country)
    rows = (
        _participations_in_scope(access, EVERYTHING, events)
        .filter(role=ParticipationRole.PARTICIPANT)
        .values_list("event__code", "person__public_id")
        .order_by()
    )
    read = columns.frame(rows, ("training_id", "uuid"))
    return pd.DataFrame(
        {"training_id": read["training_id"], "person_id": columns.public_ids(read["uuid"])}
    )


ITEM_RESPONSE_COLUMNS = ("learner_id", "item_id", "chosen", "correct", "form", "phase")


def _item_responses(access: Access, scope: Scope) -> QuerySet:
    return ItemResponse.objects.filter(
        participation__event__in=trainings_in_scope(access, scope).values("pk"),
        participation__person__in=people_in_scope(access, scope).values("pk"),
    )


def assessments(access: Access, scope: Scope = EVERYTHING) -> list[str]:
    """The assessment ids with item responses of people and trainings in scope."""
    ids = _item_responses(access, scope).values_list("assessment_id", flat=True).distinct()
    return sorted(set(ids))


def item_response_frame(
    access: Access,
    assessment_id: str,
    *,
    phase: str = "",
    form: str = "",
    scope: Scope = EVERYTHING,
) -> pd.DataFrame:
    """The item responses of ``assessment_id`` (of ``phase`` and ``form`` when given) of
    people and trainings in scope, in the columns of the item responses CSV
    (:mod:`trainer_registry.assessment.responses_file`): ``learner_id`` the person's
    ``public_id``, ``item_id``, ``chosen`` the options chosen joined by ``+`` (empty when
    skipped), ``correct`` 1 or 0, ``form``, ``phase``. A person who took part in two
    trainings with the same assessment has rows from each: the learner is the person,
    so :func:`~trainer_registry.assessment.item_analysis.response_matrix` needs one
    training's rows, or the caller keeps the latest."""
    rows = _item_responses(access, scope).filter(assessment_id=assessment_id)
    if phase:
        rows = rows.filter(phase=phase)
    if form:
        rows = rows.filter(form=form)
    values = rows.order_by("participation__person__public_id", "item_id", "-pk").values_list(
        "participation__person__public_id", "item_id", "chosen", "correct", "form", "phase"
    )
    records = [
        (str(person), item, "+".join(chosen or ()), int(bool(correct) and bool(chosen)), f, ph)
        for person, item, chosen, correct, f, ph in values
    ]
    frame = pd.DataFrame(records, columns=list(ITEM_RESPONSE_COLUMNS))
    # One row per person, item, phase and form: the latest training's answer.
    frame = frame.drop_duplicates(["learner_id", "item_id", "phase", "form"], keep="first")
    return frame.astype({"correct": "int8"}).reset_index(drop=True)
