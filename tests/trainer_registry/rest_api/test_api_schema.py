"""Schemathesis generates requests from the OpenAPI schema and sends them over HTTP to a
live server: no request may cause a server error."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token

from trainer_registry.models import Person, Role, RoleGrant


@pytest.fixture
def token(django_user_model):
    user = django_user_model.objects.create_user("schema-user", password="x-long-password")
    RoleGrant.objects.create(user=user, role=Role.REGIONAL_ADMINISTRATOR)
    Person.objects.get_or_create(
        name_latin="Sok Dara", defaults={"name_local": "សុខ ដារ៉ា", "country": "KH", "sex": "male"}
    )
    return Token.objects.get_or_create(user=user)[0].key


@pytest.mark.django_db(transaction=True)
def test_no_server_errors(live_server, token):
    schema = schemathesis.openapi.from_url(f"{live_server.url}/registry/api/v1/schema/")
    headers = {"Authorization": f"Token {token}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 7  # every endpoint of v1 is in the schema

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
        def check(case):
            response = case.call(headers=headers)
            case.validate_response(response, checks=[schemathesis.checks.not_a_server_error])

        check()
