"""Every page's menu shows what the reader's role can open, and nothing it cannot: each
link in the menu of each role answers 200, and the registry's items are hidden from a
learner without a registry role."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext

from trainer_registry.models import Person, Role, RoleGrant

MENU = re.compile(r'<nav aria-label="Main">(.*?)</nav>', re.S)
LINK = re.compile(r'href="([^"]+)"')


def _menu(client, page="/") -> list[str]:
    (nav,) = MENU.findall(client.get(page).content.decode())
    return LINK.findall(nav)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "country", "expected"),
    [
        (Role.REGIONAL_ADMINISTRATOR, "", {"/registry/audit/", "/registry/reports/"}),
        (Role.COUNTRY_MANAGER, "KH", {"/registry/reports/"}),
        (Role.ME_ANALYST, "", {"/registry/reports/"}),
        (Role.AUDITOR, "", {"/registry/audit/"}),
        (Role.TRAINER, "KH", set()),
    ],
)
def test_each_roles_menu_opens_every_link_it_shows(
    client, django_user_model, role, country, expected
):
    user = django_user_model.objects.create_user(f"{role}-user", password="a-long-password-1")
    person = (
        Person.objects.create(name_latin="Sok Dara", country="KH") if role == Role.TRAINER else None
    )
    RoleGrant.objects.create(user=user, role=role, country=country, person=person)
    client.force_login(user)
    links = _menu(client)
    assert "/registry/people/" in links
    assert {"/registry/audit/", "/registry/reports/"} & set(links) == expected
    for link in links:
        if link.startswith("/admin/"):
            continue
        assert client.get(link).status_code == 200, link


@pytest.mark.django_db
def test_a_learner_without_a_registry_role_sees_no_registry_items(client, django_user_model):
    learner = django_user_model.objects.create_user("learner", password="a-long-password-1")
    client.force_login(learner)
    links = _menu(client)
    assert links == ["/learn/"]  # their courses; the workbench's index is for developers
    assert not [link for link in links if link.startswith("/registry/")]


@pytest.mark.django_db
def test_a_visitor_sees_the_courses_and_the_way_to_the_registry(client):
    links = _menu(client)
    assert "/workbench/" in links and "/registry/" in links
    assert "/registry/people/" not in links


@pytest.mark.django_db
def test_the_kept_menu_follows_the_readers_roles_and_language(client, django_user_model):
    """Each process keeps the menu it made for a set of roles and a language: a new grant,
    another language or the staff flag show at once, as on a menu made anew."""
    user = django_user_model.objects.create_user("kept-menu", password="a-long-password-1")
    RoleGrant.objects.create(user=user, role=Role.COUNTRY_MANAGER, country="KH")
    client.force_login(user)
    assert "/registry/audit/" not in _menu(client, "/registry/")
    RoleGrant.objects.create(user=user, role=Role.AUDITOR)
    assert "/registry/audit/" in _menu(client, "/registry/")
    assert "/admin/" not in _menu(client, "/registry/")
    user.is_staff = True
    user.save()
    assert "/admin/" in _menu(client, "/registry/")
    client.cookies["django_language"] = "km"
    with translation.override("km"):
        main, people, audit_log = gettext("Main"), gettext("People"), gettext("Audit log")
    assert people != "People"
    page = client.get("/registry/").content.decode()
    nav = page.split(f'<nav aria-label="{main}">', 1)[1].split("</nav>", 1)[0]
    assert f">{people}</a>" in nav and f">{audit_log}</a>" in nav
