"""The API's campaigns are written from their values (``FollowUpCampaignSerializer.
to_representation``) rather than field by field: the same JSON as DRF's own path gives,
for campaigns of every kind of value (empty and missing ones, a drawing time in the
site's zone and another), on a list's page and alone."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from rest_framework import serializers

from trainer_registry.followup import campaign_counts
from trainer_registry.models import (
    CampaignMember,
    FollowUpCampaign,
    Person,
    Programme,
    Role,
    RoleGrant,
)
from trainer_registry.rest_api.serializers import (
    FollowUpCampaignSerializer,
    dispositions_of,
    programme_codes_of,
)

pytestmark = pytest.mark.django_db


def _campaigns():
    ntp = Programme.objects.create(code="ntp-mm", kind="NTP", name="NTP Myanmar", country="MM")
    rtp = Programme.objects.create(code="rtp", kind="RTP", name="Regional", country="")
    bare = FollowUpCampaign.objects.create(code="mm-bare", name="Bare", design="census")
    full = FollowUpCampaign.objects.create(
        code="mm-2017",
        name="Myanmar follow-up 2017 — ပြန်လည်စစ်ဆေးခြင်း",
        design="stratified",
        allocation="proportional",
        countries=["MM", "TH"],
        sectors=["police", "social_affairs"],
        trained_from=date(2012, 1, 1),
        trained_until=date(2016, 12, 31),
        sample_size=40,
        seed=2**40 + 7,
        drawn_at=datetime(2017, 3, 4, 2, 30, tzinfo=ZoneInfo("Asia/Yangon")),
        population_size=612,
    )
    full.programmes.set([ntp, rtp])
    utc = FollowUpCampaign.objects.create(
        code="mm-utc", name="UTC", design="census", drawn_at=datetime(2018, 1, 1, tzinfo=UTC)
    )
    person = Person.objects.create(name_latin="Aung Min", country="MM")
    CampaignMember.objects.create(
        campaign=full, person=person, inclusion_probability=1, base_weight=1, disposition="I"
    )
    return [bare, full, utc]


@pytest.mark.parametrize("zone", ["UTC", "Asia/Yangon", "Asia/Bangkok"])
def test_a_campaign_is_written_as_drfs_own_path_writes_it(settings, zone):
    settings.TIME_ZONE = zone
    shown = _campaigns()
    context = {
        "dispositions": dispositions_of(shown),
        "programme_codes": programme_codes_of(shown),
    }
    for campaign in shown:
        for given in (context, {}):
            written = FollowUpCampaignSerializer(campaign, context=given)
            drfs = serializers.ModelSerializer.to_representation(written, campaign)
            assert written.data == drfs, campaign.code
            assert list(written.data) == list(drfs)
    full = FollowUpCampaignSerializer(shown[1], context=context).data
    assert full["programmes"] == ["ntp-mm", "rtp"]
    assert full["dispositions"]["I"] == 1
    assert full["drawn_at"].startswith("2017-03-")
    assert campaign_counts.disposition_counts(shown[1])["I"] == 1


def test_the_api_lists_campaigns_as_before(client, django_user_model):
    shown = _campaigns()
    user = django_user_model.objects.create_user("analyst", password="x-long-password")
    RoleGrant.objects.create(user=user, role=Role.ME_ANALYST)
    client.force_login(user)
    listed = client.get("/registry/api/v1/campaigns/").json()["results"]
    alone = client.get("/registry/api/v1/campaigns/mm-2017/").json()
    by_code = {c.code: c for c in shown}
    for row in listed:
        campaign = FollowUpCampaign.objects.get(pk=by_code[row["code"]].pk)
        written = FollowUpCampaignSerializer(campaign)
        assert row == serializers.ModelSerializer.to_representation(written, campaign)
    assert alone == next(row for row in listed if row["code"] == "mm-2017")
