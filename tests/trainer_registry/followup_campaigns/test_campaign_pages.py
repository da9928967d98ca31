"""A country programme manager runs a follow-up campaign from the staff pages."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from trainer_registry.demo import generator, loader
from trainer_registry.models import (
    AuditEvent,
    CampaignMember,
    FollowUpCampaign,
    FollowUpResponse,
    Person,
    Role,
    RoleGrant,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry():
    loader.load(generator.generate(seed=61))


@pytest.fixture
def as_role(client, django_user_model):
    def login(name, role, country=""):
        user = django_user_model.objects.create_user(name, password="x-long-password")
        RoleGrant.objects.create(user=user, role=role, country=country)
        client.force_login(user)
        return client

    return login


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


def test_manager_creates_draws_invites_and_sees_answers(as_role, registry):
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


def test_phone_answers_entered_by_staff_once(as_role, registry):
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


def test_bad_campaign_input_is_named(as_role, registry):
    client = as_role("manager-kh", Role.COUNTRY_MANAGER, "KH")
    response = _create(
        client, countries=["VN"], trained_from="2012-01-01", trained_until="2010-01-01"
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "countries" in errors and "trained_until" in errors
    assert not FollowUpCampaign.objects.exists()


def test_campaigns_are_scoped_by_country(as_role, client, django_user_model, registry):
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


def test_reminders_are_due_capped_and_carry_a_fresh_link(as_role, registry):
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
