"""Staff pages of the registry: an overview by country, people and training events.

Every page needs a login and a registry role; what a page lists is narrowed by
:mod:`trainer_registry.access`, so a record out of reach answers 404 like a missing one.
People are addressed by their pseudonymous ``public_id``, never by a sequential number.
Views and lists of people are written to the audit log.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.generic import DetailView, ListView, TemplateView, View

from trainer_registry import api, audit
from trainer_registry.access import (
    by_name_or_id,
    people_in_reach,
    visible_events,
    visible_people,
)
from trainer_registry.certificates.jobs import certificate_job_for
from trainer_registry.certification.decisions import current_certification, effective_status
from trainer_registry.countries import country_choices
from trainer_registry.listing.counts import related_count
from trainer_registry.listing.kept_queries import KeptQuery
from trainer_registry.listing.name_search import named
from trainer_registry.listing.pagination import BoundedPaginator, page_number
from trainer_registry.models import (
    AuditAction,
    CertificationStatus,
    IssuedCertificate,
    ItemResponse,
    Participation,
    Person,
    PositionSpell,
    TrainerCertification,
    TrainingEvent,
)
from trainer_registry.pages import kept_figures
from trainer_registry.pages.certificate_rows import certificate_rows
from trainer_registry.pages.forms import CertifyForm
from trainer_registry.pages.html_rows import (
    EXAMPLE_SLUG,
    EXAMPLE_UUID,
    html_rows,
    url_of,
)
from trainer_registry.pages.overview_rows import (
    PARTICIPANT_COLUMNS,
    event_row,
    participant_rows,
    training_rows,
)
from trainer_registry.pages.staff import StaffMixin
from trainer_registry.records import personal_data


class DashboardView(StaffMixin, TemplateView):
    template_name = "trainer_registry/dashboard.html"

    def post(self, request, *args, **kwargs):
        """Count again: the kept counts are dropped and the overview shown anew."""
        kept_figures.forget("dashboard", self.access, {})
        return redirect("trainer_registry:dashboard")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        countries = self.access.countries
        context["counted"] = kept_figures.kept(
            "dashboard", self.access, {}, lambda: api.country_summaries(countries=countries)
        )
        context["countries"] = context["counted"].figures
        context["as_trainer"] = [
            _trainer_overview(person, timezone.localdate())
            for person in Person.objects.filter(pk__in=self.access.trainer_person_ids)
        ]
        return context


def _trainer_overview(person: Person, today) -> dict:
    """What a trainer opens the registry for: their certification as it stands today and
    the trainings they led, newest first, with the certificates still to issue."""
    certification = current_certification(person)
    trainings = (
        TrainingEvent.objects.filter(lead_trainer=person)
        .annotate(
            completed=Count(
                "participations", filter=Q(participations__completed=True), distinct=True
            ),
            issued=Count("certificates", distinct=True),
        )
        .order_by("-starts_on", "pk")[:10]
    )
    return {
        "person": person,
        "certification": certification,
        "status": effective_status(certification, today) if certification else None,
        "trainings": [
            {"event": event, "to_issue": max(event.completed - event.issued, 0)}
            for event in trainings
        ],
    }


class PersonListView(StaffMixin, ListView):
    template_name = "trainer_registry/person_list.html"
    context_object_name = "people"
    paginate_by = 50

    def get_paginator(self, queryset, per_page, **kwargs):
        # The total is counted only as far as ten pages past this one.
        number = page_number(self.request.GET.get(self.page_kwarg))
        return BoundedPaginator(queryset, per_page, number=number, **kwargs)

    def get_queryset(self):
        people = visible_people(self.access).annotate(
            trainings=related_count(Participation, "person")
        )
        # Those who see no names read people in the order of their pseudonymous ids: an
        # order by name would tell them which name comes first.
        people = people.order_by(*by_name_or_id(self.access.sees_names))
        query = self.request.GET.get("q", "").strip()
        if query and self.access.sees_names:
            people = named(people, query)
        country = self.request.GET.get("country", "")
        if country:
            people = people.filter(country=country)
        audit.record(
            self.request.user, AuditAction.LIST, "person", filters={"q": query, "country": country}
        )
        return people

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["query"] = self.request.GET.get("q", "")
        context["country"] = self.request.GET.get("country", "")
        context["commit_countries"] = country_choices(self.access.reaches_country)
        return context


class PersonDetailView(StaffMixin, DetailView):
    template_name = "trainer_registry/person_detail.html"
    context_object_name = "person"
    slug_field = "public_id"
    slug_url_kwarg = "public_id"

    def get_queryset(self):
        return visible_people(self.access)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.object
        today = timezone.localdate()
        # A person in reach is shown whole: regional trainings included. (Read here, one
        # kept statement each, not prefetched: prefetching one person's rows costs more.)
        known = {"person": person}
        context["spells"] = PERSON_SPELLS(person.pk, known=known)
        context["certifications"] = [
            (cert, effective_status(cert, today))
            for cert in PERSON_CERTIFICATIONS(person.pk, known=known)
        ]
        context["training_rows"] = html_rows(
            training_rows(PERSON_TRAININGS(person.pk, known=known))
        )
        context.update(
            certificate_table(self, PERSON_CERTIFICATES(person.pk, known=known), show_names=False)
        )
        context["certify_form"] = CertifyForm()
        context["statuses"] = CertificationStatus.choices
        return context

    def get_object(self, queryset=None):
        person = super().get_object(queryset)
        audit.record(
            self.request.user, AuditAction.VIEW, "person", person.public_id, country=person.country
        )
        return person


# What a table of certificates does not show: kilobytes of JSON a certificate.
CERTIFICATE_UNSHOWN = ("snapshot", "credential")

# A person's page reads their rows with statements made once (decision 0037).
PERSON_SPELLS = KeptQuery(
    lambda person_id: (
        PositionSpell.objects.filter(person_id=person_id)
        .select_related("organisation")
        .order_by("started_on", "pk")
    ),
    int,
)
PERSON_CERTIFICATIONS = KeptQuery(
    lambda person_id: (
        TrainerCertification.objects.filter(person_id=person_id)
        .select_related("programme")
        .order_by("-certified_on")
    ),
    int,
)
PERSON_TRAININGS = KeptQuery(
    lambda person_id: (
        Participation.objects.filter(person_id=person_id)
        .select_related("event__programme")
        .annotate(responses=related_count(ItemResponse, "participation"))
        .order_by("-event__starts_on", "event__code")
    ),
    int,
)
# Newest first (the model's order).
PERSON_CERTIFICATES = KeptQuery(
    lambda person_id: IssuedCertificate.objects.filter(person_id=person_id).defer(
        *CERTIFICATE_UNSHOWN
    ),
    int,
)


def certificate_table(view: StaffMixin, shown: list, *, show_names: bool) -> dict:
    """What a record page's table of certificates needs (``certificate_table.html``):
    the certificates (read without ``CERTIFICATE_UNSHOWN``) and their rows."""
    return {
        "certificates": shown,
        "certificate_rows": certificate_rows(
            shown,
            access=view.access,
            show_names=show_names,
            csrf_token=get_token(view.request),
        ),
    }


class EventListView(StaffMixin, ListView):
    template_name = "trainer_registry/event_list.html"
    context_object_name = "events"
    paginate_by = 50

    def get_queryset(self):
        events = (
            visible_events(self.access)
            .select_related("programme", "lead_trainer")
            .order_by("-starts_on", "code")
            .annotate(
                participants=related_count(Participation, "event"),
                women=related_count(Participation, "event", Q(person__sex="female")),
                men=related_count(Participation, "event", Q(person__sex="male")),
            )
        )
        kind = self.request.GET.get("programme", "")
        if kind:
            events = events.filter(programme__kind=kind)
        return events

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["programme_kind"] = self.request.GET.get("programme", "")
        names = self.access.sees_names
        url = url_of("trainer_registry:event-detail", EXAMPLE_SLUG)
        context["rows"] = html_rows(event_row(event, names, url) for event in context["events"])
        return context


class EventDetailView(StaffMixin, DetailView):
    template_name = "trainer_registry/event_detail.html"
    context_object_name = "event"
    slug_field = "code"
    slug_url_kwarg = "code"

    def get_queryset(self):
        return visible_events(self.access).select_related("programme", "lead_trainer")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        # Trainers are named only to those who see names.
        context["co_trainers"] = list(event.co_trainers.all()) if self.access.sees_names else []
        context["certificate_job"] = certificate_job_for(event, self.access)
        # As its participants: a regional training's certificates of this country's people.
        context.update(
            certificate_table(
                self,
                list(
                    event.certificates.filter(people_in_reach(self.access))
                    .select_related("person")
                    .defer(*CERTIFICATE_UNSHOWN)
                ),
                show_names=True,
            )
        )
        # Only the participants in reach: a regional training lists this country's
        # people, not the others'.
        participants = (
            Participation.objects.filter(event=event)
            .filter(people_in_reach(self.access))
            .order_by(*by_name_or_id(self.access.sees_names, "person__", then="pk"))
            .values_list(*PARTICIPANT_COLUMNS, named=True)
        )
        names = self.access.sees_names
        url = url_of("trainer_registry:person-detail", EXAMPLE_UUID)
        rows = participant_rows(participants, names, url)
        context["participants"] = len(rows)
        context["participant_rows"] = html_rows(rows)
        return context


class PersonManagerMixin(StaffMixin):
    """Pages that act on one person's personal data: managers within their reach."""

    def get_person(self, public_id):
        if not self.access.sees_contact_data:
            raise PermissionDenied("Only administrators and country programme managers do this.")
        return get_object_or_404(visible_people(self.access), public_id=public_id)


