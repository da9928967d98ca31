"""The form that sets up a follow-up campaign (its population, design and sample), and
the values a link may start it with: the sample size helper's "use this sample size"
carries its result and, from a campaign's population, that population's definition.
Those values are validated by the form itself; a value it refuses is left out."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trainer_registry.access import Access
from trainer_registry.countries import country_choices
from trainer_registry.models import Allocation, Design, FollowUpCampaign, Sector

# What a link may fill in: the population's definition and the sample, never the
# campaign's own code, name or seed.
STARTING_FIELDS = (
    "countries",
    "programmes",
    "sectors",
    "trained_from",
    "trained_until",
    "design",
    "sample_size",
    "strata",
    "allocation",
)


class CampaignForm(forms.ModelForm):
    countries = forms.MultipleChoiceField(
        label=gettext_lazy("Countries"), choices=(), widget=forms.CheckboxSelectMultiple
    )
    sectors = forms.MultipleChoiceField(
        label=gettext_lazy("Sectors (none: all)"),
        choices=Sector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    design = forms.ChoiceField(
        label=gettext_lazy("Design"), choices=Design.choices, widget=forms.RadioSelect
    )
    strata = forms.MultipleChoiceField(
        label=gettext_lazy("Strata (stratified samples)"),
        choices=[
            ("country", gettext_lazy("Country")),
            ("sector", gettext_lazy("Sector")),
            ("programme", gettext_lazy("Programme")),
        ],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    allocation = forms.ChoiceField(
        label=gettext_lazy("Allocation (stratified samples)"),
        choices=[("", "—"), *Allocation.choices],
        required=False,
    )

    class Meta:
        model = FollowUpCampaign
        fields = [
            "code",
            "name",
            "countries",
            "programmes",
            "sectors",
            "trained_from",
            "trained_until",
            "design",
            "sample_size",
            "strata",
            "allocation",
            "seed",
            "invitation_valid_days",
        ]
        widgets = {
            "trained_from": forms.DateInput(attrs={"type": "date"}),
            "trained_until": forms.DateInput(attrs={"type": "date"}),
            "programmes": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["countries"].choices = country_choices(access.reaches_country)
        self.fields["seed"].help_text = _(
            "Leave empty to choose one at random; it is kept, so the same draw can be made again."
        )
        self.fields["sample_size"].help_text = _(
            "For a sample: the sample size helper (or trainer-registry sample-size) says how "
            "many to invite."
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("trained_from"), cleaned.get("trained_until")
        if start and end and end < start:
            self.add_error("trained_until", _("This date is before the first one."))
        design = cleaned.get("design")
        if design in {Design.SIMPLE_RANDOM, Design.STRATIFIED} and not cleaned.get("sample_size"):
            self.add_error("sample_size", _("A sample needs its size."))
        if design == Design.STRATIFIED:
            if not cleaned.get("strata"):
                self.add_error("strata", _("Choose what to stratify by."))
            if not cleaned.get("allocation"):
                self.add_error("allocation", _("A stratified sample needs an allocation."))
        else:
            cleaned["strata"], cleaned["allocation"] = [], ""
        return cleaned


def starting_values(query, access: Access) -> dict:
    """The initial values a link's query gives the form: each of :data:`STARTING_FIELDS`
    present in the query and accepted by the form's own validation."""
    form = CampaignForm(query, access=access)
    form.is_valid()
    return {
        name: form.cleaned_data[name]
        for name in STARTING_FIELDS
        if name in query and name not in form.errors and name in form.cleaned_data
    }


def starting_query(size: int, campaign: FollowUpCampaign | None) -> dict[str, object]:
    """The query that starts a new campaign with ``size`` people to invite: from a
    campaign, with that campaign's population and, when stratified, its strata."""
    values: dict[str, object] = {"sample_size": size, "design": Design.SIMPLE_RANDOM}
    if campaign is not None:
        values.update(
            countries=list(campaign.countries or ()),
            programmes=list(campaign.programmes.values_list("pk", flat=True)),
            sectors=list(campaign.sectors or ()),
        )
        for name in ("trained_from", "trained_until"):
            if day := getattr(campaign, name):
                values[name] = day.isoformat()
        if campaign.design == Design.STRATIFIED:
            values.update(design=Design.STRATIFIED, strata=list(campaign.strata or ()))
            if campaign.allocation:
                values["allocation"] = campaign.allocation
    return values
