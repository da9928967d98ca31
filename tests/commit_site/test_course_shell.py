"""The learner's course shell (commit_site/learn.py): a learner signs in and lands on the
courses of their trainings, reads a course's outline with progress, opens units in the
learner's language between the previous and the next, and their national course's tests
reach their national training in the registry."""

from __future__ import annotations

import json
import re

import pytest

from commit_site.learners import course_run_for
from commit_site.models import UnitOpened
from trainer_registry.models import Participation, Role, RoleGrant

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_a_learner_lands_on_the_courses_of_their_trainings(client, learner):
    response = client.post("/accounts/login/", {"username": "learner-kh", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(response["Location"])["Location"] == "/learn/"
    page = _text(client.get("/learn/"))
    titles = re.findall(r'<h2><a href="/learn/([a-z-]+)/">', page)
    assert sorted(titles) == ["ntp-kh", "rtp"]
    assert "Your training: National Training Programme, Cambodia (this site)" in page
    assert re.search(r"0 of \d+ units opened", page)
    assert "Start the course" in page
    # Only their own courses: another country's national course and the ToT are not theirs.
    assert client.get("/learn/ntp-vn/").status_code == 404
    assert client.get("/learn/tot/5/").status_code == 404
    assert client.get("/learn/no-such-course/").status_code == 404


def test_a_staff_login_still_lands_on_the_registry_and_may_open_every_course(
    client, django_user_model, scenarios
):
    manager = django_user_model.objects.create_user("manager", password=PASSWORD)
    RoleGrant.objects.create(user=manager, role=Role.REGIONAL_ADMINISTRATOR)
    response = client.post("/accounts/login/", {"username": "manager", "password": PASSWORD})
    assert client.get(response["Location"])["Location"] == "/registry/"
    page = _text(client.get("/learn/"))
    assert set(re.findall(r'<h2><a href="/learn/([a-z-]+)/">', page)) >= {"rtp", "tot", "ntp-vn"}


def test_the_shell_asks_a_visitor_to_sign_in(client):
    for path in ("/learn/", "/learn/rtp/", "/learn/rtp/5/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_outline_shows_modules_progress_and_where_to_continue(client, learner):
    client.force_login(learner)
    outline = _text(client.get("/learn/ntp-kh/"))
    assert "<h2>Outline</h2>" in outline
    assert "Facilitator" not in outline  # the guide is for trainers
    units = re.findall(r'<a href="/learn/ntp-kh/(\d+)/">([^<]+)</a>', outline)
    numbers = [int(n) for n, _ in units]
    assert numbers == sorted(numbers) and len(numbers) > 100
    first, second, third = numbers[:3]
    assert "Knowledge check" in outline and "Case" in outline

    unit = _text(client.get(f"/learn/ntp-kh/{first}/"))
    assert 'rel="prev"' not in unit
    assert f'rel="next" href="/learn/ntp-kh/{second}/"' in unit
    assert f"Unit 1 of {len(numbers)}" in unit
    assert 'lang="en"' in unit  # the English course text, marked for screen readers
    assert f"1 of {len(numbers)} units opened" in unit

    client.get(f"/learn/ntp-kh/{second}/")
    outline = _text(client.get("/learn/ntp-kh/"))
    assert f"2 of {len(numbers)} units opened" in outline
    assert re.search(rf'href="/learn/ntp-kh/{third}/">Continue</a>', outline)
    assert UnitOpened.objects.filter(learner=learner, course="ntp-kh").count() == 2
    # Numbers that are not a learner's units: the facilitator guide's (after the last
    # learner's unit), and past the end.
    assert client.get(f"/learn/ntp-kh/{numbers[-1] + 1}/").status_code == 404
    assert client.get("/learn/ntp-kh/9999/").status_code == 404


def test_a_unit_opens_in_the_learners_language(client, learner):
    client.force_login(learner)
    client.post("/i18n/setlang/", {"language": "km", "next": "/learn/"})
    outline = _text(client.get("/learn/ntp-kh/"))
    assert "វគ្គសិក្សា" in outline  # the course's Khmer title and outline
    number = re.findall(r'<a href="/learn/ntp-kh/(\d+)/">', outline)[0]
    unit = _text(client.get(f"/learn/ntp-kh/{number}/"))
    assert 'lang="km"' in unit and 'class="unit-body" lang="km"' in unit
    assert '<html lang="km"' in unit


def test_a_national_course_pre_test_reaches_the_learners_national_training(client, learner):
    client.force_login(learner)
    outline = _text(client.get("/learn/ntp-kh/"))
    (number,) = re.findall(r'<a href="/learn/ntp-kh/(\d+)/">Before you start[^<]*</a>', outline)
    page = client.get(f"/learn/ntp-kh/{number}/").content.decode()
    (usage,) = {u for u in re.findall(r"data-usage='([^']+)'", page) if "knowledge_check" in u}
    block = page[page.index('class="unit-body"') :]
    questions = dict.fromkeys(re.findall(r'name="([a-z0-9_]+)" value="[a-z]"', block))
    assert questions
    options = {q: re.findall(rf'name="{q}" value="([a-z])"', block)[:1] for q in questions}
    response = client.post(
        f"/workbench/handler/{usage}/submit/",
        data=json.dumps({"answers": options}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    participation = Participation.objects.get(
        event__code="site-ntp-kh", person__lms_user_id=learner.pk
    )
    assert participation.pre_test_score is not None
    assert participation.item_responses.filter(phase="pre").count() == len(questions)


def test_a_national_assessment_goes_to_the_learners_one_national_run():
    assert course_run_for("ntp-core", {"site:rtp", "site:ntp-kh"}) == "site:ntp-kh"
    assert course_run_for("rtp-core", {"site:rtp", "site:ntp-kh"}) == "site:rtp"
    # Two national runs, or none: the settings' run, which the registry then refuses.
    assert course_run_for("ntp-core", {"site:ntp-kh", "site:ntp-vn"}) == "site:ntp"
    assert course_run_for("ntp-core", set()) == "site:ntp"
    assert course_run_for("unknown", {"site:rtp"}) is None
