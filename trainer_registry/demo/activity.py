"""What the demo registry does after its trainings: trainers certified from their evidence,
and a follow-up campaign with answers. Written through the registry's own services, so the
demo shows the same decisions a programme would see.
"""

from __future__ import annotations

import contextlib
import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from trainer_registry.assessment import observations, rubric_versions
from trainer_registry.certification import decisions
from trainer_registry.followup import campaigns
from trainer_registry.models import (
    CertificationCriteria,
    Channel,
    Design,
    FollowUpCampaign,
    Participation,
    PositionSpell,
    Programme,
    SessionKind,
    StillInRole,
    TrainingEvent,
)

REGIONAL_TOT = "tot-regional-2012"
FOLLOW_UP_DAY = date(2016, 6, 1)


def _observe(rng, version, kind, person, event, observers, on, *, skill: float) -> None:
    """Each observer scores the session: the trainee's ``skill`` (a level, 1 to 4) per
    criterion, with the observer's own half-level of noise, so that double-scored
    sessions show realistic agreement."""
    criteria = [c["id"] for c in version.content["criteria"]]
    true_levels = {c: skill + rng.gauss(0, 0.5) for c in criteria}
    for observer in observers:
        levels = {c: max(1, min(4, round(true_levels[c] + rng.gauss(0, 0.45)))) for c in criteria}
        observations.record(
            kind=kind,
            person=person,
            event=event,
            observer=observer,
            version=version,
            observed_on=on,
            levels=levels,
            comments={},
        )


@transaction.atomic
def certify_trainers(seed: int) -> int:
    """Assess the regional ToT's trainers (teach-back, observed co-facilitation) and certify
    those whose evidence meets the criteria; recertify those who went on to train."""
    rng = random.Random(seed)
    tot = TrainingEvent.objects.select_related("lead_trainer").get(code=REGIONAL_TOT)
    programme = tot.programme
    CertificationCriteria.objects.get_or_create(programme=programme)
    national_events = list(
        TrainingEvent.objects.filter(programme__kind="TOT", country__in=["KH", "MM", "VN"])
    )
    version = rubric_versions.load_file().version
    second = tot.co_trainers.exclude(pk=tot.lead_trainer_id).first()
    certified = 0
    for index, participation in enumerate(
        Participation.objects.filter(event=tot).select_related("person")
    ):
        person = participation.person
        # Every other teach-back is double-scored by a second master trainer.
        observers = [tot.lead_trainer, second] if second and index % 2 == 0 else [tot.lead_trainer]
        skill = rng.gauss(3.1, 0.45)
        _observe(
            rng, version, SessionKind.TEACH_BACK, person, tot, observers, tot.ends_on, skill=skill
        )
        co_facilitated = [
            e for e in national_events if person in e.co_trainers.all() or e.lead_trainer == person
        ]
        observed_event = co_facilitated[0] if co_facilitated else rng.choice(national_events)
        _observe(
            rng,
            version,
            SessionKind.CO_FACILITATION,
            person,
            observed_event,
            [tot.lead_trainer],
            observed_event.ends_on,
            skill=skill + 0.2,
        )
        try:
            granted = decisions.certify(
                person,
                programme,
                level="national_trainer",
                decided_by=None,
                on=tot.ends_on + timedelta(days=30),
            )
        except decisions.NotEligible:
            continue
        certified += 1
        with contextlib.suppress(decisions.NotEligible):
            decisions.recertify(
                granted, decided_by=None, on=granted.valid_until - timedelta(days=60)
            )
    return certified


@transaction.atomic
def certify_national_trainers(seed: int) -> int:
    """The next generation of the cascade: the graduates of the national ToTs who went on to
    lead or co-facilitate a national training, assessed (teach-back at their ToT, observed
    at their first training) and certified by their national ToT's criteria when the
    evidence meets them."""
    rng = random.Random(seed + 1)
    version = rubric_versions.load_file().version
    certified = 0
    for tot in TrainingEvent.objects.filter(programme__kind="TOT").exclude(code=REGIONAL_TOT):
        CertificationCriteria.objects.get_or_create(programme=tot.programme)
        for participation in Participation.objects.filter(event=tot).select_related("person"):
            person = participation.person
            delivered = (
                TrainingEvent.objects.filter(
                    Q(lead_trainer=person) | Q(co_trainers=person), starts_on__gt=tot.ends_on
                )
                .distinct()
                .order_by("starts_on")
            )
            first = delivered.first()
            if first is None:
                continue
            skill = rng.gauss(3.2, 0.4)
            observers = [tot.lead_trainer]
            _observe(
                rng,
                version,
                SessionKind.TEACH_BACK,
                person,
                tot,
                observers,
                tot.ends_on,
                skill=skill,
            )
            _observe(
                rng,
                version,
                SessionKind.CO_FACILITATION,
                person,
                first,
                observers,
                first.ends_on,
                skill=skill + 0.2,
            )
            try:
                decisions.certify(
                    person,
                    tot.programme,
                    level="national_trainer",
                    decided_by=None,
                    on=first.ends_on + timedelta(days=14),
                )
            except decisions.NotEligible:
                continue
            certified += 1
    return certified


@transaction.atomic
def run_follow_up(seed: int) -> int:
    """A census follow-up of Cambodia's national training participants in 2016: invited,
    about two thirds answering by web, telephone or paper. Answers match their careers."""
    rng = random.Random(seed)
    campaign = FollowUpCampaign.objects.create(
        code="kh-ntp-2016",
        name="Cambodia NTP follow-up 2016",
        design=Design.CENSUS,
        countries=["KH"],
        trained_until=date(2011, 12, 31),
    )
    campaign.programmes.set(Programme.objects.filter(code="ntp-kh"))
    campaigns.draw_sample(campaign, now=_moment(FOLLOW_UP_DAY))
    answered = 0
    for member in campaign.members.select_related("person"):
        campaigns.issue_invitation(member, channel=Channel.EMAIL, now=_moment(FOLLOW_UP_DAY))
        if rng.random() > 0.65:
            continue
        spell = (
            PositionSpell.objects.filter(person=member.person, is_anti_trafficking=True)
            .order_by("started_on")
            .first()
        )
        left = spell is not None and spell.ended_on is not None and spell.ended_on <= FOLLOW_UP_DAY
        answers = campaigns.Answers(
            consent=True,
            still_in_role=StillInRole.NO if left else StillInRole.YES,
            left_role_on=spell.ended_on.replace(day=1) if left else None,
            leaving_reason=_answer_reason(spell.end_reason) if left else "",
            use_of_training=rng.choice([1, 2, 2, 3, 3]),
        )
        channel = rng.choice([Channel.WEB, Channel.PHONE, Channel.PAPER])
        campaigns.record_answers(
            member, answers, wave=1, channel=channel, entered_by=None, now=_moment(FOLLOW_UP_DAY)
        )
        answered += 1
    return answered


def _answer_reason(end_reason: str) -> str:
    allowed = {"moved_within_ministry", "left_ministry", "left_government", "retired"}
    return end_reason if end_reason in allowed else "other"


def _moment(day: date):
    return timezone.make_aware(datetime.combine(day, time(9)))
