"""The course evaluation: answered once, read by staff as anonymous aggregates."""

from block_runtime import Course, post
from lxml import etree

from commit_training.workbench import scenario_xml


def evaluation():
    root = etree.fromstring(scenario_xml("course_evaluation.xml").encode())
    return etree.tostring(root.find("commit_course_evaluation"), encoding="unicode")


ANSWER = {"relevance": 5, "confidence_identify": 4, "confidence_interview": 3, "change": ""}


def test_learners_answer_once_and_staff_see_counts(monkeypatch):
    course = Course(evaluation())
    states = []
    monkeypatch.setattr(
        "commit_training.compat.all_learner_states", lambda block, field: iter(states)
    )
    amara = course.learner("amara")
    status, body = post(amara, "submit", {"answers": {**ANSWER, "change": "<b>Ask</b> consent"}})
    assert status == 200 and body["can_submit"] is False
    # The thanks alone: the form goes from the page, no need to send it again.
    assert "Thank you. Your answers are recorded" in body["result_html"]
    assert "<form" not in body["result_html"]
    status, body = post(amara, "submit", {"answers": ANSWER})
    assert status == 409 and "already answered" in body["error"]
    states.extend([amara.answers, {**ANSWER, "relevance": 2}])
    staff = course.learner("trainer", staff=True)
    summary = staff._outcome_context(staff.content_or_none())["summary"]
    # Two answers: only their number, until MIN_SHOWN (5) have answered.
    assert summary == {"respondents": 2, "withheld": True, "minimum": 5}
    states.extend([{**ANSWER, "change": "Food and water first"}] * 3)
    summary = staff._outcome_context(staff.content_or_none())["summary"]
    assert summary["respondents"] == 5
    relevance = summary["likert"][0]
    assert [level["count"] for level in relevance["levels"]] == [0, 1, 0, 0, 4]
    assert relevance["answers"] == 5 and relevance["mean"] == 4.4
    assert not relevance["withheld"]
    comments = summary["texts"][0]
    assert comments["count"] == 4 and comments["withheld"] and comments["answers"] == ()
    states.append({**ANSWER, "change": "<b>Ask</b> consent"})
    comments = staff._outcome_context(staff.content_or_none())["summary"]["texts"][0]
    assert not comments["withheld"] and "<b>Ask</b> consent" in comments["answers"]
    html = staff.student_view().content
    assert "&lt;b&gt;Ask&lt;/b&gt; consent" in html  # free text shown escaped
    assert course.learner("bopha")._outcome_context(())["summary"] is None  # learners see no totals
    (event,) = course.events("amara", "commit_training.course_evaluation.submitted")
    assert "Ask" not in str(event)  # free text stays out of the event stream


def test_bad_answers_are_refused():
    course = Course(evaluation())
    block = course.learner("amara")
    for answers, message in [
        ({**ANSWER, "relevance": 9}, "9 is not between 1 and 5"),
        ({**ANSWER, "change": "x" * 2001}, "at most 2000 characters"),
        ({**ANSWER, "extra": 1}, "unknown item id 'extra'"),
    ]:
        status, body = post(block, "submit", {"answers": answers})
        assert status == 400 and message in body["error"]
    assert block.answers == {}
    assert course.events() == []


def test_round_trip():
    course = Course(evaluation())
    node = etree.Element("x")
    course.author_block.add_xml_to_node(node)
    again = Course(etree.tostring(node, encoding="unicode"))
    assert again.author_block.content == course.author_block.content
    assert again.author_block.validate().messages == []
