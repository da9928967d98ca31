"""The knowledge check as a learner and a course team meet it."""

import re

from block_runtime import Course, post
from lxml import etree
from lxml import html as lxml_html

from commit_training.knowledge_check.block import KnowledgeCheckBlock
from commit_training.scoring.forms import first_form, other_form

# Two objectives, two questions each: form A asks palermo and before, form B child and
# inconsistency.
QUESTIONS = """
  <question id="palermo" kind="single" form="A">
    <prompt>Which elements?</prompt>
    <option id="a" correct="true">Act, means, purpose<feedback>Right: all three.</feedback></option>
    <option id="b">A border crossing<feedback>No: not needed.</feedback></option>
  </question>
  <question id="child" kind="single" form="B">
    <prompt>Which element is not needed for a child?</prompt>
    <option id="a">The act<feedback>No: the act is needed.</feedback></option>
    <option id="b" correct="true">The means<feedback>Right: no means for a child.</feedback>
    </option>
  </question>
  <question id="before" kind="multiple" form="A">
    <prompt>Before the questions?</prompt>
    <option id="water" correct="true">Water and food</option>
    <option id="consent" correct="true">Consent</option>
    <option id="photo">A photograph<feedback>Never.</feedback></option>
  </question>
  <question id="inconsistency" kind="single" form="B">
    <prompt>Gaps in an account mean?</prompt>
    <option id="a">Lying<feedback>No: trauma affects memory.</feedback></option>
    <option id="b" correct="true">Little<feedback>Right: ask open questions.</feedback></option>
  </question>
"""
PERFECT = {
    "A": {"palermo": ["a"], "before": ["consent", "water"]},
    "B": {"child": ["b"], "inconsistency": ["b"]},
}
HALF = {
    "A": {"palermo": ["b"], "before": ["water", "consent"]},
    "B": {"child": ["a"], "inconsistency": ["b"]},
}
WRONG = {
    "A": {"palermo": ["b"], "before": ["photo"]},
    "B": {"child": ["a"], "inconsistency": ["a"]},
}
FEEDBACK = re.compile(r"Right: |No: |Never\.|Correct answer|Your score|Correct\.|Not correct\.")


def olx(phase, attempts=1, questions=QUESTIONS, extra=""):
    return (
        f'<commit_knowledge_check url_name="kc_{phase}" display_name="Check ({phase})" '
        f'assessment_id="core" phase="{phase}" max_attempts="{attempts}"{extra}>{questions}'
        "</commit_knowledge_check>"
    )


def pair(attempts=1, questions=QUESTIONS):
    """A pre-test and a post-test in one learner store (they share preferences)."""
    pre, post_test = Course(olx("pre", questions=questions)), Course(olx("post", attempts))
    post_test.store, post_test.published = pre.store, pre.published
    post_test.usage_id = post_test.learner("x").runtime.parse_xml_string(
        olx("post", attempts, questions=questions)
    )
    return pre, post_test


def shown_ids(block):
    return sorted(q["id"] for q in block._context()["questions"])


def test_the_pre_test_asks_one_form_and_the_post_test_the_other():
    pre, post_test = pair()
    names = ("amara", "bopha", "chanthy", "dara")
    assert {first_form(name, "core") for name in names} == {"A", "B"}
    for name in names:
        first = first_form(name, "core")
        expected = {"A": ["before", "palermo"], "B": ["child", "inconsistency"]}
        assert shown_ids(pre.learner(name)) == expected[first]
        assert shown_ids(post_test.learner(name)) == expected[other_form(first)]


