"""The long tables' rows made in Python (decision 0032): a choice's label as Django shows
it, in every language; names escaped as the template escapes them; the numbers in the
reader's format; the campaign row's disposition form posting with its CSRF token; and
the filter forms' selects written as Django's own Select writes them."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django import forms
from django.conf import settings
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

from trainer_registry import audit
from trainer_registry.models import (
    AuditAction,
    AuditEvent,
    CampaignMember,
    Disposition,
    FollowUpCampaign,
    Participation,
    Person,
    Role,
    RoleGrant,
)
from trainer_registry.models.choice_labels import choice_label, value_label
from trainer_registry.pages.audit_log import EntryRows
from trainer_registry.pages.html_rows import (
    EXAMPLE_SLUG,
    html_rows,
    numbers_or_dash,
    url_of,
)
from trainer_registry.pages.html_rows import format_html as rows_format_html
from trainer_registry.pages.html_rows import format_html_join as rows_format_html_join
from trainer_registry.pages.plain_input import PlainDateInput, PlainSearchInput, PlainTextInput
from trainer_registry.pages.plain_select import PlainSelect

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]
TRICKY = '<b>Sok</b> & "Dara"'


@pytest.mark.parametrize("language", LANGUAGES)
def test_choice_label_is_what_get_display_gives(language):
    with translation.override(language):
        for action in [*AuditAction.values, "not-an-action"]:
            entry = AuditEvent(action=action)
            assert choice_label(entry, "action") == entry.get_action_display()
        for code in Disposition.values:
            member = CampaignMember(disposition=code)
            assert choice_label(member, "disposition") == member.get_disposition_display()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_plain_values_label_is_its_records_label(language):
    with translation.override(language):
        for code in [*Disposition.values, "XX"]:
            member = CampaignMember(disposition=code)
            assert value_label(CampaignMember, "disposition", code) == choice_label(
                member, "disposition"
            )


NUMBERS = [
    Decimal("87.50"),
    Decimal("100.00"),
    Decimal("0.05"),
    Decimal("-3.5"),
    Decimal("1E+3"),
    Decimal("1234567.891"),
    2.5,
    1e-7,
    17,
    0,
    Decimal("0.00"),
    None,
    "",
    "text",
    True,
    date(2026, 5, 4),
]


@pytest.mark.parametrize("language", LANGUAGES)
def test_numbers_read_once_a_page_are_what_the_template_writes(language):
    """What ``{{ value|default:"—" }}`` writes: the value localised, or a dash; each
    value as itself when equal values are written otherwise (87.5 and 87.50), and the
    same again when it comes back."""
    with translation.override(language):
        shown = numbers_or_dash()
        for value in [*NUMBERS, Decimal("87.5"), Decimal("2.5"), 2, 2.0, *NUMBERS]:
            assert shown(value) == (localize(value) if value else "—"), value
    with translation.override("vi"):
        assert numbers_or_dash()(Decimal("87.50")) == "87,50"


def test_the_label_follows_the_language():
    entry = AuditEvent(action=AuditAction.VIEW)
    with translation.override("en"):
        english = choice_label(entry, "action")
    with translation.override("vi"):
        vietnamese = choice_label(entry, "action")
    assert english == "viewed"
    assert vietnamese != english


def _rows(html: str, table_class: str = "data") -> str:
    """The body of the page's first table of that class."""
    table = html.split(f'<table class="{table_class}', 1)[1]
    return table.split("<tbody>", 1)[1].split("</tbody>", 1)[0]


def test_names_are_escaped_and_numbers_localised(training, as_role):
    _trainer, event, done, _absent = training
    done.name_latin = TRICKY
    done.save()
    Participation.objects.filter(person=done).update(attendance_percent="87.50")
    client = as_role("manager", Role.REGIONAL_ADMINISTRATOR)
    client.cookies["django_language"] = "vi"
    page = client.get(reverse("trainer_registry:event-detail", args=[event.code]))
    rows = _rows(page.content.decode())
    assert "<b>Sok</b>" not in rows
    assert "&lt;b&gt;Sok&lt;/b&gt; &amp; &quot;Dara&quot;" in rows
    assert ">87,50<" in rows  # the Vietnamese decimal comma
    assert rows.count("<tr>") == 2


def test_trainings_and_trainers_lists(training, as_role):
    trainer, event, _done, _absent = training
    trainer.name_latin = TRICKY
    trainer.save()
    client = as_role("manager", Role.REGIONAL_ADMINISTRATOR)
    trainings = _rows(client.get(reverse("trainer_registry:event-list")).content.decode())
    assert f'href="{reverse("trainer_registry:event-detail", args=[event.code])}"' in trainings
    assert "2026-05-04 – 2026-05-08" in trainings
    assert "&lt;b&gt;Sok&lt;/b&gt;" in trainings and "<b>" not in trainings
    trainers = _rows(client.get(reverse("trainer_registry:trainer-list")).content.decode())
    assert "&lt;b&gt;Sok&lt;/b&gt;" in trainers and "<b>" not in trainers
    assert '<span class="status status-active">' in trainers


