"""The audit log for administrators and auditors: filters, readable entries, a CSV copy.

Filters by date, user, action, country, record type and record id narrow both the page
and the CSV export; a country-scoped reader sees the entries of their countries and those
of no country. Reading the log is itself written to it (listed), and an export apart from
a view (exported), with the filters that were used.
"""

from __future__ import annotations

import csv
import re
from datetime import datetime, time, timedelta
from html import escape

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import StreamingHttpResponse
from django.template.loader import render_to_string
from django.urls import NoReverseMatch
from django.urls.converters import SlugConverter, UUIDConverter
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView, View

from trainer_registry import audit
from trainer_registry.audit.presentation import detail_lines, record_label
from trainer_registry.audit.record_types import record_types
from trainer_registry.countries import country_choices, country_label
from trainer_registry.inputs.spreadsheet import safe_row
from trainer_registry.listing.kept_parts import kept_part, site_and_language
from trainer_registry.listing.kept_queries import KeptQuery
from trainer_registry.listing.pagination import BoundedPaginator, page_number
from trainer_registry.local_time import local_time
from trainer_registry.models import AuditAction, AuditEvent
from trainer_registry.models.choice_labels import value_label
from trainer_registry.pages.html_rows import (
    EXAMPLE_SLUG,
    EXAMPLE_UUID,
    MadeOnce,
    html_rows,
    url_of,
)
from trainer_registry.pages.plain_input import PlainDateInput, PlainTextInput
from trainer_registry.pages.plain_select import PlainSelect
from trainer_registry.pages.staff import StaffMixin

CSV_COLUMNS = ("at", "user", "action", "record_type", "record", "record_id", "country", "detail")


class AuditFilterForm(forms.Form):
    since = forms.DateField(
        label=_("From"), required=False, widget=PlainDateInput({"type": "date"})
    )
    until = forms.DateField(label=_("To"), required=False, widget=PlainDateInput({"type": "date"}))
    user = forms.CharField(label=_("User"), required=False, max_length=150, widget=PlainTextInput)
    action = forms.ChoiceField(label=_("Action"), required=False, widget=PlainSelect)
    country = forms.ChoiceField(label=_("Country"), required=False, widget=PlainSelect)
    record = forms.ChoiceField(label=_("Record"), required=False, widget=PlainSelect)
    record_id = forms.CharField(
        label=_("Record id"), required=False, max_length=64, widget=PlainTextInput
    )

    def __init__(self, data, *, countries, record_types):
        super().__init__(data)
        self.fields["action"].choices = [("", _("Any")), *AuditAction.choices]
        in_reach = country_choices(lambda code: countries is None or code in countries)
        self.fields["country"].choices = [("", _("Any")), ("-", _("No country")), *in_reach]
        records = sorted(((t, record_label(t)) for t in record_types), key=lambda pair: pair[1])
        self.fields["record"].choices = [("", _("Any")), *records]

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date is before the start date."))
        return cleaned

    def used(self) -> dict[str, str]:
        """The filters in force, for the trail."""
        if not self.is_valid():
            return {}
        return {k: str(v) for k, v in self.cleaned_data.items() if v not in (None, "")}


