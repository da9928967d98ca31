"""Programme staff read attrition, retention, the training cascade and knowledge gain from
the staff analytics pages: the right people see them, only within their reach, and every
figure shown is what the analytics cores (or a count straight from the records) give."""

from __future__ import annotations

import re
from html import unescape

import numpy as np
import pytest
from django.urls import reverse

from trainer_registry.access import access_for, visible_campaigns
from trainer_registry.analytics import frames
from trainer_registry.analytics.cascade_records import cascade_records
from trainer_registry.attrition.cascade import cascade, generations
from trainer_registry.attrition.kaplan_meier import kaplan_meier
from trainer_registry.attrition.knowledge_gain import knowledge_gain
from trainer_registry.attrition.log_rank import log_rank_test
from trainer_registry.certification import rules as certification_rules
from trainer_registry.demo import activity, generator, loader
from trainer_registry.models import (
    AuditEvent,
    FollowUpResponse,
    Participation,
    Person,
    Role,
    RoleGrant,
    TrainerCertification,
)

pytestmark = pytest.mark.django_db

PAGES = (
    "analytics-attrition",
    "analytics-retention",
    "analytics-cascade",
    "analytics-knowledge-gain",
)


@pytest.fixture
def registry():
    loader.load(generator.generate(seed=23))
    activity.certify_trainers(23)
    activity.certify_national_trainers(23)
    activity.run_follow_up(23)


@pytest.fixture
def login(client, django_user_model):
    def as_role(name, role, country=""):
        user = django_user_model.objects.create_user(name, password="x-long-password")
        person = Person.objects.filter(events_led__isnull=False).first()
        RoleGrant.objects.create(
            user=user, role=role, country=country, person=person if role == Role.TRAINER else None
        )
        client.force_login(user)
        return client, user

    return as_role


def url(page, **query):
    address = reverse(f"trainer_registry:{page}")
    return address + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def text(response) -> str:
    return unescape(response.content.decode())


def cell(html: str, table: str, group: str, figure: str) -> str:
    """The text of ``<td data-figure=figure>`` in the row of ``group`` in table ``table``."""
    body = re.search(rf'<table[^>]*id="{table}".*?</table>', html, re.S).group(0)
    row = re.search(rf'<tr data-group="{re.escape(group)}".*?</tr>', body, re.S).group(0)
    value = re.search(rf'data-figure="{figure}"[^>]*>(.*?)</td>', row, re.S).group(1)
    return re.sub(r"<[^>]+>", "", value).strip()


def rows_of(html: str, table: str) -> list[str]:
    body = re.search(rf'<table[^>]*id="{table}".*?</table>', html, re.S).group(0)
    return re.findall(r'<tr data-group="([^"]*)"', body)


def test_managers_analysts_and_administrators_see_analytics_trainers_and_auditors_do_not(
    registry, login, client
):
    for page in PAGES:
        assert client.get(url(page)).status_code == 302  # to the login page
    for name, role, country, status in (
        ("admin-1", Role.REGIONAL_ADMINISTRATOR, "", 200),
        ("manager-kh", Role.COUNTRY_MANAGER, "KH", 200),
        ("analyst", Role.ME_ANALYST, "", 200),
        ("auditor", Role.AUDITOR, "", 403),
        ("trainer", Role.TRAINER, "", 403),
    ):
        as_user, _ = login(name, role, country)
        for page in PAGES:
            response = as_user.get(url(page))
            assert response.status_code == status, (name, page)
        menu = as_user.get(reverse("trainer_registry:dashboard")).content.decode()
        assert (reverse("trainer_registry:analytics-attrition") in menu) == (status == 200)