@pytest.mark.parametrize(
    ("object_type", "object_id"),
    [
        ("person", "0f6c2b54-9d1e-4c55-a1f3-2b7d8e9a0c11"),
        ("person", "0F6C2B54-9D1E-4C55-A1F3-2B7D8E9A0C11"),  # not the address's form
        ("person", "p-1"),
        ("trainingevent", "ntp-kh-02"),
        ("trainingevent", "ntp kh/02"),
        ("followupcampaign", "kh-ntp-2016"),
        ("followupcampaign", ""),
        ("issuedcertificate", "ABC123"),
    ],
)
def test_an_entrys_link_is_the_one_reverse_gives(object_type, object_id):
    """The log's rows reverse each record page's address once; a key its address would
    refuse gets no link, as reverse() refuses it."""
    pages = {
        "person": ("trainer_registry:person-detail", "public_id"),
        "trainingevent": ("trainer_registry:event-detail", "code"),
        "followupcampaign": ("trainer_registry:campaign-detail", "code"),
    }
    expected = ""
    if object_type in pages and object_id:
        name, key = pages[object_type]
        try:
            expected = reverse(name, kwargs={key: object_id})
        except NoReverseMatch:
            expected = ""
    assert EntryRows().record_url(object_type, object_id) == expected


def test_audit_rows_show_labels_links_and_details(as_role):
    client = as_role("auditor", Role.AUDITOR)
    person = Person.objects.create(name_latin="Keo Bopha", country="KH")
    AuditEvent.objects.create(
        username=TRICKY,
        action=AuditAction.VIEW,
        object_type="person",
        object_id=str(person.public_id),
        country="KH",
        detail={"filters": {"q": "<i>Sok</i>"}},
    )
    rows = _rows(client.get(reverse("trainer_registry:audit-log")).content.decode(), "data audit")
    first = next(row for row in rows.split("</tr>") if "<td>viewed</td>" in row)
    assert "&lt;b&gt;Sok&lt;/b&gt;" in first and "<b>" not in first
    assert "<td>Cambodia</td>" in first
    url = reverse("trainer_registry:person-detail", args=[person.public_id])
    assert f'<a href="{url}">{person.public_id}</a>' in first
    assert "&lt;i&gt;Sok&lt;/i&gt;" in first and '<span class="detail-label">' in first
    # A record without a page of its own: its key as code, escaped; the system's entry.
    audit.record(None, AuditAction.EXPORT, "issuedcertificate", 'A<1>&"', country="VN")
    rows = _rows(client.get(reverse("trainer_registry:audit-log")).content.decode(), "data audit")
    exported = next(row for row in rows.split("</tr>") if "<td>exported</td>" in row)
    assert "<td>certificate <code>A&lt;1&gt;&amp;&quot;</code></td>" in exported
    assert "<td>the system</td>" in exported and "<td>Viet Nam</td>" in exported


