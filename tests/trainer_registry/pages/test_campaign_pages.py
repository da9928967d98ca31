"""A country programme manager runs a follow-up campaign from the staff pages."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from trainer_registry.models import (
    AuditEvent,
    CampaignMember,
    FollowUpCampaign,
    FollowUpResponse,
    Person,
    Role,
)

pytestmark = pytest.mark.django_db


def _create(client, **extra):
    data = {
        "code": "kh-2026",
        "name": "Cambodia follow-up 2026",
        "countries": ["KH"],
        "design": "census",
        "invitation_valid_days": "60",
        **extra,
    }
    return client.post(reverse("trainer_registry:campaign-create"), data)


def test_manager_creates_draws_invites_and_sees_answers(as_role, demo_registry):
    client = as_role("manager-kh", Role.COUNTRY_MANAGER, "KH")
    assert _create(client).status_code == 302
    campaign = FollowUpCampaign.objects.get(code="kh-2026")

    client.post(reverse("trainer_registry:campaign-draw", args=[campaign.code]))
    members = CampaignMember.objects.filter(campaign=campaign)
    expected = Person.objects.filter(
        country="KH", consents_to_follow_up=True, participations__isnull=False
    ).distinct()
    assert members.count() == expected.count() > 0
    assert not members.exclude(person__country="KH").exists()
    assert not members.filter(person__consents_to_follow_up=False).exists()

    client.post(reverse("trainer_registry:campaign-invite", args=[campaign.code]))
    with_email = members.exclude(person__email="").count()
    assert len(mail.outbox) == with_email
    link = re.search(r"https?://\S+/answer/kh-2026/\S+/", mail.outbox[0].body).group(0)
    answer_page = client.get(link)
    assert answer_page.status_code == 200
    assert client.post(link, {"consent": "on", "still_in_role": "yes"}).status_code == 200

    detail = client.get(reverse("trainer_registry:campaign-detail", args=[campaign.code]))
    counts = {code: n for code, _, n in detail.context["dispositions"]}
    assert counts["I"] == 1 and counts["UH"] == members.count() - 1
    assert (
        AuditEvent.objects.filter(object_type="followupcampaign", object_id="kh-2026").count() == 3
    )


def test_phone_answers_entered_by_staff_once(as_role, demo_registry):
    client = as_role("manager-kh", Role.COUNTRY_MANAGER, "KH")
    _create(client)
    client.post(reverse("trainer_registry:campaign-draw", args=["kh-2026"]))
    member = CampaignMember.objects.first()
    url = reverse("trainer_registry:campaign-enter-answer", args=["kh-2026", member.pk])
    answers = {
        "channel": "phone",
        "consent": "on",
        "still_in_role": "no",
        "left_role_on": "2019-03",
        "leaving_reason": "left_government",
    }
    assert client.post(url, answers).status_code == 302
    stored = FollowUpResponse.objects.get()
    assert (stored.channel, stored.entered_by.username) == ("phone", "manager-kh")
    again = client.post(url, answers)
    assert again.status_code == 409
    assert FollowUpResponse.objects.count() == 1


def test_bad_campaign_input_is_named(as_role, demo_registry):
    client = as_role("manager-kh", Role.COUNTRY_MANAGER, "KH")
    response = _create(
        client, countries=["VN"], trained_from="2012-01-01", trained_until="2010-01-01"
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "countries" in errors and "trained_until" in errors
    assert not FollowUpCampaign.objects.exists()


def test_campaigns_are_scoped_by_country(as_role, client, django_user_model, demo_registry):
    manager = as_role("manager-kh", Role.COUNTRY_MANAGER, "KH")
    _create(manager)
    vn = as_role("manager-vn", Role.COUNTRY_MANAGER, "VN")
    assert vn.get(reverse("trainer_registry:campaign-detail", args=["kh-2026"])).status_code == 404
    assert vn.post(reverse("trainer_registry:campaign-draw", args=["kh-2026"])).status_code == 404
    assert not vn.get(reverse("trainer_registry:campaign-list")).context["campaigns"]
    analyst = as_role("analyst", Role.ME_ANALYST)
    assert (
        analyst.get(reverse("trainer_registry:campaign-detail", args=["kh-2026"])).status_code
        == 200
    )
    assert (
        analyst.post(reverse("trainer_registry:campaign-draw", args=["kh-2026"])).status_code == 403
    )
    assert not CampaignMember.objects.exists()


def test_reminders_are_due_capped_and_carry_a_fresh_link(as_role, demo_registry):
    from datetime import timedelta

    from django.utils import timezone

    from trainer_registry.models import Invitation

    client = as_role("manager-kh", Role.COUNTRY_MANAGER, "KH")
    _create(client)
    client.post(reverse("trainer_registry:campaign-draw", args=["kh-2026"]))
    client.post(reverse("trainer_registry:campaign-invite", args=["kh-2026"]))
    invited = len(mail.outbox)
    first_link = re.search(r"https?://\S+/answer/kh-2026/\S+/", mail.outbox[0].body).group(0)
    remind = reverse("trainer_registry:campaign-remind", args=["kh-2026"])

    client.post(remind)
    assert len(mail.outbox) == invited  # nothing is due yet

    for round_number in (1, 2, 3):
        Invitation.objects.update(
            sent_at=timezone.now() - timedelta(days=30),
            last_reminded_at=timezone.now() - timedelta(days=30) if round_number > 1 else None,
        )
        client.post(remind)
    reminders = mail.outbox[invited:]
    assert len(reminders) == 2 * invited  # two reminders each, then the cap
    assert all(message.to for message in reminders)
    assert client.get(first_link).status_code == 404  # the first link was replaced
    latest = re.search(r"https?://\S+/answer/kh-2026/\S+/", reminders[-1].body).group(0)
    assert client.get(latest).status_code == 200


def test_stratified_campaign_draws_by_its_allocation_with_a_stored_seed(as_role, demo_registry):
    from collections import Counter

    from trainer_registry.followup import campaigns, sampling

    client = as_role("manager", Role.REGIONAL_ADMINISTRATOR)
    response = _create(
        client,
        code="region-2026",
        countries=["KH", "VN", "MM"],
        design="stratified",
        sample_size="60",
        strata=["country"],
        allocation="proportional",
    )
    assert response.status_code == 302, response.context["form"].errors
    campaign = FollowUpCampaign.objects.get(code="region-2026")
    client.post(reverse("trainer_registry:campaign-draw", args=[campaign.code]))
    campaign.refresh_from_db()
    assert campaign.seed is not None
    members = CampaignMember.objects.filter(campaign=campaign)
    assert members.count() == 60
    population = Counter(campaigns.population(campaign).values_list("country", flat=True))
    labels = sorted(population)
    expected = sampling.whole_allocation(
        sampling.proportional_shares([population[k] for k in labels], 60),
        [population[k] for k in labels],
        60,
    )
    drawn = Counter(members.values_list("stratum", flat=True))
    assert [drawn[k] for k in labels] == expected
    for member in members:
        assert member.base_weight == pytest.approx(
            population[member.stratum] / drawn[member.stratum]
        )

    # The same seed over the same population draws the same people again.
    again = FollowUpCampaign.objects.create(
        code="again",
        name="Again",
        design="stratified",
        countries=["KH", "VN", "MM"],
        strata=["country"],
        allocation="proportional",
        sample_size=60,
        seed=campaign.seed,
    )
    campaigns.draw_sample(again)
    assert set(again.members.values_list("person_id", flat=True)) == set(
        members.values_list("person_id", flat=True)
    )


def test_the_page_shows_the_population_the_sample_was_drawn_from(as_role, demo_registry):
    from trainer_registry.followup import campaigns

    client = as_role("manager-kh", Role.COUNTRY_MANAGER, "KH")
    _create(client, design="simple_random", sample_size="20")
    campaign = FollowUpCampaign.objects.get(code="kh-2026")
    page = reverse("trainer_registry:campaign-detail", args=[campaign.code])
    before = client.get(page)
    counted = campaigns.population(campaign).count()
    assert before.context["population"] == counted > 20
    assert "Population (consented to follow-up)" in before.content.decode()

    client.post(reverse("trainer_registry:campaign-draw", args=[campaign.code]))
    campaign.refresh_from_db()
    assert campaign.population_size == counted
    # Someone of that population withdraws their consent after the draw: the population
    # of today shrinks, the one the sample (and its weights) stand for does not.
    left = campaigns.population(campaign).exclude(follow_ups__campaign=campaign)[0]
    Person.objects.filter(pk=left.pk).update(consents_to_follow_up=False)
    assert campaigns.population(campaign).count() == counted - 1
    after = client.get(page)
    assert after.context["population"] == counted
    assert "Population at the draw (consented to follow-up)" in after.content.decode()


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"design": "simple_random"}, "sample_size"),
        ({"design": "stratified", "sample_size": "20"}, "strata"),
        ({"design": "stratified", "sample_size": "20", "strata": ["country"]}, "allocation"),
    ],
)
def test_sample_designs_need_their_settings(as_role, demo_registry, extra, field):
    client = as_role("manager-kh", Role.COUNTRY_MANAGER, "KH")
    response = _create(client, **extra)
    assert response.status_code == 200
    assert field in response.context["form"].errors


def test_a_sample_larger_than_the_population_is_refused(as_role, demo_registry):
    client = as_role("manager-kh", Role.COUNTRY_MANAGER, "KH")
    _create(client, design="simple_random", sample_size="100000")
    response = client.post(reverse("trainer_registry:campaign-draw", args=["kh-2026"]), follow=True)
    assert "larger than the population" in response.content.decode()
    assert not CampaignMember.objects.exists()


def test_staff_record_refusals_and_other_non_answers(as_role, demo_registry):
    client = as_role("manager-kh", Role.COUNTRY_MANAGER, "KH")
    _create(client)
    client.post(reverse("trainer_registry:campaign-draw", args=["kh-2026"]))
    first, second = CampaignMember.objects.order_by("pk")[:2]
    url = lambda m: reverse("trainer_registry:campaign-member-disposition", args=["kh-2026", m.pk])  # noqa: E731
    client.post(url(first), {"disposition": "R"})
    client.post(url(second), {"disposition": "I"})  # completes come from answers only
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.disposition, second.disposition) == ("R", "UH")
    detail = client.get(reverse("trainer_registry:campaign-detail", args=["kh-2026"]))
    rates = {name: value for name, value, _ in detail.context["rates"]}
    assert rates["REF1"] == f"{100 / CampaignMember.objects.count():.1f}"
