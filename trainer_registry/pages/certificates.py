"""Staff pages for issued certificates: the PDF of any certificate the user may see; the
programme's trainer certificates; revocation and reissue."""

from __future__ import annotations

import io
import zipfile

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from trainer_registry import audit
from trainer_registry.access import visible_events, visible_people
from trainer_registry.certificates import issuing, printing
from trainer_registry.models import AuditAction, IssuedCertificate, TrainerCertification
from trainer_registry.pages.staff import StaffMixin


def _printable(access):
    """The certificates whose PDF ``access`` may download: those of the people in reach,
    and none for who sees no names (the PDF prints them)."""
    if not access.sees_names:
        raise Http404
    return IssuedCertificate.objects.filter(person__in=visible_people(access).values("pk"))


class CertificatePdfView(StaffMixin, View):
    """A certificate's PDF (any status: staff reprint or check what was issued). It prints
    the names, so it is absent, like an out-of-scope certificate, for who sees no names."""

    def get(self, request, code: str):
        certificate = get_object_or_404(_printable(self.access), code=code)
        response = HttpResponse(
            printing.certificate_pdf(certificate), content_type="application/pdf"
        )
        name = printing.pdf_file_name(certificate)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        audit.record(
            request.user,
            AuditAction.EXPORT,
            "issuedcertificate",
            certificate.code,
            country=certificate.person.country,
            step="pdf",
        )
        return response


class EventCertificatesZipView(StaffMixin, View):
    """Every certificate issued for one training, a PDF each in one ZIP file: what a
    trainer prints or sends after issuing. Certificates of people outside the user's
    reach are left out; for who sees no names there is none, as for one PDF."""

    def get(self, request, code: str):
        printable = _printable(self.access)
        event = get_object_or_404(visible_events(self.access), code=code)
        certificates = list(
            printable.filter(event=event)
            .select_related("person", "event", "issued_by")
            .order_by("person__name_latin", "code")
        )
        if not certificates:
            raise Http404(_("No certificate has been issued for this training yet."))
        archive = io.BytesIO()
        with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_STORED) as files:
            # PDFs are compressed already: stored, they unpack on any phone at once.
            for certificate in certificates:
                files.writestr(
                    printing.pdf_file_name(certificate), printing.certificate_pdf(certificate)
                )
        response = HttpResponse(archive.getvalue(), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="certificates-{event.code}.zip"'
        audit.record(
            request.user,
            AuditAction.EXPORT,
            "trainingevent",
            event.code,
            country=event.country,
            step="certificates-zip",
            certificates=len(certificates),
        )
        return response


def _changeable(view: StaffMixin) -> None:
    if not view.access.can_change:
        raise PermissionDenied(_("Only administrators and country programme managers do this."))


class IssueTrainerCertificateView(StaffMixin, View):
    """The programme issues a certified trainer's certificate (an Open Badges
    ``Certification``, valid until the certification ends)."""

    def post(self, request, pk: int):
        _changeable(self)
        held = get_object_or_404(
            TrainerCertification.objects.filter(
                person__in=visible_people(self.access).values("pk")
            ),
            pk=pk,
        )
        try:
            issuing.issue_for_trainer(held, on=timezone.localdate(), recorded_by=request.user)
        except issuing.NotAllowed as refusal:
            messages.error(
                request,
                _("The certificate cannot be issued: %(why)s")
                % {"why": "; ".join(refusal.reasons)},
            )
        else:
            messages.success(request, _("Trainer certificate issued."))
        return redirect("trainer_registry:person-detail", public_id=held.person.public_id)


class CertificateChangeForm(forms.Form):
    action = forms.ChoiceField(choices=[("revoke", "revoke"), ("reissue", "reissue")])
    reason = forms.CharField(required=False, max_length=2000)


class CertificateChangeView(StaffMixin, View):
    """Revoke a certificate (with the reason), or reissue it after a name correction."""

    def post(self, request, code: str):
        _changeable(self)
        certificate = get_object_or_404(
            IssuedCertificate.objects.filter(person__in=visible_people(self.access).values("pk")),
            code=code,
        )
        form = CertificateChangeForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose to revoke or to reissue."))
        else:
            try:
                if form.cleaned_data["action"] == "revoke":
                    issuing.revoke(
                        certificate, reason=form.cleaned_data["reason"], recorded_by=request.user
                    )
                    messages.success(request, _("Certificate revoked."))
                else:
                    issuing.reissue(certificate, on=timezone.localdate(), recorded_by=request.user)
                    messages.success(request, _("Certificate reissued; the old one is superseded."))
            except ValueError as error:
                messages.error(request, str(error))
        return redirect("trainer_registry:person-detail", public_id=certificate.person.public_id)
