"""Public pages: the verification page and its JSON twin, and the status lists.

Anyone checks a certificate by its code, and any wallet or verifier fetches the signed
Bitstring Status List that its credential names. No login; at most
``VERIFY_RATE_PER_MINUTE`` look-ups of a code a minute from one address, so that codes
cannot be guessed by trying. The answer names the person and the training, never contact
data. The status lists are public by design (they hold no code and no name) and are read
for every credential a verifier checks, so they are outside that limit: served with an
ETag and a short public cache lifetime, a verifier or a proxy asks again cheaply (304).
"""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponseNotModified, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import parse_etags
from django.utils.translation import gettext as _
from django.views import View

from trainer_registry.certificates import code as verification_code
from trainer_registry.certificates import printing
from trainer_registry.certificates import verification as certificate_verification
from trainer_registry.models import CredentialStatusList, IssuedCertificate


def _over_limit(request) -> bool:
    limit = getattr(settings, "VERIFY_RATE_PER_MINUTE", 60)
    key = f"verify-rate:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, 60)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, 60)
        count = 1
    return count > limit


class VerifyView(View):
    def get(self, request, code: str = ""):
        typed = request.GET.get("code", "")
        if typed and not code:
            try:
                return redirect("trainer_registry:verify", code=verification_code.parse(typed))
            except verification_code.InvalidCode as error:
                return render(
                    request,
                    "trainer_registry/verify.html",
                    {"typed": typed, "error": str(error)},
                    status=400,
                )
        if not code:
            return render(request, "trainer_registry/verify.html", {})
        if _over_limit(request):
            return render(
                request,
                "trainer_registry/verify.html",
                {"error": _("Too many look-ups from this address. Wait a minute and try again.")},
                status=429,
            )
        result = certificate_verification.verify(code, checked_by=request.user)
        status = 200 if result.genuine else 404
        return render(
            request,
            "trainer_registry/verify.html",
            {"result": result, "typed": code},
            status=status,
        )


class VerifyJsonView(View):
    def get(self, request, code: str):
        if _over_limit(request):
            return JsonResponse({"error": "too many look-ups; wait a minute"}, status=429)
        result = certificate_verification.verify(code, checked_by=request.user)
        body = {
            "genuine": result.genuine,
            "valid": result.valid,
            "reason": result.reason,
            **result.details,
        }
        return JsonResponse(
            body, status=200 if result.genuine else 404, json_dumps_params={"ensure_ascii": False}
        )


class StatusListView(View):
    """The signed ``BitstringStatusListCredential`` at its stable address, as JSON."""

    def get(self, request, number: int):
        found = CredentialStatusList.objects.filter(pk=number).first()
        if found is None or found.credential is None:
            raise Http404("no such status list")
        body = json.dumps(found.credential, ensure_ascii=False, sort_keys=True).encode()
        etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
        if etag in parse_etags(request.headers.get("If-None-Match", "")):
            response = HttpResponseNotModified()
        else:
            response = HttpResponse(body, content_type="application/json")
        response["ETag"] = etag
        response["Cache-Control"] = "public, max-age=300"
        response["Access-Control-Allow-Origin"] = "*"
        return response


def _valid_certificate(request, code: str):
    """The certificate with this code if it verifies as genuine and valid, else 404."""
    result = certificate_verification.verify(code, checked_by=request.user)
    if not result.valid:
        raise Http404(result.reason)
    return IssuedCertificate.objects.get(code=result.code)


class VerifyPdfView(View):
    """The certificate's PDF, with its signed credential attached, for a valid code."""

    def get(self, request, code: str):
        if _over_limit(request):
            return JsonResponse({"error": "too many look-ups; wait a minute"}, status=429)
        certificate = _valid_certificate(request, code)
        response = HttpResponse(
            printing.certificate_pdf(certificate), content_type="application/pdf"
        )
        name = printing.pdf_file_name(certificate)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class VerifyCredentialView(View):
    """The certificate's signed Open Badges credential, for a valid code."""

    def get(self, request, code: str):
        if _over_limit(request):
            return JsonResponse({"error": "too many look-ups; wait a minute"}, status=429)
        certificate = _valid_certificate(request, code)
        response = JsonResponse(
            certificate.credential, json_dumps_params={"ensure_ascii": False, "indent": 2}
        )
        response["Content-Disposition"] = (
            f'attachment; filename="certificate-{certificate.code}.json"'
        )
        return response
