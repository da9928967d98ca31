"""What the analytics pages show before the reader chooses anything, and how they show it:
the latest follow-up campaign (said on the page; all campaigns pooled on request), every
share as a percentage with one decimal, trainers by name to those who may see names and by
a short pseudonym of their own to M&E analysts, and today as the cascade's date."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from html import unescape

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from trainer_registry.access import access_for
from trainer_registry.analytics.cascade_records import cascade_records
from trainer_registry.analytics.pseudonym import pseudonym
from trainer_registry.attrition.cascade import cascade
from trainer_registry.demo import activity, generator, loader
from trainer_registry.followup import campaigns
from trainer_registry.models import (
    FollowUpCampaign,
    FollowUpResponse,
    Person,
    Programme,
    Role,
    RoleGrant,
)
from trainer_registry.pages.analytics_filters import CAMPAIGNS_LISTED
from trainer_registry.templatetags.registry_percent import percent, percent_range

pytestmark = pytest.mark.django_db

ON = "2014-12-31"  # the demo's national trainers are certified and active then


@pytest.fixture
def registry():
    loader.load(generator.generate(seed=23))
    activity.certify_trainers(23)
    activity.certify_national_trainers(23)
    activity.run_follow_up(23)  # kh-ntp-2016, drawn on 2016-06-01


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9)))


def _campaign(code: str, drawn: date | None) -> FollowUpCampaign:
    campaign = FollowUpCampaign.objects.create(
        code=code, name=f"Follow-up {code}", design="census", countries=["KH"]
    )
    campaign.programmes.set(Programme.objects.filter(code="ntp-kh"))
    if drawn:
        campaigns.draw_sample(campaign, now=_moment(drawn))
    return campaign


@pytest.fixture
def later_campaigns(registry):
    """A 2026 sample where the twelve who answered all left the role; then, created after
    it, a campaign drawn in 2012 and one not drawn yet: neither is the latest by date."""
    recent = _campaign("kh-ntp-2026", date(2026, 1, 15))
    for member in recent.members.order_by("pk")[:12]:
        campaigns.issue_invitation(member, channel="email", now=_moment(date(2026, 1, 15)))
        answers = campaigns.Answers(
            consent=True,
            still_in_role="no",
            left_role_on=date(2020, 1, 1),
            leaving_reason="retired",
        )
        campaigns.record_answers(
            member, answers, wave=1, channel="web", entered_by=None, now=_moment(date(2026, 2, 1))
        )
    _campaign("kh-ntp-2012", date(2012, 3, 1))
    _campaign("kh-draft", None)
    return recent


@pytest.fixture
def login(client, django_user_model):
    def as_role(name, role, country=""):
        user = django_user_model.objects.create_user(name, password="x-long-password")
        RoleGrant.objects.create(user=user, role=role, country=country)
        client.force_login(user)
        return client, user

    return as_role


def url(page, **query):
    address = reverse(f"trainer_registry:{page}")
    return address + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def get(client, page, **query) -> str:
    response = client.get(url(page, **query))
    assert response.status_code == 200, response.content[-2000:]
    return re.sub(r"\s+", " ", unescape(response.content.decode()))


def figure(html: str, name: str) -> str:
    value = re.search(rf'data-figure="{name}"[^>]*>(.*?)</(?:td|dd|span)>', html).group(1)
    return re.sub(r"<[^>]+>", "", value).strip()


def note(html: str) -> str:
    return re.search(r'<p class="campaign-shown" id="campaign-shown"[^>]*>(.*?)</p>', html).group(1)


def respondents(code: str) -> int:
    return FollowUpResponse.objects.filter(member__campaign__code=code, consent=True).count()


def test_follow_up_pages_show_the_latest_campaign_by_its_date_and_say_so(later_campaigns, login):
    client, _ = login("analyst", Role.ME_ANALYST)
    html = get(client, "analytics-attrition")
    said = note(html)
    assert "latest follow-up campaign" in said and "kh-ntp-2026" in said and "2026-01-15" in said
    assert re.search(r'<option value="kh-ntp-2026" selected>', html)
    assert figure(html, "respondents") == "12" == str(respondents("kh-ntp-2026"))
    assert figure(html, "share") == "100.0 %"  # the twelve left; 2016's share is far lower
    assert re.findall(r'<tr data-campaign="([^"]+)"', html) == ["kh-ntp-2026"]
    # The retention page too, and a link without the campaign (an old bookmark).
    retention = get(client, "analytics-retention")
    assert "kh-ntp-2026" in note(retention)
    members = later_campaigns.members.count()
    assert figure(retention, "rows") == str(members)
    assert figure(get(client, "analytics-attrition", sector=""), "respondents") == "12"

    older = get(client, "analytics-attrition", campaign="kh-ntp-2016")
    assert "not the latest" in note(older) and "2016-06-01" in note(older)
    assert figure(older, "respondents") == str(respondents("kh-ntp-2016")) != "12"
    assert "not drawn yet" in note(get(client, "analytics-attrition", campaign="kh-draft"))


def test_all_campaigns_pools_them_and_is_labelled_so(later_campaigns, login):
    client, _ = login("analyst", Role.ME_ANALYST)
    html = get(client, "analytics-attrition", campaign="")
    assert '<option value="" selected>All campaigns, pooled</option>' in html
    said = note(html)
    assert said.startswith("All 4 follow-up campaigns pooled")
    assert all(code in said for code in ("kh-ntp-2016", "kh-ntp-2026", "kh-ntp-2012", "kh-draft"))
    pooled = respondents("kh-ntp-2016") + respondents("kh-ntp-2026")
    assert figure(html, "respondents") == str(pooled)
    rated = set(re.findall(r'<tr data-campaign="([^"]+)"', html))
    assert {"kh-ntp-2016", "kh-ntp-2026"} <= rated
    retention = get(client, "analytics-retention", campaign="")
    sampled = sum(c.members.count() for c in FollowUpCampaign.objects.all())
    assert figure(retention, "rows") == str(sampled)


def options(html: str) -> list[str]:
    """The campaign filter's choices, in order."""
    select = re.search(r'<select name="campaign"[^>]*>(.*?)</select>', html).group(1)
    return re.findall(r'<option value="([^"]*)"', select)