def _day_start(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


class AuditEntriesMixin(StaffMixin):
    def filtered(self):
        if not self.access.sees_audit_log:
            raise PermissionDenied("Only administrators and auditors read the audit log.")
        countries = self.access.countries
        entries = _in_reach(countries)
        kinds = tuple(record_types(countries))
        if any(name != "page" for name in self.request.GET):
            self.form = AuditFilterForm(self.request.GET, countries=countries, record_types=kinds)
            self.filters_html = None
        else:
            self.form, self.filters_html = _unbound_filters(*site_and_language(), countries, kinds)
        if self.form.is_bound and self.form.is_valid():
            data = self.form.cleaned_data
            if data["since"]:
                entries = entries.filter(at__gte=_day_start(data["since"]))
            if data["until"]:
                entries = entries.filter(at__lt=_day_start(data["until"] + timedelta(days=1)))
            if data["user"].strip():
                entries = entries.filter(username=data["user"].strip())
            if data["action"]:
                entries = entries.filter(action=data["action"])
            if data["country"]:
                entries = entries.filter(country="" if data["country"] == "-" else data["country"])
            if data["record"]:
                entries = entries.filter(object_type=data["record"])
            if data["record_id"].strip():
                entries = entries.filter(object_id=data["record_id"].strip())
        elif self.form.is_bound:
            entries = entries.none()
        return entries

    @property
    def unfiltered(self) -> bool:
        """Whether the log is shown as it opens: every entry in reach (after ``filtered``)."""
        return not self.form.is_bound or (self.form.is_valid() and not self.form.used())


@kept_part(maxsize=256)
def _unbound_filters(
    urlconf, script_prefix: str, language: str, countries, kinds: tuple[str, ...]
) -> tuple[AuditFilterForm, SafeString]:
    """The filters as the log opens, and their HTML: the same for every reader of the
    same countries (whose record kinds are ``kinds``), language and site, so kept
    (:mod:`trainer_registry.listing.kept_parts`; the form's widgets cost more than the log's rows
    took to read). Unbound, the form holds nothing of a request."""
    form = AuditFilterForm(None, countries=countries, record_types=kinds)
    return form, _filters_html(form)


def _filters_html(form: AuditFilterForm) -> SafeString:
    return SafeString(render_to_string("trainer_registry/audit_filters.html", {"form": form}))


def _in_reach(countries: frozenset[str] | None):
    """The entries a reader of these countries reads (``None``: every country): their
    countries' and those of no country."""
    entries = AuditEvent.objects.all()
    if countries is not None:
        entries = entries.filter(Q(country__in=sorted(countries)) | Q(country=""))
    return entries


# The log as it opens: its pages and its bounded count read by statements kept for each
# reach and page (decision 0037).
_PAGE = KeptQuery(
    lambda *, shape: _in_reach(shape[0]).values_list(*ENTRY_COLUMNS, named=True)[
        shape[1] : shape[1] + shape[2]
    ],
    shaped=True,
)
_IDS = KeptQuery(
    lambda *, shape: (
        _in_reach(shape[0]).order_by().values_list("pk", flat=True)[shape[1] : shape[2]]
    ),
    shaped=True,
)


class _UnfilteredPaginator(BoundedPaginator):
    """The pages of the log as it opens (:data:`_PAGE`), counted as far as
    :class:`BoundedPaginator` counts (:data:`_IDS`): whether an entry lies past the bound
    (one id read there), else the ids up to it (a log shorter than the bound)."""

    def __init__(self, countries: frozenset[str] | None, per_page: int, *, number: int):
        super().__init__((), per_page, number=number)
        self.countries = countries

    @cached_property
    def _counted(self) -> int:
        if _IDS(shape=(self.countries, self.limit, self.limit + 1)):
            return self.limit + 1
        return len(_IDS(shape=(self.countries, 0, self.limit)))

    def page(self, number):
        number = self.validate_number(number)
        offset = (number - 1) * self.per_page
        rows = _PAGE(shape=(self.countries, offset, self.per_page))
        return self._get_page(rows, number, self)


# The records the registry has a page for, by the entry's record type: the page's name
# and the converter of its key (the page itself checks who may open it).
_UUID_KEY, _SLUG_KEY = re.compile(UUIDConverter.regex), re.compile(SlugConverter.regex)
_RECORD_PAGES = {
    "person": ("trainer_registry:person-detail", EXAMPLE_UUID, _UUID_KEY),
    "trainingevent": ("trainer_registry:event-detail", EXAMPLE_SLUG, _SLUG_KEY),
    "followupcampaign": ("trainer_registry:campaign-detail", EXAMPLE_SLUG, _SLUG_KEY),
}
# What the log's rows read of an entry.
ENTRY_COLUMNS = ("at", "username", "action", "object_type", "object_id", "country", "detail")


@kept_part(maxsize=64)
def _record_pages(urlconf, script_prefix: str, language: str) -> tuple[dict, dict]:
    """The address of each kind of record's page (by its key) and its key's pattern,
    reversed once for the site: the kinds the site has a page for."""
    urls, keys = {}, {}
    for record_type, (name, example, key) in _RECORD_PAGES.items():
        try:
            urls[record_type] = url_of(name, example)
        except NoReverseMatch:  # a site without that page
            continue
        keys[record_type] = key
    return urls, keys


class EntryRows:
    """The entries of one page of the log as rows of its table
    (:mod:`trainer_registry.pages.html_rows`): each record page's address reversed once
    a site, and each label, user name and detail label translated and escaped once, for the
    page's language."""

    def __init__(self):
        self._urls, self._keys = _record_pages(*site_and_language())
        self._once = MadeOnce()  # HTML with every text in it escaped, by kind and value
        self._system = _("the system")
        self._zone = timezone.get_current_timezone()

    def record_url(self, object_type: str, object_id: str) -> str:
        """The address of the record's page, or "" when it has none (or no such key)."""
        url = self._urls.get(object_type)
        if url is None or not object_id or not self._keys[object_type].fullmatch(object_id):
            return ""
        return url(object_id)

    def row(self, entry) -> SafeString:
        """One entry (a row of ``ENTRY_COLUMNS``, or an entry) as a row of the table,
        every text in it escaped (as :func:`~trainer_registry.pages.html_rows.format_html`
        escapes: ``html.escape``)."""
        record = self._once("record", entry.object_type, _record_label)
        if entry.object_id:
            url = self.record_url(entry.object_type, entry.object_id)
            key = escape(entry.object_id)
            record += f' <a href="{escape(url)}">{key}</a>' if url else f" <code>{key}</code>"
        details = "".join(
            f"<li>{self._once('detail', label, _detail_label)}{escape(str(text))}</li>"
            for label, text in detail_lines(entry.detail)
        )
        if details:
            details = f'<ul class="details">{details}</ul>'
        # The time is digits, signs and "UTC" (local_time's ISO form): nothing to escape.
        return SafeString(
            f"<tr><td>{local_time(entry.at, zone=self._zone)}</td>"
            f"<td>{self._once('user', entry.username, self._user)}</td>"
            f"<td>{self._once('action', entry.action, _action_label)}</td>"
            f"<td>{record}</td>"
            f"<td>{self._once('country', entry.country, _country_label)}</td>"
            f"<td>{details}</td></tr>"
        )

    def _user(self, username: str) -> str:
        return escape(str(username or self._system))


def _record_label(object_type: str) -> str:
    return escape(record_label(object_type))


def _action_label(action: str) -> str:
    return escape(str(value_label(AuditEvent, "action", action)))


def _country_label(code: str) -> str:
    return escape(str(country_label(code))) if code else ""


def _detail_label(label: str) -> str:
    return f'<span class="detail-label">{escape(str(label))}:</span> ' if label else ""


class AuditLogView(AuditEntriesMixin, ListView):
    template_name = "trainer_registry/audit_log.html"
    context_object_name = "entries"
    paginate_by = 100

    def get_paginator(self, queryset, per_page, **kwargs):
        # The log grows with every page read: its total is counted only as far as ten
        # pages past this one (a count of every entry cost more than the page).
        number = page_number(self.request.GET.get(self.page_kwarg))
        if self.unfiltered:
            return _UnfilteredPaginator(self.access.countries, per_page, number=number)
        return BoundedPaginator(queryset, per_page, number=number, **kwargs)

    def get_queryset(self):
        entries = self.filtered()
        audit.record(self.request.user, AuditAction.LIST, "auditevent", filters=self.form.used())
        return entries.values_list(*ENTRY_COLUMNS, named=True)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = self.form
        context["filters"] = self.filters_html or _filters_html(self.form)
        rows = EntryRows()
        context["rows"] = html_rows(rows.row(entry) for entry in context["entries"])
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query"] = query.urlencode()
        return context


class _Echo:
    def write(self, value):
        return value


class AuditLogCsvView(AuditEntriesMixin, View):
    """The filtered entries as CSV, newest first, streamed: the stored values and the
    readable ones side by side."""

    def get(self, request):
        entries = self.filtered()
        audit.record(
            request.user, AuditAction.EXPORT, "auditevent", format="csv", filters=self.form.used()
        )
        writer = csv.writer(_Echo())

        def rows():
            yield writer.writerow(CSV_COLUMNS)
            for entry in entries.iterator(chunk_size=2000):
                detail = "; ".join(f"{k}: {v}" if k else v for k, v in detail_lines(entry.detail))
                yield writer.writerow(
                    safe_row(
                        (
                            timezone.localtime(entry.at).isoformat(timespec="seconds"),
                            entry.username,
                            entry.action,
                            entry.object_type,
                            record_label(entry.object_type),
                            entry.object_id,
                            entry.country,
                            detail,
                        )
                    )
                )

        response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.csv"'
        return response
