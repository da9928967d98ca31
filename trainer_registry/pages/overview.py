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
from django.template.defaultfilters import floatformat, yesno
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView, TemplateView, View

from trainer_registry import api, audit
from trainer_registry.access import (
    people_in_reach,
    visible_events,
    visible_people,
)
from trainer_registry.assessment.responses import summary_of
from trainer_registry.certificates.jobs import certificate_job_for
from trainer_registry.certification.decisions import current_certification, effective_status
from trainer_registry.countries import country_choices, country_label
from trainer_registry.listing.counts import related_count
from trainer_registry.listing.name_search import named
from trainer_registry.listing.pagination import BoundedPaginator, page_number
from trainer_registry.models import (
    AuditAction,
    CertificationStatus,
    IssuedCertificate,
    ItemResponse,
    Participation,
    Person,
    TrainingEvent,
)
from trainer_registry.pages import kept_figures
from trainer_registry.pages.certificate_rows import certificate_rows
from trainer_registry.pages.forms import CertifyForm
from trainer_registry.pages.html_rows import (
    EXAMPLE_SLUG,
    EXAMPLE_UUID,
    format_html,
    html_rows,
    numbers_or_dash,
    url_of,
)
from trainer_registry.pages.staff import StaffMixin
from trainer_registry.records import personal_data

