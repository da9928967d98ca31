"""The demo registry at ``scale`` times its size (see :mod:`.copies` for what a copy is
and how it is written)."""

from __future__ import annotations

from datetime import date

from trainer_registry import models
from trainer_registry.demo import copies, copy_activity, generator


def check_scale(scale) -> int:
    """``scale`` as a whole number of at least 1, or a :class:`ValueError` naming it."""
    if isinstance(scale, bool) or not isinstance(scale, int) or scale < 1:
        raise ValueError(f"scale must be a whole number of at least 1, not {scale!r}")
    return scale


def add_copies(*, seed: int, as_of: date, scale: int) -> dict[str, int]:
    """Write copies 2 to ``scale`` of the demo beside the first, which
    :func:`trainer_registry.api.load_demo_data` has just written from ``seed`` into the
    empty registry; returns how many rows of each kind the copies added."""
    first = generator.generate(seed=seed, as_of=as_of)
    further = [copies.draw_copy(seed, n, as_of=as_of) for n in range(1, scale)]
    shared = copies.shared_keys(first)
    people, spells = copies.write_people(further, shared)
    event_pk, participations = copies.write_trainings(further, shared)
    certified = copy_activity.copy_certifications(first, further, shared, event_pk)
    answered = copy_activity.run_follow_ups(further)
    copies.reset_sequences(
        models.Person,
        models.PositionSpell,
        models.TrainingEvent,
        models.Observation,
        models.TrainerCertification,
        models.FollowUpCampaign,
        models.CampaignMember,
    )
    return {
        "people": people,
        "position spells": spells,
        "training events": len(event_pk),
        "participations": participations,
        "certifications": certified,
        "follow-up answers": answered,
    }
