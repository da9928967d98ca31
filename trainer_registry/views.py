"""Staff pages of the registry: an overview by country, people and training events.

Every page needs a login with the registry's view permissions. People are addressed by
their pseudonymous ``public_id``, never by a sequential number.
"""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.db.models import Count, Prefetch, Q
from django.views.generic import DetailView, ListView, TemplateView

from trainer_registry import api
from trainer_registry.countries import COMMIT_COUNTRIES
from trainer_registry.models import Participation, Person, PositionSpell, TrainingEvent


class StaffMixin(LoginRequiredMixin, PermissionRequiredMixin):
    permission_required = ("trainer_registry.view_person", "trainer_registry.view_trainingevent")


class DashboardView(StaffMixin, TemplateView):
    template_name = "trainer_registry/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["countries"] = api.country_summaries()
        return context


class PersonListView(StaffMixin, ListView):
    template_name = "trainer_registry/person_list.html"
    context_object_name = "people"
    paginate_by = 50

    def get_queryset(self):
        people = Person.objects.annotate(trainings=Count("participations")).order_by(
            "name_latin", "id"
        )
        query = self.request.GET.get("q", "").strip()
        if query:
            people = people.filter(Q(name_latin__icontains=query) | Q(name_local__icontains=query))
        country = self.request.GET.get("country", "")
        if country:
            people = people.filter(country=country)
        return people

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["query"] = self.request.GET.get("q", "")
        context["country"] = self.request.GET.get("country", "")
        context["commit_countries"] = COMMIT_COUNTRIES.values()
        return context


class PersonDetailView(StaffMixin, DetailView):
    template_name = "trainer_registry/person_detail.html"
    context_object_name = "person"
    slug_field = "public_id"
    slug_url_kwarg = "public_id"

    def get_queryset(self):
        return Person.objects.prefetch_related(
            Prefetch("position_spells", PositionSpell.objects.select_related("organisation")),
            Prefetch("participations", Participation.objects.select_related("event__programme")),
        )


class EventListView(StaffMixin, ListView):
    template_name = "trainer_registry/event_list.html"
    context_object_name = "events"
    paginate_by = 50

    def get_queryset(self):
        events = (
            TrainingEvent.objects.select_related("programme", "lead_trainer")
            .order_by("-starts_on", "code")
            .annotate(
                participants=Count("participations"),
                women=Count("participations", filter=Q(participations__person__sex="female")),
                men=Count("participations", filter=Q(participations__person__sex="male")),
            )
        )
        kind = self.request.GET.get("programme", "")
        if kind:
            events = events.filter(programme__kind=kind)
        return events

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["programme_kind"] = self.request.GET.get("programme", "")
        return context


class EventDetailView(StaffMixin, DetailView):
    template_name = "trainer_registry/event_detail.html"
    context_object_name = "event"
    slug_field = "code"
    slug_url_kwarg = "code"

    def get_queryset(self):
        return TrainingEvent.objects.select_related("programme", "lead_trainer").prefetch_related(
            "co_trainers",
            Prefetch(
                "participations",
                Participation.objects.select_related("person", "organisation").order_by(
                    "person__name_latin"
                ),
            ),
        )
