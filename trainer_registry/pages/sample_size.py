"""The sample size helper on the staff pages: the same calculation as ``trainer-registry
sample-size`` (:func:`trainer_registry.followup.sampling.sample_size`), with its steps shown.
Given ``?campaign=CODE``, the population is that campaign's (people who consented).

The page answers for the form's defaults before anything is asked, and a value left empty
takes its default, so the margin of error ``e`` and the other values are never blank. A
user who may set up campaigns can carry the result into a new campaign's form."""

from __future__ import annotations

from django import forms
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from trainer_registry.access import visible_campaigns
from trainer_registry.followup import campaigns
from trainer_registry.followup.sampling import sample_size
from trainer_registry.pages.campaign_form import starting_query
from trainer_registry.pages.staff import StaffMixin


class SampleSizeForm(forms.Form):
    proportion = forms.FloatField(
        label=gettext_lazy("Expected share (for example 0.35 left their role)"),
        min_value=0.001,
        max_value=0.999,
        initial=0.5,
        help_text=gettext_lazy("0.5 when unknown: it asks for the most people."),
    )
    margin = forms.FloatField(
        label=gettext_lazy("Margin of error (for example 0.05 for ±5 points)"),
        min_value=0.001,
        max_value=0.5,
        initial=0.05,
    )
    population = forms.IntegerField(
        label=gettext_lazy("Population size (empty if very large)"), min_value=1, required=False
    )
    response_rate = forms.FloatField(
        label=gettext_lazy("Expected response rate"),
        min_value=0.01,
        max_value=1,
        initial=1.0,
    )
    confidence = forms.FloatField(
        label=gettext_lazy("Confidence level"), min_value=0.5, max_value=0.999, initial=0.95
    )


class SampleSizeView(StaffMixin, TemplateView):
    template_name = "trainer_registry/sample_size.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        initial = {name: field.initial for name, field in SampleSizeForm.base_fields.items()}
        campaign = None
        if code := self.request.GET.get("campaign"):
            campaign = get_object_or_404(visible_campaigns(self.access), code=code)
            initial["population"] = campaigns.population(campaign).count()
        # An empty value takes its default; an empty population stays "very large".
        given = {
            name: value
            for name, value in self.request.GET.items()
            if name in SampleSizeForm.base_fields and (value.strip() or name == "population")
        }
        form = SampleSizeForm({**initial, **given}, initial=initial)
        context.update(form=form, campaign=campaign)
        if form.is_valid():
            values = form.cleaned_data
            context["size"] = sample_size(
                proportion=values["proportion"],
                margin=values["margin"],
                population=values["population"],
                response_rate=values["response_rate"],
                confidence=values["confidence"],
            )
            context["values"] = values
            if self.access.can_change:
                query = urlencode(starting_query(context["size"].invite, campaign), doseq=True)
                context["new_campaign_url"] = (
                    f"{reverse('trainer_registry:campaign-create')}?{query}"
                )
        return context
