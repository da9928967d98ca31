"""The follow-up rows of many campaigns read at once are the rows each campaign's
interchange file gives, stacked in campaign order, whoever reads them and whichever
columns they ask for."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from django.contrib.auth import get_user_model

from trainer_registry import api
from trainer_registry.access import access_for, visible_campaigns
from trainer_registry.analytics import columns, exports, frames
from trainer_registry.models import CampaignMember, FollowUpResponse, Person, Role, RoleGrant

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry():
    api.load_demo_data(seed=31, as_of=date(2026, 12, 1))  # ten campaigns, 2010-2018
    # A Cambodian sampled by Cambodia's campaign withdraws consent; a person the yearly
    # campaigns sampled is erased: both leave the rows and count as left out.
    for code, change in (
        ("kh-ntp-2016", {"consents_to_follow_up": False}),
        ("commit-follow-up-2014", {"erased_at": "2020-01-01T00:00:00Z"}),
    ):
        member = CampaignMember.objects.filter(campaign__code=code).order_by("pk").first()
        Person.objects.filter(pk=member.person_id).update(**change)
    # An answer that gives a month left before the training: it counts as the training's
    # last day.
    left = FollowUpResponse.objects.filter(consent=True, still_in_role="no").order_by("pk")
    FollowUpResponse.objects.filter(pk=left[0].pk).update(left_role_on=date(2000, 1, 1))


def _access(role: str, country: str = ""):
    user = get_user_model().objects.create_user(f"{role}-{country or 'all'}")
    RoleGrant.objects.create(user=user, role=role, country=country)
    return access_for(user)


def _per_campaign(access) -> tuple[pd.DataFrame, int]:
    """Each campaign's interchange file, one after the other in code order."""
    parts, left_out = [], 0
    for campaign in visible_campaigns(access).order_by("code"):
        data = exports.interchange(access, visible_campaigns(access).filter(pk=campaign.pk))
        parts.append(data.frame.assign(campaign=campaign.code))
        left_out += data.left_out_without_consent
    return pd.concat(parts, ignore_index=True), left_out


def test_all_campaigns_at_once_are_each_campaigns_file_stacked(registry):
    for access in (_access(Role.ME_ANALYST), _access(Role.COUNTRY_MANAGER, "KH")):
        stacked, left_out = frames.followup_frame(access, visible_campaigns(access))
        expected, expected_left_out = _per_campaign(access)
        assert left_out == expected_left_out > 0
        # In campaign code, then public id order (the files' own order differs on MariaDB,
        # whose native UUIDs sort by their time fields first).
        keys = stacked[["campaign", "person_id"]]
        pd.testing.assert_frame_equal(keys, keys.sort_values(["campaign", "person_id"]))
        expected = expected.sort_values(["campaign", "person_id"], ignore_index=True)
        for name in (*exports.INTERCHANGE_COLUMNS, "campaign"):
            got, want = stacked[name], expected[name]
            if name in exports.DATE_COLUMNS:
                got, want = got.astype("datetime64[s]"), want.astype("datetime64[s]")
            pd.testing.assert_series_equal(got, want, check_dtype=False, obj=name)
        assert (stacked["cohort"] == stacked["trained_on"].dt.year).all()
        left_on = stacked["left_role_on"].dropna()
        assert (left_on >= stacked["trained_on"][left_on.index]).all()
        if access.countries is None:  # the yearly campaigns: people sampled again and again
            assert stacked["campaign"].nunique() > 10 and stacked["person_id"].duplicated().any()
            assert (left_on == stacked["trained_on"][left_on.index]).any()
        else:  # only Cambodia's own campaign is wholly in a Cambodian manager's reach
            assert set(stacked["campaign"]) == {"kh-ntp-2016"} and set(stacked["country"]) == {"KH"}


def test_some_columns_or_small_chunks_give_the_same_values(registry, monkeypatch):
    access = _access(Role.ME_ANALYST)
    whole, left_out = frames.followup_frame(access, visible_campaigns(access))
    for wanted in (("country", "in_role", "weight"), ("cohort", "disposition"), ("person_id",)):
        part, part_left_out = frames.followup_frame(access, visible_campaigns(access), wanted)
        assert list(part.columns) == list(wanted) and part_left_out == left_out
        pd.testing.assert_frame_equal(part, whole[list(wanted)])
    monkeypatch.setattr(columns, "CHUNK", 997)  # many chunks, the last one short
    chunked, _ = frames.followup_frame(access, visible_campaigns(access))
    pd.testing.assert_frame_equal(chunked, whole)
