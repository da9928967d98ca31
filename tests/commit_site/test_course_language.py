"""A learner picks a language on the workbench: the interface and the course content follow,
the translated course where one exists (the Cambodian NTP in Khmer) and English otherwise."""

import re

import pytest
from django.conf import settings
from django.test import Client

from commit_site.course_language import scenario_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _scenarios():
    from workbench.scenarios import get_scenarios, init_scenarios

    init_scenarios()
    get_scenarios.initialized = True


def _learner(language: str) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def test_the_rule_prefers_the_learners_language_and_falls_back_to_english():
    known = {"course-ntp-kh.001", "course-ntp-kh.km.001", "course-rtp.001"}
    assert scenario_for("course-ntp-kh.001", "km", known) == "course-ntp-kh.km.001"
    assert scenario_for("course-ntp-kh.km.001", None, known) == "course-ntp-kh.001"
    assert scenario_for("course-rtp.001", "km", known) == "course-rtp.001"
    assert scenario_for("commit_case_scenario.0", "km", known) == "commit_case_scenario.0"


def test_a_khmer_learner_sees_the_cambodian_ntp_in_khmer_and_the_rtp_in_english():
    index = _learner("km").get("/workbench/").content.decode()
    assert '<html lang="km">' in index
    assert 'name="language"' in index  # the switch
    assert re.search(r'href="/workbench/scenario/course-ntp-kh\.km\.\d+/"', index)
    assert not re.search(r'href="/workbench/scenario/course-ntp-kh\.\d+/"', index)
    assert re.search(r'href="/workbench/scenario/course-rtp\.\d+/"', index)
    english = Client().get("/workbench/").content.decode()
    assert '<html lang="en">' in english
    assert re.search(r'href="/workbench/scenario/course-ntp-kh\.\d+/"', english)
    assert "course-ntp-kh.km." not in english


def test_an_opened_unit_follows_the_language_with_the_switch_on_the_page():
    khmer = _learner("km")
    moved = khmer.get("/workbench/scenario/course-ntp-kh.005/?student=learner-1")
    assert moved.status_code == 302
    assert moved["Location"] == "/workbench/scenario/course-ntp-kh.km.005/?student=learner-1"
    page = khmer.get(moved["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert '<html lang="km">' in html and 'id="commit-language-select"' in html
    back = Client().get("/workbench/scenario/course-ntp-kh.km.005/")
    assert back["Location"] == "/workbench/scenario/course-ntp-kh.005/"


def test_the_language_switch_sets_the_learners_choice():
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "my", "next": "/workbench/"})
    assert response.status_code == 302
    assert '<html lang="my">' in client.get("/workbench/").content.decode()


def test_an_english_unit_under_a_khmer_interface_is_marked_english():
    khmer = _learner("km")
    index = khmer.get("/workbench/").content.decode()
    rtp = re.search(r'href="(/workbench/scenario/course-rtp\.\d+/)"', index)[1]
    html = khmer.get(rtp).content.decode()
    assert '<html lang="km">' in html and '<main id="commit-main"' in html
    assert re.search(r'<main id="commit-main"[^>]* lang="en">', html)
    translated = khmer.get("/workbench/scenario/course-ntp-kh.km.005/").content.decode()
    assert re.search(r'<main id="commit-main"[^>]* lang="km">', translated)
