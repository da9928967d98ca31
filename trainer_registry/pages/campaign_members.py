"""The sampled people on a campaign's page: searched by name or reference, filtered by
disposition, country and whether they answered, fifty to a page; and the place in that
list (its validated query and the person's row) that recording a disposition returns to.

Names are searched only by users who see names; everyone may search by the six-character
reference (:attr:`Person.reference`), the start of the pseudonymous id they see."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy

from trainer_registry.access import Access, by_name_or_id
from trainer_registry.countries import country_choices
from trainer_registry.listing.kept_parts import kept_part, site_and_language
from trainer_registry.listing.kept_queries import Ids, KeptQuery
from trainer_registry.listing.name_search import name_condition
from trainer_registry.models import (
    CampaignMember,
    Disposition,
    FollowUpCampaign,
    FollowUpResponse,
    Invitation,
)
from trainer_registry.models.people import reference_of
from trainer_registry.pages.plain_input import PlainSearchInput
from trainer_registry.pages.plain_select import PlainSelect

PER_PAGE = 50
FILTERS = ("q", "disposition", "country", "answered")
# A reference, or the start of a pseudonymous id: hexadecimal digits, dashes allowed.
_HEX = re.compile(r"^[0-9a-fA-F-]{2,36}$")


class MemberFilterForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Name or reference"),
        required=False,
        max_length=100,
        strip=True,
        widget=PlainSearchInput,
    )
    disposition = forms.ChoiceField(
        label=gettext_lazy("Disposition"), required=False, widget=PlainSelect
    )
    country = forms.ChoiceField(label=gettext_lazy("Country"), required=False, widget=PlainSelect)
    answered = forms.ChoiceField(
        label=gettext_lazy("Answered"),
        required=False,
        choices=[
            ("", gettext_lazy("Everyone")),
            ("yes", gettext_lazy("Answered")),
            ("no", gettext_lazy("Not answered yet")),
        ],
        widget=PlainSelect,
    )

    def __init__(self, data, *, countries: list[tuple[str, str]], sees_names: bool):
        """``countries``: the campaign's countries the reader reaches, as choices
        (:func:`campaign_countries`); ``sees_names``: whether the reader sees names."""
        super().__init__(data)
        self.fields["disposition"].choices = [
            ("", gettext_lazy("Any disposition")),
            *((code, f"{code} · {label}") for code, label in Disposition.choices),
        ]
        self.fields["country"].choices = [("", gettext_lazy("Every country")), *countries]
        if len(countries) < 2:
            del self.fields["country"]
        if not sees_names:
            self.fields["q"].label = gettext_lazy("Reference")

    @classmethod
    def of(cls, data, campaign: FollowUpCampaign, access: Access) -> MemberFilterForm:
        """The form for ``data``, for a reader of ``campaign`` with ``access``, checked."""
        form = cls(
            data, countries=campaign_countries(campaign, access), sees_names=access.sees_names
        )
        form.is_valid()
        return form

    def filters(self) -> dict[str, str]:
        """The valid, non-empty filters (an invalid one is dropped, not applied)."""
        return {
            name: self.cleaned_data[name]
            for name in FILTERS
            if name in self.fields and name not in self.errors and self.cleaned_data.get(name)
        }


def campaign_countries(campaign: FollowUpCampaign, access: Access) -> list[tuple[str, str]]:
    """The campaign's countries the user reaches, as choices."""
    reached = set(campaign.countries or ())
    return [
        (code, label) for code, label in country_choices(access.reaches_country) if code in reached
    ]


# What a row of the list shows of a sampled person (:mod:`trainer_registry.pages.campaign_rows`).
MEMBER_COLUMNS = ("pk", "disposition", "person__public_id", "person__name_latin", "person__country")


@dataclass(frozen=True)
class ListedMember:
    """A sampled person as a row of the list shows them: read as plain values, with their
    invitations ``(wave, channel)`` and answers ``(submitted_at, channel)`` by wave."""

    pk: int
    disposition: str
    public_id: UUID
    name_latin: str
    country: str
    invitations: tuple[tuple[int, str], ...]
    answers: tuple[tuple[datetime, str], ...]

    @property
    def reference(self) -> str:
        return reference_of(self.public_id)


def members(campaign: FollowUpCampaign, filters: Mapping[str, str], access: Access) -> QuerySet:
    """The campaign's sampled people matching ``filters``, in a stable order, as rows of
    ``MEMBER_COLUMNS`` (:func:`listed` adds what else a row shows)."""
    rows = campaign.members.all()
    if query := filters.get("q"):
        match = (
            Q(person__public_id__istartswith=query.replace("-", "")) if _HEX.match(query) else Q()
        )
        if access.sees_names:
            match |= name_condition(query, "person__")
        rows = rows.filter(match) if match else rows.none()
    if disposition := filters.get("disposition"):
        rows = rows.filter(disposition=disposition)
    if country := filters.get("country"):
        rows = rows.filter(person__country=country)
    if answered := filters.get("answered"):
        has_answered = Exists(FollowUpResponse.objects.filter(member=OuterRef("pk")))
        rows = rows.filter(has_answered if answered == "yes" else ~has_answered)
    return _in_order(rows, access.sees_names)


def _in_order(rows: QuerySet, sees_names: bool) -> QuerySet:
    order = by_name_or_id(sees_names, "person__", then="pk")
    return rows.order_by(*order).values_list(*MEMBER_COLUMNS, named=True)


# A page of the list without filters (the list as it opens): a statement kept for each
# order and page (decision 0037).
_EVERYONE = KeptQuery(
    lambda campaign_id, *, shape: _in_order(
        CampaignMember.objects.filter(campaign_id=campaign_id), shape[0]
    )[shape[1] : shape[1] + PER_PAGE],
    int,
    shaped=True,
)


