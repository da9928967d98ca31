"""Running a follow-up campaign: its population, invitations, and the answers that come back.

Invitations carry an unguessable single-use token (256 bits from :mod:`secrets`); the
registry keeps only its SHA-256, so a copy of the database cannot be used to answer in
someone's name. Answering is one transaction that locks the invitation: however many
times one link is submitted at once, one answer is stored.

An answer updates the person's record: still in the role confirms the open
anti-trafficking position as of the answer; no longer in it ends that position in the
month given, with the reason given.
"""

from __future__ import annotations

import dataclasses
import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from trainer_registry.followup import sampling
from trainer_registry.followup.careers import update_careers
from trainer_registry.models import (
    CampaignMember,
    CampaignStatus,
    Channel,
    Design,
    Disposition,
    FollowUpCampaign,
    FollowUpResponse,
    Invitation,
    Participation,
    Person,
    PositionSpell,
    StillInRole,
)

TOKEN_BYTES = 32


class InvitationError(Exception):
    """The link cannot be used; ``reason`` is one of ``unknown``, ``expired``, ``used``."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class AlreadyAnswered(Exception):
    """This person already answered this wave."""


@dataclass(frozen=True)
class Answers:
    """The questionnaire's answers, validated by the form they came through."""

    consent: bool
    still_in_role: str
    left_role_on: date | None = None
    leaving_reason: str = ""
    current_organisation: str = ""
    current_role: str = ""
    use_of_training: int | None = None
    examples: str = ""
    support_needed: str = ""
    trainings_delivered: int | None = None
    participants_reached: int | None = None


# The questionnaire's questions, in the order they are asked.
QUESTIONS = tuple(field.name for field in dataclasses.fields(Answers))


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def population(campaign: FollowUpCampaign) -> QuerySet[Person]:
    """Everyone the campaign may sample: people who took part in a matching training, who
    consented to be followed up, and whose data has not been erased."""
    people = Person.objects.filter(consents_to_follow_up=True, erased_at__isnull=True)
    trainings = {}
    if campaign.pk and campaign.programmes.exists():
        trainings["participations__event__programme__in"] = campaign.programmes.all()
    if campaign.countries:
        people = people.filter(country__in=campaign.countries)
    if campaign.sectors:
        trainings["participations__organisation__sector__in"] = campaign.sectors
    if campaign.trained_from:
        trainings["participations__event__ends_on__gte"] = campaign.trained_from
    if campaign.trained_until:
        trainings["participations__event__ends_on__lte"] = campaign.trained_until
    people = people.filter(participations__isnull=False, **trainings)
    return Person.objects.filter(pk__in=people.values("pk")).order_by("public_id")


def issue_invitation(
    member: CampaignMember,
    *,
    wave: int = 1,
    channel: str = Channel.EMAIL,
    now: datetime | None = None,
) -> str:
    """Create the member's invitation for ``wave`` and return its token (shown once)."""
    now = now or timezone.now()
    token = secrets.token_urlsafe(TOKEN_BYTES)
    Invitation.objects.create(
        member=member,
        wave=wave,
        channel=channel,
        token_hash=hash_token(token),
        expires_at=now + timedelta(days=member.campaign.invitation_valid_days),
    )
    return token


def open_invitation(campaign_code: str, token: str, *, now: datetime | None = None) -> Invitation:
    """The invitation a token opens in this campaign, if it can still be answered. A token
    of another campaign opens nothing here, as an unknown one."""
    invitation = (
        Invitation.objects.select_related("member__person", "member__campaign")
        .filter(token_hash=hash_token(token), member__campaign__code=campaign_code)
        .first()
    )
    _check_usable(invitation, now or timezone.now())
    return invitation


def _check_usable(invitation: Invitation | None, now: datetime) -> None:
    if invitation is None:
        raise InvitationError(
            "unknown", _("This link is not valid. Check that it was copied whole.")
        )
    if invitation.used_at is not None:
        raise InvitationError("used", _("This link has already been used to answer. Thank you."))
    if invitation.expires_at <= now:
        raise InvitationError(
            "expired", _("This link has expired. Ask the programme team for a new one.")
        )


