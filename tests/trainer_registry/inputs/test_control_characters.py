"""One input policy: a NUL or other control character anywhere in a request is refused
with 400 naming where, before any view reads, writes or logs it (issue finding: an
anonymous look-up of ``/registry/verify/%00%00.json`` wrote a NUL into the audit log)."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from trainer_registry.inputs.text import control_character, first_control_character
from trainer_registry.models import AuditEvent, Person, Role, RoleGrant

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "value, found",
    [
        ("Sok Vanna", None),
        ("line one\nline two\ttabbed\r\n", None),
        ("សុខ វណ្ណា", None),
        ("\x00", (0, "\x00")),
        ("ab\x1bc", (2, "\x1b")),
        ("x\x7f", (1, "\x7f")),
        ("x\x85", (1, "\x85")),
    ],
)
def test_control_characters_are_found_with_their_position(value, found):
    assert control_character(value) == found


def test_the_message_names_where_and_which_character():
    found = first_control_character([("the name", "fine"), ("the query parameter 'q'", "a\x00")])
    assert found.message() == (
        "the query parameter 'q' holds a control character (U+0000) at position 2: "
        "remove it and send again"
    )


def test_a_nul_in_a_public_address_is_refused_and_not_logged(client):
    before = AuditEvent.objects.count()
    answer = client.get("/registry/verify/%00%00.json")
    assert answer.status_code == 400
    assert "the address holds a control character (U+0000)" in answer.json()["error"]
    assert AuditEvent.objects.count() == before


def test_a_nul_in_a_staff_filter_is_refused(client, staff_user):
    client.force_login(staff_user)
    answer = client.get("/registry/people/", {"country": "\x00"})
    assert answer.status_code == 400
    assert "the query parameter 'country' holds a control character" in answer.content.decode()
    assert client.get("/registry/people/", {"country": "KH"}).status_code == 200


def test_a_nul_in_an_api_filter_and_in_a_form_field_is_refused(django_user_model):
    user = django_user_model.objects.create_user("manager-kh", password="x-long-password")
    RoleGrant.objects.create(user=user, role=Role.COUNTRY_MANAGER, country="KH")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    listed = api.get("/registry/api/v1/people/", {"search": "Sok\x00"})
    assert listed.status_code == 400
    assert "'search'" in listed.json()["error"]
    created = api.post(
        "/registry/api/v1/people/",
        {"name_latin": "Sok\x00Vanna", "country": "KH"},
        format="multipart",
    )
    assert created.status_code == 400
    assert "the form field 'name_latin'" in created.json()["error"]
    assert not Person.objects.filter(name_latin__startswith="Sok").exists()


def test_the_admin_follows_the_same_policy(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", password="x-long-password")
    client.force_login(admin)
    answer = client.get("/admin/trainer_registry/person/", {"q": "\x01"})
    assert answer.status_code == 400


def test_the_refusal_is_in_the_readers_language(client, staff_user):
    client.force_login(staff_user)
    answer = client.get("/registry/people/", {"country": "\x00"}, headers={"accept-language": "vi"})
    assert answer.status_code == 400
    text = answer.content.decode()
    assert text == (
        "Yêu cầu bị từ chối: tham số truy vấn 'country' chứa một ký tự điều khiển (U+0000) "
        "ở vị trí 1: hãy xóa ký tự đó và gửi lại."
    )
