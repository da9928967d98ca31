"""Requests meet the input policy before any view reads them: the path, every query
parameter and every form field (names and values) must be text the registry accepts
(:mod:`trainer_registry.inputs.text`). A refused request answers 400 with what was wrong
and where, as JSON for the API and JSON addresses, as text otherwise; nothing is read,
written or logged.

The registry's URL module guards each of its views (:func:`guard_patterns`), in the
standalone site and inside Open edX alike; the standalone site also installs
:class:`InputPolicyMiddleware` so that its admin and other pages follow the same policy.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import wraps

from django.http import HttpResponse, JsonResponse, QueryDict
from django.urls import URLPattern, URLResolver
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy

from trainer_registry.inputs.text import ControlCharacter, first_control_character

# Where a value sits, in words; lazy, so that only a refusal spends a translation.
_WHERE = {
    "query": (
        gettext_lazy("the query parameter name {name}"),
        gettext_lazy("the query parameter {name}"),
    ),
    "form": (gettext_lazy("the form field name {name}"), gettext_lazy("the form field {name}")),
}


def _named_values(request) -> Iterator[tuple[str, str]]:
    yield gettext_lazy("the address"), request.path
    for source, data in (("query", request.GET), ("form", _form(request))):
        named, valued = _WHERE[source]
        for name, values in data.lists():
            yield format_lazy(named, name=repr(name)), name
            for value in values:
                yield format_lazy(valued, name=repr(name)), value


def _form(request):
    content_type = request.content_type or ""
    if request.method == "POST" and content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        return request.POST
    return QueryDict()


def refusal(request) -> HttpResponse | None:
    """The 400 answer for a request that breaks the input policy, or None."""
    found = first_control_character(_named_values(request))
    if found is None:
        return None
    return _answer(request, found)


def _answer(request, found: ControlCharacter) -> HttpResponse:
    """The refusal in the reader's language (the locale is chosen before this runs)."""
    message = gettext(
        "The request was refused: %(where)s holds a control character (%(code)s) at "
        "position %(position)s: remove it and send again."
    ) % {"where": found.where, "code": found.code_point, "position": found.position + 1}
    if "/api/" in request.path or request.path.endswith(".json"):
        return JsonResponse({"error": message}, status=400)
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")


def guard(view):
    """``view``, answering 400 to requests that break the input policy."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        return refusal(request) or view(request, *args, **kwargs)

    return guarded


def guard_patterns(patterns: list) -> list:
    """Guard every view of ``patterns`` and of what they include; returns ``patterns``."""
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = guard(pattern.callback)
        elif isinstance(pattern, URLResolver):
            guard_patterns(pattern.url_patterns)
    return patterns


class InputPolicyMiddleware:
    """The input policy for every page of a site (the standalone site installs it)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        return refusal(request) or self.get_response(request)