def test_a_campaign_row_records_a_disposition_with_its_own_csrf_token(django_user_model):
    user = django_user_model.objects.create_user("manager", password="x-long-password")
    RoleGrant.objects.create(user=user, role=Role.REGIONAL_ADMINISTRATOR)
    campaign = FollowUpCampaign.objects.create(
        code="kh-2026", name="Follow-up", design="census", countries=["KH"]
    )
    person = Person.objects.create(name_latin=TRICKY, country="KH")
    member = CampaignMember.objects.create(
        campaign=campaign, person=person, inclusion_probability=1, base_weight=1
    )
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    page = client.get(
        reverse("trainer_registry:campaign-detail", args=[campaign.code]), {"q": "Sok"}
    )
    row = (
        page.content.decode().split(f'<tr id="person-{person.reference}">', 1)[1].split("</tr>")[0]
    )
    assert "&lt;b&gt;Sok&lt;/b&gt;" in row and "<b>" not in row
    enter = reverse("trainer_registry:campaign-enter-answer", args=[campaign.code, member.pk])
    assert f'href="{enter}?place=q%3DSok"' in row
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', row).group(1)
    place = re.search(r'name="place" value="([^"]*)"', row).group(1)
    assert place == "q=Sok"
    assert '<option value="UH" selected>' in row
    response = client.post(
        reverse("trainer_registry:campaign-member-disposition", args=[campaign.code, member.pk]),
        {"disposition": "R", "place": place, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.disposition == "R"


def test_a_row_not_made_by_format_html_is_refused():
    assert html_rows([format_html("<tr><td>{}</td></tr>", "<i>")]) == "<tr><td>&lt;i&gt;</td></tr>"
    assert html_rows([]) == ""
    with pytest.raises(TypeError, match="format_html"):
        html_rows(["<tr><td><i></td></tr>"])


@pytest.mark.parametrize(
    "value",
    [
        '<b class="x">Tom & Jerry\'s</b>',
        mark_safe("<em>kept</em>"),
        gettext_lazy("Participant"),
        42,
        None,
        date(2026, 5, 9),
        Decimal("83.50"),
    ],
)
def test_the_rows_format_html_writes_what_djangos_writes(value):
    """The rows' ``format_html`` escapes as Django's does: the same text for every kind of
    value a row holds, in positional and named places."""
    fmt = '<tr><td title="{}">{}</td><td>{named}</td></tr>'
    with translation.override("km"):
        ours = rows_format_html(fmt, value, value, named=value)
        djangos = format_html(fmt, value, value, named=value)
    assert ours == djangos and isinstance(ours, SafeString)


def test_the_rows_format_html_join_writes_what_djangos_writes():
    items = [("<a>", 1), (mark_safe("<b>"), None)]
    assert rows_format_html_join(" & ", "<i>{}</i>{}", items) == format_html_join(
        " & ", "<i>{}</i>{}", items
    )
    named = [{"x": "<x>"}, {"x": gettext_lazy("Participant")}]
    assert rows_format_html_join(mark_safe("<br>"), "{x}", named) == format_html_join(
        mark_safe("<br>"),
        "{x}",
        named,
    )
    assert rows_format_html_join(", ", "{}", []) == ""


class _Elements(HTMLParser):
    """A page's elements with their attributes (in any order) and text, whitespace aside."""

    def __init__(self, html: str):
        super().__init__()
        self.items: list = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.items.append((tag, sorted(attrs, key=lambda pair: pair[0])))

    def handle_endtag(self, tag):
        self.items.append(("/" + tag,))

    def handle_data(self, data):
        if data.strip():
            self.items.append(("text", data.strip()))


CHOICES = [("", "Any"), ("x", 'X <&> "quoted"'), ("Group", [("g1", "G1"), ("g2", "G2")])]


@pytest.mark.parametrize("data", [None, {"choice": "g1", "required": "2"}, {"choice": "x"}])
def test_plain_select_writes_what_django_select_writes(data):
    def form(widget):
        class Form(forms.Form):
            choice = forms.ChoiceField(
                choices=CHOICES, required=False, help_text="Help", widget=widget
            )
            required = forms.ChoiceField(
                choices=[("", "---"), ("1", "one"), ("2", "two")],
                widget=widget(attrs={"class": "wide", "data-x": "<y>"}),
            )

        return Form(data)

    django_form, plain_form = form(forms.Select), form(PlainSelect)
    for name in ("choice", "required"):
        expected = _Elements(str(django_form[name])).items
        assert _Elements(str(plain_form[name])).items == expected
        assert len(expected) > 6


def test_the_filter_forms_use_the_plain_select(as_role):
    client = as_role("auditor", Role.AUDITOR)
    form = client.get(reverse("trainer_registry:audit-log")).context["form"]
    assert isinstance(form.fields["action"].widget, PlainSelect)
    assert '<option value="view">viewed</option>' in str(form["action"])


@pytest.mark.parametrize("check", ["*", "~", "$", "=", "U", "7"])
def test_a_certificates_addresses_are_the_ones_reverse_gives(check):
    """The certificate rows put each code in an address reversed once: every symbol a
    code holds, its check symbols included, stands in an address as reverse() writes it."""
    code = "7G4KQ2MD9TZXEB1R" + check
    for name in ("trainer_registry:certificate-pdf", "trainer_registry:certificate-change"):
        assert url_of(name, EXAMPLE_SLUG)(code) == reverse(name, args=[code])


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"day": "2026-05-04", "who": 'Sok <b>&</b> "Dara"', "q": "Phạm", "month": "2026-05"},
        {"day": "not a day", "who": "", "q": "", "month": "13"},
    ],
)
def test_plain_inputs_write_what_djangos_inputs_write(data):
    def form(text, search, day_input):
        class Form(forms.Form):
            day = forms.DateField(
                required=False, help_text="Day", widget=day_input(attrs={"type": "date"})
            )
            who = forms.CharField(max_length=150, widget=text(attrs={"class": "wide"}))
            q = forms.CharField(required=False, widget=search(attrs={"autofocus": True}))
            month = forms.DateField(
                required=False,
                widget=day_input(attrs={"type": "month", "disabled": False}, format="%Y-%m"),
            )

        return Form(data, initial={"month": date(2026, 5, 1)})

    django_form = form(forms.TextInput, forms.SearchInput, forms.DateInput)
    plain_form = form(PlainTextInput, PlainSearchInput, PlainDateInput)
    if data:
        django_form.is_valid()
        plain_form.is_valid()
    for name in ("day", "who", "q", "month"):
        expected = _Elements(str(django_form[name])).items
        assert _Elements(str(plain_form[name])).items == expected, name
        assert expected[0][0] == "input"


def test_the_audit_logs_filters_use_the_plain_inputs(as_role):
    client = as_role("auditor", Role.AUDITOR)
    page = client.get(reverse("trainer_registry:audit-log"), {"user": 'a"b', "since": "2026-01-02"})
    form = page.context["form"]
    assert isinstance(form.fields["since"].widget, PlainDateInput)
    assert isinstance(form.fields["user"].widget, PlainTextInput)
    html = page.content.decode()
    assert '<input type="date" name="since" value="2026-01-02" id="id_since">' in html
    assert '<input type="text" name="user" value="a&quot;b" id="id_user" maxlength="150">' in html