def test_attrition_shows_each_share_with_its_denominator_and_interval(registry, login):
    client, user = login("analyst", Role.ME_ANALYST)
    response = client.get(url("analytics-attrition"))
    html = text(response)
    answers = FollowUpResponse.objects.filter(consent=True)
    # The denominators, counted straight from the answers.
    assert cell(html, "share-overall", "Everyone", "respondents") == str(answers.count())
    left = answers.filter(still_in_role="no").count()
    assert cell(html, "share-overall", "Everyone", "left") == str(left)
    assert cell(html, "share-overall", "Everyone", "share") == (
        f"{left / answers.count() * 100:.1f} %"
    )
    # Each sector's row is the core's, with its Wilson interval.
    frame, _ = frames.followup_frame(access_for(user), visible_campaigns(access_for(user)))
    from trainer_registry.attrition.report import attrition_report

    report = attrition_report(frame, by=["sector"])
    labels = {"police": "Police", "education": "Education", "social_affairs": "Social affairs"}
    labels["womens_affairs"] = "Women's affairs"
    assert rows_of(html, "share-sector") == [labels[g["key"]["sector"]] for g in report["groups"]]
    for group in report["groups"]:
        label = labels[group["key"]["sector"]]
        assert cell(html, "share-sector", label, "respondents") == str(group["respondents"])
        low, high = group["ci"]
        assert cell(html, "share-sector", label, "ci") == f"{low * 100:.1f}–{high * 100:.1f} %"
    # Response rates of the campaign: RR1 = completes over everyone sampled.
    sampled = frame["disposition"].size
    completes = int((frame["disposition"] == "I").sum())
    rr1 = f"{completes / sampled * 100:.1f} %"
    assert f'data-rate="RR1" title="RR1 of {sampled} sampled">{rr1}' in html
    assert not any(p.name_latin in html for p in Person.objects.all()[:200])
    event = AuditEvent.objects.get(username="analyst", object_type="analytics")
    assert (event.action, event.object_id, event.detail["rows"]) == ("view", "attrition", sampled)


def test_filters_narrow_the_figures_and_bad_values_are_named(registry, login):
    client, _ = login("manager-kh", Role.COUNTRY_MANAGER, "KH")
    whole = text(client.get(url("analytics-attrition", by="sector")))
    police = text(client.get(url("analytics-attrition", sector="police", ci="jeffreys")))
    assert cell(police, "share-overall", "Everyone", "respondents") == cell(
        whole, "share-sector", "Police", "respondents"
    )
    assert "Jeffreys (95 %)" in police
    women = FollowUpResponse.objects.filter(consent=True, member__person__sex="female").count()
    female = text(client.get(url("analytics-attrition", sex="female")))
    assert cell(female, "share-overall", "Everyone", "respondents") == str(women)

    bad = client.get(url("analytics-attrition", sector="pirates", year="soon", by="height"))
    assert bad.status_code == 400
    errors = bad.context["form"].errors
    assert set(errors) == {"sector", "year", "by"}
    assert "Sector: Select a valid choice" in text(bad)
    assert "share-overall" not in bad.content.decode()


def test_out_of_reach_countries_and_campaigns_answer_404(registry, login):
    client, _ = login("manager-vn", Role.COUNTRY_MANAGER, "VN")
    for page in PAGES:
        assert client.get(url(page, country="KH")).status_code == 404
    assert client.get(url("analytics-attrition", campaign="kh-ntp-2016")).status_code == 404
    assert client.get(url("analytics-retention", campaign="no-such")).status_code == 404
    # Viet Nam's manager reaches no Cambodian campaign: nothing is counted.
    assert "No sampled person matches" in text(client.get(url("analytics-attrition")))
    kh, _ = login("manager-kh", Role.COUNTRY_MANAGER, "KH")
    assert kh.get(url("analytics-attrition", campaign="kh-ntp-2016")).status_code == 200


def test_small_cells_are_flagged_and_groups_never_ranked(registry, login):
    client, _ = login("analyst", Role.ME_ANALYST)
    html = text(client.get(url("analytics-attrition", by="cohort", sex="female", sector="police")))
    flagged = 0
    for group in rows_of(html, "share-cohort"):
        respondents = int(cell(html, "share-cohort", group, "respondents"))
        row = re.search(rf'<tr data-group="{group}".*?</tr>', html, re.S).group(0)
        assert ("data-small-cell" in row) == (respondents < 30)
        flagged += respondents < 30
    assert flagged > 0
    assert rows_of(html, "share-cohort") == sorted(rows_of(html, "share-cohort"))


