"""A campaign of hundreds of sampled people: searched, filtered and paged on its page;
recording a disposition returns to the same place with a confirmation; the reminder
schedule is shown; the sample size helper's result starts a new campaign."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone

from tests.trainer_registry.pages.kept_parts_helpers import forms_rendered
from trainer_registry.countries import country_choices
from trainer_registry.followup import campaigns
from trainer_registry.models import (
    AuditEvent,
    CampaignMember,
    FollowUpCampaign,
    Invitation,
    Person,
    Role,
)
from trainer_registry.pages import campaign_members
from trainer_registry.pages.campaign_members import MemberFilterForm

pytestmark = pytest.mark.django_db
CHOICES = country_choices(lambda code: code in {"KH", "VN"})

CODE = "region-2026"


def _campaign(n: int, countries=("KH", "VN"), code=CODE) -> FollowUpCampaign:
    """A campaign of ``n`` sampled people, named Person 001..., alternating countries."""
    campaign = FollowUpCampaign.objects.create(
        code=code, name="Regional follow-up", design="census", countries=list(countries)
    )
    people = Person.objects.bulk_create(
        Person(
            name_latin=f"Person {i:03d}",
            country=countries[i % len(countries)],
            email=f"p{i}@example.org",
        )
        for i in range(1, n + 1)
    )
    CampaignMember.objects.bulk_create(
        CampaignMember(campaign=campaign, person=p, inclusion_probability=1, base_weight=1)
        for p in people
    )
    return campaign


def _detail(client, code=CODE, **query):
    return client.get(reverse("trainer_registry:campaign-detail", args=[code]), query)


def _names(page) -> list[str]:
    return [member.name_latin for member in page.context["members"]]


def test_search_by_name_or_reference(as_role):
    campaign = _campaign(30)
    client = as_role("manager", Role.REGIONAL_ADMINISTRATOR)
    assert _names(_detail(client, q="person 007")) == ["Person 007"]
    wanted = campaign.members.get(person__name_latin="Person 012").person
    found = _detail(client, q=wanted.reference)
    assert _names(found) == ["Person 012"]
    assert f'id="person-{wanted.reference}"' in found.content.decode()
    assert "1 of 30 sampled people match" in found.content.decode()
    assert _names(_detail(client, q="nobody")) == []


def test_an_analyst_searches_by_reference_only(as_role):
    campaign = _campaign(12)
    analyst = as_role("analyst", Role.ME_ANALYST)
    assert _names(_detail(analyst, q="Person 003")) == []  # names are not searched
    person = campaign.members.get(person__name_latin="Person 003").person
    page = _detail(analyst, q=person.reference.lower())
    assert _names(page) == ["Person 003"]
    assert "Person 003" not in page.content.decode()


def test_filters_by_disposition_country_and_answer(as_role, django_user_model):
    campaign = _campaign(40)
    client = as_role("manager", Role.REGIONAL_ADMINISTRATOR)
    refused = list(campaign.members.order_by("pk")[:3])
    CampaignMember.objects.filter(pk__in=[m.pk for m in refused]).update(disposition="R")
    answering = campaign.members.order_by("pk")[10]
    campaigns.record_answers(
        answering,
        campaigns.Answers(consent=True, still_in_role="yes"),
        wave=1,
        channel="phone",
        entered_by=django_user_model.objects.get(username="manager"),
    )
    assert sorted(_names(_detail(client, disposition="R"))) == sorted(
        m.person.name_latin for m in refused
    )
    assert _names(_detail(client, answered="yes")) == [answering.person.name_latin]
    assert len(_names(_detail(client, answered="no"))) == 39
    khmer = _detail(client, country="KH")
    assert len(_names(khmer)) == 20
    assert {m.country for m in khmer.context["members"]} == {"KH"}
    # Filters combine; an invalid value is dropped, not applied.
    assert _names(_detail(client, country="KH", disposition="R")) == ["Person 002"]
    assert len(_names(_detail(client, country="XX", disposition="bogus"))) == 40


def test_the_country_filter_is_offered_only_over_several_countries(as_role):
    _campaign(6, countries=("KH",), code="kh-only")
    _campaign(6, code=CODE)
    kh = as_role("manager-kh", Role.COUNTRY_MANAGER, "KH")
    page = _detail(kh, code="kh-only")
    assert "country" not in page.context["filter_form"].fields
    assert 'name="country"' not in page.content.decode()
    assert _detail(kh, code=CODE).status_code == 404  # Viet Nam is out of reach
    regional = as_role("manager", Role.REGIONAL_ADMINISTRATOR)
    assert 'name="country"' in _detail(regional).content.decode()


def test_the_filters_as_the_list_opens_are_made_once_for_readers_alike(as_role):
    """As the list opens (no filter asked), its filters are the same for every reader of
    the same countries who sees names or not, in the same language: made once and kept,
    the same HTML a form made for the request writes; a filtered list has its own."""
    _campaign(6)
    real = campaign_members.render_to_string

    client = as_role("manager", Role.REGIONAL_ADMINISTRATOR)
    with forms_rendered(campaign_members, "trainer_registry/campaign_filter_fields.html") as made:
        first = _detail(client).content.decode()
        for query in ({}, {"page": "1"}):
            assert 'name="country"' in _detail(client, **query).content.decode()
        assert len(made) <= 1  # none when an earlier test kept the same filters
        fields = MemberFilterForm(QueryDict(""), countries=CHOICES, sees_names=True)
        assert real("trainer_registry/campaign_filter_fields.html", {"form": fields}) in first

        made.clear()
        filtered = _detail(client, disposition="R").content.decode()
        assert len(made) == 1 and made[0].filters() == {"disposition": "R"}
        assert '<option value="R" selected>' in filtered

        made.clear()
        analyst = as_role("analyst", Role.ME_ANALYST)
        assert "Name or reference" not in _detail(analyst).content.decode()
        url = reverse("trainer_registry:campaign-detail", args=[CODE])
        khmer = analyst.get(url, HTTP_ACCEPT_LANGUAGE="km").content.decode()
        filters = khmer.split('role="search"')[1].split("</form>")[0]
        assert '<label for="id_q">លេខយោង</label>' in filters  # "Reference", in Khmer
        assert len(made) <= 2


def test_fifty_to_a_page_with_the_query_kept_in_the_page_links(as_role):
    _campaign(120)
    client = as_role("manager", Role.REGIONAL_ADMINISTRATOR)
    first = _detail(client)
    assert len(_names(first)) == 50 and _names(first)[0] == "Person 001"
    assert len(_names(_detail(client, page=3))) == 20
    assert len(_names(_detail(client, page=99))) == 20  # past the end: the last page
    khmer = _detail(client, country="KH")  # 60 people, two pages
    body = khmer.content.decode()
    next_link = re.search(r'<a href="([^"]+)" rel="next">', body).group(1)
    assert next_link == f"/registry/followup/{CODE}/?country=KH&amp;page=2#people"
    second = client.get(next_link.replace("&amp;", "&").split("#")[0])
    assert len(_names(second)) == 10
    assert {m.country for m in second.context["members"]} == {"KH"}
    assert "Page 2 of 2" in second.content.decode()
    assert 'rel="prev"' in second.content.decode()
    # Each row's form carries its place, so recording returns to it.
    assert 'name="place" value="country=KH&amp;page=2"' in second.content.decode()


def test_recording_returns_to_the_same_place_with_a_confirmation(as_role):
    campaign = _campaign(120)
    client = as_role("manager", Role.REGIONAL_ADMINISTRATOR)
    member = campaign.members.get(person__name_latin="Person 110")
    url = reverse("trainer_registry:campaign-member-disposition", args=[CODE, member.pk])
    audited = AuditEvent.objects.filter(object_type="campaignmember").count()

    response = client.post(url, {"disposition": "R", "place": "country=KH&page=2&q=Person"})
    reference = member.person.reference
    assert response.status_code == 302
    assert response["Location"] == (
        f"/registry/followup/{CODE}/?q=Person&country=KH&page=2#person-{reference}"
    )
    member.refresh_from_db()
    assert member.disposition == "R"
    assert AuditEvent.objects.filter(object_type="campaignmember").count() == audited + 1

    page = client.get(response["Location"])
    body = page.content.decode()
    status = re.search(r'<div role="status">(.*?)</div>', body, re.S).group(1)
    assert f"Recorded for Person 110 ({reference}): Refusal." in status
    assert f'id="person-{reference}"' in body  # the row is on the page returned to

    # A place that is not valid is dropped; a refused disposition keeps the place too.
    bad = client.post(url, {"disposition": "I", "place": "country=XX&page=abc&evil=1"})
    assert bad["Location"] == f"/registry/followup/{CODE}/#person-{reference}"
    member.refresh_from_db()
    assert member.disposition == "R"
    assert AuditEvent.objects.filter(object_type="campaignmember").count() == audited + 1


def test_entering_answers_returns_to_the_same_place(as_role):
    """The "Enter answers" link of a row carries the list's place (filters and page); the
    answers' form keeps it, and recording them returns to it, at the person's row."""
    campaign = _campaign(120)
    client = as_role("manager", Role.REGIONAL_ADMINISTRATOR)
    member = campaign.members.get(person__name_latin="Person 110")
    enter = reverse("trainer_registry:campaign-enter-answer", args=[CODE, member.pk])
    listed = _detail(client, country="KH", page=2).content.decode()
    link = f'href="{enter}?place=country%3DKH%26page%3D2"'
    assert link in listed

    form = client.get(enter, {"place": "country=KH&page=2"}).content.decode()
    assert 'name="place" value="country=KH&amp;page=2"' in form
    reference = member.person.reference
    back = f"/registry/followup/{CODE}/?country=KH&amp;page=2#person-{reference}"
    assert f'href="{back}"' in form

    answers = {"channel": "phone", "consent": "on", "still_in_role": "yes"}
    done = client.post(enter, {**answers, "place": "country=KH&page=2"})
    assert done.status_code == 302
    assert done["Location"] == back.replace("&amp;", "&")
    assert member.responses.count() == 1


def test_the_page_says_when_reminders_fall_due(as_role, mailoutbox):
    _campaign(8)
    client = as_role("manager", Role.REGIONAL_ADMINISTRATOR)
    client.post(reverse("trainer_registry:campaign-invite", args=[CODE]))
    assert len(mailoutbox) == 8
    due_on = formats.date_format(timezone.localdate() + timedelta(days=14), "DATE_FORMAT")
    body = _detail(client).content.decode()
    schedule = re.search(r'<dd id="reminder-schedule">(.*?)</dd>', body, re.S).group(1)
    assert "No reminder due now" in schedule
    assert f"Next: 8 on {due_on}." in schedule
    assert "14 days after an emailed invitation" in schedule

    # Three invitations went out twenty days ago: due now; the others fall due later.
    early = Invitation.objects.order_by("pk")[:3]
    Invitation.objects.filter(pk__in=[i.pk for i in early]).update(
        sent_at=timezone.now() - timedelta(days=20)
    )
    body = _detail(client).content.decode()
    assert "3 reminders due now" in body
    assert f"Next: 5 on {due_on}." in body

    sent = client.post(reverse("trainer_registry:campaign-remind", args=[CODE]), follow=True)
    assert len(mailoutbox) == 8 + 3
    message = re.search(r'<div role="status">(.*?)</div>', sent.content.decode(), re.S).group(1)
    assert "3 reminders sent." in message
    # The three just reminded fall due again fourteen days from now, with the other five.
    assert f"The next 8 reminders fall due on {due_on}." in message


def test_rates_say_when_e_cannot_be_estimated(as_role):
    _campaign(5)
    client = as_role("manager", Role.REGIONAL_ADMINISTRATOR)
    body = _detail(client).content.decode()
    assert "e = <" not in body and "e =  " not in body
    assert "is not estimated yet" in body


def test_query_count_does_not_grow_with_the_people_on_a_page(as_role, django_user_model):
    client = as_role("manager", Role.REGIONAL_ADMINISTRATOR)
    counts = []
    for code, n in (("small", 10), ("large", 60)):
        campaign = _campaign(n, code=code)
        client.post(reverse("trainer_registry:campaign-invite", args=[code]))
        member = campaign.members.order_by("pk").first()
        campaigns.record_answers(
            member,
            campaigns.Answers(consent=True, still_in_role="yes"),
            wave=1,
            channel="phone",
            entered_by=django_user_model.objects.get(username="manager"),
        )
        with CaptureQueriesContext(connection) as queries:
            page = _detail(client, code=code)
        assert len(_names(page)) == min(n, 50)
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_list_reads_what_its_rows_show_and_no_answers_contents(as_role, django_user_model):
    """A row shows the person, their invitations' channels and waves, their answers'
    days and channels: the page reads those, not the answers' contents, the people's
    contact data or the invitations' token hashes (personal data it does not show)."""
    client = as_role("manager", Role.REGIONAL_ADMINISTRATOR)
    campaign = _campaign(12)
    client.post(reverse("trainer_registry:campaign-invite", args=[CODE]))
    member = campaign.members.order_by("pk").first()
    campaigns.record_answers(
        member,
        campaigns.Answers(consent=True, still_in_role="yes", examples="A case in Poipet"),
        wave=1,
        channel="phone",
        entered_by=django_user_model.objects.get(username="manager"),
    )
    with CaptureQueriesContext(connection) as queries:
        page = _detail(client)
    html = page.content.decode()
    row = html.split(f'id="person-{member.person.reference}"', 1)[1].split("</tr>", 1)[0]
    day = timezone.localdate(member.responses.get().submitted_at).isoformat()
    assert f"{day} (" in row  # the answer's day and channel
    assert "A case in Poipet" not in html
    statements = " ".join(query["sql"] for query in queries.captured_queries)
    unshown = {
        "followupresponse": ("examples", "support_needed", "still_in_role", "current_role"),
        "person": ("email", "phone"),
        "invitation": ("token_hash",),
    }
    for table, columns in unshown.items():
        for column in columns:
            assert f'"trainer_registry_{table}"."{column}"' not in statements, (table, column)


