"""The demo registry at ``scale`` times its size (see :mod:`.copies` for what a copy is
and how it is written), with what every copy does after its trainings: certificates
(:mod:`.certificates`), yearly follow-ups (:mod:`.yearly_follow_ups`) and the staff's
audit trail (:mod:`.audit_trail`).

The further copies are drawn and written one at a time, so that memory holds one copy's
records, never all of them; the whole is one transaction.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.db import transaction

from trainer_registry import models
from trainer_registry.demo import audit_trail, copies, copy_activity, generator, yearly_follow_ups
from trainer_registry.demo import certificates as demo_certificates


def check_scale(scale) -> int:
    """``scale`` as a whole number of at least 1, or a :class:`ValueError` naming it."""
    if isinstance(scale, bool) or not isinstance(scale, int) or scale < 1:
        raise ValueError(f"scale must be a whole number of at least 1, not {scale!r}")
    return scale


def _trail_certificates(made) -> list[audit_trail.Certificate]:
    """The certificates as the trail names them, each under its holder's country (as the
    registry files a certificate's entries)."""
    made = list(made)
    holders = dict(
        models.Person.objects.filter(pk__in={c.person_id for c in made}).values_list(
            "pk", "country"
        )
    )
    return [
        audit_trail.Certificate(
            c.code, c.event.code if c.event is not None else "", holders[c.person_id], c.issued_on
        )
        for c in made
    ]


@transaction.atomic
def add_copies(*, seed: int, as_of: date, scale: int) -> dict[str, int]:
    """Complete the first copy of the demo, which :func:`trainer_registry.api.load_demo_data`
    has just written from ``seed`` into the empty registry (its certificates, yearly
    follow-ups and audit trail), then write copies 2 to ``scale``; returns how many rows
    of each kind this added."""
    first = generator.generate(seed=seed, as_of=as_of)
    shared = copies.shared_keys(first)
    users = audit_trail.staff_users()
    counts: Counter[str] = Counter()
    counts["issued certificates"] += demo_certificates.issue_first_copy()
    original = copies.first_copy(first, shared, seed)
    counts["follow-up answers"] += yearly_follow_ups.run(original, as_of)
    issued = models.IssuedCertificate.objects.select_related("event")
    audit_trail.write(original, _trail_certificates(issued), users, as_of)
    if scale > 1:
        template = copy_activity.certification_template(shared)
        state = demo_certificates.CopyCertificates.start(first, seed)
        for number in range(1, scale):
            copy = copies.draw_copy(seed, number, as_of=as_of)
            people, spells = copies.write_people([copy], shared)
            event_pk, participations = copies.write_trainings([copy], shared)
            certified = copy_activity.copy_certifications(first, template, copy, event_pk)
            made = demo_certificates.copy_certificates(state, copy, certified, event_pk)
            answered = copy_activity.run_follow_ups([copy])
            answered += yearly_follow_ups.run(copy, as_of)
            audit_trail.write(copy, _trail_certificates(made), users, as_of)
            counts.update(
                {
                    "people": people,
                    "position spells": spells,
                    "training events": len(event_pk),
                    "participations": participations,
                    "certifications": len(certified),
                    "issued certificates": len(made),
                    "follow-up answers": answered,
                }
            )
        state.finish()
    copies.reset_sequences(
        models.Person,
        models.PositionSpell,
        models.TrainingEvent,
        models.Observation,
        models.TrainerCertification,
        models.IssuedCertificate,
        models.FollowUpCampaign,
        models.CampaignMember,
    )
    counts["audit events"] = models.AuditEvent.objects.count()
    return dict(counts)
