"""The registry's records as the DataFrames the analytics cores take, within one user's reach.

Every frame identifies people by their pseudonymous ``public_id`` (as text), never by a
name or a database key, so that what the analytics pages and reports show is pseudonymous
by construction. What a user reaches is :mod:`trainer_registry.access`'s decision.

* :func:`followup_frame`: the follow-up interchange rows (DESIGN.md) of several campaigns,
  one block per campaign, with ``campaign`` (its code) and ``cohort`` (the year of
  ``trained_on``) added;
* :func:`cascade_records`: who delivered which training, who attended it, and whose
  certification is valid on a date: the inputs of
  :func:`trainer_registry.attrition.cascade.cascade`;
* :func:`score_frame`: pre- and post-test scores of participations, for
  :func:`trainer_registry.attrition.knowledge_gain.knowledge_gain`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from django.db.models import QuerySet

from trainer_registry import exports
from trainer_registry.access import (
    Access,
    visible_events,
    visible_participations,
    visible_people,
)
from trainer_registry.certification_rules import Status, status_on
from trainer_registry.models import (
    FollowUpCampaign,
    ParticipationRole,
    TrainerCertification,
    TrainingEvent,
)

FOLLOWUP_COLUMNS = (*exports.INTERCHANGE_COLUMNS, "campaign", "cohort")


def followup_frame(
    access: Access, campaigns: QuerySet[FollowUpCampaign]
) -> tuple[pd.DataFrame, int]:
    """The interchange rows of each campaign in ``campaigns`` for the people ``access``
    reaches, stacked, with ``campaign`` and ``cohort``; and how many sampled people were
    left out for want of consent. A person sampled in two campaigns has a row in each."""
    frames, left_out = [], 0
    for campaign in campaigns.order_by("code"):
        data = exports.interchange(access, campaigns.filter(pk=campaign.pk))
        left_out += data.left_out_without_consent
        frames.append(data.frame.assign(campaign=campaign.code))
    if not frames:
        frame = exports.interchange(access, campaigns.none()).frame.assign(campaign="")
    else:
        frame = pd.concat(frames, ignore_index=True)
    frame["cohort"] = frame["trained_on"].dt.year.astype("Int64")
    return frame[list(FOLLOWUP_COLUMNS)], left_out


@dataclass(frozen=True)
class CascadeRecords:
    """``deliveries``: ``training_id`` (event code), ``trainer_id``, ``held_on`` (the
    training's last day), ``country``, ``programme`` (kind), one row per trainer per
    training, lead and co-trainers alike; ``attendance``: ``training_id``, ``person_id``
    of each participant (observers and resource persons are not trainees);
    ``certifications``: ``person_id``, ``status`` (as recorded), ``certified_on``,
    ``valid_until``, one row per certification decision."""

    deliveries: pd.DataFrame
    attendance: pd.DataFrame
    certifications: pd.DataFrame

    def certified_on(self, day: date) -> list[str]:
        """The people holding a certification that is active on ``day``: certified by then
        and neither expired, suspended nor revoked."""
        active = [
            row.person_id
            for row in self.certifications.itertuples()
            if row.certified_on <= day
            and status_on(Status(row.status), row.valid_until, day) == Status.ACTIVE
        ]
        return sorted(set(active))

    def trainer_edges(self) -> pd.DataFrame:
        """``trainer_id`` trained ``trainee_id``, for trainees who went on to deliver a
        training themselves: the edges of the cascade between trainers."""
        trainers = set(self.deliveries["trainer_id"])
        taught = self.deliveries.merge(self.attendance, on="training_id")
        taught = taught[taught["person_id"].isin(trainers)]
        edges = taught.rename(columns={"person_id": "trainee_id"})[["trainer_id", "trainee_id"]]
        edges = edges[edges["trainer_id"] != edges["trainee_id"]]
        return edges.drop_duplicates().sort_values(["trainer_id", "trainee_id"], ignore_index=True)


def cascade_records(access: Access, *, country: str = "") -> CascadeRecords:
    """The trainings ``access`` reaches (held in ``country`` when given) as cascade
    inputs."""
    events = visible_events(access, TrainingEvent.objects.all())
    if country:
        events = events.filter(country=country)
    rows = []
    for event in events.select_related("lead_trainer", "programme").prefetch_related("co_trainers"):
        trainers = [event.lead_trainer] if event.lead_trainer else []
        trainers += list(event.co_trainers.all())
        for trainer in {t.pk: t for t in trainers}.values():
            rows.append(
                {
                    "training_id": event.code,
                    "trainer_id": str(trainer.public_id),
                    "held_on": pd.Timestamp(event.ends_on),
                    "country": event.country,
                    "programme": event.programme.kind,
                }
            )
    deliveries = pd.DataFrame(
        rows, columns=["training_id", "trainer_id", "held_on", "country", "programme"]
    ).sort_values(["training_id", "trainer_id"], ignore_index=True)
    attendance = pd.DataFrame(
        [
            {"training_id": code, "person_id": str(public_id)}
            for code, public_id in visible_participations(access)
            .filter(event__in=events.values("pk"), role=ParticipationRole.PARTICIPANT)
            .values_list("event__code", "person__public_id")
        ],
        columns=["training_id", "person_id"],
    )
    trainer_ids = set(deliveries["trainer_id"])
    certifications = pd.DataFrame(
        [
            {
                "person_id": str(public_id),
                "status": status,
                "certified_on": certified_on,
                "valid_until": valid_until,
            }
            for public_id, status, certified_on, valid_until in TrainerCertification.objects.filter(
                person__in=visible_people(access).values("pk")
            ).values_list("person__public_id", "status", "certified_on", "valid_until")
            if str(public_id) in trainer_ids or not country
        ],
        columns=["person_id", "status", "certified_on", "valid_until"],
    )
    return CascadeRecords(deliveries, attendance, certifications)


SCORE_COLUMNS = (
    "person_id",
    "sex",
    "country",
    "sector",
    "programme",
    "programme_code",
    "programme_name",
    "training_id",
    "held_on",
    "cohort",
    "pre",
    "post",
)


def score_frame(access: Access) -> pd.DataFrame:
    """One row per participation in reach (participants only) with its pre- and post-test
    scores in per cent (NaN where none was recorded), the programme (``programme`` the
    kind, ``programme_code``, ``programme_name``), the person's sex and country, the
    sector of their organisation at the time, and the training's last day and year."""
    rows = visible_participations(access).filter(role=ParticipationRole.PARTICIPANT)
    values = rows.values_list(
        "person__public_id",
        "person__sex",
        "person__country",
        "organisation__sector",
        "event__programme__kind",
        "event__programme__code",
        "event__programme__name",
        "event__code",
        "event__ends_on",
        "pre_test_score",
        "post_test_score",
    ).order_by("event__programme__code", "event__code", "person__public_id")
    records = [
        {
            "person_id": str(public_id),
            "sex": sex,
            "country": country,
            "sector": sector or "",
            "programme": kind,
            "programme_code": code,
            "programme_name": name,
            "training_id": event,
            "held_on": pd.Timestamp(ends_on),
            "cohort": ends_on.year,
            "pre": float(pre) if pre is not None else float("nan"),
            "post": float(post) if post is not None else float("nan"),
        }
        for public_id, sex, country, sector, kind, code, name, event, ends_on, pre, post in values
    ]
    return pd.DataFrame(records, columns=list(SCORE_COLUMNS))