def test_the_pre_test_shows_no_key_feedback_or_score():
    course = Course(olx("pre"))
    block = course.learner("amara")
    form = first_form("amara", "core")
    assert not block.has_score
    # The page holds the one result the pre-test shows, hidden until the answers are sent.
    before = lxml_html.fromstring(block.student_view({}).content)
    (waiting,) = before.xpath("//section[@data-shows='recorded']")
    assert (
        waiting.get("hidden") is not None and "Your answers are recorded." in waiting.text_content()
    )
    status, body = post(block, "submit", {"answers": HALF[form]})
    assert status == 200
    # No HTML comes back: which result to show, and that the form goes.
    assert body == {"recorded": True, "attempts_left": 0, "can_submit": False, "shows": "recorded"}
    for html in (block.student_view({}).content,):
        assert "Your answers are recorded." in html and 'data-shows="recorded"' not in html
        assert not FEEDBACK.search(html), FEEDBACK.search(html)
        assert "data-announce" in html
    assert course.events("amara", "grade") == []
    assert course.events("amara", "completion") == [{"completion": 1.0}]
    state = block.student_view_user_state()
    assert state["result"] == {} and state["shown"] == "recorded"
    # Kept for the review after the post-test: item, options chosen, right or not.
    stored = block.assessment_results["core"]["pre"]
    assert stored["form"] == form and stored["possible"] == 2
    assert {r["id"] for r in stored["responses"]} == set(HALF[form])
    assert all(set(r) == {"id", "form", "chosen", "correct"} for r in stored["responses"])


def test_each_submission_publishes_every_item_response():
    course = Course(olx("pre"))
    form = first_form("bopha", "core")
    post(course.learner("bopha"), "submit", {"answers": HALF[form]})
    (submitted,) = course.events("bopha", "commit_training.knowledge_check.submitted")
    assert {k: submitted[k] for k in ("assessment_id", "phase", "form", "attempt")} == {
        "assessment_id": "core",
        "phase": "pre",
        "form": form,
        "attempt": 1,
    }
    assert (submitted["earned"], submitted["possible"], submitted["score"]) == (1, 2, 0.5)
    by_id = {item["id"]: item for item in submitted["questions"]}
    assert set(by_id) == set(HALF[form])
    for question_id, chosen in HALF[form].items():
        assert by_id[question_id]["chosen"] == sorted(chosen)
        assert by_id[question_id]["form"] == form
    assert [item["correct"] for item in by_id.values()].count(True) == 1


def test_the_post_test_is_graded_and_reviews_both_sittings_with_the_gain():
    pre, post_test = pair()
    name = "amara"
    first, second = first_form(name, "core"), other_form(first_form(name, "core"))
    post(pre.learner(name), "submit", {"answers": HALF[first]})
    block = post_test.learner(name)
    status, body = post(block, "submit", {"answers": PERFECT[second]})
    assert status == 200
    assert (body["earned"], body["possible"], body["passed"]) == (2, 2, True)
    assert body["gain"] == 1.0  # (1 - 0.5) / (1 - 0.5), on the shares of two forms
    assert pre.events(name, "grade") == [{"value": 1.0, "max_value": 1.0, "only_if_higher": False}]
    html = body["result_html"]
    assert f"Before the course: form {first}" in html and f"After the course: form {second}" in html
    review = lxml_html.fromstring(html).find(".//section[@class='commit-review']")
    assert [h.text for h in review.iter("h4")] == [
        f"Before the course: form {first}",
        f"After the course: form {second}",
    ]
    reviewed = [li.get("data-question") for li in review.iter("li") if li.get("data-question")]
    assert sorted(reviewed) == sorted([*PERFECT[first], *PERFECT[second]])
    # The key and the feedback on every option, chosen or not, of both sittings.
    text = review.text_content()
    assert text.count("(Correct answer)") == 5 and text.count("(Your answer)") >= 4
    for feedback in ("No: not needed.", "Right: all three.", "No: the act is needed."):
        assert feedback in text
    assert "Normalised gain" in html


def test_no_gain_without_a_pre_test_or_over_the_same_questions():
    _, post_test = pair()
    block = post_test.learner("dara")
    _, body = post(block, "submit", {"answers": PERFECT[other_form(first_form("dara", "core"))]})
    assert body["gain"] is None
    assert "did not take the check at the start" in body["result_html"]
    assert "Normalised gain" not in body["result_html"]

    unformed = re.sub(r' form="[AB]"', "", QUESTIONS)
    pre, post_test = pair(questions=unformed)
    everything = {**PERFECT["A"], **PERFECT["B"]}
    post(pre.learner("ea"), "submit", {"answers": {**HALF["A"], **HALF["B"]}})
    _, body = post(post_test.learner("ea"), "submit", {"answers": everything})
    assert (body["earned"], body["possible"], body["gain"]) == (4, 4, None)
    assert "the same questions before and after the course" in body["result_html"]
    assert "Normalised gain" not in body["result_html"]


