"""Twenty simultaneous submits by one learner (a double click, many tabs, a script)
through the demo site's real server: a one-attempt knowledge check grades exactly one and
publishes one grade; the course evaluation keeps one answer (issue 21, finding 9: the
probe saw 11 and 16 of 20 graded while one attempt was recorded). Runs on the CI's
SQLite, PostgreSQL and MariaDB alike."""

from __future__ import annotations

import http.cookiejar
import json
import re
import threading
import urllib.error
import urllib.request

import pytest
from workbench import views
from workbench.models import XBlockState
from workbench.scenarios import add_xml_scenario, get_scenarios, init_scenarios, remove_scenario

from commit_training.workbench import scenario_xml

pytestmark = pytest.mark.django_db(transaction=True)

SUBMITS = 20
ALREADY_SENT = (
    "This answer was already sent, from another tab or a second click. "
    "Reload the page to see your result."
)
STUDENT = "amara"


@pytest.fixture
def published(monkeypatch):
    """Every event the site's runtime publishes, as (event type, data)."""
    init_scenarios()
    get_scenarios.initialized = True
    seen: list[tuple[str, dict]] = []
    original = views.WorkbenchRuntime.publish

    def publish(self, block, event_type, event_data):
        seen.append((event_type, event_data))
        return original(self, block, event_type, event_data)

    monkeypatch.setattr(views.WorkbenchRuntime, "publish", publish)
    return seen


@pytest.fixture
def one_attempt_check():
    xml = scenario_xml("knowledge_check_post.xml").replace('max_attempts="2"', 'max_attempts="1"')
    assert 'max_attempts="1"' in xml
    add_xml_scenario("one-attempt-check", "A knowledge check with one attempt", xml)
    yield "one-attempt-check"
    remove_scenario("one-attempt-check")


class Browser:
    """One learner's browser: its cookies, and the CSRF token it sends as the blocks'
    JavaScript does."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def open_block(self, scenario: str, block: str) -> tuple[str, str]:
        """The usage id of the scenario's ``block`` and the page's HTML."""
        page = self.opener.open(f"{self.base}/workbench/scenario/{scenario}/?student={STUDENT}")
        text = page.read().decode()
        (usage,) = {u for u in re.findall(r"data-usage='([^']+)'", text) if block in u}
        return usage, text

    def post(self, usage: str, body: dict):
        token = next(cookie.value for cookie in self.jar if cookie.name == "csrftoken")
        request = urllib.request.Request(
            f"{self.base}/workbench/handler/{usage}/submit/?student={STUDENT}",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json", "X-CSRFToken": token},
        )
        return self.opener.open(request, timeout=60)


def _all_at_once(browser: Browser, usage: str, body: dict) -> list[tuple[int, dict]]:
    start, answers = threading.Barrier(SUBMITS), []

    def submit():
        start.wait()
        try:
            with browser.post(usage, body) as response:
                answers.append((response.status, json.loads(response.read())))
        except urllib.error.HTTPError as error:
            text = error.read().decode()
            answers.append((error.code, json.loads(text) if error.code == 409 else text))

    threads = [threading.Thread(target=submit) for _ in range(SUBMITS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(answers) == SUBMITS, "every submit got an answer"
    return answers


def _state(usage: str) -> dict:
    (row,) = XBlockState.objects.filter(scope_id=usage, user_id=STUDENT)
    return json.loads(row.state)


def test_a_one_attempt_knowledge_check_grades_one_of_twenty(
    live_server, published, one_attempt_check
):
    browser = Browser(live_server.url)
    usage, page = browser.open_block(one_attempt_check, "knowledge_check")
    first_options: dict[str, str] = {}
    for question, option in re.findall(r'name="([a-z_]+)" value="([^"]+)"', page):
        if question != "csrfmiddlewaretoken":
            first_options.setdefault(question, option)
    assert first_options
    body = {"answers": {question: [option] for question, option in first_options.items()}}
    answers = _all_at_once(browser, usage, body)
    statuses = sorted(status for status, _ in answers)
    assert statuses == [200] + [409] * (SUBMITS - 1), (statuses, answers[:1])
    # Refused as taken by another request, or (read after the winner saved) as out of
    # attempts: either way nothing graded.
    refused = {body["error"] for status, body in answers if status == 409}
    assert refused <= {ALREADY_SENT, "You have used all your attempts."}, refused
    grades = [data for kind, data in published if kind == "grade"]
    assert len(grades) == 1, grades
    submitted = [k for k, _ in published if k == "commit_training.knowledge_check.submitted"]
    assert len(submitted) == 1
    assert _state(usage)["attempts"] == 1
    # The limit holds afterwards too: a later submit is refused as out of attempts.
    with pytest.raises(urllib.error.HTTPError) as refused_later:
        browser.post(usage, body)
    assert refused_later.value.code == 409
    assert "attempts" in json.loads(refused_later.value.read())["error"]


def test_the_course_evaluation_keeps_one_of_twenty_answers(live_server, published):
    browser = Browser(live_server.url)
    usage, _page = browser.open_block("commit_course_evaluation.0", "course_evaluation")
    body = {
        "answers": {
            "relevance": 4,
            "confidence_identify": 3,
            "confidence_interview": 2,
            "change": "Ask open questions first.",
        }
    }
    answers = _all_at_once(browser, usage, body)
    assert sorted(status for status, _ in answers) == [200] + [409] * (SUBMITS - 1), answers[:1]
    completions = [data for kind, data in published if kind == "completion"]
    assert len(completions) == 1
    evaluations = [k for k, _ in published if k == "commit_training.course_evaluation.submitted"]
    assert len(evaluations) == 1
    assert _state(usage)["answers"]["relevance"] == 4
