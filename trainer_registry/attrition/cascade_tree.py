"""The training cascade as a tree: each trainer, the trainings they delivered, and under
each training the trainees who went on to deliver trainings themselves.

Pure: it takes the frames of :func:`trainer_registry.attrition.cascade.cascade`
(``deliveries``: ``training_id``, ``trainer_id``, ``held_on``; ``attendance``:
``training_id``, ``person_id``) and the generation table of
:func:`~trainer_registry.attrition.cascade.generations`.

The roots are the first-generation trainers (no one in the records trained them). Under
a trainer of generation g, a training lists every trainee it had (``trainees``, counted
from attendance) and, as children, those trainees who became trainers of generation
g + 1: a trainer appears where the cascade first reached them. A trainee who became a
trainer but sits at another generation (trained earlier by someone higher up) is counted
in ``other_trainers`` rather than drawn twice, so the tree is finite and has no cycles.
Trainings and children are in date then id order, never ranked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from trainer_registry.attrition.cascade import LEVELS


@dataclass(frozen=True)
class TrainingNode:
    training_id: str
    held_on: date
    trainees: int
    other_trainers: int
    children: list[TrainerNode] = field(default_factory=list)


@dataclass(frozen=True)
class TrainerNode:
    person_id: str
    generation: int
    level: str
    certified: bool
    active: bool
    trainees: int
    trainings: list[TrainingNode] = field(default_factory=list)


def cascade_tree(
    deliveries: pd.DataFrame,
    attendance: pd.DataFrame,
    generation_table: pd.DataFrame,
    *,
    certified: set[str] | frozenset[str] = frozenset(),
    active: set[str] | frozenset[str] = frozenset(),
) -> list[TrainerNode]:
    """The trees, one per first-generation trainer who delivered a training in
    ``deliveries``. A trainer in ``deliveries`` who is absent from ``generation_table``
    (no trainer-to-trainer edge touches them) is a first-generation root."""
    generation = dict(
        zip(generation_table["person_id"], generation_table["generation"], strict=True)
    )
    trainers = sorted(set(deliveries["trainer_id"]), key=str)
    for trainer in trainers:
        generation.setdefault(trainer, 1)
    held = {
        training: pd.Timestamp(day).date()
        for training, day in zip(deliveries["training_id"], deliveries["held_on"], strict=True)
    }
    delivered: dict[str, list[str]] = {}
    for trainer, training in zip(deliveries["trainer_id"], deliveries["training_id"], strict=True):
        delivered.setdefault(trainer, []).append(training)
    attended: dict[str, list[str]] = {}
    for training, person in zip(attendance["training_id"], attendance["person_id"], strict=True):
        attended.setdefault(training, []).append(person)
    is_trainer = set(trainers)

    def node(person: str) -> TrainerNode:
        level_number = generation[person]
        trainings = []
        taught: set[str] = set()
        for training in sorted(set(delivered.get(person, [])), key=lambda t: (held[t], t)):
            people = sorted(set(attended.get(training, [])), key=str)
            taught.update(people)
            became = [p for p in people if p in is_trainer and p != person]
            next_generation = [p for p in became if generation[p] == level_number + 1]
            trainings.append(
                TrainingNode(
                    training_id=training,
                    held_on=held[training],
                    trainees=len(people),
                    other_trainers=len(became) - len(next_generation),
                    children=[node(p) for p in next_generation],
                )
            )
        return TrainerNode(
            person_id=person,
            generation=level_number,
            level=LEVELS.get(level_number, f"generation {level_number}"),
            certified=person in certified,
            active=person in active,
            trainees=len(taught),
            trainings=trainings,
        )

    return [node(person) for person in trainers if generation[person] == 1]