def test_the_form_taken_is_stored_and_reused():
    pre, post_test = pair()
    name = "chanthy"
    # A record that says the learner took the form the choice rule would not give them.
    stored = other_form(first_form(name, "core"))
    block = pre.learner(name)
    block.assessment_results = {"core": {"pre": {"form": stored}}}
    block.save()
    ids = {"A": ["before", "palermo"], "B": ["child", "inconsistency"]}
    assert shown_ids(pre.learner(name)) == ids[stored]
    assert shown_ids(post_test.learner(name)) == ids[other_form(stored)]


EXAM_BANK = re.sub(r' form="[AB]"', "", QUESTIONS)


def exam(attempts=2):
    return Course(olx("exam", attempts, EXAM_BANK, ' pass_percent="75"'))


def test_the_exam_hides_the_key_until_a_pass_or_the_last_attempt():
    course = exam()
    everything = {**WRONG["A"], **WRONG["B"]}
    block = course.learner("amara")
    assert block.has_score and shown_ids(block) == ["before", "child", "inconsistency", "palermo"]
    status, body = post(block, "submit", {"answers": {**everything, "child": ["b"]}})
    assert status == 200 and (body["earned"], body["passed"]) == (1, False)
    html = body["result_html"]
    assert "Your score: 1 of 4" in html and "Not passed: the pass mark is 75 %." in html
    assert "shown once you pass or have used every attempt" in html
    assert "(Correct answer)" not in html and "Right: " not in html and "No: " not in html
    assert "responses" not in block.student_view_user_state()["result"]
    status, body = post(block, "submit", {"answers": everything})
    assert (body["earned"], body["attempts_left"]) == (0, 0)
    html = body["result_html"]
    assert "(Correct answer)" in html and "Right: no means for a child." in html
    assert len(block.student_view_user_state()["result"]["responses"]) == 4
    # The best attempt counts.
    assert [e["only_if_higher"] for e in course.events("amara", "grade")] == [True, True]


def test_an_exam_passed_is_reviewed_and_closed():
    course = exam(attempts=3)
    block = course.learner("bopha")
    answers = {**PERFECT["A"], **PERFECT["B"], "child": ["a"]}
    status, body = post(block, "submit", {"answers": answers})
    assert status == 200
    assert (body["earned"], body["passed"], body["attempts_left"]) == (3, True, 2)
    assert "Passed: the pass mark is 75 %." in body["result_html"]
    assert "(Correct answer)" in body["result_html"] and body["can_submit"] is False
    (submitted,) = course.events("bopha", "commit_training.knowledge_check.submitted")
    assert submitted["phase"] == "exam" and submitted["form"] == "" and submitted["score"] == 0.75


def test_refusals_keep_state():
    course = Course(olx("post"))
    block = course.learner("amara")
    form = other_form(first_form("amara", "core"))
    one, two = PERFECT[form]
    cases = [
        (None, b"{not json", 400, "not valid JSON"),
        (None, b"[1, 2]", 400, "must be a JSON object"),
        ({"answers": {one: ["z"], two: ["a"]}}, None, 400, "no option 'z'"),
        ({"answers": {one: PERFECT[form][one]}}, None, 400, f"'{two}' is not answered"),
        ({"answers": PERFECT[other_form(form)]}, None, 400, "unknown question id"),
        (None, b'{"answers": "' + b"x" * (1024 * 1024) + b'"}', 413, "too large"),
        # Nested thousands of levels deep in under 64 KB: once a server error.
        (None, b'{"answers": ' + b"[" * 20000 + b"]" * 20000 + b"}", 400, "nested too deeply"),
        (None, b'{"answers": ' + b"[" * 40 + b"]" * 40 + b"}", 400, "nested too deeply"),
    ]
    for payload, body, status, message in cases:
        got_status, got = post(block, "submit", payload, body=body)
        assert got_status == status, (payload, got)
        assert message in got["error"]
    assert block.attempts == 0 and block.answers == {} and block.result == {}
    assert block.assessment_results == {}
    assert course.events("amara") == []
    status, _ = post(block, "submit", {"answers": PERFECT[form]})
    assert status == 200
    status, body = post(block, "submit", {"answers": PERFECT[form]})
    assert status == 409 and "all your attempts" in body["error"]
    assert block.attempts == 1
    status, body = post(block, "submit", method="GET", body=b"")
    assert status == 405


