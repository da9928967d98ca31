"""The programme's yearly follow-ups: every March from 2010 (while the demo's dates
last), a census of everyone trained up to the end of the year before, in every country
and programme, who consented to follow-up. A person is followed in every year after
their training, so the cohorts trained early answer most often.

Each campaign invites every member by email (wave 1), then telephones those who did not
answer within a month (wave 2). Whether someone answers depends on their career that
day: about seven in ten of those still in an anti-trafficking role answer, fewer than
half of those who left it. Answers are drawn from the careers as they stand on the
campaign's day (still in the role, or the month they left it and why), a member who
answered is complete, and a "yes" confirms the person's open anti-trafficking position
on that day where the records had it confirmed earlier.

Every copy of the demo, the first included, runs the same campaigns (the further copies'
codes and names carry the copy's number), drawn from the copy's seed and written in bulk
statements: campaigns, members, invitations and answers as plain rows (:mod:`.rows`),
each answer submitted when its invitation was used.
"""

from __future__ import annotations

import functools
import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from trainer_registry.countries import COMMIT_COUNTRIES
from trainer_registry.demo import rows
from trainer_registry.demo.copies import BATCH_SIZE, Copy, next_pk, suffix
from trainer_registry.demo.records import DemoData, SpellRecord
from trainer_registry.followup.campaigns import hash_token
from trainer_registry.models import (
    CampaignMember,
    CampaignStatus,
    Channel,
    Design,
    Disposition,
    FollowUpCampaign,
    FollowUpResponse,
    Invitation,
    PositionSpell,
    Programme,
)

FIRST_YEAR = 2010
FIELDING_DAY = (3, 1)  # month, day
SECOND_WAVE_AFTER = timedelta(days=30)
ANSWERS_IF_IN_ROLE = (0.55, 0.15)  # wave 1, then wave 2 (of those invited again)
ANSWERS_IF_LEFT = (0.3, 0.15)
MEMBER_FIELDS = (
    "id",
    "campaign_id",
    "person_id",
    "inclusion_probability",
    "base_weight",
    "disposition",
)
INVITATION_FIELDS = (
    "member_id",
    "wave",
    "channel",
    "token_hash",
    "created_at",
    "expires_at",
    "sent_at",
    "used_at",
)
ANSWER_FIELDS = (
    "member_id",
    "wave",
    "channel",
    "submitted_at",
    "consent",
    "still_in_role",
    "left_role_on",
    "leaving_reason",
    "use_of_training",
)
WEB_OR_PAPER = (Channel.WEB, Channel.WEB, Channel.PAPER)
IDS_PER_UPDATE = 900  # within SQLite's oldest limit on a statement's parameters


def fielding_days(as_of: date) -> list[date]:
    """The day each yearly campaign starts, up to ``as_of``."""
    return [
        date(year, *FIELDING_DAY)
        for year in range(FIRST_YEAR, as_of.year + 1)
        if date(year, *FIELDING_DAY) <= as_of
    ]


@functools.lru_cache(maxsize=4096)
def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9)))


def _first_trained(data: DemoData) -> dict[str, date]:
    """Each participant's first training's last day."""
    ends = {e.code: e.ends_on for e in data.events}
    first: dict[str, date] = {}
    for p in data.participations:
        day = ends[p.event_code]
        if p.person_key not in first or day < first[p.person_key]:
            first[p.person_key] = day
    return first


def _situation(spells: list[SpellRecord], day: date) -> tuple[bool, SpellRecord | None]:
    """Whether the person holds an anti-trafficking position on ``day``; if not, the
    last such position they left before it."""
    held = [s for s in spells if s.is_anti_trafficking and s.started_on <= day]
    if any(s.ended_on is None or s.ended_on > day for s in held):
        return True, None
    ended = [s for s in held if s.ended_on is not None]
    return False, max(ended, key=lambda s: s.ended_on, default=None)


def _reason(end_reason: str) -> str:
    allowed = {"moved_within_ministry", "left_ministry", "left_government", "retired"}
    return end_reason if end_reason in allowed else "other"