def test_the_campaign_filter_lists_the_latest_and_the_chosen_whatever_their_number(
    later_campaigns, login
):
    """Decades of campaigns keep the filter, and the page's queries, as they are: the
    latest CAMPAIGNS_LISTED (by date, the undrawn last) and an older one when chosen."""
    client, _ = login("analyst", Role.ME_ANALYST)

    def queries(**query) -> int:
        """The statements of a view that counts its figures anew."""
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            get(client, "analytics-attrition", **query)
        return len(captured)

    few = (queries(), queries(campaign="kh-ntp-2016"), queries(campaign=""))
    first = ["kh-ntp-2026", "kh-ntp-2016", "kh-ntp-2012"]
    assert options(get(client, "analytics-attrition")) == [*first, "kh-draft", ""]
    # A yearly campaign for each of the CAMPAIGNS_LISTED + 2 years before 2012: listed
    # after the drawn ones of 2012 and later, latest first, and before the undrawn one.
    years = range(2011, 2011 - CAMPAIGNS_LISTED - 2, -1)
    for year in years:
        FollowUpCampaign.objects.create(
            code=f"kh-{year}",
            name=f"Follow-up {year}",
            design="census",
            countries=["KH"],
            drawn_at=_moment(date(year, 6, 1)),
        )
    expected = [*first, *(f"kh-{year}" for year in years)][:CAMPAIGNS_LISTED]
    assert options(get(client, "analytics-attrition")) == [*expected, ""]

    oldest = f"kh-{years[-1]}"
    html = get(client, "analytics-attrition", campaign=oldest)
    assert options(html) == [*expected, oldest, ""]
    assert f'<option value="{oldest}" selected>' in html
    assert "not the latest" in note(html) and f"{years[-1]}-06-01" in note(html)
    # Pooled still names every campaign it pools.
    assert note(get(client, "analytics-attrition", campaign="")).startswith(
        f"All {4 + len(years)} follow-up campaigns pooled"
    )
    assert (queries(), queries(campaign=oldest), queries(campaign="")) == few


