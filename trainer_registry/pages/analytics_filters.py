"""The filters of the analytics pages: a GET form per page, checked at the door.

A country is offered only within the user's reach and a campaign only among the campaigns
they reach; asking for one outside it answers 404, as for a record out of reach
(:func:`out_of_reach`). Any other bad value is a form error naming the field.
:meth:`AnalyticsFilters.narrow` applies the checked values to a DataFrame with the columns
``country``, ``programme``, ``sector``, ``sex``, ``cohort`` (and ``campaign``).

The follow-up pages show one campaign at a time: the latest (:func:`latest_first`) unless
the reader chooses another, or all of them pooled (the empty choice, labelled so). The
campaign filter lists the :data:`CAMPAIGNS_LISTED` latest and the one chosen: a registry
that has followed its people for decades keeps a page of the same size, and an older
campaign opens from its own page's link.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from django import forms
from django.db.models import Case, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trainer_registry.access import Access
from trainer_registry.analytics.exports import CI_METHODS
from trainer_registry.countries import COMMIT_COUNTRIES, country_choices
from trainer_registry.models import FollowUpCampaign, ProgrammeKind, Sector, Sex
from trainer_registry.pages.plain_input import PlainDateInput
from trainer_registry.pages.plain_select import PlainSelect

ANY = [("", _("All"))]
GROUPINGS = [
    ("country", _("Country")),
    ("sector", _("Sector")),
    ("programme", _("Programme")),
    ("cohort", _("Training year")),
    ("sex", _("Sex")),
]
CI_NAMES = {
    "wilson": _("Wilson"),
    "clopper-pearson": _("Clopper-Pearson (exact)"),
    "jeffreys": _("Jeffreys"),
}


POOLED = ""


# How many campaigns the follow-up pages' filter lists, latest first (and the one chosen).
CAMPAIGNS_LISTED = 40


def latest_first(campaigns: QuerySet) -> QuerySet:
    """Campaigns latest first: drawn ones by the day their sample was drawn, then those
    not drawn yet (no one to count) by the day they were created; by code within a day."""
    return campaigns.order_by(
        Case(When(drawn_at__isnull=True, then=Value(1)), default=Value(0)),
        Coalesce("drawn_at", "created_at").desc(),
        "code",
    )


def campaign_label(campaign: FollowUpCampaign) -> str:
    if campaign.drawn_at is None:
        return _("%(name)s (not drawn yet)") % {"name": campaign.name}
    day = timezone.localtime(campaign.drawn_at).date().isoformat()
    return _("%(name)s (drawn %(day)s)") % {"name": campaign.name, "day": day}


def campaign_choices(
    listed: list[FollowUpCampaign], chosen: FollowUpCampaign | None
) -> list[tuple[str, str]]:
    """The campaign filter's choices: the listed campaigns latest first (and the chosen
    one where it is older), then all pooled."""
    shown = listed if chosen is None or chosen in listed else [*listed, chosen]
    return [(c.code, campaign_label(c)) for c in shown] + [(POOLED, _("All campaigns, pooled"))]


def out_of_reach(access: Access, query, reaches_campaign: Callable[[str], bool]) -> str | None:
    """What, in the query, names a country or campaign outside ``access``'s reach (for a
    404), or ``None``; ``reaches_campaign(code)`` says whether a campaign is in reach."""
    country = query.get("country", "").strip().upper()
    if country and country in COMMIT_COUNTRIES and not access.reaches_country(country):
        return f"country {country}"
    campaign = query.get("campaign", "").strip()
    if campaign and not reaches_campaign(campaign):
        return f"campaign {campaign}"
    return None


class AnalyticsFilters(forms.Form):
    """Country, programme, sector, sex and training year: the filters every page shares."""

    country = forms.ChoiceField(label=_("Country"), required=False, widget=PlainSelect)
    programme = forms.ChoiceField(
        label=_("Programme"),
        required=False,
        choices=ANY + list(ProgrammeKind.choices),
        widget=PlainSelect,
    )
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=ANY + list(Sector.choices), widget=PlainSelect
    )
    sex = forms.ChoiceField(
        label=_("Sex"), required=False, choices=ANY + list(Sex.choices), widget=PlainSelect
    )
    year = forms.IntegerField(
        label=_("Training year"), required=False, min_value=1990, max_value=2100
    )

    def __init__(self, data, *, access: Access, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["country"].choices = ANY + country_choices(access.reaches_country)

    def narrow(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The rows of ``frame`` that the checked filters keep."""
        keep = pd.Series(True, index=frame.index)
        for name in ("country", "programme", "sector", "sex", "campaign"):
            value = self.cleaned_data.get(name)
            if value and name in frame.columns:
                keep &= frame[name] == value
        if self.cleaned_data.get("year"):
            keep &= frame["cohort"] == self.cleaned_data["year"]
        return frame[keep.to_numpy()].reset_index(drop=True)

    def chosen(self) -> dict[str, str]:
        """The filters in force, as typed values (for the audit log and the page)."""
        return {
            name: str(value)
            for name, value in self.cleaned_data.items()
            if value not in (None, "", [])
        }


class FollowUpFilters(AnalyticsFilters):
    """The follow-up pages add the campaign and the interval method."""

    campaign = forms.ChoiceField(
        label=_("Follow-up campaign"),
        required=False,
        help_text=_(
            "First shown: the latest campaign. The list holds the latest ones; an older "
            "campaign's figures open from its page under Follow-up."
        ),
        widget=PlainSelect,
    )
    ci = forms.ChoiceField(
        # xgettext:no-python-format
        label=_("95 % interval"),
        required=False,
        choices=[(name, CI_NAMES[name]) for name in CI_METHODS],
        widget=PlainSelect,
    )

    def __init__(self, data, *, access: Access, campaigns: list[tuple[str, str]], **kwargs):
        super().__init__(data, access=access, **kwargs)
        self.fields["campaign"].choices = campaigns

    def clean_ci(self) -> str:
        return self.cleaned_data["ci"] or "wilson"


class AttritionFilters(FollowUpFilters):
    """One table per grouping ticked (none: everyone only); a first visit ticks country
    and sector."""

    by = forms.MultipleChoiceField(
        label=_("Tables by"),
        required=False,
        choices=GROUPINGS,
        widget=forms.CheckboxSelectMultiple,
    )


class RetentionFilters(FollowUpFilters):
    by = forms.ChoiceField(
        label=_("Curves by"),
        required=False,
        choices=[("", _("Everyone together")), *GROUPINGS],
        widget=PlainSelect,
    )


class CascadeFilters(forms.Form):
    country = forms.ChoiceField(
        label=_("Country of the trainings"), required=False, widget=PlainSelect
    )
    on = forms.DateField(
        label=_("Reference date"),
        required=False,
        help_text=_("Empty: today."),
        widget=PlainDateInput(attrs={"type": "date"}),
    )

    def __init__(self, data, *, access: Access, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["country"].choices = ANY + country_choices(access.reaches_country)
