"""Schemathesis generates requests from the OpenAPI schema and sends them over HTTP to a
live server, with every check it has (issue 21): no server error, no undocumented status
code or content type, no schema-valid request refused, every response as the schema
says; as a regional administrator and as a country manager."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token

from trainer_registry.models import Person, Role, RoleGrant


@pytest.fixture(params=[(Role.REGIONAL_ADMINISTRATOR, ""), (Role.COUNTRY_MANAGER, "KH")])
def token(request, django_user_model):
    role, country = request.param
    user = django_user_model.objects.create_user("schema-user", password="x-long-password")
    RoleGrant.objects.create(user=user, role=role, country=country)
    person, _ = Person.objects.get_or_create(
        name_latin="Sok Dara",
        defaults={
            "name_local": "សុខ ដារ៉ា",
            "country": "KH",
            "sex": "male",
            "consents_to_follow_up": True,
        },
    )
    _follow_up_with_an_answer(person)
    return Token.objects.get_or_create(user=user)[0].key


def _follow_up_with_an_answer(person):
    """A campaign, an answer and a certificate, so that analytics and exports have data."""
    from datetime import date

    from trainer_registry.followup import campaigns
    from trainer_registry.models import (
        FollowUpCampaign,
        IssuedCertificate,
        Participation,
        Programme,
        TrainingEvent,
    )

    programme = Programme.objects.create(code="ntp-kh", kind="NTP", name="NTP Cambodia")
    event = TrainingEvent.objects.create(
        programme=programme,
        code="kh-2019-01",
        title="Victim identification",
        country="KH",
        starts_on=date(2019, 3, 4),
        ends_on=date(2019, 3, 8),
    )
    Participation.objects.create(event=event, person=person)
    IssuedCertificate.objects.create(
        code="SCHEMA00000000001",
        kind="participant",
        person=person,
        event=event,
        issued_on=date(2019, 3, 8),
        snapshot={},
    )
    campaign = FollowUpCampaign.objects.create(
        code="kh-schema", name="KH", design="census", countries=["KH"]
    )
    campaigns.draw_sample(campaign)
    campaigns.record_answers(
        campaign.members.get(),
        campaigns.Answers(
            consent=True, still_in_role="no", left_role_on=date(2019, 1, 1), leaving_reason="other"
        ),
        wave=1,
        channel="phone",
        entered_by=None,
    )


@pytest.mark.django_db(transaction=True)
def test_the_schema_tells_the_truth(live_server, token):
    schema = schemathesis.openapi.from_url(f"{live_server.url}/registry/api/v1/schema/")
    headers = {"Authorization": f"Token {token}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 11  # every endpoint of v1 is in the schema

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
        def check(case):
            case.validate_response(case.call(headers=headers))  # every check

        check()
