"""The demo site loads the RTP, the ToT and the six national NTPs so that a learner can
take them."""

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _scenarios():
    from workbench.scenarios import get_scenarios, init_scenarios

    init_scenarios()
    get_scenarios.initialized = True


def test_every_unit_of_every_course_opens_ready_for_learners():
    client = Client()
    index = client.get("/workbench/").content.decode()
    units = re.findall(r'<a href="(/workbench/scenario/course-([\w-]+)\.\d+/)">([^<]+)</a>', index)
    courses = {course for _, course, _ in units}
    assert courses == {"rtp", "tot", *(f"ntp-{c}" for c in ("cn", "kh", "la", "mm", "th", "vn"))}
    block_types = set()
    seen: set[str] = set()
    for href, course, title in units:
        # The national courses share most units: each shared one is opened once.
        if course.startswith("ntp-"):
            shared = title.split(": ", 1)[1]
            if shared in seen:
                continue
            seen.add(shared)
        page = client.get(f"{href}?student=learner-1")
        assert page.status_code == 200, title
        html = page.content.decode()
        assert "This activity is not ready yet" not in html, title
        block_types.update(re.findall(r"data-block-type='(commit_\w+)'", html))
    assert block_types == {
        "commit_knowledge_check",
        "commit_case_scenario",
        "commit_interview_sim",
        "commit_course_evaluation",
    }