@pytest.mark.parametrize("page", ["analytics-attrition", "analytics-retention"])
def test_the_follow_up_figures_are_kept_and_counted_again_on_request(later_campaigns, login, page):
    """The follow-up pages keep their figures a while, as the other analytics pages do
    (decisions 0030 and 0035), say so, and count again when asked."""
    client, _ = login("analyst", Role.ME_ANALYST)
    first = get(client, page, campaign="kh-ntp-2026")
    assert "Counted at " in first and "Count again now" in first
    member = later_campaigns.members.order_by("pk").first()
    Person.objects.filter(pk=member.person_id).update(consents_to_follow_up=False)
    assert figure(get(client, page, campaign="kh-ntp-2026"), "rows") == figure(first, "rows")

    answer = client.post(url(page, campaign="kh-ntp-2026"))
    assert answer.status_code == 302 and answer["Location"] == url(page, campaign="kh-ntp-2026")
    again = get(client, page, campaign="kh-ntp-2026")
    assert int(figure(again, "rows")) == int(figure(first, "rows")) - 1


def test_a_campaign_page_links_to_its_figures_for_readers_of_analytics(later_campaigns, login):
    page = reverse("trainer_registry:campaign-detail", args=["kh-ntp-2016"])
    client, _ = login("analyst", Role.ME_ANALYST)
    html = client.get(page).content.decode()
    links = re.findall(r'<a class="campaign-figures" href="([^"]+)"', html)
    assert links == [
        url("analytics-attrition", campaign="kh-ntp-2016"),
        url("analytics-retention", campaign="kh-ntp-2016"),
    ]
    for link in links:
        assert client.get(link).status_code == 200
    auditor, _ = login("auditor-1", Role.AUDITOR)  # reads campaigns, not analytics
    response = auditor.get(page)
    assert response.status_code == 200 and "campaign-figures" not in response.content.decode()


SHARE = r"\d{1,3}\.\d %"
RANGE = rf"\d{{1,3}}\.\d–{SHARE}"
SHARE_CELL = re.compile(rf"^(—|{RANGE}|{SHARE}( \({RANGE}\))?)$")


def test_every_share_is_a_percentage_with_one_decimal(registry, login):
    client, _ = login("admin-1", Role.REGIONAL_ADMINISTRATOR)
    cells = []
    attrition = get(client, "analytics-attrition", by="sector")
    cells += re.findall(r'data-figure="(?:share|ci)"[^>]*>(.*?)</td>', attrition)
    cells += re.findall(r'data-rate="\w+"[^>]*>(.*?)</td>', attrition)
    assert re.search(rf'data-rate="e">{SHARE}</td>', attrition)
    retention = get(client, "analytics-retention")
    table = re.search(r'id="retention-table".*?</table>', retention).group(0)
    readings = re.findall(r'data-day="\d+">(.*?)</td>', table)
    assert readings and not re.search(r"\b0\.\d{3}\b", table)  # no share as a fraction
    cells += [re.sub(r"<[^>]+>", "", reading) for reading in readings]
    gain = get(client, "analytics-knowledge-gain")
    cells += [p.split(": ", 1)[1] for p in re.findall(r'data-figure="passed">(.*?)</td>', gain)]
    cascade_page = get(client, "analytics-cascade", on=ON)
    cells.append(figure(cascade_page, "active-share"))
    cells = [re.sub(r"<[^>]+>", "", cell).strip() for cell in cells]
    assert len(cells) > 20 and sum(cell != "—" for cell in cells) > 20
    wrong = [cell for cell in cells if not SHARE_CELL.match(cell)]
    assert wrong == []


