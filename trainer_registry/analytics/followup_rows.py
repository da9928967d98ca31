"""The follow-up interchange rows of many campaigns at once, read as columns.

The same rows as :func:`trainer_registry.analytics.exports.interchange` gives for each
campaign (see there where each column comes from), stacked in campaign-code order with
the campaign's ``code``: each table is read once for every campaign, the people's
trainings, positions and answers matched in frames rather than row by row.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from trainer_registry.access import Access, visible_people
from trainer_registry.analytics import columns
from trainer_registry.analytics.exports import INTERCHANGE_COLUMNS
from trainer_registry.models import (
    CampaignMember,
    FollowUpCampaign,
    FollowUpResponse,
    Participation,
    Person,
    PositionSpell,
)

MEMBER_FIELDS = ("id", "campaign_id", "person_id", "disposition", "base_weight")
PERSON_FIELDS = ("pk", "public_id", "sex", "country", "consents_to_follow_up", "erased_at")
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
    """The members the caller reaches: ``MEMBER_FIELDS``, numbers but the disposition."""
    members = CampaignMember.objects.filter(campaign__in=campaigns)
    if not (access.is_staff and access.countries is None):  # not everyone: who is reached
        members = members.filter(Exists(visible_people(access).filter(pk=OuterRef("person_id"))))
    return columns.frame(members.values_list(*MEMBER_FIELDS).order_by(), MEMBER_FIELDS)


def _people(sampled: QuerySet) -> pd.DataFrame:
    """The sampled people, indexed by id and in the order of their public ids, with
    ``followed`` true for those who consent to follow-up and are not erased. A person
    sampled by ten campaigns is read once, not once a membership."""
    people = columns.frame(
        Person.objects.filter(pk__in=sampled).values_list(*PERSON_FIELDS).order_by(),
        PERSON_FIELDS,
    )
    people["public_id"] = columns.public_ids(people["public_id"])
    people["followed"] = people["consents_to_follow_up"].astype(bool) & people["erased_at"].isna()
    return people.sort_values("public_id").set_index("pk")


def _codes(campaigns: QuerySet[FollowUpCampaign]) -> pd.Series:
    """The campaigns' codes, indexed by campaign id, in the order of the codes."""
    codes = columns.frame(campaigns.values_list("pk", "code").order_by(), ("pk", "code"))
    return codes.sort_values("code").set_index("pk")["code"]


def _first_trainings(
    members: pd.DataFrame, campaigns: QuerySet[FollowUpCampaign], sampled: QuerySet
) -> tuple[pd.DataFrame, pd.Series]:
    """The sampled people's trainings, in the order they ended; and, indexed by member
    id, the position there of each member's first training among the campaign's
    programmes (any training when the campaign names none), for members who have one."""
    trainings = columns.frame(
        Participation.objects.filter(person_id__in=sampled).values_list(*TRAINING_FIELDS),
        TRAINING_FIELDS,
    )
    trainings["ends_on"] = columns.days(trainings["event__ends_on"])
    trainings = trainings.sort_values(["ends_on", "pk"], kind="stable", ignore_index=True)
    wanted = columns.frame(
        FollowUpCampaign.programmes.through.objects.filter(
            followupcampaign__in=campaigns
        ).values_list("followupcampaign_id", "programme_id"),
        ("campaign_id", "event__programme_id"),
    )
    # Members beside their trainings' positions in that order, integers only: a million
    # pairs are matched and narrowed without carrying the trainings' texts along.
    pairs = members[["id", "campaign_id", "person_id"]].merge(
        trainings[["person_id", "event__programme_id"]].reset_index(names="training"),
        on="person_id",
    )
    naming = pairs["campaign_id"].isin(wanted["campaign_id"])
    named = _pair_keys(pairs).isin(_pair_keys(wanted))
    return trainings, pairs.loc[~naming | named].groupby("id")["training"].min()


def _pair_keys(frame: pd.DataFrame) -> pd.Series:
    """One integer for each pair of campaign and programme ids (both below 2**31)."""
    return frame["campaign_id"].astype("int64") * 2**31 + frame["event__programme_id"]


def _latest_positions(sampled: QuerySet) -> pd.DataFrame:
    """Each sampled person's latest position (the last started), indexed by person id."""
    fields = ("person_id", "organisation__name", "organisation__sector")
    spells = columns.frame(
        PositionSpell.objects.filter(person_id__in=sampled)
        .values_list(*fields)
        .order_by("started_on", "pk"),
        fields,
    )
    return spells.drop_duplicates("person_id", keep="last").set_index("person_id")


def _latest_answers(campaigns: QuerySet[FollowUpCampaign]) -> pd.DataFrame:
    """Each member's latest consenting answer, indexed by member id: ``still_in_role``,
    ``left_role_on`` (a day) and ``submitted_on`` (the day in the site's time zone)."""
    fields = ("member_id", "wave", "still_in_role", "left_role_on", "submitted_at")
    answers = columns.frame(
        FollowUpResponse.objects.filter(member__campaign__in=campaigns, consent=True)
        .values_list(*fields)
        .order_by(),
        fields,
    )
    answers = answers.sort_values("wave", kind="stable")
    answers = answers.drop_duplicates("member_id", keep="last").set_index("member_id")
    return pd.DataFrame(
        {
            "still_in_role": answers["still_in_role"],
            "left_role_on": pd.to_datetime(answers["left_role_on"]),
            "submitted_on": _local_dates(answers["submitted_at"]),
        }
    )


