"""Forms through which people give the registry data: checked once, at the door."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trainer_registry.campaigns import QUESTIONS, Answers
from trainer_registry.models import FollowUpResponse, StillInRole, UseOfTraining


class MonthField(forms.DateField):
    """A month and year (``YYYY-MM``), stored as the first day of that month."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    input_formats = ["%Y-%m", "%Y-%m-%d"]

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace(day=1) if isinstance(value, date) else value


class FollowUpAnswerForm(forms.ModelForm):
    """The follow-up questionnaire. Consent comes first and is required to answer."""

    consent = forms.BooleanField(
        label=_("I agree to answer. I know I may skip any question or stop at any time."),
        required=True,
    )
    still_in_role = forms.ChoiceField(
        label=_("Do you still work in a role against human trafficking?"),
        choices=StillInRole.choices,
        widget=forms.RadioSelect,
    )
    left_role_on = MonthField(label=_("If not: since when? (month and year)"), required=False)

    class Meta:
        model = FollowUpResponse
        fields = list(QUESTIONS)
        labels = {
            "leaving_reason": _("If not: why did you leave the role?"),
            "current_organisation": _("Where do you work now? (organisation)"),
            "current_role": _("What is your role there now?"),
            "use_of_training": _("How often do you use what you learned in the training at work?"),
            "examples": _("Give an example of using the training in your work, if you can."),
            "support_needed": _("What support would help you use the training more?"),
            "trainings_delivered": _("Trainers: how many trainings have you delivered since?"),
            "participants_reached": _("Trainers: how many participants did they reach in all?"),
        }
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
