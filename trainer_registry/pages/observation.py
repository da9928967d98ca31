"""Staff pages of observed sessions: scoring a teach-back or co-facilitation on the rubric
(one criterion per fieldset, usable on a phone), and the observers' agreement."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from trainer_registry import audit
from trainer_registry.access import visible_events, visible_people
from trainer_registry.assessment import observations, rubric_versions
from trainer_registry.assessment.agreement import MIN_SESSIONS
from trainer_registry.models import AuditAction, Observation, Person, RubricVersion, SessionKind
from trainer_registry.pages.staff import StaffMixin


class ObservationForm(forms.Form):
    """The session, then per criterion ``level_<id>`` (1-4, required) and ``comment_<id>``."""

    kind = forms.ChoiceField(
        label=gettext_lazy("Session"), choices=SessionKind.choices, widget=forms.RadioSelect
    )
    person = forms.ModelChoiceField(label=gettext_lazy("Trainee"), queryset=Person.objects.none())
    observer = forms.ModelChoiceField(
        label=gettext_lazy("Observer"), queryset=Person.objects.none()
    )
    observed_on = forms.DateField(
        label=gettext_lazy("Observed on"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, version: RubricVersion, people, observers, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        self.fields["person"].queryset = people
        self.fields["observer"].queryset = observers
        scale = version.content["scale"]
        self.criteria = []
        for criterion in version.content["criteria"]:
            level = forms.TypedChoiceField(
                label=criterion["title"],
                coerce=int,
                choices=[
                    (row["level"], f"{row['level']} {scale[row['level'] - 1]}")
                    for row in criterion["levels"]
                ],
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose a level for this criterion.")},
            )
            comment = forms.CharField(
                label=_("Comment"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"level_{criterion['id']}"] = level
            self.fields[f"comment_{criterion['id']}"] = comment
            self.criteria.append(criterion)

    def rows(self):
        """Per criterion: the criterion, its level field, its comment field, its levels."""
        for criterion in self.criteria:
            yield (
                criterion,
                self[f"level_{criterion['id']}"],
                self[f"comment_{criterion['id']}"],
            )


class ObserveView(StaffMixin, View):
    """Score one session of a training on the current rubric version."""

    template_name = "trainer_registry/observe.html"

    def _setup(self, code):
        if not (self.access.can_change or self.access.trainer_person_ids):
            raise PermissionDenied(_("Only master trainers and programme managers score sessions."))
        event = get_object_or_404(visible_events(self.access), code=code)
        version = rubric_versions.current()
        if version is None:
            raise PermissionDenied(_("No rubric is loaded yet."))
        people = visible_people(self.access).filter(participations__event=event).distinct()
        observer_ids = {event.lead_trainer_id, *self.access.trainer_person_ids}
        observer_ids |= set(event.co_trainers.values_list("pk", flat=True))
        observers = Person.objects.filter(pk__in=observer_ids - {None})
        return event, version, people, observers

    def get(self, request, code):
        event, version, people, observers = self._setup(code)
        form = ObservationForm(
            version=version,
            people=people,
            observers=observers,
            initial={"observed_on": timezone.localdate(), "kind": SessionKind.TEACH_BACK},
        )
        return self._page(request, event, form)

    def post(self, request, code):
        event, version, people, observers = self._setup(code)
        form = ObservationForm(request.POST, version=version, people=people, observers=observers)
        if not form.is_valid():
            return self._page(request, event, form, status=422)
        data = form.cleaned_data
        ids = [c["id"] for c in form.criteria]
        session = {"kind": data["kind"], "person": data["person"], "event": event}
        if Observation.objects.filter(**session, observer=data["observer"]).exists():
            form.add_error("observer", _("This observer has already scored this session."))
            return self._page(request, event, form, status=422)
        observation = observations.record(
            kind=data["kind"],
            person=data["person"],
            event=event,
            observer=data["observer"],
            version=version,
            observed_on=data["observed_on"],
            levels={i: data[f"level_{i}"] for i in ids},
            comments={i: data[f"comment_{i}"] for i in ids},
            recorded_by=request.user,
        )
        audit.record(
            request.user,
            AuditAction.CREATE,
            "observation",
            observation.pk,
            country=event.country,
        )
        messages.success(
            request,
            _("Scored: %(percent)s %% weighted, %(result)s.")
            % {
                "percent": observation.score_percent,
                "result": _("passed") if observation.passed else _("not passed"),
            },
        )
        return redirect("trainer_registry:event-detail", code=code)

    def _page(self, request, event, form, status=200):
        context = {"event": event, "form": form, "version": form.version, "access": self.access}
        return render(request, self.template_name, context, status=status)


class AgreementView(StaffMixin, TemplateView):
    """Per rubric version: how far two observers of the same sessions agree."""

    template_name = "trainer_registry/agreement.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sections = []
        for version in RubricVersion.objects.order_by("-loaded_at", "-pk"):
            per, overall = observations.agreement_of(version)
            titles = {c["id"]: c["title"] for c in version.content["criteria"]}
            rows = [(titles[c], agreement) for c, agreement in per.items()]
            sections.append({"version": version, "rows": rows, "overall": overall})
        context.update(sections=sections, min_sessions=MIN_SESSIONS)
        return context
