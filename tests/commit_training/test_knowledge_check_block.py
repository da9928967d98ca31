"""The knowledge check as a learner and a course team meet it."""

from block_runtime import Course, post
from lxml import etree

from commit_training.knowledge_check.block import KnowledgeCheckBlock

QUESTIONS = """
  <question id="palermo" kind="single">
    <prompt>Which elements?</prompt>
    <option id="a" correct="true">Act, means and purpose<feedback>Right.</feedback></option>
    <option id="b">A border crossing<feedback>No: not needed.</feedback></option>
  </question>
  <question id="before" kind="multiple">
    <prompt>Before the questions?</prompt>
    <option id="water" correct="true">Water and food</option>
    <option id="consent" correct="true">Consent</option>
    <option id="photo">A photograph<feedback>Never.</feedback></option>
  </question>
"""


def olx(phase, attempts=1):
    return (
        f'<commit_knowledge_check url_name="kc_{phase}" display_name="Check ({phase})" '
        f'assessment_id="core" phase="{phase}" max_attempts="{attempts}">{QUESTIONS}'
        "</commit_knowledge_check>"
    )


PERFECT = {"palermo": ["a"], "before": ["consent", "water"]}
HALF = {"palermo": ["b"], "before": ["water", "consent"]}


def test_post_test_publishes_a_grade_from_the_server_score():
    course = Course(olx("post", attempts=2))
    block = course.learner("amara")
    assert block.has_score and block.max_score() == 1.0 and block.weight == 1.0
    status, body = post(block, "submit", {"answers": HALF})
    assert status == 200
    assert (body["earned"], body["possible"], body["attempts_left"]) == (1, 2, 1)
    assert course.events("amara", "grade") == [
        {"value": 0.5, "max_value": 1.0, "only_if_higher": False}
    ]
    assert course.events("amara", "completion") == [{"completion": 1.0}]
    (submitted,) = course.events("amara", "commit_training.knowledge_check.submitted")
    assert submitted["phase"] == "post" and submitted["passed"] is False
    assert "No: not needed." in body["html"]


def test_pre_test_is_not_graded_but_completes():
    course = Course(olx("pre"))
    block = course.learner("amara")
    assert not block.has_score
    status, _ = post(block, "submit", {"answers": HALF})
    assert status == 200
    assert course.events("amara", "grade") == []
    assert course.events("amara", "completion") == [{"completion": 1.0}]


def test_post_test_shows_the_gain_over_the_pre_test():
    pre, post_test = Course(olx("pre")), Course(olx("post"))
    # Both blocks belong to one learner's course: they share the learner's preferences.
    post_test.store = pre.store
    post_test.usage_id = post_test.learner("x").runtime.parse_xml_string(olx("post"))
    post(pre.learner("amara"), "submit", {"answers": HALF})
    status, body = post(post_test.learner("amara"), "submit", {"answers": PERFECT})
    assert status == 200
    assert body["gain"] == 1.0  # (2 - 1) / (2 - 1)
    assert "Normalised gain" in body["html"]


def test_refusals_keep_state():
    course = Course(olx("post"))
    block = course.learner("amara")
    cases = [
        (None, b"{not json", 400, "not valid JSON"),
        (None, b"[1, 2]", 400, "must be a JSON object"),
        ({"answers": {"palermo": ["z"], "before": ["water"]}}, None, 400, "no option 'z'"),
        ({"answers": {"palermo": ["a"]}}, None, 400, "'before' is not answered"),
        ({"answers": {"palermo": ["a", "b"], "before": ["water"]}}, None, 400, "exactly one"),
        (None, b'{"answers": "' + b"x" * (1024 * 1024) + b'"}', 413, "too large"),
    ]
    for payload, body, status, message in cases:
        got_status, got = post(block, "submit", payload, body=body)
        assert got_status == status, (payload, got)
        assert message in got["error"]
    assert block.attempts == 0 and block.answers == {} and block.result == {}
    assert course.events("amara") == []
    status, _ = post(block, "submit", {"answers": PERFECT})
    assert status == 200
    status, body = post(block, "submit", {"answers": PERFECT})
    assert status == 409 and "all your attempts" in body["error"]
    assert block.attempts == 1
    status, body = post(block, "submit", method="GET", body=b"")
    assert status == 405


def test_each_learner_has_a_stable_order_of_their_own():
    course = Course(olx("post"))
    orders = {
        name: [q["id"] for q in course.learner(name)._context()["questions"]]
        for name in ("amara", "bopha", "chanthy", "dara", "ea", "fu")
    }
    assert orders["amara"] == [q["id"] for q in course.learner("amara")._context()["questions"]]
    assert len({tuple(order) for order in orders.values()}) > 1


def test_author_html_is_sanitised_and_student_view_data_hides_answers():
    course = Course(
        '<commit_knowledge_check assessment_id="x" phase="post">'
        '<question id="q"><prompt>Is <script>alert(1)</script><em>this</em> safe?</prompt>'
        '<option id="a" correct="true">Yes <a href="javascript:alert(1)">link</a></option>'
        '<option id="b">No</option></question></commit_knowledge_check>'
    )
    data = course.learner("amara").student_view_data()
    question = data["questions"][0]
    assert "script" not in question["prompt"] and "<em>this</em>" in question["prompt"]
    assert "javascript" not in question["options"][0]["label"]
    assert all("correct" not in option for option in question["options"])


def test_olx_round_trip_gives_back_what_was_written():
    course = Course(olx("post", attempts=2))
    node = etree.Element("x")
    course.author_block.add_xml_to_node(node)
    exported = etree.tostring(node, encoding="unicode")
    again = Course(exported)
    for name in ("assessment_id", "phase", "max_attempts", "content_xml", "display_name"):
        assert getattr(again.author_block, name) == getattr(course.author_block, name)
    assert again.author_block.content == course.author_block.content


def test_studio_validation_reports_authoring_errors():
    course = Course(
        '<commit_knowledge_check phase="post"><question id="q" kind="single"><prompt>?</prompt>'
        '<option id="a" correct="true">x</option><option id="b" correct="true">y</option>'
        "</question></commit_knowledge_check>"
    )
    messages = [m.text for m in course.author_block.validate().messages]
    assert messages == ["question 'q' is single choice but marks 2 options correct"]
    status, body = post(course.learner("amara"), "submit", {"answers": {"q": ["a"]}})
    assert status == 409 and "not ready" in body["error"]
    assert KnowledgeCheckBlock.workbench_scenarios()