def test_sample_size_shows_e_and_starts_a_new_campaign(as_role):
    client = as_role("manager-kh", Role.COUNTRY_MANAGER, "KH")
    helper = reverse("trainer_registry:sample-size")
    page = client.get(helper, {"proportion": "0.5", "margin": "", "confidence": "0.95"})
    body = page.content.decode()
    assert '<dd data-value="e">0.05</dd>' in body  # the default, never blank
    assert "/ 0.05²" in body
    invite = page.context["size"].invite
    link = re.search(r'id="use-sample-size" href="([^"]+)"', body).group(1).replace("&amp;", "&")
    assert f"sample_size={invite}" in link and "design=simple_random" in link

    form = client.get(link).context["form"]
    assert form.initial["sample_size"] == invite
    assert form.initial["design"] == "simple_random"
    # Values the form refuses are not carried in.
    create = reverse("trainer_registry:campaign-create")
    refused = client.get(create, {"sample_size": "-5", "countries": "VN", "seed": "7"})
    assert not {"sample_size", "countries", "seed"} & set(refused.context["form"].initial)


def test_the_helper_answers_for_its_defaults_before_anything_is_asked(as_role):
    analyst = as_role("analyst", Role.ME_ANALYST)
    page = analyst.get(reverse("trainer_registry:sample-size"))
    body = page.content.decode()
    assert page.context["size"].invite == 385  # p 0.5, e 0.05, 95 %
    assert '<dd data-value="e">0.05</dd>' in body
    assert "use-sample-size" not in body  # an analyst does not set up campaigns


