"""What the further copies of the demo do after their trainings, in bulk statements: the
first copy's certification decisions carried over to the people in the same place of each
copy's cascade, and each copy's own follow-up campaign, answered from its own careers.

Certification. In every copy the regional Training of Trainers has the same 36 places
(six per country, the first two of each country the RTP alumni who then lead their
national ToT), so its participants are matched place by place; the national ToT
graduates who went on to train are matched in the order they first trained. The first
copy's observations (with their criterion scores) and certifications (with the
recertifications that supersede them) are written again for the matched people, at the
matching copy's trainings. People without a match in the first copy are not certified.

Follow-up. Each copy has a census campaign of its Cambodian NTP participants like the
first copy's: invitations, and about two thirds answering by web, telephone or paper,
their answers drawn from their careers as :func:`activity.run_follow_up` draws them. The
answers are written as plain rows (:mod:`.rows`), dispositions and careers by the
follow-up import's own bulk store (:mod:`trainer_registry.followup.answer_store`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
from django.db import transaction
from django.utils import timezone

from trainer_registry import models
from trainer_registry.demo import rows
from trainer_registry.demo.activity import FOLLOW_UP_DAY, REGIONAL_TOT, _answer_reason, _moment
from trainer_registry.demo.copies import BATCH_SIZE, Copy, Shared, next_pk, suffix
from trainer_registry.demo.records import DemoData
from trainer_registry.followup import answer_store
from trainer_registry.followup.campaigns import hash_token

FIRST_CAMPAIGN = "kh-ntp-2016"
ANSWERED = (
    "member_id",
    "wave",
    "still_in_role",
    "left_role_on",
    "leaving_reason",
    "use_of_training",
    "channel",
)
NATIONAL_TOTS = ("tot-kh-2013", "tot-mm-2013", "tot-vn-2013")


def _in_event(data: DemoData, code: str) -> list[str]:
    return [p.person_key for p in data.participations if p.event_code == code]


def _trainers_in_order(data: DemoData, tot_code: str) -> list[str]:
    """The ToT's graduates who led or co-facilitated a later training, in the order they
    first did."""
    graduates = set(_in_event(data, tot_code))
    tot_end = next(e.ends_on for e in data.events if e.code == tot_code)
    first: dict[str, date] = {}
    for e in sorted(data.events, key=lambda e: e.starts_on):
        if e.starts_on > tot_end:
            for key in (e.lead_key, *e.co_trainer_keys):
                if key in graduates:
                    first.setdefault(key, e.starts_on)
    return sorted(first, key=lambda key: (first[key], key))


def matched_people(first: DemoData, copy: Copy) -> dict[str, str]:
    """The first copy's person key -> this copy's, for everyone certification concerns."""
    match = {key: key for key in copy.regional}
    end = suffix(copy.number)
    match.update(
        zip(_in_event(first, REGIONAL_TOT), _in_event(copy.data, REGIONAL_TOT + end), strict=True)
    )
    for tot in NATIONAL_TOTS:
        match.update(
            zip(
                _trainers_in_order(first, tot),
                _trainers_in_order(copy.data, tot + end),
                strict=False,
            )
        )
    return match


def _fields(model, *, without: tuple[str, ...] = ()) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if f.attname not in ("id", *without)]


@dataclass
class CertificationTemplate:
    """The first copy's observations, criterion scores and certifications, read once."""

    person_of_pk: dict[int, str]  # the first copy's person pk -> key
    first_events: dict[int, str]  # training pk -> code
    observations: list[dict]
    scores_of: dict[int, list[dict]]  # observation pk -> its scores
    certifications: list[dict]