@transaction.atomic
def run(copy: Copy, as_of: date) -> int:
    """Copy ``copy``'s yearly campaigns with their members, invitations and answers;
    careers confirmed as the answers say. Returns the answers stored."""
    days = fielding_days(as_of)
    if not days:
        return 0
    data = copy.data
    first_trained = _first_trained(data)
    consenting = {p.key for p in data.people if p.consents_to_follow_up}
    spells: dict[str, list[SpellRecord]] = {}
    for s in data.spells:
        spells.setdefault(s.person_key, []).append(s)
    confirmed_on = {
        s.person_key: s.last_confirmed_on
        for s in data.spells
        if s.is_anti_trafficking and s.ended_on is None
    }
    end = "" if copy.number == 0 else suffix(copy.number)
    series = "" if copy.number == 0 else f", series {copy.number + 1}"
    campaign_pk, member_pk = next_pk(FollowUpCampaign), next_pk(CampaignMember)
    campaigns, members, invitations, answers = [], [], [], []
    latest_yes: dict[str, date] = {}
    for day in days:
        rng = random.Random(f"yearly-follow-up/{copy.seed}/{day.year}")
        until = date(day.year - 1, 12, 31)
        campaigns.append(
            FollowUpCampaign(
                pk=campaign_pk,
                code=f"commit-follow-up-{day.year}{end}",
                name=f"COMMIT yearly follow-up {day.year}{series}",
                status=CampaignStatus.CLOSED,
                design=Design.CENSUS,
                countries=list(COMMIT_COUNTRIES),
                trained_until=until,
                seed=rng.randrange(2**31),
                drawn_at=_moment(day),
            )
        )
        keys = sorted(
            (k for k, on in first_trained.items() if on <= until and k in consenting),
            key=lambda k: copy.pk[k],
        )
        campaigns[-1].population_size = len(keys)  # a census: everyone it may sample
        for key in keys:
            in_role, left = _situation(spells.get(key, []), day)
            chances = ANSWERS_IF_IN_ROLE if in_role else ANSWERS_IF_LEFT
            wave = next((w for w, c in enumerate(chances, start=1) if rng.random() < c), 0)
            for invited in range(1, (wave or 2) + 1):
                sent = day + SECOND_WAVE_AFTER * (invited - 1)
                token = rng.getrandbits(256).to_bytes(32, "big").hex()
                used = sent + timedelta(days=rng.randint(1, 20)) if invited == wave else None
                invitations.append(
                    (
                        member_pk,
                        invited,
                        Channel.EMAIL if invited == 1 else Channel.PHONE,
                        hash_token(f"{copy.seed}/{day.year}/{token}"),
                        _moment(sent),
                        _moment(sent + timedelta(days=60)),
                        _moment(sent),
                        _moment(used) if used else None,
                    )
                )
            members.append(
                (
                    member_pk,
                    campaign_pk,
                    copy.pk[key],
                    1.0,
                    1.0,
                    Disposition.COMPLETE if wave else Disposition.UNKNOWN_HOUSEHOLD,
                )
            )
            if wave:
                if in_role:
                    latest_yes[key] = day
                answers.append(
                    (
                        member_pk,
                        wave,
                        rng.choice(WEB_OR_PAPER) if wave == 1 else Channel.PHONE,
                        _moment(used),
                        True,
                        "yes" if in_role else "no",
                        left.ended_on.replace(day=1) if left else None,
                        _reason(left.end_reason) if left else "",
                        rng.choice([1, 2, 2, 3, 3] if in_role else [0, 1, 1, 2]),
                    )
                )
            member_pk += 1
        campaign_pk += 1
    FollowUpCampaign.objects.bulk_create(campaigns, batch_size=BATCH_SIZE)
    Through = FollowUpCampaign.programmes.through
    programmes = list(Programme.objects.filter(code__in={e.programme_code for e in data.events}))
    Through.objects.bulk_create(
        [
            Through(followupcampaign_id=c.pk, programme_id=p.pk)
            for c in campaigns
            for p in programmes
        ],
        batch_size=BATCH_SIZE,
    )
    rows.insert(CampaignMember, MEMBER_FIELDS, members)
    rows.insert(Invitation, INVITATION_FIELDS, invitations)
    answered = rows.insert(FollowUpResponse, ANSWER_FIELDS, answers)
    _confirm_careers(copy, latest_yes, confirmed_on)
    return answered


def _confirm_careers(copy: Copy, latest_yes: dict[str, date], confirmed_on: dict) -> None:
    """Each person's open anti-trafficking position confirmed on the day of their latest
    "still in the role" answer, where the records had it confirmed earlier."""
    by_day: dict[date, list[int]] = {}
    for key, day in latest_yes.items():
        if key in confirmed_on and (confirmed_on[key] is None or confirmed_on[key] < day):
            by_day.setdefault(day, []).append(copy.pk[key])
    for day, people in sorted(by_day.items()):
        for start in range(0, len(people), IDS_PER_UPDATE):
            PositionSpell.objects.filter(
                person_id__in=people[start : start + IDS_PER_UPDATE],
                is_anti_trafficking=True,
                ended_on__isnull=True,
            ).update(last_confirmed_on=day)