def test_sample_size_from_a_campaign_carries_its_population(as_role):
    campaign = _campaign(6, countries=("KH",), code="kh-only")
    campaign.trained_from = timezone.localdate().replace(year=2020, month=1, day=1)
    campaign.save()
    client = as_role("manager-kh", Role.COUNTRY_MANAGER, "KH")
    helper = reverse("trainer_registry:sample-size")
    page = client.get(helper, {"campaign": "kh-only", "population": "400"})
    link = re.search(r'id="use-sample-size" href="([^"]+)"', page.content.decode()).group(1)
    form = client.get(link.replace("&amp;", "&")).context["form"]
    assert form.initial["countries"] == ["KH"]
    assert str(form.initial["trained_from"]) == "2020-01-01"
    assert form.initial["sample_size"] == page.context["size"].invite


@pytest.mark.parametrize("role", [Role.REGIONAL_ADMINISTRATOR, Role.ME_ANALYST])
def test_the_list_as_it_opens_pages_as_the_filtered_list_does(as_role, role):
    """The list without filters reads each page with a kept statement and takes its count
    from the dispositions' (decision 0037): its pages hold everyone sampled, once, in
    the order of names (of references, for who sees no names); past the last page, the
    last page; no count of its own."""
    _campaign(120)
    client = as_role("reader", role)
    shown = []
    for number, expected in (("1", 1), ("2", 2), ("3", 3), ("9", 3)):
        opened = _detail(client, page=number)
        page = opened.context["page_obj"]
        assert (page.number, page.paginator.count, page.paginator.num_pages) == (expected, 120, 3)
        if number != "9":
            shown += [m.pk for m in opened.context["members"]]
    order = ("person__name_latin", "pk")
    if role == Role.ME_ANALYST:
        order = ("person__public_id", "pk")
    everyone = CampaignMember.objects.filter(campaign__code=CODE).order_by(*order)
    assert shown == list(everyone.values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as statements:
        _detail(client, page="2")
    counts = [
        q["sql"]
        for q in statements.captured_queries
        if "COUNT(*)" in q["sql"] and "campaignmember" in q["sql"]
    ]
    assert counts == []
