"""Staff pages of trainer certification: the certified trainers, certifying a person from
their evidence, suspending, revoking and reinstating with a reason."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.generic import ListView, View

from trainer_registry import audit, tasks
from trainer_registry.access import people_in_reach, visible_events, visible_people
from trainer_registry.certificates import issuing
from trainer_registry.certification import decisions
from trainer_registry.countries import country_label
from trainer_registry.listing.pagination import BoundedPaginator, page_number
from trainer_registry.models import (
    AuditAction,
    CertificationStatus,
    JobKind,
    JobStatus,
    TrainerCertification,
)
from trainer_registry.models.choice_labels import value_label
from trainer_registry.pages.forms import CertifyForm, StatusForm
from trainer_registry.pages.html_rows import EXAMPLE_UUID, format_html, html_rows, url_of
from trainer_registry.pages.staff import StaffMixin

# The fields the list of certified trainers shows (not each certification's evidence,
# read as JSON).
LISTED = (
    "level",
    "status",
    "certified_on",
    "valid_until",
    "person__public_id",
    "person__name_latin",
    "person__country",
)


class TrainerListView(StaffMixin, ListView):
    """The current certifications, newest first: along their index
    (``certification_newest_first``), a page reads its hundred rows and stops, however
    many trainers the registry holds (ordered by the people's country and name, every
    certification was joined and sorted for each page), and counts no further than ten
    pages on. The country is a column; a country manager sees their countries' alone."""

    template_name = "trainer_registry/trainer_list.html"
    context_object_name = "certifications"
    paginate_by = 100

    def get_paginator(self, queryset, per_page, **kwargs):
        number = page_number(self.request.GET.get(self.page_kwarg))
        return BoundedPaginator(
            queryset, per_page, number=number, counted=self._current(), **kwargs
        )

    def _current(self):
        return TrainerCertification.objects.filter(
            people_in_reach(self.access), superseded_by__isnull=True
        )

    def get_queryset(self):
        # The columns a row shows, as plain values (decision 0036).
        return self._current().order_by("-certified_on", "id").values_list(*LISTED, named=True)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        labels = {status.value: str(status.label) for status in CertificationStatus}
        context["rows"] = [
            (c, status, labels[status])
            for c in context["certifications"]
            for status in [decisions.effective_status(c, today)]
        ]
        names = self.access.sees_names
        url = url_of("trainer_registry:person-detail", EXAMPLE_UUID)
        context["row_html"] = html_rows(_trainer_row(*row, names, url) for row in context["rows"])
        return context


def _trainer_row(cert, status: str, status_label: str, sees_names: bool, url) -> SafeString:
    """A certified trainer (a row of ``LISTED``) as a row of the list
    (:mod:`trainer_registry.pages.html_rows`)."""
    return format_html(
        '<tr><th scope="row"><a href="{}">{}</a></th><td>{}</td><td>{}</td><td>{}</td>'
        '<td>{}</td><td><span class="status status-{}">{}</span></td></tr>',
        url(cert.person__public_id),
        cert.person__name_latin if sees_names else cert.person__public_id,
        country_label(cert.person__country),
        value_label(TrainerCertification, "level", cert.level),
        cert.certified_on.isoformat(),
        cert.valid_until.isoformat(),
        status,
        status_label,
    )


class CertifyView(StaffMixin, View):
    """Certify a person if their recorded evidence meets the programme's criteria."""

    def post(self, request, public_id):
        if not self.access.can_change:
            raise PermissionDenied(_("Only administrators and country programme managers certify."))
        person = get_object_or_404(visible_people(self.access), public_id=public_id)
        form = CertifyForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose the programme and the level."))
            return redirect("trainer_registry:person-detail", public_id=public_id)
        try:
            decided = decisions.certify(
                person,
                form.cleaned_data["programme"],
                level=form.cleaned_data["level"],
                decided_by=request.user,
                on=timezone.localdate(),
            )
        except decisions.NotEligible as refusal:
            return render(
                request,
                "trainer_registry/certify_refused.html",
                {"person": person, "unmet": refusal.unmet, "access": self.access},
                status=422,
            )
        audit.record(
            request.user,
            AuditAction.CREATE,
            "trainercertification",
            decided.pk,
            country=person.country,
        )
        messages.success(
            request, _("Certified until %(date)s.") % {"date": decided.valid_until.isoformat()}
        )
        return redirect("trainer_registry:person-detail", public_id=public_id)


class CertificationStatusView(StaffMixin, View):
    def post(self, request, pk):
        if not self.access.can_change:
            raise PermissionDenied(_("Only administrators and country programme managers do this."))
        cert = get_object_or_404(
            TrainerCertification.objects.filter(
                person__in=visible_people(self.access).values("pk")
            ),
            pk=pk,
        )
        form = StatusForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a status."))
        else:
            try:
                issuing.change_certification_status(
                    cert, form.cleaned_data["status"], reason=form.cleaned_data["reason"]
                )
            except ValueError as error:
                messages.error(request, str(error))
            else:
                audit.record(
                    request.user,
                    AuditAction.CHANGE,
                    "trainercertification",
                    cert.pk,
                    country=cert.person.country,
                    status=cert.status,
                    reason=cert.status_reason,
                )
                messages.success(request, _("Certification status changed."))
        return redirect("trainer_registry:person-detail", public_id=cert.person.public_id)


class IssueForEventView(StaffMixin, View):
    """The trainer who led a training issues the certificates of everyone who completed it:
    as a queued job when a broker is configured (the event page then shows its progress
    and result), at once otherwise."""

    def post(self, request, code):
        event = get_object_or_404(visible_events(self.access), code=code)
        if event.lead_trainer_id not in self.access.trainer_person_ids:
            raise PermissionDenied(
                _("Only the trainer who led this training issues its certificates.")
            )
        job = tasks.ask(
            JobKind.ISSUE_EVENT_CERTIFICATES,
            tasks.issue_event_certificates,
            event.pk,
            request.user.pk,
            timezone.localdate().isoformat(),
            subject=event.code,
            requested_by=request.user,
        )
        audit.record(
            request.user,
            AuditAction.CREATE,
            "issuedcertificate",
            event.code,
            country=event.country,
            step="bulk issue",
            job=job.pk,
            issued=job.outcome.get("issued"),
        )
        if job.status == JobStatus.QUEUED:
            messages.success(
                request,
                _(
                    "The certificates are being issued (job %(job)d, queued). This page shows "
                    "the result under “Issuing the certificates” when it is done."
                )
                % {"job": job.pk},
            )
        elif job.status == JobStatus.FAILED:
            messages.error(
                request,
                _("Certificates cannot be issued: %(why)s")
                % {"why": "; ".join(job.outcome["reasons"])},
            )
        else:
            messages.success(
                request, _("%(n)d certificates issued.") % {"n": job.outcome["issued"]}
            )
        return redirect("trainer_registry:event-detail", code=code)
