"""The public verification page and its JSON twin: anyone checks a certificate by its code.

No login; at most ``VERIFY_RATE_PER_MINUTE`` look-ups a minute from one address, so that
codes cannot be guessed by trying. The answer names the person and the training, never
contact data.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from trainer_registry import certificate_issuing, verification_code


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
        result = certificate_issuing.verify(code)
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
        result = certificate_issuing.verify(code)
        body = {
            "genuine": result.genuine,
            "valid": result.valid,
            "reason": result.reason,
            **result.details,
        }
        return JsonResponse(
            body, status=200 if result.genuine else 404, json_dumps_params={"ensure_ascii": False}
        )
