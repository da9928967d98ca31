"""The registry's staff pages: behind a login with the registry's permissions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from trainer_registry import models
from trainer_registry.demo import generator, loader

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_registry():
    loader.load(generator.generate(seed=3))


PAGES = [
    "trainer_registry:dashboard",
    "trainer_registry:person-list",
    "trainer_registry:event-list",
]


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", PAGES)
def test_logged_in_without_permission_is_refused(client, django_user_model, name):
    client.force_login(django_user_model.objects.create_user("visitor", password="x-long-password"))
    assert client.get(reverse(name)).status_code == 403


def test_dashboard_shows_every_commit_country(client, staff_user, demo_registry):
    client.force_login(staff_user)
    page = client.get(reverse("trainer_registry:dashboard")).content.decode()
    for name in ("Cambodia", "China", "Lao PDR", "Myanmar", "Thailand", "Viet Nam"):
        assert name in page
    kh_people = models.Person.objects.filter(country="KH").count()
    assert f'<td class="num">{kh_people}</td>' in page


def test_people_search_by_name_in_either_script(client, staff_user, demo_registry):
    client.force_login(staff_user)
    person = models.Person.objects.filter(country="TH").first()
    for query in (person.name_local.split()[0], person.name_latin.split()[0]):
        response = client.get(
            reverse("trainer_registry:person-list"), {"q": query, "country": "TH"}
        )
        names = [p.name_latin for p in response.context["people"]]
        assert person.name_latin in names
        assert all(p.country == "TH" for p in response.context["people"])


def test_person_page_by_pseudonymous_id(client, staff_user, demo_registry):
    client.force_login(staff_user)
    person = models.Person.objects.filter(participations__isnull=False).first()
    response = client.get(reverse("trainer_registry:person-detail", args=[person.public_id]))
    assert response.status_code == 200
    content = response.content.decode()
    assert f"<title>{person.name_latin} · COMMIT Training</title>" in content
    assert person.name_local in content
    assert person.participations.first().event.title in content


def test_event_page_lists_participants_with_sex_counts(client, staff_user, demo_registry):
    client.force_login(staff_user)
    event = models.TrainingEvent.objects.get(code="rtp-01")
    response = client.get(reverse("trainer_registry:event-detail", args=[event.code]))
    assert response.status_code == 200
    listed = client.get(reverse("trainer_registry:event-list"), {"programme": "RTP"})
    row = next(e for e in listed.context["events"] if e.code == "rtp-01")
    assert (
        row.participants
        == event.participations.count()
        == row.women
        + row.men
        + (event.participations.filter(person__sex__in=["other", "unknown"]).count())
    )


def test_unknown_person_is_404(client, staff_user):
    client.force_login(staff_user)
    response = client.get("/registry/people/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404


def test_pages_offer_the_six_languages_of_the_region(client):
    page = client.get(reverse("home")).content.decode()
    for name_local in ("ភាសាខ្មែរ", "ພາສາລາວ", "မြန်မာဘာသာ", "ภาษาไทย", "Tiếng Việt", "简体中文"):
        assert name_local in page


def test_workbench_index_is_served(client):
    response = client.get(reverse("workbench_index"))
    assert response.status_code == 200
    assert b"XBlock scenarios" in response.content


@pytest.mark.parametrize("language", ["km", "lo", "my", "th", "vi", "zh-hans"])
def test_every_language_of_the_region_can_be_activated(client, language):
    from django.utils import translation

    with translation.override(language):
        assert translation.get_language() == language
        assert str(translation.gettext("Thank you"))  # the catalogue loads
    response = client.get(reverse("home"), headers={"accept-language": language})
    assert response.status_code == 200
    assert f'<html lang="{language}"' in response.content.decode()