def test_each_learner_has_a_stable_order_of_their_own():
    course = Course(olx("exam", questions=EXAM_BANK))
    orders = {
        name: [q["id"] for q in course.learner(name)._context()["questions"]]
        for name in ("amara", "bopha", "chanthy", "dara", "ea", "fu")
    }
    assert orders["amara"] == [q["id"] for q in course.learner("amara")._context()["questions"]]
    assert len({tuple(order) for order in orders.values()}) > 1


def test_student_view_data_gives_the_learners_form_without_the_key():
    course = Course(olx("pre"))
    data = course.learner("amara").student_view_data()
    form = first_form("amara", "core")
    assert data["form"] == form and data["phase"] == "pre"
    assert sorted(q["id"] for q in data["questions"]) == sorted(PERFECT[form])
    assert all(q["form"] == form for q in data["questions"])
    assert all("correct" not in o for q in data["questions"] for o in q["options"])


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
    assert {q.form for q in again.author_block.content} == {"A", "B"}


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


def test_studio_validation_reports_broken_forms():
    def messages(questions):
        block = Course(olx("post", questions=questions)).author_block
        return [m.text for m in block.validate().messages]

    assert messages(QUESTIONS.replace('form="B"', 'form="A"')) == [
        "no question is on form B; a bank with forms needs both"
    ]
    assert messages(QUESTIONS.replace(' form="B"', "", 1)) == [
        "question 'child' has no form; in a bank with forms every question is on form A or B"
    ]
    wrong = Course(olx("post", questions=QUESTIONS.replace('form="B"', 'form="C"', 1)))
    assert "form 'C' must be A or B" in wrong.author_block.validate().messages[0].text
    phase = Course(olx("final"))
    assert "phase must be pre, post or exam, not 'final'" in [
        m.text for m in phase.author_block.validate().messages
    ]


def test_the_pre_test_closes_once_the_post_test_is_taken():
    """A "before" taken after the course would make the gain compare two afters."""
    pre, post_test = pair()
    first = first_form("amara", "core")
    status, _ = post(post_test.learner("amara"), "submit", {"answers": PERFECT[other_form(first)]})
    assert status == 200
    late = pre.learner("amara")
    html = late.student_view({}).content
    assert "the pre-test is closed" in html and 'data-handler="submit"' not in html
    status, body = post(late, "submit", {"answers": PERFECT[first]})
    assert status == 409 and "the pre-test is closed" in body["error"]
    assert late.attempts == 0 and "pre" not in late.assessment_results["core"]
    # Another learner, who has not taken the post-test, still takes the pre-test.
    status, _ = post(
        pre.learner("bopha"), "submit", {"answers": PERFECT[first_form("bopha", "core")]}
    )
    assert status == 200


def test_the_review_follows_the_order_each_learner_saw():
    """Questions and options are shuffled per learner; the review lists them in the same
    order, not in the bank's (a review in another order reads as other questions)."""
    course = Course(olx("exam", attempts=1, questions=EXAM_BANK))
    for name in ("amara", "bopha", "chanthy", "dara"):
        block = course.learner(name)
        shown = block._context()["questions"]
        answers = {q["id"]: [q["options"][0]["id"]] for q in shown}
        status, _ = post(block, "submit", {"answers": answers})
        assert status == 200
        (sitting,) = block._outcome_context(block.content_or_none())["reviews"]
        assert [item["id"] for item in sitting["items"]] == [q["id"] for q in shown]
        for item, question in zip(sitting["items"], shown, strict=True):
            assert [o["id"] for o in item["options"]] == [o["id"] for o in question["options"]]