def test_retention_chart_is_an_accessible_svg_with_the_same_numbers_in_a_table(registry, login):
    client, user = login("manager-kh", Role.COUNTRY_MANAGER, "KH")
    html = text(client.get(url("analytics-retention")))
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert 'aria-labelledby="retention-chart-title retention-chart-desc"' in svg
    assert "<polygon" in svg  # the interval band

    # One year after the training, from a plain Kaplan-Meier fit on the answers.
    frame, _ = frames.followup_frame(access_for(user), visible_campaigns(access_for(user)))
    answered = frame[frame["in_role"].isin(["yes", "no"])]
    end = answered["left_role_on"].where(answered["in_role"] == "no", answered["last_confirmed_on"])
    days = (end - answered["trained_on"]).dt.days.to_numpy(dtype=float)
    events = (answered["in_role"] == "no").to_numpy()
    curve = kaplan_meier(days[~np.isnan(days)], events[~np.isnan(days)])
    index = np.searchsorted(curve.times, 365, side="right") - 1
    body = re.search(r'<table[^>]*id="retention-table".*?</table>', html, re.S).group(0)
    year = re.search(r'data-day="365">(.*?)</td>', body, re.S).group(1)
    year = re.sub(r"<[^>]+>", "", year)
    survival, low, high = (100 * v[index] for v in (curve.survival, curve.ci_low, curve.ci_high))
    expected = f"{survival:.1f} % ({low:.1f}–{high:.1f} %)"
    assert year.replace("\n", " ").split() == expected.split()

    by_sector = text(client.get(url("analytics-retention", by="sector")))
    assert by_sector.count('class="series"') == answered["sector"].nunique()
    test = log_rank_test(
        days[~np.isnan(days)],
        events[~np.isnan(days)],
        answered["sector"].to_numpy()[~np.isnan(days)],
    )
    assert f"p = {test.p_value:.4f}" in re.sub(r"\s+", " ", by_sector)


def test_cascade_counts_from_attendance_and_shows_who_trained_whom(registry, login):
    client, user = login("analyst", Role.ME_ANALYST)
    html = text(client.get(url("analytics-cascade", on="2014-12-31")))
    records = cascade_records(access_for(user))
    from datetime import date

    core = cascade(
        records.deliveries,
        records.attendance,
        records.certified_on(date(2014, 12, 31)),
        reference_date=date(2014, 12, 31),
    )
    assert core.certified_trainers > 0 and core.trainees > 0
    # The demo's national trainers were certified on evidence that meets the criteria.
    national = TrainerCertification.objects.exclude(programme__code="tot-regional")
    assert national.exists()
    for kept in national.values_list("evidence", flat=True):
        evidence = certification_rules.Evidence(**kept["evidence"])
        criteria = certification_rules.Criteria(**kept["criteria"])
        assert certification_rules.decide_certification(evidence, criteria).eligible

    def figure(name):
        return re.search(rf'data-figure="{name}">(.*?)</span>', html).group(1)

    assert figure("certified") == str(core.certified_trainers)
    assert figure("active") == str(core.active_trainers)
    assert figure("per-certified") == f"{core.trainees_per_certified_trainer:.1f}"
    depth = int(generations(records.trainer_edges())["generation"].max())
    assert figure("depth") == str(depth) and depth >= 3
    tree = re.search(r'<ul class="cascade-tree".*', html, re.S).group(0)
    assert "<details open>" in tree and "<summary>" in tree
    assert 'aria-labelledby="tree-heading"' in tree
    generation_three = re.findall(r'data-generation="3"', tree)
    assert generation_three
    trainers = Person.objects.filter(events_led__isnull=False).distinct()
    # The analyst sees every trainer by a pseudonym: neither the name nor the public id.
    assert len(set(re.findall(r'data-trainer="(P-[0-9A-Z]{6})"', tree))) >= trainers.count()
    assert not any(str(t.public_id) in html or t.name_latin in html for t in trainers)


