"""Forms through which people give the registry data: checked once, at the door."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trainer_registry.followup import careers
from trainer_registry.followup.campaigns import QUESTIONS, Answers
from trainer_registry.followup.questionnaire import LABELS
from trainer_registry.models import (
    CertificationLevel,
    CertificationStatus,
    FollowUpResponse,
    Programme,
    StillInRole,
    UseOfTraining,
)
from trainer_registry.pages.plain_select import PlainSelect


class MonthField(forms.DateField):
    """A month and year (``YYYY-MM``), stored as the first day of that month."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    input_formats = ["%Y-%m", "%Y-%m-%d"]

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace(day=1) if isinstance(value, date) else value


class FollowUpAnswerForm(forms.ModelForm):
    """The follow-up questionnaire. Consent comes first and is required to answer."""

    consent = forms.BooleanField(label=LABELS["consent"], required=True)
    still_in_role = forms.ChoiceField(
        label=LABELS["still_in_role"], choices=StillInRole.choices, widget=forms.RadioSelect
    )
    left_role_on = MonthField(label=LABELS["left_role_on"], required=False)

    class Meta:
        model = FollowUpResponse
        fields = list(QUESTIONS)
        labels = LABELS
        widgets = {
            "use_of_training": forms.RadioSelect,
            "examples": forms.Textarea(attrs={"rows": 4, "maxlength": 4000}),
            "support_needed": forms.Textarea(attrs={"rows": 3, "maxlength": 4000}),
        }

    def __init__(self, *args, trainer: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["use_of_training"].required = False
        # A radio group needs no empty choice: leaving every option unticked skips it.
        self.fields["use_of_training"].choices = UseOfTraining.choices
        self.fields["leaving_reason"].required = False
        if not trainer:
            del self.fields["trainings_delivered"]
            del self.fields["participants_reached"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("still_in_role") == StillInRole.YES:
            for name in ("left_role_on", "leaving_reason"):
                if cleaned.get(name):
                    self.add_error(name, _("Leave this empty if you are still in the role."))
        left_on = cleaned.get("left_role_on")
        if left_on and left_on > timezone.localdate():
            self.add_error("left_role_on", _("This month is in the future."))
        earliest = careers.earliest_leaving_month() if left_on else None
        if earliest and left_on < earliest:
            self.add_error(
                "left_role_on",
                _("This month is before the first training in the registry (%(month)s).")
                % {"month": f"{earliest:%Y-%m}"},
            )
        return cleaned

    def answers(self) -> Answers:
        data = self.cleaned_data
        return Answers(
            consent=data["consent"],
            still_in_role=data["still_in_role"],
            left_role_on=data.get("left_role_on"),
            leaving_reason=data.get("leaving_reason") or "",
            current_organisation=data.get("current_organisation", ""),
            current_role=data.get("current_role", ""),
            use_of_training=data.get("use_of_training"),
            examples=data.get("examples", ""),
            support_needed=data.get("support_needed", ""),
            trainings_delivered=data.get("trainings_delivered"),
            participants_reached=data.get("participants_reached"),
        )


class CertifyForm(forms.Form):
    programme = forms.ModelChoiceField(
        label=_("Training of Trainers programme"),
        queryset=Programme.objects.filter(kind="TOT"),
        widget=PlainSelect,
    )
    level = forms.ChoiceField(
        label=_("Level"), choices=CertificationLevel.choices, widget=PlainSelect
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=CertificationStatus.choices)
    reason = forms.CharField(required=False, max_length=2000)