# Why a participation shows no gain (trainer_registry.data.AssessmentSummary).
NO_GAIN_REASONS = {
    "no_post_test": _("no post-test yet"),
    "no_pre_test": _("no pre-test"),
    "form_unknown": _("the forms of the tests are not recorded"),
    "same_questions": _("both tests were on the same form"),
    "pre_at_maximum": _("not defined: the pre-test score was the maximum"),
}
GAIN_BANDS = {"low": _("low"), "medium": _("medium"), "high": _("high")}


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
        people = people.order_by("name_latin", "id")
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
        # query each, not prefetched: prefetching one person's rows costs more.)
        context["spells"] = list(
            person.position_spells.select_related("organisation").order_by("started_on", "pk")
        )
        context["certifications"] = [
            (cert, effective_status(cert, today))
            for cert in person.certifications.select_related("programme").order_by("-certified_on")
        ]
        context["training_rows"] = html_rows(
            _training_rows(
                person.participations.select_related("event__programme")
                .annotate(responses=related_count(ItemResponse, "participation"))
                .order_by("-event__starts_on", "event__code")
            )
        )
        context["certificates"] = shown_certificates(person.certificates.all())
        context["certificate_rows"] = certificate_rows(
            context["certificates"],
            access=self.access,
            show_names=False,
            csrf_token=get_token(self.request),
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


def _training_rows(participations) -> list[SafeString]:
    """A person's trainings as the rows of their page's table of trainings, newest first
    (:mod:`trainer_registry.pages.html_rows`): the scores with the forms of the tests,
    and the normalised gain with its band, or why there is none."""
    number = numbers_or_dash()
    url = url_of("trainer_registry:event-detail", EXAMPLE_SLUG)
    yes_no = {True: yesno(True), False: yesno(False)}
    rows = []
    for participation in participations:
        scores = summary_of(participation, responses=participation.responses)
        event = participation.event
        if scores.gain is not None:
            gain = format_html(
                "{} ({}), {}",
                floatformat(scores.gain, 2),
                GAIN_BANDS.get(scores.gain_band, ""),
                _translated(
                    gettext("form %(pre)s to form %(post)s"),
                    pre=scores.pre_test_form,
                    post=scores.post_test_form,
                ),
            )
        else:
            gain = format_html(
                "{} {}", gettext("No gain:"), NO_GAIN_REASONS.get(scores.no_gain_reason, "")
            )
        rows.append(
            format_html(
                '<tr><td><a href="{}">{}</a></td><td>{} – {}</td><td class="num">{}</td>'
                '<td class="num">{}{}</td><td class="num">{}{}</td><td>{}</td>'
                '<td class="num">{}</td><td>{}</td></tr>',
                url(event.code),
                event.title,
                event.starts_on.isoformat(),
                event.ends_on.isoformat(),
                number(participation.attendance_percent),
                number(participation.pre_test_score),
                _form_of(scores.pre_test_form),
                number(participation.post_test_score),
                _form_of(scores.post_test_form),
                gain,
                localize(scores.item_responses),
                yes_no[participation.completed],
            )
        )
    return rows


def _translated(text: str, **values) -> SafeString:
    """A translated text with its values put in, as ``{% blocktranslate %}`` writes it:
    the values escaped, the translation as it is."""
    return SafeString(text % {name: escape(value) for name, value in values.items()})


def _form_of(form: str) -> SafeString:
    """What follows a score whose test's form is known: " (form A)"."""
    if not form:
        return SafeString("")
    return format_html(" ({})", _translated(gettext("form %(form)s"), form=form))


def shown_certificates(certificates) -> list[IssuedCertificate]:
    """A record's certificates as its page's certificate table shows them, newest first,
    read once: without each one's snapshot and signed credential, kilobytes of JSON the
    table does not show."""
    return list(certificates.defer("snapshot", "credential"))


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
        context["rows"] = html_rows(_event_row(event, names, url) for event in context["events"])
        return context


def _event_row(event: TrainingEvent, sees_names: bool, url) -> SafeString:
    """A training as a row of the trainings list (:mod:`trainer_registry.pages.html_rows`)."""
    lead = event.lead_trainer.name_latin if sees_names and event.lead_trainer else ""
    return format_html(
        '<tr><th scope="row"><a href="{}">{}</a></th><td>{}</td><td>{}</td><td>{} – {}</td>'
        '<td>{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td></tr>',
        url(event.code),
        event.title,
        event.programme.name,
        country_label(event.country),
        event.starts_on.isoformat(),
        event.ends_on.isoformat(),
        lead or "—",
        event.participants,
        event.women,
        event.men,
    )


# What a training's participant rows show (``_participant_rows``), read as plain rows:
# not the people's contact data and other columns, and no model instances (three a row).
PARTICIPANT_COLUMNS = (
    "person__public_id",
    "person__name_latin",
    "person__name_local",
    "person__language",
    "organisation__name",
    "attendance_percent",
    "pre_test_score",
    "post_test_score",
    "completed",
)


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
        context["certificates"] = shown_certificates(
            event.certificates.filter(people_in_reach(self.access)).select_related("person")
        )
        context["certificate_rows"] = certificate_rows(
            context["certificates"],
            access=self.access,
            show_names=True,
            csrf_token=get_token(self.request),
        )
        # Only the participants in reach: a regional training lists this country's
        # people, not the others'.
        participants = (
            Participation.objects.filter(event=event)
            .filter(people_in_reach(self.access))
            .order_by("person__name_latin", "pk")
            .values_list(*PARTICIPANT_COLUMNS, named=True)
        )
        names = self.access.sees_names
        url = url_of("trainer_registry:person-detail", EXAMPLE_UUID)
        rows = _participant_rows(participants, names, url)
        context["participants"] = len(rows)
        context["participant_rows"] = html_rows(rows)
        return context


def _participant_rows(participants, sees_names: bool, url_of_person) -> list[SafeString]:
    """Participants (rows of ``PARTICIPANT_COLUMNS``) as the rows of a training's page
    (:mod:`trainer_registry.pages.html_rows`)."""
    number = numbers_or_dash()
    completed = {True: yesno(True), False: yesno(False)}
    rows = []
    for row in participants:
        url = url_of_person(row.person__public_id)
        if sees_names:
            name = format_html(
                '<a href="{}">{}</a> <span lang="{}">{}</span>',
                url,
                row.person__name_latin,
                row.person__language,
                row.person__name_local,
            )
        else:
            name = format_html('<a href="{}">{}</a>', url, row.person__public_id)
        rows.append(
            format_html(
                '<tr><th scope="row">{}</th><td>{}</td><td class="num">{}</td>'
                '<td class="num">{}</td><td class="num">{}</td><td>{}</td></tr>',
                name,
                row.organisation__name or "—",
                number(row.attendance_percent),
                number(row.pre_test_score),
                number(row.post_test_score),
                completed[row.completed],
            )
        )
    return rows


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
