"""The blocks on the demo site's workbench, through HTTP as the browser uses them."""

import json
import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _scenarios():
    """The workbench keeps its scenarios' structure in the database: load it afresh."""
    from workbench.scenarios import get_scenarios, init_scenarios

    init_scenarios()
    get_scenarios.initialized = True


def open_scenario(client, title_fragment, student):
    index = client.get("/workbench/").content.decode()
    links = re.findall(r'<a href="(/workbench/scenario/[^"]+/)">([^<]+)</a>', index)
    (href,) = [href for href, title in links if title_fragment in title]
    page = client.get(f"{href}?student={student}")
    assert page.status_code == 200
    return page.content.decode()


def handler_url(html, block_type, handler):
    found = re.findall(r"data-usage='([^']+)' data-block-type='" + block_type + "'", html)
    (usage_id,) = found
    return f"/workbench/handler/{usage_id}/{handler}/"


def submit(client, url, student, payload):
    response = client.post(
        f"{url}?student={student}",
        data=json.dumps(payload),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value,
    )
    return response.status_code, response.json()


def test_evaluation_answers_reach_the_staff_summary_from_each_learners_record():
    client = Client(enforce_csrf_checks=True)
    html = open_scenario(client, "course evaluation", "amara")
    url = handler_url(html, "commit_course_evaluation", "submit")
    answers = {"relevance": 5, "confidence_identify": 4, "confidence_interview": 3}
    assert submit(client, url, "amara", {"answers": {**answers, "change": "Ask consent"}})[0] == 200
    assert submit(client, url, "bopha", {"answers": {**answers, "relevance": 2}})[0] == 200
    status, body = submit(client, url, "amara", {"answers": answers})
    assert status == 409 and "already answered" in body["error"]
    staff_page = open_scenario(client, "course evaluation", "staff")
    assert "Answers so far (staff only): 2 learners" in staff_page
    # Two answers could be told apart: no figure and no comment until five have answered.
    assert "shown once at least 5 learners have answered" in staff_page
    assert "Ask consent" not in staff_page and "<table" not in staff_page
    for learner in ("chenda", "dara", "eang"):
        assert submit(client, url, learner, {"answers": answers})[0] == 200
    staff_page = open_scenario(client, "course evaluation", "staff")
    assert "Answers so far (staff only): 5 learners" in staff_page
    assert "mean 4.40 / 5" in staff_page  # relevance: 5, 2, 5, 5, 5
    # One comment among five answers is still one person's: withheld until five wrote.
    assert "Ask consent" not in staff_page and "n = 1: shown from 5 answers" in staff_page
    learner_page = open_scenario(client, "course evaluation", "chanthy")
    assert "staff only" not in learner_page


def test_a_post_without_the_csrf_token_is_refused():
    client = Client(enforce_csrf_checks=True)
    html = open_scenario(client, "knowledge check: after", "amara")
    url = handler_url(html, "commit_knowledge_check", "submit")
    response = client.post(f"{url}?student=amara", data="{}", content_type="application/json")
    assert response.status_code == 403
