"""A person's copy of their data, and erasure at their request."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from trainer_registry import api
from trainer_registry.demo import generator, loader
from trainer_registry.models import AuditEvent, Participation, Person, Role, RoleGrant

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    loader.load(generator.generate(seed=51))
    return Person.objects.filter(country="KH", participations__isnull=False).first()


@pytest.fixture
def manager(client, django_user_model):
    user = django_user_model.objects.create_user("manager-kh", password="x-long-password")
    RoleGrant.objects.create(user=user, role=Role.COUNTRY_MANAGER, country="KH")
    client.force_login(user)
    return client


def test_copy_of_a_persons_data(manager, person):
    response = manager.get(reverse("trainer_registry:person-data-export", args=[person.public_id]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["name_local"] == person.name_local and data["email"] == person.email
    assert len(data["trainings"]) == person.participations.count()
    assert len(data["positions"]) == person.position_spells.count()
    assert AuditEvent.objects.filter(action="export", object_id=str(person.public_id)).exists()


def test_erasure_needs_confirmation_and_keeps_anonymous_figures(manager, person):
    url = reverse("trainer_registry:person-erase", args=[person.public_id])
    kh_before = next(s for s in api.country_summaries() if s.country == "KH")
    scores = list(
        Participation.objects.filter(person=person).values_list("post_test_score", flat=True)
    )

    assert manager.post(url, {"confirm": "yes"}).status_code == 400
    person.refresh_from_db()
    assert person.erased_at is None

    assert manager.post(url, {"confirm": "erase"}).status_code == 302
    person.refresh_from_db()
    assert (person.name_latin, person.name_local, person.email, person.phone) == (
        "(erased)",
        "",
        "",
        "",
    )
    assert not person.consents_to_follow_up and person.erased_at is not None
    assert not person.position_spells.exclude(title="").exists()
    assert (
        list(Participation.objects.filter(person=person).values_list("post_test_score", flat=True))
        == scores
    )
    kh_after = next(s for s in api.country_summaries() if s.country == "KH")
    assert kh_after == kh_before
    assert AuditEvent.objects.filter(action="delete", object_id=str(person.public_id)).exists()


def test_only_managers_in_reach_act_on_personal_data(client, django_user_model, person):
    vn_manager = django_user_model.objects.create_user("manager-vn", password="x-long-password")
    RoleGrant.objects.create(user=vn_manager, role=Role.COUNTRY_MANAGER, country="VN")
    auditor = django_user_model.objects.create_user("auditor", password="x-long-password")
    RoleGrant.objects.create(user=auditor, role=Role.AUDITOR)
    export = reverse("trainer_registry:person-data-export", args=[person.public_id])
    erase = reverse("trainer_registry:person-erase", args=[person.public_id])
    client.force_login(vn_manager)
    assert client.get(export).status_code == 404
    assert client.post(erase, {"confirm": "erase"}).status_code == 404
    client.force_login(auditor)
    assert client.get(export).status_code == 403
    assert client.post(erase, {"confirm": "erase"}).status_code == 403
    person.refresh_from_db()
    assert person.erased_at is None


def test_the_copy_holds_follow_up_answers_and_certificates(manager, person):
    from datetime import date

    from trainer_registry.followup import campaigns
    from trainer_registry.models import CampaignMember, FollowUpCampaign, IssuedCertificate

    campaign = FollowUpCampaign.objects.create(code="kh-copy", name="KH", design="census")
    member = CampaignMember.objects.create(
        campaign=campaign, person=person, inclusion_probability=1, base_weight=1
    )
    campaigns.record_answers(
        member,
        campaigns.Answers(consent=True, still_in_role="yes", examples="Referred a case"),
        wave=1,
        channel="phone",
        entered_by=None,
    )
    event = person.participations.first().event
    IssuedCertificate.objects.create(
        code="TESTCOPY000000001",
        kind="participant",
        person=person,
        event=event,
        issued_on=date(2024, 1, 5),
        snapshot={},
    )
    response = manager.get(reverse("trainer_registry:person-data-export", args=[person.public_id]))
    data = json.loads(response.content)
    assert [(a["campaign"], a["examples"]) for a in data["follow_up_answers"]] == [
        ("kh-copy", "Referred a case")
    ]
    assert data["certificates"] == [
        {
            "code": "TESTCOPY000000001",
            "kind": "participant",
            "status": "valid",
            "event": event.code,
            "issued_on": "2024-01-05",
        }
    ]
