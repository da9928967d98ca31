"""A follow-up campaign's figures that its page shows on every request: how many sampled
people have each disposition, the latest wave invited, how many have not answered yet.

Each is one statement kept once made (decision 0037); a count needs no order (nor the
campaign's row).
"""

from __future__ import annotations

from django.db.models import Count, Max

from trainer_registry.followup.campaigns import FINAL_NON_RESPONSE
from trainer_registry.listing.kept_queries import KeptQuery
from trainer_registry.models import CampaignMember, Disposition, FollowUpCampaign, Invitation

_DISPOSITION_COUNTS = KeptQuery(
    lambda campaign_id: (
        CampaignMember.objects.filter(campaign_id=campaign_id)
        .order_by()
        .values("disposition")
        .annotate(n=Count("pk"))
        .values_list("disposition", "n")
    ),
    int,
)


def disposition_counts(campaign: FollowUpCampaign) -> dict[str, int]:
    """How many sampled people have each AAPOR disposition (every code, zeros included)."""
    counts = dict(_DISPOSITION_COUNTS(campaign.pk))
    return {code: counts.get(code, 0) for code in Disposition.values}


# The latest wave, grouped by the one campaign: one row, or none before any invitation.
_LATEST_WAVE = KeptQuery(
    lambda campaign_id: (
        Invitation.objects.filter(member__campaign_id=campaign_id)
        .order_by()
        .values("member__campaign_id")
        .annotate(latest=Max("wave"))
        .values_list("latest", flat=True)
    ),
    int,
)


def current_wave(campaign: FollowUpCampaign) -> int:
    """The latest wave invited so far (0 before any invitation)."""
    return next(iter(_LATEST_WAVE(campaign.pk)), None) or 0


_NON_RESPONDENTS_COUNTED = KeptQuery(
    lambda campaign_id: (
        CampaignMember.objects.filter(campaign_id=campaign_id, responses__isnull=True)
        .exclude(disposition__in=FINAL_NON_RESPONSE)
        .order_by()
        .values("campaign_id")
        .annotate(n=Count("pk"))
        .values_list("n", flat=True)
    ),
    int,
)


def non_respondents_count(campaign: FollowUpCampaign) -> int:
    """How many :func:`non_respondents` the campaign has."""
    return next(iter(_NON_RESPONDENTS_COUNTED(campaign.pk)), 0)
