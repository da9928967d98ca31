"""The training cascade: how many people certified trainers went on to train, how many
trainers are still training, and how many generations the cascade reached.

No standard indicator exists (METRICS.md "The cascade"); the programme's logframe asks
for "numbers of national trainers trained by the participants in the regional ToT"
(DOMAIN.md section 1). This module reports, at a reference date:

* trainees per certified trainer = distinct people who attended a training delivered by
  a certified trainer (up to the reference date) / certified trainers;
* trainees per active trainer = distinct people trained in the window by active trainers
  / active trainers, where a trainer is *active* if they delivered a training in the
  ``window_months`` (6) before the reference date: (reference - 6 months, reference];
* active share = active trainers / certified trainers;
* generation of each trainer from the trainer -> trainee edge list: 1 for a trainer whom
  no one in the list trained (the regional ToT's trainers), then 1 + the lowest
  generation among those who trained them (national = 2, provincial = 3).

Counts come from attendance records, never from trainers' own reports: a person trained
jointly by two trainers is one trainee, though each trainer's own list shows them
(``jointly_trained`` says how many people that is).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import pandas as pd

LEVELS = {1: "regional", 2: "national", 3: "provincial"}


def _need(frame: pd.DataFrame, name: str, columns: tuple[str, ...]) -> None:
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise ValueError(f"{name} need the column(s) {', '.join(missing)}")


@dataclass(frozen=True)
class Cascade:
    """The cascade at ``reference_date``; ``by_trainer`` has one row per certified trainer
    (``trainings``, distinct ``trainees``, ``active``), in trainer order, not ranked."""

    reference_date: date
    window_months: int
    certified_trainers: int
    active_trainers: int
    active_share: float | None
    trainees: int
    trainees_per_certified_trainer: float | None
    trainees_in_window: int
    trainees_per_active_trainer: float | None
    jointly_trained: int
    by_trainer: pd.DataFrame


def cascade(
    deliveries: pd.DataFrame,
    attendance: pd.DataFrame,
    certified: Iterable,
    *,
    reference_date: date,
    window_months: int = 6,
) -> Cascade:
    """The cascade's counts.

    ``deliveries``: one row per trainer per training (lead and co-trainers), columns
    ``training_id``, ``trainer_id``, ``held_on``. ``attendance``: one row per person per
    training attended, columns ``training_id``, ``person_id``. ``certified``: the ids of
    trainers whose certification is valid at ``reference_date``. Trainings after the
    reference date are ignored.
    """
    _need(deliveries, "deliveries", ("training_id", "trainer_id", "held_on"))
    _need(attendance, "attendance", ("training_id", "person_id"))
    if window_months < 1:
        raise ValueError(f"the activity window must be at least a month, got {window_months}")
    certified_ids = pd.Index(pd.unique(pd.Series(list(certified), dtype=object)))
    reference = pd.Timestamp(reference_date)
    window_start = reference - pd.DateOffset(months=window_months)
    held = pd.to_datetime(deliveries["held_on"])
    if held.isna().any():
        raise ValueError(f"deliveries row {int(held.isna().to_numpy().argmax())}: no held_on date")
    delivered = deliveries.assign(held_on=held)
    delivered = delivered[
        (delivered["held_on"] <= reference) & delivered["trainer_id"].isin(certified_ids)
    ]
    taught = delivered.merge(
        attendance[["training_id", "person_id"]].drop_duplicates(), on="training_id"
    )
    in_window = taught["held_on"] > window_start
    active_ids = pd.Index(delivered.loc[delivered["held_on"] > window_start, "trainer_id"].unique())
    per_trainer = taught.drop_duplicates(["trainer_id", "person_id"])
    by_trainer = pd.DataFrame(
        {
            "trainings": delivered.groupby("trainer_id")["training_id"].nunique(),
            "trainees": per_trainer.groupby("trainer_id").size(),
        }
    ).reindex(certified_ids.sort_values(), fill_value=0)
    by_trainer = by_trainer.fillna(0).astype(int)
    by_trainer["active"] = by_trainer.index.isin(active_ids)
    by_trainer.index.name = "trainer_id"
    trainees = int(taught["person_id"].nunique())
    trainees_in_window = int(taught.loc[in_window, "person_id"].nunique())
    n_certified, n_active = len(certified_ids), len(active_ids)
    return Cascade(
        reference_date=reference_date,
        window_months=window_months,
        certified_trainers=n_certified,
        active_trainers=n_active,
        active_share=n_active / n_certified if n_certified else None,
        trainees=trainees,
        trainees_per_certified_trainer=trainees / n_certified if n_certified else None,
        trainees_in_window=trainees_in_window,
        trainees_per_active_trainer=trainees_in_window / n_active if n_active else None,
        jointly_trained=int((taught.groupby("person_id")["trainer_id"].nunique() > 1).sum()),
        by_trainer=by_trainer,
    )


def generations(edges: pd.DataFrame) -> pd.DataFrame:
    """Each person's generation in the cascade from ``edges`` (``trainer_id`` trained
    ``trainee_id``), with its level name (regional, national, provincial, then
    "generation N"). One row per person, sorted by generation then id.

    A person who trained themselves, or a circle of people who only trained one another
    with no one above them, is an error naming a person in it.
    """
    _need(edges, "edges", ("trainer_id", "trainee_id"))
    pairs = edges[["trainer_id", "trainee_id"]].drop_duplicates()
    own = pairs["trainer_id"] == pairs["trainee_id"]
    if own.any():
        raise ValueError(f"person {pairs.loc[own, 'trainer_id'].iloc[0]!r} trained themselves")
    people = pd.Index(pd.unique(pd.concat([pairs["trainer_id"], pairs["trainee_id"]])))
    generation = pd.Series(pd.NA, index=people, dtype="Int64")
    frontier = people.difference(pd.Index(pairs["trainee_id"].unique()))
    level = 1
    while len(frontier):
        generation[frontier] = level
        reached = pairs.loc[pairs["trainer_id"].isin(frontier), "trainee_id"].unique()
        frontier = pd.Index(reached)[generation[reached].isna().to_numpy()]
        level += 1
    unreached = generation.index[generation.isna().to_numpy()]
    if len(unreached):
        raise ValueError(
            f"person {sorted(unreached, key=str)[0]!r} was trained only within a circle of "
            "people who trained one another: no first-generation trainer above them"
        )
    table = pd.DataFrame({"person_id": people, "generation": generation.astype(int).to_numpy()})
    table["level"] = table["generation"].map(lambda g: LEVELS.get(g, f"generation {g}"))
    return table.sort_values(["generation", "person_id"], key=_sortable).reset_index(drop=True)


def _sortable(column: pd.Series) -> pd.Series:
    return column if column.name == "generation" else column.astype(str)


def generation_depth(edges: pd.DataFrame) -> int:
    """How many generations the cascade reached (1 when trainers trained no trainers)."""
    table = generations(edges)
    return int(table["generation"].max()) if len(table) else 0
