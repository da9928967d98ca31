"""Readers who see no names (analysts) read people in the order of their pseudonymous ids,
never by name: an order by name tells which of two names comes first. The people list, a
training's participants, a campaign's sampled people and the API's people, beside a
reader who sees names."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from trainer_registry.models import (
    CampaignMember,
    FollowUpCampaign,
    Participation,
    Person,
    Programme,
    Role,
    RoleGrant,
    TrainingEvent,
)

pytestmark = pytest.mark.django_db
NAMES = ["Vong Sophal", "Chea Dara", "Meas Bopha", "Ouk Rith", "Heng Sokha", "Lim Vanna"]
# Ids that differ in their first digit alone, in an order that is not the names': every
# database sorts them alike (MariaDB's UUID type compares a UUID's groups in another order
# than the text's, which differs only where more than one group differs).
IDS = ["3", "e", "1", "a", "7", "5"]
ROLES = {"manager": Role.REGIONAL_ADMINISTRATOR, "analyst": Role.ME_ANALYST}


@pytest.fixture
def people():
    made = [
        Person.objects.create(
            name_latin=name, country="KH", public_id=f"{digit}0000000-0000-4000-8000-000000000000"
        )
        for name, digit in zip(NAMES, IDS, strict=True)
    ]
    programme = Programme.objects.create(code="ntp-kh", kind="NTP", name="NTP", country="KH")
    event = TrainingEvent.objects.create(
        programme=programme,
        code="ntp-kh-order",
        title="NTP Kampot",
        country="KH",
        starts_on=date(2026, 3, 2),
        ends_on=date(2026, 3, 6),
    )
    campaign = FollowUpCampaign.objects.create(
        code="kh-order", name="Follow-up", design="census", countries=["KH"]
    )
    for person in made:
        Participation.objects.create(event=event, person=person)
        CampaignMember.objects.create(
            campaign=campaign, person=person, inclusion_probability=1, base_weight=1
        )
    by_name = [str(p.public_id) for p in sorted(made, key=lambda p: p.name_latin)]
    by_id = sorted(str(p.public_id) for p in made)
    assert by_name != by_id  # the two orders differ for these people
    stored = Person.objects.order_by("public_id").values_list("public_id", flat=True)
    assert [str(public_id) for public_id in stored] == by_id  # on every database
    return {"manager": by_name, "analyst": by_id}


def _ids(html: str) -> list[str]:
    """The people's ids in the order their links (to their pages) come on the page."""
    found = re.findall(r"/registry/people/([0-9a-f-]{36})/", html)
    return list(dict.fromkeys(found))


@pytest.mark.parametrize("reader", sorted(ROLES))
def test_people_come_by_name_or_by_pseudonymous_id(people, client, django_user_model, reader):
    user = django_user_model.objects.create_user(reader, password="x-long-password")
    RoleGrant.objects.create(user=user, role=ROLES[reader])
    client.force_login(user)
    expected = people[reader]

    listed = client.get(reverse("trainer_registry:person-list"))
    assert [str(p.public_id) for p in listed.context["people"]] == expected

    training = client.get(reverse("trainer_registry:event-detail", args=["ntp-kh-order"]))
    assert _ids(training.content.decode()) == expected

    campaign = client.get(reverse("trainer_registry:campaign-detail", args=["kh-order"]))
    assert [str(m.public_id) for m in campaign.context["members"]] == expected

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    answer = api.get("/registry/api/v1/people/").json()
    assert [row["id"] for row in answer["results"]] == expected
