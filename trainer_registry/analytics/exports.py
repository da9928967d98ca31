"""Analytics exports: the follow-up interchange file built from the registry, and the
attrition figures computed from it.

The file is DESIGN.md's follow-up interchange CSV, one row per sampled person:
``person_id, sex, country, organisation, sector, programme, trained_on, disposition,
in_role, left_role_on, last_confirmed_on, weight``. ``person_id`` is the pseudonymous id;
no name, email address or telephone number is ever written. People who have withdrawn
their consent to follow-up, or whose data was erased, are left out, and the number left
out is reported beside the file.

Where each column comes from, for a person sampled in a campaign:

* ``trained_on``, ``programme``: the end date and programme kind of their first training
  among the campaign's programmes (any training when the campaign names none);
* ``organisation``, ``sector``: their organisation at that training, or else their latest
  position's;
* ``disposition``, ``weight``: the campaign member's AAPOR disposition and base weight;
* ``in_role``, ``left_role_on``, ``last_confirmed_on``: from their answer to the latest
  wave (``last_confirmed_on`` is the local date of a "still in the role" answer). Answers
  give the month left only: a month that begins before the training date counts as
  leaving on the training date.

Who may export: :func:`may_export`; what they reach: :mod:`trainer_registry.access`.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pandas as pd
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone

from trainer_registry import audit
from trainer_registry.access import Access, people_in_reach, visible_campaigns
from trainer_registry.attrition.followup_file import COLUMNS
from trainer_registry.attrition.report import attrition_report
from trainer_registry.inputs.spreadsheet import safe_frame
from trainer_registry.models import (
    AuditAction,
    CampaignMember,
    FollowUpCampaign,
    FollowUpResponse,
    Participation,
    PositionSpell,
)

INTERCHANGE_COLUMNS = (*COLUMNS, "weight")
GROUPING_COLUMNS = ("sex", "country", "organisation", "sector", "programme")
CI_METHODS = ("wilson", "clopper-pearson", "jeffreys")
DATE_COLUMNS = ("trained_on", "left_role_on", "last_confirmed_on")


def may_export(access: Access) -> bool:
    """Who exports analytics is decided in ``access.py`` (:attr:`Access.exports_analytics`)."""
    return access.exports_analytics


@dataclass(frozen=True)
class Interchange:
    """The interchange rows in reach (dates as ``datetime64``, ``weight`` as float), and
    how many sampled people were left out for want of consent."""

    frame: pd.DataFrame
    left_out_without_consent: int

    def to_csv(self) -> str:
        """The file as DESIGN.md specifies it: UTF-8 text, header row, ISO dates."""
        text = self.frame.copy()
        for column in DATE_COLUMNS:
            text[column] = text[column].dt.strftime("%Y-%m-%d").fillna("")
        text["weight"] = text["weight"].map(lambda w: "" if pd.isna(w) else f"{w:g}")
        out = io.StringIO()
        safe_frame(text).to_csv(
            out, index=False, columns=list(INTERCHANGE_COLUMNS), lineterminator="\n"
        )
        return out.getvalue()


def interchange(
    access: Access,
    campaigns: QuerySet[FollowUpCampaign],
    *,
    country: str = "",
    sector: str = "",
    programme: str = "",
) -> Interchange:
    """The interchange rows of ``campaigns`` (already narrowed to the caller's reach) for
    the people the caller reaches, optionally filtered by country, sector and programme
    kind (``RTP``, ``NTP``, ``TOT``, ``OTHER``)."""
    members = list(
        CampaignMember.objects.filter(people_in_reach(access), campaign__in=campaigns)
        .order_by("campaign__code", "person__public_id")
        .values(
            "id",
            "campaign_id",
            "person_id",
            "person__public_id",
            "person__sex",
            "person__country",
            "person__consents_to_follow_up",
            "person__erased_at",
            "disposition",
            "base_weight",
        )
    )
    consenting = [
        m for m in members if m["person__consents_to_follow_up"] and m["person__erased_at"] is None
    ]
    rows = _rows(consenting, campaigns)
    frame = pd.DataFrame(rows, columns=list(INTERCHANGE_COLUMNS))
    for column in DATE_COLUMNS:
        frame[column] = pd.to_datetime(frame[column])
    frame["weight"] = frame["weight"].astype(float)
    later = frame["left_role_on"] < frame["trained_on"]
    frame.loc[later, "left_role_on"] = frame.loc[later, "trained_on"]
    for column, value in (("country", country), ("sector", sector), ("programme", programme)):
        if value:
            frame = frame[frame[column] == value]
    return Interchange(frame.reset_index(drop=True), len(members) - len(consenting))


def _rows(members: list[dict], campaigns: QuerySet[FollowUpCampaign]) -> list[dict]:
    people = {m["person_id"] for m in members}
    programmes_of = {}
    for campaign in campaigns.prefetch_related("programmes"):
        programmes_of[campaign.pk] = {p.pk for p in campaign.programmes.all()}
    trainings: dict[int, list[dict]] = {}
    for training in (
        Participation.objects.filter(person_id__in=people)
        .order_by("event__ends_on", "pk")
        .values(
            "person_id",
            "event__ends_on",
            "event__programme_id",
            "event__programme__kind",
            "organisation__name",
            "organisation__sector",
        )
    ):
        trainings.setdefault(training["person_id"], []).append(training)
    latest_position = {}
    for spell in (
        PositionSpell.objects.filter(person_id__in=people)
        .order_by("started_on", "pk")
        .values("person_id", "organisation__name", "organisation__sector")
    ):
        latest_position[spell["person_id"]] = spell  # the last started wins
    answers = {}
    for answer in (
        FollowUpResponse.objects.filter(member_id__in=[m["id"] for m in members], consent=True)
        .order_by("wave")
        .values("member_id", "still_in_role", "left_role_on", "submitted_at")
    ):
        answers[answer["member_id"]] = answer  # the latest wave wins
    rows = []
    for member in members:
        wanted = programmes_of.get(member["campaign_id"]) or None
        first = next(
            (
                t
                for t in trainings.get(member["person_id"], [])
                if wanted is None or t["event__programme_id"] in wanted
            ),
            None,
        )
        if first is None:  # sampled, but no training left on record: nothing to time
            continue
        position = latest_position.get(member["person_id"], {})
        answer = answers.get(member["id"], {})
        in_role = answer.get("still_in_role", "")
        rows.append(
            {
                "person_id": str(member["person__public_id"]),
                "sex": member["person__sex"],
                "country": member["person__country"],
                "organisation": first["organisation__name"]
                or position.get("organisation__name", ""),
                "sector": first["organisation__sector"] or position.get("organisation__sector", ""),
                "programme": first["event__programme__kind"],
                "trained_on": first["event__ends_on"],
                "disposition": member["disposition"],
                "in_role": in_role,
                "left_role_on": answer.get("left_role_on") if in_role == "no" else None,
                "last_confirmed_on": (
                    timezone.localdate(answer["submitted_at"]) if in_role == "yes" else None
                ),
                "weight": member["base_weight"],
            }
        )
    return rows


def attrition(data: Interchange, *, by: list[str], ci_method: str = "wilson") -> dict:
    """DESIGN.md's attrition figures (overall and by group) for the interchange rows, with
    ``left_out_without_consent`` beside them. ``by`` names columns of
    ``GROUPING_COLUMNS``; an empty selection gives ``sampled`` 0 and no figures."""
    unknown = [column for column in by if column not in GROUPING_COLUMNS]
    if unknown:
        raise ValueError(
            f"by: {', '.join(unknown)} cannot group the figures "
            f"(choose from {', '.join(GROUPING_COLUMNS)})"
        )
    if ci_method not in CI_METHODS:
        raise ValueError(f"ci: {ci_method!r} is not one of {', '.join(CI_METHODS)}")
    if data.frame.empty:
        report = {"overall": {"sampled": 0}, "groups": []}
    else:
        report = attrition_report(data.frame, by=by, ci_method=ci_method)
    report["left_out_without_consent"] = data.left_out_without_consent
    return report


def interchange_download(user, access, campaign, *, via: str) -> HttpResponse:
    """The campaign's interchange file as a download, audited as an export."""
    data = interchange(access, visible_campaigns(access).filter(pk=campaign.pk))
    audit.record(
        user,
        AuditAction.EXPORT,
        "followupcampaign",
        campaign.code,
        via=via,
        rows=len(data.frame),
        left_out_without_consent=data.left_out_without_consent,
    )
    response = HttpResponse(data.to_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{campaign.code}-followup.csv"'
    response["X-Left-Out-Without-Consent"] = str(data.left_out_without_consent)
    return response
