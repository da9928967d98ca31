"""A follow-up campaign's figures that its page shows on every request: how many sampled
people have each disposition, the latest wave invited, how many have not answered yet.

Each is one statement kept once made (decision 0037); a count needs no order (nor the
campaign's row).
"""

from __future__ import annotations

from django.db.models import Count, Max

from trainer_registry.followup.campaigns import unanswered
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


def _one_figure(rows_of, campaign_key: str, figure) -> KeptQuery:
    """One figure of a campaign's rows (``rows_of(campaign_id)``), grouped by the one
    campaign: a row, or none when the campaign has no such rows."""
    return KeptQuery(
        lambda campaign_id: (
            rows_of(campaign_id)
            .order_by()
            .values(campaign_key)
            .annotate(figure=figure)
            .values_list("figure", flat=True)
        ),
        int,
    )


_LATEST_WAVE = _one_figure(
    lambda campaign_id: Invitation.objects.filter(member__campaign_id=campaign_id),
    "member__campaign_id",
    Max("wave"),
)


def current_wave(campaign: FollowUpCampaign) -> int:
    """The latest wave invited so far (0 before any invitation)."""
    return next(iter(_LATEST_WAVE(campaign.pk)), None) or 0


_NON_RESPONDENTS_COUNTED = _one_figure(
    lambda campaign_id: unanswered(CampaignMember.objects.filter(campaign_id=campaign_id)),
    "campaign_id",
    Count("pk"),
)


def non_respondents_count(campaign: FollowUpCampaign) -> int:
    """How many :func:`non_respondents` the campaign has."""
    return next(iter(_NON_RESPONDENTS_COUNTED(campaign.pk)), 0)
