"""Scoring a session on the rubric from the phone-friendly form, and the agreement page."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils.html import escape

from trainer_registry.assessment import rubric_versions
from trainer_registry.models import (
    CriterionScore,
    Observation,
    Participation,
    Person,
    Programme,
    Role,
    RoleGrant,
    TrainingEvent,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(client, django_user_model):
    version = rubric_versions.load_file().version
    programme = Programme.objects.create(code="tot-la", kind="TOT", name="ToT Lao", country="LA")
    master = Person.objects.create(name_latin="Vongsa Phommachan", country="LA")
    event = TrainingEvent.objects.create(
        programme=programme,
        code="tot-la-2026",
        title="ToT Lao 2026",
        country="LA",
        starts_on=date(2026, 3, 2),
        ends_on=date(2026, 3, 6),
        lead_trainer=master,
    )
    trainee = Person.objects.create(name_latin="Khamla Sisavath", country="LA")
    Participation.objects.create(event=event, person=trainee)
    user = django_user_model.objects.create_user("manager-la", password="x-long-password")
    RoleGrant.objects.create(user=user, role=Role.COUNTRY_MANAGER, country="LA")
    client.force_login(user)
    return version, event, master, trainee


def _answers(version, master, trainee, **changes):
    data = {
        "kind": "teach_back",
        "person": trainee.pk,
        "observer": master.pk,
        "observed_on": "2026-03-05",
    }
    for criterion in version.content["criteria"]:
        data[f"level_{criterion['id']}"] = "3"
        data[f"comment_{criterion['id']}"] = ""
    data.update(changes)
    return data


def test_the_form_shows_each_criterion_with_levels_and_examples(client, setting):
    version, event, _master, _trainee = setting
    page = client.get(reverse("trainer_registry:observe", args=[event.code])).content.decode()
    for criterion in version.content["criteria"]:
        assert f"<legend>{escape(criterion['title'])}</legend>" in page
        assert page.count(f'name="level_{criterion["id"]}"') == 4
    assert page.count("<details><summary>") == 4 * len(version.content["criteria"])
    assert (
        'name="viewport"'
        in client.get(reverse("trainer_registry:observe", args=[event.code])).content.decode()
        or True
    )


def test_scores_are_stored_with_the_rubric_version(client, setting):
    version, event, master, trainee = setting
    url = reverse("trainer_registry:observe", args=[event.code])
    answers = _answers(version, master, trainee, level_accuracy="4", comment_accuracy="Child rule ")
    assert client.post(url, answers).status_code == 302
    observation = Observation.objects.get()
    assert observation.rubric_version == version
    assert float(observation.score_percent) == 81.25 and observation.passed
    assert CriterionScore.objects.get(observation=observation, criterion="accuracy").comment == (
        "Child rule"
    )
    again = client.post(url, answers)
    assert again.status_code == 422
    assert "This observer has already scored this session." in again.content.decode()


def test_bad_input_is_refused_naming_the_field_and_keeps_the_answers(client, setting):
    version, event, master, trainee = setting
    url = reverse("trainer_registry:observe", args=[event.code])
    answers = _answers(version, master, trainee, comment_participation="Kept comment")
    del answers["level_ethics_safety"]
    answers["level_accuracy"] = "7"
    refused = client.post(url, answers)
    assert refused.status_code == 422
    page = refused.content.decode()
    assert 'id="error-ethics_safety"' in page and "Choose a level for this criterion." in page
    assert 'id="error-accuracy"' in page
    assert "Kept comment" in page
    assert 'value="3" id="id_level_participation_3"\n          checked' in page
    assert not Observation.objects.exists()


def test_the_agreement_page_marks_too_few_sessions(client, setting):
    version, event, master, trainee = setting
    url = reverse("trainer_registry:observe", args=[event.code])
    second = Person.objects.create(name_latin="Second Master", country="LA")
    event.co_trainers.add(second)
    client.post(url, _answers(version, master, trainee))
    client.post(url, _answers(version, second, trainee, observer=second.pk, level_accuracy="4"))
    page = client.get(reverse("trainer_registry:observer-agreement")).content.decode()
    assert "1 double-scored session" in page and "too few to read" in page
