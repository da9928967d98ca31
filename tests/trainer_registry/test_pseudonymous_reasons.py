"""A trainer certification's status reason is free text a manager writes ("complaint by
..."): like a certificate's, it is shown to readers who see names and left out for
pseudonymised access (analysts), on the person's page and in the API."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from trainer_registry.certification import decisions
from trainer_registry.models import Role, RoleGrant, TrainerCertification

pytestmark = pytest.mark.django_db
REASON = "Complaint by Chan Vichet under review"


@pytest.mark.parametrize(
    ("role", "sees"), [(Role.REGIONAL_ADMINISTRATOR, True), (Role.ME_ANALYST, False)]
)
def test_a_certifications_reason_is_shown_to_readers_of_names_only(
    training, client, django_user_model, role, sees
):
    trainer, *_ = training
    decisions.change_status(
        TrainerCertification.objects.get(person=trainer), "suspended", reason=REASON
    )
    user = django_user_model.objects.create_user("reader", password="x-long-password")
    RoleGrant.objects.create(user=user, role=role)
    client.force_login(user)

    page = client.get(reverse("trainer_registry:person-detail", args=[trainer.public_id]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "suspended" in text
    assert (REASON in text) is sees

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    listed = api.get("/registry/api/v1/certifications/").json()["results"]
    assert [row["status"] for row in listed] == ["suspended"]
    assert ("status_reason" in listed[0]) is sees
    assert (REASON in str(listed)) is sees