def certification_template(shared: Shared) -> CertificationTemplate:
    person_of_pk = {pk: key for key, pk in shared.first_people.items()}
    observations = list(
        models.Observation.objects.filter(person_id__in=person_of_pk).values(
            "id", *_fields(models.Observation)
        )
    )
    scores_of: dict[int, list[dict]] = {}
    for score in models.CriterionScore.objects.filter(
        observation_id__in=[o["id"] for o in observations]
    ).values(*_fields(models.CriterionScore)):
        scores_of.setdefault(score["observation_id"], []).append(score)
    certifications = list(
        models.TrainerCertification.objects.filter(person_id__in=person_of_pk)
        .order_by("pk")
        .values("id", *_fields(models.TrainerCertification))
    )
    return CertificationTemplate(
        person_of_pk,
        dict(models.TrainingEvent.objects.values_list("pk", "code")),
        observations,
        scores_of,
        certifications,
    )


@transaction.atomic
def copy_certifications(
    first: DemoData, template: CertificationTemplate, copy: Copy, event_pk: dict[str, int]
) -> list[models.TrainerCertification]:
    """Phase three: the first copy's observations, criterion scores and certifications,
    written again for one copy's matched people. Returns the certifications made."""
    new_observations, new_scores, new_certifications = [], [], []
    observation_pk = next_pk(models.Observation)
    certification_pk = next_pk(models.TrainerCertification)
    match = matched_people(first, copy)
    end = suffix(copy.number)

    def person(pk):
        key = match.get(template.person_of_pk.get(pk))
        return None if key is None else copy.pk[key]

    for row in template.observations:
        who, observer = person(row["person_id"]), person(row["observer_id"])
        if who is None or (row["observer_id"] is not None and observer is None):
            continue
        values = {k: v for k, v in row.items() if k != "id"}
        values.update(
            id=observation_pk,
            person_id=who,
            observer_id=observer,
            event_id=event_pk[template.first_events[row["event_id"]] + end],
        )
        new_observations.append(models.Observation(**values))
        new_scores += [
            models.CriterionScore(**{**score, "observation_id": observation_pk})
            for score in template.scores_of.get(row["id"], [])
        ]
        observation_pk += 1
    renumbered: dict[int, int] = {}
    for row in template.certifications:
        who = person(row["person_id"])
        if who is None:
            continue
        renumbered[row["id"]] = certification_pk
        values = {k: v for k, v in row.items() if k != "id"}
        values.update(
            id=certification_pk,
            person_id=who,
            supersedes_id=renumbered.get(row["supersedes_id"]),
        )
        new_certifications.append(models.TrainerCertification(**values))
        certification_pk += 1
    models.Observation.objects.bulk_create(new_observations, batch_size=BATCH_SIZE)
    models.CriterionScore.objects.bulk_create(new_scores, batch_size=BATCH_SIZE)
    models.TrainerCertification.objects.bulk_create(new_certifications, batch_size=BATCH_SIZE)
    return new_certifications


def _members(copy: Copy, campaign: models.FollowUpCampaign) -> list[str]:
    """The campaign's census in this copy: consenting Cambodians who took part in a
    Cambodian NTP training that ended by the campaign's date, in public id order."""
    ntp = {
        e.code
        for e in copy.data.events
        if e.programme_code == "ntp-kh" and e.ends_on <= campaign.trained_until
    }
    trained = {p.person_key for p in copy.data.participations if p.event_code in ntp}
    keys = [
        p.key
        for p in copy.data.people
        if p.key in trained and p.country == "KH" and p.consents_to_follow_up
    ]
    return sorted(keys, key=lambda key: str(copy.public_id[key]))


