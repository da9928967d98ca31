"""The person page shows each participation's pre and post scores with their forms, the
gain over a parallel pair (or why there is none) and the count of item responses."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from trainer_registry import api
from trainer_registry.models import Participation, Person, Programme, TrainingEvent


@pytest.fixture
def event(db):
    programme = Programme.objects.create(code="rtp", kind="RTP", name="RTP")
    return TrainingEvent.objects.create(
        programme=programme,
        code="rtp-2026-vte",
        title="RTP Vientiane",
        country="LA",
        starts_on=date(2026, 3, 2),
        ends_on=date(2026, 3, 6),
        course_run="site:rtp",
    )


def _items(right, form):
    return [{"id": f"q{n}", "form": form, "chosen": ["a"], "correct": n < right} for n in range(3)]


def _sat(person, pre, post):
    """The person's pre-test and post-test: each a (form, questions right of three)."""
    for phase, (form, right) in (("pre", pre), ("post", post)):
        api.record_assessment_submission(
            course_run="site:rtp",
            person_id=person.public_id,
            assessment_id="rtp-core",
            phase=phase,
            form=form,
            score=right / 3,
            responses=_items(right, form),
        )


def test_scores_forms_gain_and_item_responses_are_shown(client, staff_user, event):
    person = Person.objects.create(name_latin="Souksavanh Phommachanh", country="LA")
    _sat(person, ("B", 1), ("A", 3))
    client.force_login(staff_user)
    page = client.get(reverse("trainer_registry:person-detail", args=[person.public_id]))
    text = " ".join(page.content.decode().split())
    assert "33.33 (form B)" in text and "100.00 (form A)" in text
    assert "1.00 (high), form B to form A" in text
    assert '<td class="num">6</td>' in text


def test_the_scores_and_gain_are_in_the_readers_language(client, staff_user, event):
    """In Vietnamese: the decimal comma, the band and the forms' words translated (the
    trainings' rows are made in Python, with the template's translations)."""
    person = Person.objects.create(name_latin="Nguyen Thi Lan", country="VN")
    _sat(person, ("A", 1), ("B", 2))
    client.force_login(staff_user)
    client.cookies["django_language"] = "vi"
    page = client.get(reverse("trainer_registry:person-detail", args=[person.public_id]))
    text = " ".join(page.content.decode().split())
    with translation.override("vi"):
        form_a = gettext("form %(form)s") % {"form": "A"}
        pair = gettext("form %(pre)s to form %(post)s") % {"pre": "A", "post": "B"}
        medium = gettext("medium")
    assert form_a != "form A" and medium != "medium"
    assert f"33,33 ({form_a})" in text
    assert f"0,50 ({medium}), {pair}" in text  # (2/3 - 1/3) / (1 - 1/3)


def test_scores_without_forms_say_why_no_gain(client, staff_user, event):
    person = Person.objects.create(name_latin="Vongphachanh Keo", country="LA")
    Participation.objects.create(event=event, person=person, pre_test_score=40, post_test_score=70)
    client.force_login(staff_user)
    page = client.get(reverse("trainer_registry:person-detail", args=[person.public_id]))
    text = " ".join(page.content.decode().split())
    assert "No gain: the forms of the tests are not recorded" in text
