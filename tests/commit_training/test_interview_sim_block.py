"""The interview simulation: a run, its debrief, restarts, and authoring errors."""

from block_runtime import Course, post
from lxml import etree

from commit_training.workbench import scenario_xml


def interview():
    root = etree.fromstring(scenario_xml("interview_stop.xml").encode())
    return etree.tostring(root.find("commit_interview_sim"), encoding="unicode")


GOOD_RUN = ["needs_first", "consent", "respect_stop", "refer"]
POOR_RUN = ["begin_now", "no_consent", "push_on", "pause_now", "promise"]


def run(block, choices):
    body = None
    for choice in choices:
        status, body = post(block, "choose", {"choice": choice})
        assert status == 200, body
    return body


def test_a_good_run_is_graded_and_debriefed():
    course = Course(interview())
    block = course.learner("amara")
    body = run(block, GOOD_RUN)
    assert body["finished"] and body["score"] == 1.0
    assert course.events("amara", "grade") == [
        {"value": 1.0, "max_value": 1.0, "only_if_higher": True}
    ]
    html = body["result_html"]
    assert "Principles you kept" in html and "Informed consent" in html
    (finished,) = course.events("amara", "commit_training.interview_sim.finished")
    assert finished["path"] == GOOD_RUN and finished["broken"] == []


def test_restart_and_the_best_run_counts():
    course = Course(interview())
    block = course.learner("amara")
    run(block, GOOD_RUN)
    status, body = post(block, "restart", {})
    assert status == 200 and block.path == []
    body = run(block, POOR_RUN)
    assert body["score"] == 0.2  # only "stop now and apologise" broke nothing
    assert body["best_score"] == 1.0
    assert "Principles you broke" in body["result_html"] and "Referral" in body["result_html"]
    assert block.attempts == 2


def test_choices_not_offered_are_refused_without_changing_the_run():
    course = Course(interview())
    block = course.learner("amara")
    run(block, ["needs_first"])
    for payload in ({"choice": "refer"}, {"choice": 7}, {}):
        status, body = post(block, "choose", payload)
        assert status == 400 and body["field"] == "choice"
    assert block.path == ["needs_first"]
    assert "offers no choice 'refer'" in post(block, "choose", {"choice": "refer"})[1]["error"]


def test_run_limit():
    course = Course(interview().replace('start="arrival"', 'start="arrival" max_attempts="1"'))
    block = course.learner("amara")
    run(block, GOOD_RUN)
    status, body = post(block, "restart", {})
    assert status == 409 and "all your attempts" in body["error"]
    assert block.path == GOOD_RUN


def test_authoring_errors_show_in_studio_validation_not_to_learners():
    course = Course(
        '<commit_interview_sim start="a">'
        '<node id="a"><text>Hi</text><choice id="c1" goto="nowhere">x</choice>'
        '<choice id="c2" goto="loop">y</choice></node>'
        '<node id="loop"><text>Again</text><choice id="c3" goto="loop">z</choice></node>'
        '<node id="island" end="true"><text>End</text></node>'
        "</commit_interview_sim>"
    )
    messages = [m.text for m in course.author_block.validate().messages]
    assert "choice 'c1' in node 'a' points to 'nowhere', which does not exist" in messages
    assert "node 'island' cannot be reached from the start" in messages
    assert "node 'loop' is in a loop with no way to an end" in messages
    status, body = post(course.learner("amara"), "choose", {"choice": "c2"})
    assert status == 409 and "not ready" in body["error"]
    unknown = Course(
        '<commit_interview_sim start="a"><node id="a"><text>x</text>'
        '<choice id="c" goto="b" upholds="kindness">y</choice></node>'
        '<node id="b" end="true"><text>e</text></node></commit_interview_sim>'
    )
    (message,) = unknown.author_block.validate().messages
    assert "'kindness', which is not one of" in message.text


def test_round_trip():
    course = Course(interview())
    node = etree.Element("x")
    course.author_block.add_xml_to_node(node)
    again = Course(etree.tostring(node, encoding="unicode"))
    assert again.author_block.content == course.author_block.content
    assert again.author_block.start == "arrival"