@transaction.atomic
def run_follow_ups(copies: list[Copy]) -> int:
    """Phase four: each copy's follow-up campaign, its members, invitations and answers;
    dispositions and careers updated as answers do. Returns the answers stored."""
    first = models.FollowUpCampaign.objects.get(code=FIRST_CAMPAIGN)
    member = models.CampaignMember.objects.filter(campaign=first).values(
        "stratum", "inclusion_probability", "base_weight"
    )[:1]
    census = member[0] if member else {"stratum": "", "inclusion_probability": 1.0}
    census.setdefault("base_weight", 1.0)
    now = _moment(FOLLOW_UP_DAY)
    expires = now + timedelta(days=first.invitation_valid_days)
    campaign_pk, member_pk = next_pk(models.FollowUpCampaign), next_pk(models.CampaignMember)
    campaigns, members, invitations, answers = [], [], [], []
    programmes = list(first.programmes.values_list("pk", flat=True))
    Through = models.FollowUpCampaign.programmes.through
    for copy in copies:
        rng = random.Random(copy.seed)
        campaigns.append(
            models.FollowUpCampaign(
                pk=campaign_pk,
                code=f"{first.code}{suffix(copy.number)}",
                name=f"{first.name}, series {copy.number + 1}",
                status=first.status,
                design=first.design,
                countries=first.countries,
                trained_until=first.trained_until,
                seed=rng.randrange(2**31),
                drawn_at=now,
            )
        )
        first_spell = {}
        for s in copy.data.spells:
            if s.is_anti_trafficking:
                first_spell.setdefault(s.person_key, s)
        sampled = _members(copy, campaigns[-1])
        campaigns[-1].population_size = len(sampled)  # a census: everyone it may sample
        for key in sampled:
            members.append(
                models.CampaignMember(pk=member_pk, campaign_id=campaign_pk, person_id=copy.pk[key])
            )
            members[-1].__dict__.update(census)
            token = rng.getrandbits(256).to_bytes(32, "big").hex()
            answered = rng.random() <= 0.65
            invitations.append(
                models.Invitation(
                    member_id=member_pk,
                    wave=1,
                    channel=models.Channel.EMAIL,
                    token_hash=hash_token(f"{copy.seed}/{token}"),
                    expires_at=expires,
                    used_at=now if answered else None,
                )
            )
            if answered:
                spell = first_spell.get(key)
                left = spell is not None and spell.ended_on is not None
                left = left and spell.ended_on <= FOLLOW_UP_DAY
                answers.append(
                    {
                        "member_id": member_pk,
                        "person_id": copy.pk[key],
                        "wave": 1,
                        "still_in_role": "no" if left else "yes",
                        "left_role_on": spell.ended_on.replace(day=1) if left else None,
                        "leaving_reason": _answer_reason(spell.end_reason) if left else "",
                        "use_of_training": rng.choice([1, 2, 2, 3, 3]),
                        "channel": rng.choice(["web", "phone", "paper"]),
                    }
                )
            member_pk += 1
        campaign_pk += 1
    models.FollowUpCampaign.objects.bulk_create(campaigns, batch_size=BATCH_SIZE)
    Through.objects.bulk_create(
        [Through(followupcampaign_id=c.pk, programme_id=p) for c in campaigns for p in programmes],
        batch_size=BATCH_SIZE,
    )
    models.CampaignMember.objects.bulk_create(members, batch_size=BATCH_SIZE)
    models.Invitation.objects.bulk_create(invitations, batch_size=BATCH_SIZE)
    if answers:
        frame = _answer_frame(answers)
        submitted = timezone.now()
        rows.insert(
            models.FollowUpResponse,
            (*ANSWERED, "submitted_at", "consent"),
            [(*(a[name] for name in ANSWERED), submitted, True) for a in answers],
        )
        answer_store.update_dispositions(frame)
        answer_store.update_careers(frame, FOLLOW_UP_DAY)
    return len(answers)


def _answer_frame(answers: list[dict]) -> pd.DataFrame:
    """The answers as the follow-up import's store takes them: one row per answer, the
    month left as a timestamp, the questions not asked empty."""
    frame = pd.DataFrame(answers)
    frame["left_role_on"] = pd.to_datetime(frame["left_role_on"])
    for name in ("current_organisation", "current_role", "examples", "support_needed"):
        frame[name] = ""
    for name in ("trainings_delivered", "participants_reached"):
        frame[name] = pd.Series([None] * len(frame), dtype="Float64")
    return frame
