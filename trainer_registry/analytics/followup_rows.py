"""The follow-up interchange rows of many campaigns at once, read as columns.

The same rows as :func:`trainer_registry.analytics.exports.interchange` gives for each
campaign (see there where each column comes from), stacked in campaign-code order with
the campaign's ``code``: each table is read once for every campaign, the people's
trainings, positions and answers matched in frames rather than row by row.
"""

from __future__ import annotations

import pandas as pd
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from trainer_registry.access import Access, visible_people
from trainer_registry.analytics import columns
from trainer_registry.models import (
    CampaignMember,
    FollowUpCampaign,
    FollowUpResponse,
    Participation,
    PositionSpell,
)

MEMBER_FIELDS = (
    "id",
    "campaign_id",
    "campaign__code",
    "person_id",
    "person__public_id",
    "person__sex",
    "person__country",
    "person__consents_to_follow_up",
    "person__erased_at",
    "disposition",
    "base_weight",
)
TRAINING_FIELDS = (
    "pk",
    "person_id",
    "event__ends_on",
    "event__programme_id",
    "event__programme__kind",
    "organisation__name",
    "organisation__sector",
)


def _members(access: Access, campaigns: QuerySet[FollowUpCampaign]) -> pd.DataFrame:
    members = CampaignMember.objects.filter(campaign__in=campaigns)
    if not (access.is_staff and access.countries is None):  # not everyone: who is reached
        members = members.filter(Exists(visible_people(access).filter(pk=OuterRef("person_id"))))
    frame = columns.frame(members.values_list(*MEMBER_FIELDS).order_by(), MEMBER_FIELDS)
    frame["public_id"] = columns.public_ids(frame["person__public_id"])
    return frame.sort_values(["campaign__code", "public_id"], ignore_index=True)


def _first_trainings(
    members: pd.DataFrame, campaigns: QuerySet[FollowUpCampaign], sampled: QuerySet
) -> pd.DataFrame:
    """Each member's first training among the campaign's programmes (any training when
    the campaign names none): one row per member who has one."""
    trainings = columns.frame(
        Participation.objects.filter(person_id__in=sampled).values_list(*TRAINING_FIELDS),
        TRAINING_FIELDS,
    )
    trainings["ends_on"] = columns.days(trainings["event__ends_on"])
    trainings = trainings.sort_values(["ends_on", "pk"], kind="stable")
    wanted = columns.frame(
        FollowUpCampaign.programmes.through.objects.filter(
            followupcampaign__in=campaigns
        ).values_list("followupcampaign_id", "programme_id"),
        ("campaign_id", "event__programme_id"),
    )
    pairs = members[["id", "campaign_id", "person_id"]].merge(trainings, on="person_id")
    naming = pairs["campaign_id"].isin(wanted["campaign_id"])
    kept = pairs[~naming]
    among = pairs[naming].merge(wanted, on=["campaign_id", "event__programme_id"])
    chosen = pd.concat([kept, among]).sort_values(["ends_on", "pk"], kind="stable")
    return chosen.drop_duplicates("id", keep="first").set_index("id")


def _latest_positions(sampled: QuerySet) -> pd.DataFrame:
    """Each sampled person's latest position (the last started), ``found`` true."""
    fields = ("person_id", "organisation__name", "organisation__sector")
    spells = columns.frame(
        PositionSpell.objects.filter(person_id__in=sampled)
        .values_list(*fields)
        .order_by("started_on", "pk"),
        fields,
    )
    latest = spells.drop_duplicates("person_id", keep="last").set_index("person_id")
    return latest.assign(found=True)


def _latest_answers(campaigns: QuerySet[FollowUpCampaign]) -> pd.DataFrame:
    fields = ("member_id", "wave", "still_in_role", "left_role_on", "submitted_at")
    answers = columns.frame(
        FollowUpResponse.objects.filter(member__campaign__in=campaigns, consent=True)
        .values_list(*fields)
        .order_by(),
        fields,
    )
    answers = answers.sort_values("wave", kind="stable")
    return answers.drop_duplicates("member_id", keep="last").set_index("member_id")


def _local_dates(values: pd.Series) -> pd.Series:
    """Moments (UTC, aware or not) as days in the site's time zone."""
    moments = pd.to_datetime(values, utc=True).dt.tz_convert(timezone.get_current_timezone())
    return moments.dt.tz_localize(None).dt.normalize()


def _or(first: pd.Series, then: pd.Series, found: pd.Series) -> pd.Series:
    """``first`` where it is set, else ``then`` where a position was found, else empty."""
    return first.where(first.notna() & (first != ""), then.where(found, ""))


def interchange_rows(
    access: Access, campaigns: QuerySet[FollowUpCampaign]
) -> tuple[pd.DataFrame, int]:
    """The interchange rows (the columns of ``exports.INTERCHANGE_COLUMNS``, and
    ``campaign`` the campaign's code) of every campaign in ``campaigns`` (already narrowed
    to the caller's reach) for the people the caller reaches; and how many sampled people
    were left out for want of consent."""
    members = _members(access, campaigns)
    consenting = members[
        members["person__consents_to_follow_up"].astype(bool) & members["person__erased_at"].isna()
    ]
    sampled = CampaignMember.objects.filter(campaign__in=campaigns).values("person_id")
    first = _first_trainings(consenting, campaigns, sampled)
    rows = consenting[consenting["id"].isin(first.index)].reset_index(drop=True)
    first = first.reindex(rows["id"]).reset_index(drop=True)
    position = _latest_positions(sampled).reindex(rows["person_id"]).reset_index(drop=True)
    found = position["found"].notna()
    answer = _latest_answers(campaigns).reindex(rows["id"]).reset_index(drop=True)
    in_role = answer["still_in_role"].fillna("")
    left_on = pd.to_datetime(answer["left_role_on"])
    frame = pd.DataFrame(
        {
            "person_id": rows["public_id"],
            "sex": rows["person__sex"],
            "country": rows["person__country"],
            "organisation": _or(first["organisation__name"], position["organisation__name"], found),
            "sector": _or(first["organisation__sector"], position["organisation__sector"], found),
            "programme": first["event__programme__kind"],
            "trained_on": first["ends_on"],
            "disposition": rows["disposition"],
            "in_role": in_role,
            "left_role_on": left_on.where(in_role == "no"),
            "last_confirmed_on": _local_dates(answer["submitted_at"]).where(in_role == "yes"),
            "weight": rows["base_weight"],
            "campaign": rows["campaign__code"],
        }
    )
    return frame, len(members) - len(consenting)


def typed(frame: pd.DataFrame, date_columns) -> pd.DataFrame:
    """The rows with their dates as ``datetime64`` and weights as floats; a month left
    that begins before the training counts as leaving on the training date."""
    for column in date_columns:
        frame[column] = frame[column].astype("datetime64[s]")
    frame["weight"] = frame["weight"].astype(float)
    later = frame["left_role_on"] < frame["trained_on"]
    frame.loc[later, "left_role_on"] = frame.loc[later, "trained_on"]
    return frame
