"""The cascade's records within one user's reach: who delivered which trainings, who
attended them as participants, and the trainers' certifications, the inputs of
:func:`trainer_registry.attrition.cascade.cascade` and
:func:`trainer_registry.attrition.cascade_tree.cascade_tree`.

Read through :mod:`trainer_registry.analytics.frames`, with its key scheme: people are
their ``public_id`` as text, trainings their code. For one country, the attendance is read
for that country's trainings alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from trainer_registry.access import Access
from trainer_registry.analytics.frames import certification_frame, delivery_frame, participants
from trainer_registry.certification.rules import Status, status_on


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
    inputs: their deliveries, who attended them as participants, and the certifications
    of their trainers (of everyone in reach when no country is given)."""
    deliveries = delivery_frame(access)
    if country:
        deliveries = deliveries[deliveries["country"] == country].reset_index(drop=True)
    attended = participants(access, country=country)
    attended = attended[attended["training_id"].isin(deliveries["training_id"])]
    certifications = certification_frame(access)
    if country:
        certifications = certifications[certifications["person_id"].isin(deliveries["trainer_id"])]
    return CascadeRecords(
        deliveries,
        attended.reset_index(drop=True),
        certifications[["person_id", "status", "certified_on", "valid_until"]].reset_index(
            drop=True
        ),
    )