def test_the_percent_filters_round_and_write_the_number_as_the_language_does():
    assert percent(0.42957) == "43.0 %" and percent(0.91949) == "91.9 %"
    assert percent(0) == "0.0 %" and percent(1) == "100.0 %"
    assert percent(None) == percent(float("nan")) == "—"
    assert percent_range(0.270519, 0.438787) == "27.1–43.9 %"
    with translation.override("vi"):
        assert percent(0.35) == "35,0 %"


def _shown_trainers(html: str) -> list[str]:
    return re.findall(r'<li data-trainer="([^"]+)"', html)


def test_managers_see_trainers_by_name_analysts_by_their_own_short_pseudonym(registry, login):
    trainers = list(Person.objects.filter(events_led__isnull=False).distinct())
    manager, user = login("manager", Role.REGIONAL_ADMINISTRATOR)
    named = get(manager, "analytics-cascade", on=ON)
    certified = cascade_records(access_for(user)).certified_on(date(2014, 12, 31))
    assert certified
    for trainer in trainers:
        assert f'<li data-trainer="{trainer.reference}"' in named  # in the tree
        assert f"{trainer.name_latin} ({trainer.name_local}) · {trainer.reference}" in named
    table = re.search(r'id="certified-trainers".*?</table>', named).group(0)
    for trainer in Person.objects.filter(public_id__in=certified):
        link = reverse("trainer_registry:person-detail", args=[trainer.public_id])
        assert f'<a href="{link}">{trainer}</a>' in table  # "Name (own script) · 10B866"
    assert not re.search(r'data-trainer="P-', named)

    seen = {}
    for name in ("analyst-1", "analyst-2"):
        client, user = login(name, Role.ME_ANALYST)
        html = get(client, "analytics-cascade", on=ON)
        again = get(client, "analytics-cascade", country="KH")  # another day and country
        salt = f"user:{user.pk}"
        seen[name] = {}
        for trainer in trainers:
            alias = pseudonym(str(trainer.public_id), secret=settings.SECRET_KEY, salt=salt)
            assert re.fullmatch(r"P-[0-9A-Z]{6}", alias)
            assert f'data-trainer="{alias}"' in html
            assert f'<code class="pseudonym">{alias}</code>' in html
            assert trainer.name_latin not in html and trainer.reference not in html
            seen[name][trainer.pk] = alias
        assert not any(str(t.public_id) in html or t.public_id.hex in html for t in trainers)
        # Stable for the analyst: on another page of the cascade, the same pseudonyms.
        kh = {t.pk for t in trainers if t.country == "KH"}
        shown_again = set(_shown_trainers(again))
        assert shown_again and shown_again <= set(seen[name].values()) | set(_shown_trainers(html))
        assert {seen[name][pk] for pk in kh} & shown_again
    # Two analysts never share a pseudonym of the same person.
    assert all(seen["analyst-1"][pk] != seen["analyst-2"][pk] for pk in seen["analyst-1"])
    assert not set(seen["analyst-1"].values()) & set(seen["analyst-2"].values())


def test_the_cascade_is_as_of_today_unless_a_day_is_chosen(registry, login, monkeypatch):
    client, user = login("analyst", Role.ME_ANALYST)
    today = timezone.localdate()
    html = get(client, "analytics-cascade")
    assert f"On {today:%Y-%m-%d}" in html
    assert re.search(rf'<input type="date" name="on" value="{today:%Y-%m-%d}"', html)
    assert "Empty: today." in html

    # On another day (six months after the demo's last training), that day's cascade.
    day = date(2015, 6, 30)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
    then = get(client, "analytics-cascade")
    assert "On 2015-06-30" in then
    records = cascade_records(access_for(user))
    core = cascade(
        records.deliveries, records.attendance, records.certified_on(day), reference_date=day
    )
    assert figure(then, "certified") == str(core.certified_trainers)
    assert figure(then, "active") == str(core.active_trainers)
    chosen = get(client, "analytics-cascade", on=ON)
    assert f"On {ON}" in chosen