def _local_dates(values: pd.Series) -> pd.Series:
    """Moments (UTC, aware or not) as days in the site's time zone."""
    moments = pd.to_datetime(values, utc=True).dt.tz_convert(timezone.get_current_timezone())
    return moments.dt.tz_localize(None).dt.normalize()


def _at(values: pd.Series, at: np.ndarray, missing=None):
    """``values`` at the positions ``at``, and ``missing`` where a position is -1: dates
    as a NumPy array, texts as an Arrow array taken from their distinct values, so that a
    million rows are not a million Python strings on the way."""
    if values.dtype.kind == "M":
        table = np.append(values.to_numpy(), np.array([missing], dtype=values.dtype))
        return table[at]  # -1 is the last: ``missing``
    codes, distinct = pd.factorize(values, use_na_sentinel=False)
    table = pa.array([*np.asarray(distinct, dtype=object), missing], pa.string(), from_pandas=True)
    picked = codes[at]
    picked[at < 0] = len(distinct)
    return table.take(pa.array(picked))


def _or(first: pa.Array, then: pa.Array) -> pa.Array:
    """``first`` where it is set, else ``then``."""
    return pc.if_else(pc.fill_null(pc.not_equal(first, ""), False), first, then)


def _text(values: pa.Array) -> pd.api.extensions.ExtensionArray:
    """Arrow texts as the frame's text column, not copied."""
    return pd.array(values, dtype="str")


COLUMNS = (*INTERCHANGE_COLUMNS, "campaign", "cohort")
"""What :func:`interchange_rows` can give: ``exports.INTERCHANGE_COLUMNS``, then the
campaign's code and the year of the training (``cohort``)."""


def interchange_rows(
    access: Access, campaigns: QuerySet[FollowUpCampaign], names: Sequence[str] = COLUMNS
) -> tuple[pd.DataFrame, int]:
    """The interchange rows of every campaign in ``campaigns`` (already narrowed to the
    caller's reach) for the people the caller reaches, with the columns ``names`` (of
    :data:`COLUMNS`); and how many sampled people were left out for want of consent.

    The members are matched to the other tables by position, and each column asked for
    is made once, at the end, from the distinct values of its table: a million rows are
    not a million copies of a few hundred organisations, nor copied at every step."""
    sampled = CampaignMember.objects.filter(campaign__in=campaigns).values("person_id")
    members = _members(access, campaigns)
    people = _people(sampled)
    codes = _codes(campaigns)
    person = people.index.get_indexer(members["person_id"])
    followed = people["followed"].to_numpy()[person] & (person >= 0)
    trainings, first = _first_trainings(members[followed], campaigns, sampled)
    kept = np.flatnonzero(followed & members["id"].isin(first.index).to_numpy())
    # In the order of campaign code, then public id: both tables are in that order, so
    # their positions sort the rows without comparing a million texts.
    campaign = codes.index.get_indexer(members["campaign_id"])
    kept = kept[np.lexsort((person[kept], campaign[kept]))]
    rows = members.take(kept).reset_index(drop=True)
    person, campaign, left_out = person[kept], campaign[kept], int(len(followed) - followed.sum())
    del members, followed, kept
    trained = first.reindex(rows["id"]).to_numpy()  # every row has its first training
    trained_on = _at(trainings["ends_on"], trained)
    answers = _latest_answers(campaigns)
    answer = answers.index.get_indexer(rows["id"])  # -1: no answer
    in_role = pc.fill_null(_at(answers["still_in_role"], answer, ""), "")
    if {"organisation", "sector"} & set(names):
        positions = _latest_positions(sampled)
        held = positions.index.get_indexer(rows["person_id"])  # -1: no position recorded

    def working(field: str) -> pa.Array:
        """The organisation's ``field`` where the person trained, else in their latest
        position."""
        return _or(_at(trainings[field], trained), _at(positions[field], held, ""))

    def answered(field: str, when: str) -> np.ndarray:
        never = np.datetime64("NaT", "s")
        said = pc.equal(in_role, when).to_numpy(zero_copy_only=False)
        return np.where(said, _at(answers[field], answer, never), never)

    def left_on() -> np.ndarray:
        """The day left; a month left that begins before the training counts as leaving
        on the training's last day."""
        left = answered("left_role_on", "no")
        return np.where(left < trained_on, trained_on, left)

    made = {
        "person_id": lambda: _text(_at(people["public_id"], person)),
        "sex": lambda: _text(_at(people["sex"], person)),
        "country": lambda: _text(_at(people["country"], person)),
        "organisation": lambda: _text(working("organisation__name")),
        "sector": lambda: _text(working("organisation__sector")),
        "programme": lambda: _text(_at(trainings["event__programme__kind"], trained)),
        "trained_on": lambda: trained_on,
        "disposition": lambda: rows["disposition"],
        "in_role": lambda: _text(in_role),
        "left_role_on": left_on,
        "last_confirmed_on": lambda: answered("submitted_on", "yes"),
        "weight": lambda: rows["base_weight"],
        "campaign": lambda: _text(_at(codes, campaign)),
        "cohort": lambda: pd.Series(trained_on).dt.year.astype("Int64"),
    }
    # Each column is new: a million rows are not copied again.
    return pd.DataFrame({name: made[name]() for name in names}, copy=False), left_out


def typed(frame: pd.DataFrame, date_columns) -> pd.DataFrame:
    """The rows with their dates as ``datetime64[s]`` and weights as floats."""
    for column in set(date_columns) & set(frame.columns):
        frame[column] = frame[column].astype("datetime64[s]")
    if "weight" in frame:
        frame["weight"] = frame["weight"].astype(float)
    return frame