class PersonDataExportView(PersonManagerMixin, View):
    """A copy of everything held about one person, for their access request."""

    def get(self, request, public_id):
        person = self.get_person(public_id)
        audit.record(
            request.user,
            AuditAction.EXPORT,
            "person",
            person.public_id,
            country=person.country,
            what="personal data copy",
        )
        response = JsonResponse(
            personal_data.export(person), json_dumps_params={"ensure_ascii": False, "indent": 2}
        )
        response["Content-Disposition"] = f'attachment; filename="person-{person.public_id}.json"'
        return response


class PersonEraseView(PersonManagerMixin, TemplateView):
    """Erase a person's names and contact data at their request, after confirmation."""

    template_name = "trainer_registry/person_erase.html"

    def get(self, request, public_id):
        return self.render_to_response(self.get_context_data(person=self.get_person(public_id)))

    def post(self, request, public_id):
        person = self.get_person(public_id)
        if request.POST.get("confirm") != "erase":
            context = self.get_context_data(person=person, error=True)
            return self.render_to_response(context, status=400)
        personal_data.erase(person)
        audit.record(
            request.user,
            AuditAction.DELETE,
            "person",
            person.public_id,
            country=person.country,
            what="personal data erased on request",
        )
        return redirect("trainer_registry:person-detail", public_id=person.public_id)
