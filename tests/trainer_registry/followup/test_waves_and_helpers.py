"""A manager invites the people who have not answered again, sizes a sample on the staff
pages, and downloads the pseudonymous interchange file; others cannot."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from trainer_registry.commands.sample_size import run as sample_size_command
from trainer_registry.models import (
    AuditEvent,
    CampaignMember,
    FollowUpResponse,
    Invitation,
    Person,
    Role,
    RoleGrant,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_registry")]

LINK = r"https?://\S+/answer/kh-2026/\S+/"


def _drawn_campaign(client):
    client.post(
        reverse("trainer_registry:campaign-create"),
        {
            "code": "kh-2026",
            "name": "Cambodia follow-up 2026",
            "countries": ["KH"],
            "design": "census",
            "invitation_valid_days": "60",
        },
    )
    client.post(reverse("trainer_registry:campaign-draw", args=["kh-2026"]))
    return CampaignMember.objects.filter(campaign__code="kh-2026")


def test_second_wave_invites_only_people_who_have_not_answered(as_role):
    client = as_role("manager-kh", Role.COUNTRY_MANAGER, "KH")
    members = _drawn_campaign(client)
    invite = reverse("trainer_registry:campaign-invite", args=["kh-2026"])
    client.post(invite)
    first_wave = len(mail.outbox)
    link = re.search(LINK, mail.outbox[0].body).group(0)
    assert client.post(link, {"consent": "on", "still_in_role": "yes"}).status_code == 200
    refused = members.exclude(invitations__used_at__isnull=False).first()
    refused.disposition = "R"
    refused.save()
    client.post(invite)  # the first wave again: nobody is invited twice
    assert len(mail.outbox) == first_wave

    detail = client.get(reverse("trainer_registry:campaign-detail", args=["kh-2026"]))
    assert detail.context["wave"] == 1
    assert detail.context["non_respondents"] == members.count() - 2
    assert "wave 2" in detail.content.decode()

    client.post(invite, {"next_wave": "1"})
    second = Invitation.objects.filter(wave=2)
    assert second.count() == members.count() - 2
    assert not second.filter(member__responses__isnull=False).exists()
    assert not second.filter(member=refused).exists()
    emailed = second.filter(channel="email").count()
    assert len(mail.outbox) == first_wave + emailed
    reinvited = next(m for m in mail.outbox[1:first_wave] if m.to != [refused.person.email])
    old_link = re.search(LINK, reinvited.body).group(0)
    assert client.get(old_link).status_code == 410  # expired: the wave 2 link replaces it
    new_link = re.search(LINK, mail.outbox[-1].body).group(0)
    assert client.post(new_link, {"consent": "on", "still_in_role": "no"}).status_code == 200
    assert FollowUpResponse.objects.filter(wave=2).count() == 1
    entry = AuditEvent.objects.filter(object_id="kh-2026", detail__wave=2).get()
    assert entry.detail["invited"]["email"] == emailed


def test_answers_entered_by_staff_count_for_the_latest_wave(as_role):
    client = as_role("manager-kh", Role.COUNTRY_MANAGER, "KH")
    members = _drawn_campaign(client)
    invite = reverse("trainer_registry:campaign-invite", args=["kh-2026"])
    client.post(invite)
    client.post(invite, {"next_wave": "1"})
    member = members.first()
    url = reverse("trainer_registry:campaign-enter-answer", args=["kh-2026", member.pk])
    client.post(url, {"channel": "phone", "consent": "on", "still_in_role": "yes"})
    assert FollowUpResponse.objects.get(member=member).wave == 2


def test_no_further_wave_when_everyone_is_done(as_role):
    client = as_role("manager-kh", Role.COUNTRY_MANAGER, "KH")
    members = _drawn_campaign(client)
    invite = reverse("trainer_registry:campaign-invite", args=["kh-2026"])
    client.post(invite)
    members.update(disposition="NE")
    response = client.post(invite, {"next_wave": "1"}, follow=True)
    assert "Everyone has answered" in response.content.decode()
    assert not Invitation.objects.filter(wave=2).exists()


def test_sample_size_helper_agrees_with_the_command(as_role, capsys):
    import argparse

    client = as_role("analyst", Role.ME_ANALYST)
    page = client.get(
        reverse("trainer_registry:sample-size"),
        {
            "proportion": "0.35",
            "margin": "0.05",
            "population": "800",
            "response_rate": "0.6",
            "confidence": "0.95",
        },
    )
    assert page.status_code == 200
    sample_size_command(
        argparse.Namespace(
            proportion=0.35,
            margin=0.05,
            population=800,
            response_rate=0.6,
            confidence=0.95,
            format="json",
        )
    )
    expected = __import__("json").loads(capsys.readouterr().out)["invite"]
    assert page.context["size"].invite == expected
    assert f"Invite {expected} people" in page.content.decode()


def test_sample_size_helper_fills_a_campaigns_population_and_names_bad_input(as_role):
    client = as_role("manager-kh", Role.COUNTRY_MANAGER, "KH")
    _drawn_campaign(client)
    url = reverse("trainer_registry:sample-size")
    page = client.get(url, {"campaign": "kh-2026"})
    population = Person.objects.filter(
        country="KH", consents_to_follow_up=True, participations__isnull=False
    ).distinct()
    assert page.context["form"].initial["population"] == population.count()
    bad = client.get(url, {"proportion": "1.5", "margin": "0.05"})
    assert "proportion" in bad.context["form"].errors and "size" not in bad.context
    assert client.get(url, {"campaign": "nope"}).status_code == 404


@pytest.mark.parametrize(
    ("role", "country", "status"),
    [
        (Role.REGIONAL_ADMINISTRATOR, "", 200),
        (Role.COUNTRY_MANAGER, "KH", 200),
        (Role.ME_ANALYST, "KH", 200),
        (Role.COUNTRY_MANAGER, "VN", 404),
        (Role.ME_ANALYST, "VN", 404),
        (Role.AUDITOR, "", 403),
    ],
)
def test_every_role_against_the_staff_interchange_download(
    client, django_user_model, demo_registry, role, country, status
):
    manager = django_user_model.objects.create_user("manager-kh", password="x-long-password")
    RoleGrant.objects.create(user=manager, role=Role.COUNTRY_MANAGER, country="KH")
    client.force_login(manager)
    _drawn_campaign(client)
    user = django_user_model.objects.create_user("caller", password="x-long-password")
    RoleGrant.objects.create(user=user, role=role, country=country)
    client.force_login(user)
    response = client.get(reverse("trainer_registry:campaign-interchange", args=["kh-2026"]))
    assert response.status_code == status
    exported = AuditEvent.objects.filter(action="export", object_id="kh-2026")
    if status == 200:
        text = response.content.decode()
        assert text.startswith("person_id,sex,country,organisation,sector,programme,")
        assert not any(p.name_latin in text for p in Person.objects.filter(country="KH"))
        assert exported.get().detail["via"] == "staff"
    else:
        assert not exported.exists()
