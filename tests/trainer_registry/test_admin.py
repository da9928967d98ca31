"""Every admin page of the registry opens for an administrator, with demo data in it; a
country manager changes there only what their countries hold."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from trainer_registry.access import access_from_grants, can_change_record
from trainer_registry.admin import OUTSIDE_REACH
from trainer_registry.demo import generator, loader
from trainer_registry.models import Participation, Person, Role, RoleGrant, TrainingEvent

pytestmark = pytest.mark.django_db

REGISTRY_MODELS = [
    model for model in admin.site._registry if model._meta.app_label == "trainer_registry"
]


@pytest.mark.parametrize("model", REGISTRY_MODELS, ids=lambda model: model._meta.model_name)
def test_changelist_and_first_change_page_open(admin_client, model):
    loader.load(generator.generate(seed=71))
    info = (model._meta.app_label, model._meta.model_name)
    assert admin_client.get(reverse("admin:{}_{}_changelist".format(*info))).status_code == 200
    first = model._default_manager.first()
    if first is not None:
        assert (
            admin_client.get(
                reverse("admin:{}_{}_change".format(*info), args=[first.pk])
            ).status_code
            == 200
        )


# Country scope: a country manager reads a regional training their people took part in,
# but changes only records of their own countries, through the admin as elsewhere.


@pytest.fixture
def manager_kh(client, django_user_model):
    loader.load(generator.generate(seed=21))
    user = django_user_model.objects.create_user(
        "manager_kh", password="x-long-password", is_staff=True
    )
    RoleGrant.objects.create(user=user, role=Role.COUNTRY_MANAGER, country="KH")
    client.force_login(user)
    return client


def _person_form(person, **changes):
    fields = ["name_latin", "name_local", "language", "sex", "country", "email", "phone"]
    data = {name: getattr(person, name) for name in fields}
    return {**data, "consent_recorded_on": "", "lms_user_id": "", **changes}


def _kh_person():
    return Person.objects.filter(country="KH").first()


def _regional_training():
    """A training held outside Cambodia in which Cambodians took part."""
    return TrainingEvent.objects.exclude(country="KH").filter(participations__person__country="KH")[
        0
    ]


def test_a_country_manager_cannot_create_a_person_in_another_country(manager_kh):
    before = Person.objects.count()
    person = Person(name_latin="Somchai Dee", sex="M", country="TH", language="th")
    response = manager_kh.post(reverse("admin:trainer_registry_person_add"), _person_form(person))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["country"] == [OUTSIDE_REACH]
    assert Person.objects.count() == before
    assert not Person.objects.filter(name_latin="Somchai Dee").exists()


def test_a_country_manager_cannot_move_their_person_to_another_country(manager_kh):
    person = _kh_person()
    url = reverse("admin:trainer_registry_person_change", args=[person.pk])
    response = manager_kh.post(url, _person_form(person, country="TH"))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["country"] == [OUTSIDE_REACH]
    person.refresh_from_db()
    assert person.country == "KH"


def test_a_country_manager_still_changes_their_own_person(manager_kh):
    person = _kh_person()
    url = reverse("admin:trainer_registry_person_change", args=[person.pk])
    response = manager_kh.post(url, _person_form(person, name_latin="Renamed Person"))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.name_latin == "Renamed Person" and person.country == "KH"


def test_a_regional_training_is_read_only_to_a_country_manager(manager_kh):
    event = _regional_training()
    url = reverse("admin:trainer_registry_trainingevent_change", args=[event.pk])
    page = manager_kh.get(url)
    assert page.status_code == 200 and not page.context["has_change_permission"]
    data = {
        "programme": event.programme_id,
        "code": event.code,
        "title": "Renamed by a country manager",
        "country": event.country,
        "place": event.place,
        "language": event.language,
        "starts_on": event.starts_on.isoformat(),
        "ends_on": event.ends_on.isoformat(),
    }
    assert manager_kh.post(url, data).status_code == 403
    delete = reverse("admin:trainer_registry_trainingevent_delete", args=[event.pk])
    assert manager_kh.post(delete, {"post": "yes"}).status_code == 403
    refreshed = TrainingEvent.objects.get(pk=event.pk)
    assert refreshed.title == event.title and refreshed.country == event.country


def test_change_reach_is_the_grants_countries_not_the_trainings_read():
    manager = access_from_grants("m", [(Role.COUNTRY_MANAGER, "KH", None)])
    regional = access_from_grants("a", [(Role.REGIONAL_ADMINISTRATOR, "", None)])
    auditor = access_from_grants("u", [(Role.AUDITOR, "", None)])
    abroad = TrainingEvent(country="TH")
    at_home = TrainingEvent(country="KH")
    assert can_change_record(manager, at_home) and not can_change_record(manager, abroad)
    kh_person = Person(country="KH")
    assert not can_change_record(manager, Participation(event=abroad, person=kh_person))
    assert can_change_record(manager, Participation(event=at_home, person=kh_person))
    assert not can_change_record(manager, Participation(person=kh_person))
    assert can_change_record(regional, abroad) and not can_change_record(auditor, at_home)