def submit_answers(
    campaign_code: str, token: str, answers: Answers, *, now: datetime | None = None
) -> FollowUpResponse:
    """Store the answers given through an invitation link, once."""
    now = now or timezone.now()
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("member__person")
            .filter(token_hash=hash_token(token), member__campaign__code=campaign_code)
            .first()
        )
        _check_usable(invitation, now)
        response = _store(
            invitation.member, answers, wave=invitation.wave, channel=Channel.WEB, now=now
        )
        invitation.used_at = now
        invitation.save(update_fields=["used_at"])
    return response


def record_answers(
    member: CampaignMember,
    answers: Answers,
    *,
    wave: int,
    channel: str,
    entered_by,
    now: datetime | None = None,
) -> FollowUpResponse:
    """Store answers taken by telephone or on paper, entered by programme staff."""
    now = now or timezone.now()
    with transaction.atomic():
        CampaignMember.objects.select_for_update().filter(pk=member.pk).first()
        response = _store(
            member, answers, wave=wave, channel=channel, now=now, entered_by=entered_by
        )
        Invitation.objects.filter(member=member, wave=wave, used_at__isnull=True).update(
            used_at=now
        )
    return response


def _store(member, answers: Answers, *, wave, channel, now, entered_by=None) -> FollowUpResponse:
    if FollowUpResponse.objects.filter(member=member, wave=wave).exists():
        raise AlreadyAnswered(f"{member.person} has already answered wave {wave}.")
    try:
        with transaction.atomic():
            response = FollowUpResponse.objects.create(
                member=member,
                wave=wave,
                channel=channel,
                entered_by=entered_by,
                **answers.__dict__,
            )
    except IntegrityError:  # a concurrent submission for the same person and wave won
        raise AlreadyAnswered(f"{member.person} has already answered wave {wave}.") from None
    complete = answers.still_in_role == StillInRole.YES or answers.left_role_on is not None
    member.disposition = Disposition.COMPLETE if complete else Disposition.PARTIAL
    member.save(update_fields=["disposition"])
    update_careers({member.person_id: answers}, timezone.localdate(now))
    return response


class CampaignError(Exception):
    """The campaign cannot do this now; the message says why."""


STRATIFIERS = ("country", "sector", "programme")


def strata_of(campaign: FollowUpCampaign, people: list[Person]) -> dict[int, str]:
    """Each person's stratum label (person pk -> label) from the campaign's stratifying
    columns: ``country`` (where they serve), ``sector`` (of their latest position) and
    ``programme`` (the kind of their first training in the population)."""
    columns = [column for column in campaign.strata if column in STRATIFIERS]
    if campaign.design != Design.STRATIFIED or not columns:
        return {person.pk: "" for person in people}
    ids = [person.pk for person in people]
    latest_sector = {}
    for person_id, sector in (
        PositionSpell.objects.filter(person_id__in=ids)
        .order_by("person_id", "started_on")
        .values_list("person_id", "organisation__sector")
    ):
        latest_sector[person_id] = sector  # the last one in start order wins
    first_programme = {}
    for person_id, kind in (
        Participation.objects.filter(person_id__in=ids)
        .order_by("person_id", "-event__starts_on")
        .values_list("person_id", "event__programme__kind")
    ):
        first_programme[person_id] = kind
    values = {
        "country": {person.pk: person.country for person in people},
        "sector": latest_sector,
        "programme": first_programme,
    }
    return {
        person.pk: "|".join(str(values[column].get(person.pk, "")) for column in columns)
        for person in people
    }


def draw_sample(campaign: FollowUpCampaign, *, now: datetime | None = None) -> int:
    """Draw the campaign's sample from its population by its design (census, simple random
    or stratified), with its seed (chosen and stored now if it has none). Returns how many
    were drawn."""
    if campaign.members.exists():
        raise CampaignError(_("The sample has already been drawn for this campaign."))
    people = list(population(campaign))
    if not people:
        raise CampaignError(_("No one in the registry matches this campaign's population."))
    size = None if campaign.design == Design.CENSUS else campaign.sample_size
    if size is not None and size > len(people):
        raise CampaignError(
            _("The sample size %(size)d is larger than the population of %(n)d.")
            % {"size": size, "n": len(people)}
        )
    if campaign.seed is None:
        campaign.seed = secrets.randbelow(2**31)
    labels = strata_of(campaign, people)
    by_unit = {str(person.public_id): person for person in people}
    drawn = sampling.draw(
        {str(person.public_id): labels[person.pk] for person in people},
        size=size,
        seed=campaign.seed,
        allocation=campaign.allocation or "proportional",
    )
    with transaction.atomic():
        CampaignMember.objects.bulk_create(
            CampaignMember(
                campaign=campaign,
                person=by_unit[unit.unit],
                stratum=unit.stratum,
                inclusion_probability=unit.inclusion_probability,
                base_weight=unit.base_weight,
            )
            for unit in drawn
        )
        campaign.status = CampaignStatus.DRAWN
        campaign.drawn_at = now or timezone.now()
        campaign.population_size = len(people)
        campaign.save(update_fields=["status", "drawn_at", "seed", "population_size"])
    return len(drawn)