class _EveryonePaginator(Paginator):
    """The list without filters: everyone sampled, as many as the caller counted, each
    page read by its kept statement."""

    def __init__(self, campaign_id: int, sees_names: bool, sampled: int):
        super().__init__((), PER_PAGE)
        self.campaign_id, self.sees_names = campaign_id, sees_names
        self.__dict__["count"] = sampled  # Paginator.count is a cached property

    def page(self, number):
        number = self.validate_number(number)
        offset = (number - 1) * self.per_page
        rows = _EVERYONE(self.campaign_id, shape=(self.sees_names, offset))
        return self._get_page(rows, number, self)


def listed(rows: Iterable) -> list[ListedMember]:
    """Rows of :func:`members` (a page: at most ``PER_PAGE``) with their invitations and
    answers, in two kept statements whatever their number (decision 0037; plain values:
    no record is made for a row's cells)."""
    rows = list(rows)
    ids = [row.pk for row in rows]
    invitations, answers = _by_member(_INVITATIONS, ids), _by_member(_ANSWERS, ids)
    return [
        ListedMember(
            pk=row.pk,
            disposition=row.disposition,
            public_id=row.person__public_id,
            name_latin=row.person__name_latin,
            country=row.person__country,
            invitations=tuple(invitations[row.pk]),
            answers=tuple(answers[row.pk]),
        )
        for row in rows
    ]


def _by_wave(model, *columns: str) -> KeptQuery:
    """The ``columns`` of the listed members' ``model`` records, by member and wave."""
    return KeptQuery(
        lambda ids: (
            model.objects.filter(member_id__in=ids)
            .order_by("member_id", "wave")
            .values_list("member_id", *columns)
        ),
        Ids(PER_PAGE),
    )


# Each listed member's invitations (wave, channel) and answers (day, channel).
_INVITATIONS = _by_wave(Invitation, "wave", "channel")
_ANSWERS = _by_wave(FollowUpResponse, "submitted_at", "channel")


def _by_member(records: KeptQuery, ids: list[int]) -> defaultdict[int, list[tuple]]:
    """The records' columns of each member of ``ids``."""
    found = defaultdict(list)
    for member, *values in records(ids) if ids else ():
        found[member].append(tuple(values))
    return found


def _page_number(data: Mapping[str, str]) -> int:
    value = str(data.get("page", "")).strip()
    return int(value) if value.isdigit() and 0 < len(value) < 7 else 1


def page_of(
    campaign: FollowUpCampaign,
    data: Mapping[str, str],
    access: Access,
    *,
    sampled: int | None = None,
):
    """The filter form with its fields' HTML (:func:`filter_form`), its valid filters and
    the page of people asked for (the last page when the number is past it), its people
    as :class:`ListedMember`. ``sampled``: how many people the campaign sampled, when the
    caller has counted them (the list without filters holds them all: it is not counted
    again)."""
    form, fields_html = filter_form(campaign, data, access)
    filters = form.filters()
    if not filters and sampled is not None:
        paginator = _EveryonePaginator(campaign.pk, access.sees_names, sampled)
    else:
        paginator = Paginator(members(campaign, filters, access), PER_PAGE)
    page = paginator.get_page(_page_number(data))
    page.object_list = listed(page.object_list)
    return form, fields_html, filters, page


def filter_form(
    campaign: FollowUpCampaign, data: Mapping[str, str], access: Access
) -> tuple[MemberFilterForm, SafeString]:
    """The filter form for ``data``, checked, and its fields' HTML. As the list opens (no
    filter in the query), both are the same for every reader who reaches the same of the
    campaign's countries and sees names or not, in the same language and site: made once
    and kept (:mod:`trainer_registry.listing.kept_parts`)."""
    if any(name in data for name in FILTERS):
        form = MemberFilterForm.of(data, campaign, access)
        return form, _fields_html(form)
    countries = tuple(code for code, _label in campaign_countries(campaign, access))
    return _unfiltered_form(*site_and_language(), countries, access.sees_names)


@kept_part(maxsize=256)
def _unfiltered_form(
    urlconf, script_prefix: str, language: str, countries: tuple[str, ...], sees_names: bool
) -> tuple[MemberFilterForm, SafeString]:
    choices = country_choices(lambda code: code in countries)
    form = MemberFilterForm(QueryDict(""), countries=choices, sees_names=sees_names)
    form.is_valid()
    return form, _fields_html(form)


def _fields_html(form: MemberFilterForm) -> SafeString:
    return SafeString(
        render_to_string("trainer_registry/campaign_filter_fields.html", {"form": form})
    )


def query(filters: Mapping[str, str], page: int | None = None) -> str:
    """The query string of a place in the list: its filters, and its page beyond the first."""
    return urlencode({**filters, **({"page": page} if page and page > 1 else {})})


def place_url(
    campaign: FollowUpCampaign, filters: Mapping[str, str], page: Page | int, anchor: str = ""
) -> str:
    """The campaign's page at that place in the list, scrolled to ``anchor``."""
    number = page.number if isinstance(page, Page) else page
    url = reverse("trainer_registry:campaign-detail", args=[campaign.code])
    if text := query(filters, number):
        url += f"?{text}"
    return url + (f"#{anchor}" if anchor else "")


def row_anchor(person) -> str:
    return f"person-{person.reference}"


def back_to_row(campaign: FollowUpCampaign, place: str, access: Access, person) -> str:
    """The campaign's page at the place a form sent back (``place``: the list's query
    string; filters that do not validate are dropped), scrolled to ``person``'s row."""
    data = QueryDict(place)
    form = MemberFilterForm.of(data, campaign, access)
    return place_url(campaign, form.filters(), _page_number(data), row_anchor(person))