def test_knowledge_gain_by_programme(registry, login):
    client, _ = login("manager-kh", Role.COUNTRY_MANAGER, "KH")
    html = text(client.get(url("analytics-knowledge-gain", programme="NTP")))
    scored = Participation.objects.filter(
        event__programme__code="ntp-kh",
        person__country="KH",
        role="participant",
        pre_test_score__isnull=False,
        post_test_score__isnull=False,
    )
    row = re.search(r'<tr data-programme="ntp-kh".*?</tr>', html, re.S).group(0)
    pairs = re.search(r'data-figure="pairs">(\d+)<', row).group(1)
    assert int(pairs) == scored.count() > 0
    pre = [float(p.pre_test_score) for p in scored]
    post = [float(p.post_test_score) for p in scored]
    gain = knowledge_gain(pre, post, maximum=100, pass_mark=75)
    assert f"{gain.class_gain:.3f} ({gain.class_gain_band})" in row
    assert 'data-programme="rtp"' not in html  # the filter keeps national programmes only


def test_every_page_names_a_bad_filter_instead_of_failing(registry, login):
    client, _ = login("admin-2", Role.REGIONAL_ADMINISTRATOR)
    for page, query, field in (
        ("analytics-retention", {"by": "shoe-size", "ci": "wald"}, {"by", "ci"}),
        ("analytics-cascade", {"on": "yesterday"}, {"on"}),
        ("analytics-knowledge-gain", {"year": "1066", "sex": "x"}, {"year", "sex"}),
    ):
        response = client.get(url(page, **query))
        assert response.status_code == 400, page
        assert set(response.context["form"].errors) == field
        assert 'role="alert"' in response.content.decode()
    first_visit = text(client.get(url("analytics-attrition")))
    assert re.search(r'<input[^>]*value="country"[^>]*checked', first_visit)
    for page in PAGES:
        client.get(url(page, country="KH"))
    audited = AuditEvent.objects.filter(
        username="admin-2", object_type="analytics", country="KH", action="view"
    )
    assert sorted(audited.values_list("object_id", flat=True)) == sorted(
        page.removeprefix("analytics-") for page in PAGES
    )
    assert all(event.detail["filters"] == {"country": "KH"} for event in audited)


def test_every_grouping_can_be_chosen(registry, login):
    client, _ = login("analyst", Role.ME_ANALYST)
    groupings = ("country", "sector", "programme", "cohort", "sex")
    every = client.get(url("analytics-attrition") + "?" + "&".join(f"by={g}" for g in groupings))
    assert every.status_code == 200
    assert all(f'id="share-{g}"' in every.content.decode() for g in groupings)
    none_ticked = client.get(url("analytics-attrition", sex="male")).content.decode()
    assert 'id="share-overall"' in none_ticked and 'id="share-sector"' not in none_ticked
    for grouping in groupings:
        response = client.get(url("analytics-retention", by=grouping))
        assert response.status_code == 200 and 'id="log-rank"' in response.content.decode()


def test_weighted_share_and_effective_n_beside_the_plain_one(registry, login):
    from trainer_registry.models import CampaignMember

    members = CampaignMember.objects.filter(responses__consent=True).order_by("pk").distinct()
    # Every other leaver weighs three: the weighted share is then above the plain one
    # whichever people the demo's sample drew (its units are random ids).
    leavers = [m.pk for m in members if m.responses.order_by("wave").last().still_in_role == "no"]
    CampaignMember.objects.filter(pk__in=leavers[::2]).update(base_weight=3)
    client, _ = login("analyst", Role.ME_ANALYST)
    html = text(client.get(url("analytics-attrition")))
    weights, left = [], []
    for member in members.all():  # afresh, with the new weights
        answer = member.responses.order_by("wave").last()
        weights.append(float(member.base_weight or 1))
        left.append(answer.still_in_role == "no")
    share = sum(w for w, gone in zip(weights, left, strict=True) if gone) / sum(weights)
    effective_n = sum(weights) ** 2 / sum(w * w for w in weights)
    weighted = cell(html, "share-overall", "Everyone", "weighted-share")
    assert weighted.startswith(f"{share * 100:.1f} %")
    assert cell(html, "share-overall", "Everyone", "effective-n") == f"{effective_n:.1f}"
    assert cell(html, "share-overall", "Everyone", "share") != weighted.split(" (")[0]