# Dispositions that end a person's part in a campaign: they are not invited again.
FINAL_NON_RESPONSE = {Disposition.REFUSAL, Disposition.NOT_ELIGIBLE}


def non_respondents(campaign: FollowUpCampaign) -> QuerySet[CampaignMember]:
    """Members who have answered no wave and have neither refused nor been found not
    eligible: the people a further wave invites."""
    return unanswered(campaign.members.all())


def unanswered(members: QuerySet[CampaignMember]) -> QuerySet[CampaignMember]:
    """The ``members`` who have answered no wave and have neither refused nor been found
    not eligible."""
    return members.filter(responses__isnull=True).exclude(disposition__in=FINAL_NON_RESPONSE)


def invite_all(
    campaign: FollowUpCampaign, *, wave: int, link_for, send, now: datetime | None = None
) -> dict[str, int]:
    """Invite to ``wave``: every member for the first wave, the non-respondents
    (:func:`non_respondents`) for a later one; members already invited to ``wave`` are
    skipped. By email where an address is known (``send(person, link)``), otherwise an
    invitation for a telephone call. A later wave's link replaces the earlier ones: they
    expire now. Returns how many of each were made."""
    now = now or timezone.now()
    counts = {"email": 0, "phone": 0}
    members = campaign.members if wave == 1 else non_respondents(campaign)
    members = members.select_related("person").exclude(invitations__wave=wave)
    for member in members:
        channel = Channel.EMAIL if member.person.email else Channel.PHONE
        if wave > 1:
            Invitation.objects.filter(
                member=member, wave__lt=wave, used_at__isnull=True, expires_at__gt=now
            ).update(expires_at=now)
        token = issue_invitation(member, wave=wave, channel=channel, now=now)
        if channel == Channel.EMAIL:
            send(member.person, link_for(campaign, token))
            Invitation.objects.filter(member=member, wave=wave).update(sent_at=now)
        counts[channel] += 1
    if campaign.status == CampaignStatus.DRAWN:
        campaign.status = CampaignStatus.FIELDING
        campaign.save(update_fields=["status"])
    return counts


def send_reminders(
    campaign: FollowUpCampaign, *, link_for, send, now: datetime | None = None
) -> int:
    """Remind by email everyone whose invitation is unanswered, still valid, last sent at
    least ``reminder_interval_days`` ago, and reminded fewer than ``max_reminders`` times.

    Only a token's hash is kept, so a reminder carries a fresh link and the previous one
    stops working. Each reminder is committed on its own: a failure part-way leaves the
    reminders already sent recorded, and running again sends only what is still due.
    Returns how many reminders were sent."""
    now = now or timezone.now()
    due_before = now - timedelta(days=campaign.reminder_interval_days)
    due = (
        Invitation.objects.filter(
            member__campaign=campaign,
            channel=Channel.EMAIL,
            used_at__isnull=True,
            expires_at__gt=now,
            reminders_sent__lt=campaign.max_reminders,
        )
        .filter(
            Q(last_reminded_at__lte=due_before)
            | Q(last_reminded_at__isnull=True, sent_at__lte=due_before)
        )
        .exclude(member__responses__isnull=False)
        .select_related("member__person")
    )
    sent = 0
    for invitation in due:
        token = secrets.token_urlsafe(TOKEN_BYTES)
        with transaction.atomic():
            updated = Invitation.objects.filter(
                pk=invitation.pk, used_at__isnull=True, reminders_sent=invitation.reminders_sent
            ).update(
                token_hash=hash_token(token),
                reminders_sent=invitation.reminders_sent + 1,
                last_reminded_at=now,
            )
            if updated:
                send(invitation.member.person, link_for(campaign, token))
                sent += 1
    return sent
