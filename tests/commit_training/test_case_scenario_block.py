"""The case scenario block, on DOMAIN.md's worked case A."""

from block_runtime import Course, post
from lxml import etree

from commit_training.workbench import scenario_xml


def fishing_boat():
    xml = scenario_xml("case_fishing_boat.xml")
    root = etree.fromstring(xml.encode())
    return etree.tostring(root.find("commit_case_scenario"), encoding="unicode")


ALL_PRESENT = ["dr_job_nature", "dr_wages", "ex_hours", "ex_no_pay", "cd_documents", "cd_confined"]


def test_a_right_reading_scores_full_marks():
    course = Course(fishing_boat())
    block = course.learner("amara")
    status, body = post(
        block, "submit", {"indicators": ALL_PRESENT, "conclusion": "presumed_victim"}
    )
    assert status == 200 and body["score"] == 1.0 and body["conclusion_correct"]
    assert course.events("amara", "grade") == [
        {"value": 1.0, "max_value": 1.0, "only_if_higher": True}
    ]


def test_missed_and_wrong_indicators_are_explained_and_the_best_attempt_counts():
    course = Course(fishing_boat())
    block = course.learner("amara")
    status, body = post(
        block,
        "submit",
        {
            "indicators": ["dr_job_nature", "ex_hours", "vd_language"],
            "conclusion": "exploited_refer",
        },
    )
    assert status == 200
    assert not body["conclusion_correct"] and body["can_submit"] is True
    html = body["result_html"]
    # The outcome alone: the case and the learner's marks stay on the page.
    assert "<form" not in html and "Read on" not in html
    assert "You have 1 attempt left." in html
    # An attempt is left: the score and how it is made, not the key.
    assert "How the score is made: half for the indicators" in html
    assert "indicators to look at again. Read the case once more" in html
    assert "The case supports:" not in html
    assert "The captain keeps his identity card." not in html
    first = body["score"]
    status, body = post(block, "submit", {"indicators": [], "conclusion": "no_conclusion"})
    assert status == 200 and body["score"] < first and body["best_score"] == first
    # The last attempt: every mistake explained with its evidence, and the conclusion.
    assert body["can_submit"] is False
    html = body["result_html"]
    assert "attempt left" not in html
    assert "You did not mark it, but the case shows it." in html
    assert "The captain keeps his identity card." in html  # the evidence for a missed one
    assert "The case supports:" in html
    status, body = post(block, "submit", {"indicators": [], "conclusion": "no_conclusion"})
    assert status == 409
    grades = course.events("amara", "grade")
    assert [g["only_if_higher"] for g in grades] == [True, True]
    assert grades[-1]["value"] == first


def test_bad_answers_are_refused_and_state_is_kept():
    course = Course(fishing_boat())
    block = course.learner("amara")
    for payload, field in [
        ({"indicators": ["no_such"], "conclusion": "presumed_victim"}, "indicators"),
        ({"indicators": "dr_wages", "conclusion": "presumed_victim"}, "indicators"),
        ({"indicators": [], "conclusion": "guilty"}, "conclusion"),
        ({"indicators": [1], "conclusion": "presumed_victim"}, "indicators"),
    ]:
        status, body = post(block, "submit", payload)
        assert status == 400 and body["field"] == field
    assert block.attempts == 0 and block.answer == {} and course.events() == []


def test_round_trip_and_validation():
    course = Course(fishing_boat())
    node = etree.Element("x")
    course.author_block.add_xml_to_node(node)
    again = Course(etree.tostring(node, encoding="unicode"))
    assert again.author_block.content == course.author_block.content
    assert again.author_block.indicator_list == "adult_labour"
    assert again.author_block.validate().messages == []
    broken = Course(
        '<commit_case_scenario indicator_list="adult_labour">'
        '<indicator id="x" dimension="ZZ" strength="strong">label</indicator>'
        "</commit_case_scenario>"
    )
    (message,) = broken.author_block.validate().messages
    assert "dimension='ZZ' is not one of DR, CR, VR, EX, CD, VD" in message.text
    assert "line 1" in message.text


def test_student_view_data_keeps_the_answer_key_out():
    data = Course(fishing_boat()).learner("amara").student_view_data()
    assert len(data["indicators"]) == 8
    assert all("present" not in row and "evidence" not in row for row in data["indicators"])
