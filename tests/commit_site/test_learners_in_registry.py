"""A logged-in learner's knowledge-check submissions in the workbench reach the registry
(commit_site/learners.py, decision 0014): item responses, score and form, in the
participation of the site's training event; nobody answers as somebody else."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from django.test import Client
from workbench.models import XBlockState

from trainer_registry import api
from trainer_registry.models import ItemResponse, Participation, Person

pytestmark = pytest.mark.django_db

KEY = {
    "palermo_elements": ["a"],
    "consent_irrelevant": ["b"],
    "child_means": ["b"],
    "child_consent": ["b"],
    "before_interview": ["a", "b", "d"],
    "inconsistency": ["b"],
}


def _take(client, scenario: str, student: str = "someone-else") -> dict:
    """Open the scenario, answer its form right, submit; the handler's JSON answer."""
    page = client.get(f"/workbench/scenario/{scenario}/?student={student}").content.decode()
    (usage,) = {u for u in re.findall(r"data-usage='([^']+)'", page) if "knowledge_check" in u}
    asked = set(re.findall(r'name="([a-z_]+)" value=', page)) & KEY.keys()
    assert len(asked) == 3, asked
    response = client.post(
        f"/workbench/handler/{usage}/submit/?student={student}",
        data=json.dumps({"answers": {q: KEY[q] for q in asked}}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return {"asked": asked, **response.json()}


def test_a_learners_pre_and_post_test_reach_their_participation(learner):
    client = Client()
    client.force_login(learner)
    pre = _take(client, "commit_knowledge_check.0")
    assert pre["recorded"] is True
    post = _take(client, "commit_knowledge_check.1")
    assert not pre["asked"] & post["asked"]
    person = Person.objects.get(lms_user_id=learner.pk)
    summary, items = api.participation_assessment("site-demo", person.public_id, with_items=True)
    assert summary.pre_test_score == summary.post_test_score == 100.0
    assert {summary.pre_test_form, summary.post_test_form} == {"A", "B"}
    assert summary.gain is None and summary.no_gain_reason == "pre_at_maximum"
    assert {(i.phase, i.item_id) for i in items} == {
        *(("pre", q) for q in pre["asked"]),
        *(("post", q) for q in post["asked"]),
    }
    assert all(i.correct and i.chosen == tuple(KEY[i.item_id]) for i in items)
    # The block's state is the account's, whatever ?student said.
    users = set(XBlockState.objects.exclude(user_id=None).values_list("user_id", flat=True))
    assert users == {"learner-kh"}


def test_a_visitor_cannot_answer_as_a_learner_and_records_nothing(learner):
    _take(Client(), "commit_knowledge_check.0", student="learner-kh")
    users = set(XBlockState.objects.exclude(user_id=None).values_list("user_id", flat=True))
    assert users == {"visitor-learner-kh"}
    assert not ItemResponse.objects.exists()
    assert Participation.objects.filter(pre_test_score__isnull=False).count() == 0


def test_an_account_without_a_person_answers_but_records_nothing(django_user_model, scenarios):
    api.load_site_learners({}, on=date(2026, 3, 2))
    client = Client()
    client.force_login(django_user_model.objects.create_user("learner-xx", password="x" * 20))
    assert _take(client, "commit_knowledge_check.0")["recorded"] is True
    assert not ItemResponse.objects.exists()


def test_staff_download_every_learners_item_responses_as_csv(learner):
    client = Client()
    client.force_login(learner)
    taken = _take(client, "commit_knowledge_check.0")
    learner_page = client.get("/workbench/scenario/commit_knowledge_check.0/").content.decode()
    assert "item responses (CSV" not in learner_page
    staff = Client()
    page = staff.get("/workbench/scenario/commit_knowledge_check.0/?student=staff").content.decode()
    (link,) = re.findall(r'<a href="([^"]+export_responses[^"]*)" download>', page)
    assert "Download every learner's item responses (CSV, staff only)" in page
    response = staff.get(link.replace("&amp;", "&"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0] == "learner_id,item_id,chosen,correct,form,phase"
    assert sorted(line.split(",")[1] for line in lines[1:]) == sorted(taken["asked"])
    assert all(line.startswith("learner-kh,") for line in lines[1:])
    assert {line.split(",", 3)[3] for line in lines[1:]} in ({"1,A,pre"}, {"1,B,pre"})
    refused = client.get(link.replace("&amp;", "&").replace("student=staff", "student=x"))
    assert refused.status_code == 403
