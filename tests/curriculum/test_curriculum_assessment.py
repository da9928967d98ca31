"""The assessment blueprint: every question under one objective, two parallel forms per
pre/post bank, an exam with a bank of its own, national questions in the national bank;
and bad sources that break a rule stop the build with the file, the line and the item."""

from __future__ import annotations

import re

import pytest

from curriculum_build import build_course, course_names
from curriculum_build.sources import load_yaml
from tests.curriculum.test_curriculum_bad_input import edit, failure

COURSES = course_names()


@pytest.fixture(scope="module")
def built():
    return {name: build_course(name) for name in COURSES}


def checks(course, phase=None):
    return [
        c.body[0]
        for c in course.components()
        if c.tag == "commit_knowledge_check" and (phase is None or c.assessment[1] == phase)
    ]


@pytest.mark.parametrize("name", COURSES)
def test_each_objective_alternates_its_questions_between_forms_a_and_b(built, name):
    course, objectives = built[name].course, built[name].objectives
    (post,) = checks(course, "post")
    (pre,) = checks(course, "pre")
    bank = post.get("assessment_id")
    forms = {q.get("id"): q.get("form") for q in post.iter("question")}
    assert set(forms.values()) == {"A", "B"}
    # The pre-test carries the same questions on the same forms.
    assert {q.get("id"): q.get("form") for q in pre.iter("question")} == forms
    for objective in objectives:
        mine = [i.partition("/")[2] for i in objective.assessed_by if i.startswith(f"{bank}/")]
        if not mine:
            assert objective.source.path != built[name].objectives[0].source.path, objective.id
            continue
        assert [forms[q] for q in mine] == ["AB"[i % 2] for i in range(len(mine))], objective.id
    listed = [i for o in objectives for i in o.assessed_by if i.startswith(f"{bank}/")]
    assert sorted(listed) == sorted(f"{bank}/{q}" for q in forms)  # each exactly once
    shares = list(forms.values())
    assert abs(shares.count("A") - shares.count("B")) <= len(objectives)


def test_the_tot_exam_is_one_form_with_a_bank_of_its_own(built):
    course = built["tot"].course
    (exam,) = checks(course, "exam")
    assert exam.get("assessment_id") == "tot-exam" and exam.get("pass_percent") == "80"
    questions = list(exam.iter("question"))
    assert len(questions) >= 30 and not [q for q in questions if q.get("form")]
    pre_post = {
        q.get("id")
        for result in built.values()
        for check in checks(result.course)
        if check.get("phase") != "exam"
        for q in check.iter("question")
    }
    assert not pre_post & {q.get("id") for q in questions}
    owners = [
        i for o in built["tot"].objectives for i in o.assessed_by if i.startswith("tot-exam/")
    ]
    assert sorted(owners) == sorted(f"tot-exam/{q.get('id')}" for q in questions)


def test_each_national_bank_takes_its_own_countrys_questions(built):
    for name in (n for n in COURSES if n.startswith("ntp-")):
        country = name.partition("-")[2]
        (post,) = checks(built[name].course, "post")
        ids = [q.get("id") for q in post.iter("question")]
        national = [i for i in ids if re.match(r"^(cn|kh|la|mm|th|vn)_", i)]
        assert national and all(i.startswith(f"{country}_") for i in national), name


# ---- bad input ---------------------------------------------------------------------


def listing(items) -> str:
    return "assessed_by: [" + ", ".join(items) + "]"


def assessed_by(path, objective_id: str) -> list[str]:
    rows = load_yaml(path)["objectives"]
    return list(next(row for row in rows if row["id"] == objective_id)["assessed_by"])


def move_to_institutions(course, kept: list[str]) -> int:
    """Leave ``kept`` under rtp_cooperate and move its other items to rtp_institutions;
    return the line of rtp_cooperate's list."""
    cooperate = assessed_by(course, "rtp_cooperate")
    institutions = assessed_by(course, "rtp_institutions")
    moved = [item for item in cooperate if item not in kept]
    line = edit(course, listing(cooperate), listing(kept))
    edit(course, listing(institutions), listing([*institutions, *moved]))
    return line


def test_a_question_listed_under_two_objectives(scratch):
    course = scratch / "courses" / "rtp" / "course.yaml"
    cooperate = assessed_by(course, "rtp_cooperate")
    twice = next(i for i in assessed_by(course, "rtp_interview") if i.startswith("rtp-core/"))
    line = edit(course, listing(cooperate), listing([*cooperate, twice]))
    error = failure(scratch)
    assert (str(error.path), error.line) == ("curriculum/courses/rtp/course.yaml", line)
    assert error.reason.startswith(
        f"objective 'rtp_cooperate': question '{twice}' is also listed under "
        "objective 'rtp_interview'"
    )


def test_an_objective_with_one_question(scratch):
    course = scratch / "courses" / "rtp" / "course.yaml"
    line = move_to_institutions(course, ["rtp-core/commit_mou"])
    error = failure(scratch)
    assert (error.path.name, error.line) == ("course.yaml", line)
    assert "objective 'rtp_cooperate' lists one question of 'rtp-core' (rtp-core/commit_mou)" in (
        error.reason
    )
    assert "at least two, so that forms A and B each ask one" in error.reason


def test_a_shared_objective_with_no_question(scratch):
    course = scratch / "courses" / "rtp" / "course.yaml"
    line = move_to_institutions(course, ["case_repatriation_reintegration"])
    error = failure(scratch)
    assert (error.path.name, error.line) == ("course.yaml", line)
    assert error.reason.startswith(
        "objective 'rtp_cooperate' lists no question of the pre-test and post-test (rtp-core)"
    )


def test_a_national_objective_taught_by_case_work_may_list_no_question(scratch):
    pack = scratch / "courses" / "ntp" / "countries" / "kh.yaml"
    rows = load_yaml(pack)["objectives"]
    first, second = rows[0]["assessed_by"], rows[1]["assessed_by"]
    questions = [i for i in first if i.startswith("ntp-core/")]
    assert questions and [i for i in first if "/" not in i]

    edit(pack, listing(first), listing([i for i in first if "/" not in i]))
    edit(pack, listing(second), listing([*second, *questions]))
    built = build_course("ntp-kh", root=scratch)
    assert [o.assessed_by for o in built.objectives if o.id == rows[0]["id"]] == [
        tuple(i for i in first if "/" not in i)
    ]


def test_an_exam_question_with_the_id_of_a_pre_post_question(scratch):
    exam = scratch / "questions" / "tot_certification.yaml"
    line = edit(exam, "  - id: tx_write_objective\n", "  - id: practice_activity\n")
    error = failure(scratch, "tot")
    assert (str(error.path), error.line) == ("curriculum/questions/tot_certification.yaml", line)
    assert error.reason.startswith(
        "exam question 'tot-exam/practice_activity' has the id of question "
        "'practice_activity' of the pre/post bank 'tot-core' (curriculum/"
    )


def test_an_exam_question_with_the_prompt_of_a_pre_post_question(scratch):
    bank = load_yaml(scratch / "courses" / "tot" / "assessment.yaml")
    seen = bank["questions"][0]
    exam = scratch / "questions" / "tot_certification.yaml"
    text = exam.read_text("utf-8")
    prompt = re.search(r"  - id: tx_write_objective\n.*?\n    prompt: >-\n((?:      .*\n)+)", text)
    # Another case and other line breaks: the same question still.
    reworded = "    prompt: " + repr(seen["prompt"].upper().replace(", ", " , ")) + "\n"
    line = text[: prompt.start(1)].count("\n")
    exam.write_text(
        text[: prompt.start(1) - len("    prompt: >-\n")] + reworded + text[prompt.end(1) :]
    )
    error = failure(scratch, "tot")
    assert (error.path.name, error.line) == ("tot_certification.yaml", line)
    assert error.reason.startswith(
        f"exam question 'tot-exam/tx_write_objective' asks the prompt of question "
        f"'{seen['id']}' of the pre/post bank 'tot-core' (curriculum/courses/tot/assessment.yaml:"
    )


def test_an_exam_sharing_its_assessment_id_with_a_pre_post_bank(scratch):
    bank = scratch / "courses" / "tot" / "certification.yaml"
    edit(bank, "assessment_id: tot-exam\n", "assessment_id: tot-core\n")
    error = failure(scratch, "tot")
    assert error.path.name == "course.yaml"
    assert "assessment 'tot-core' is an exam, once in the course and with a bank of its own" in (
        error.reason
    )


def test_a_national_question_without_the_countrys_prefix(scratch):
    questions = scratch / "courses" / "ntp" / "countries" / "kh" / "questions.yaml"
    first = load_yaml(questions)["questions"][0]["id"]
    line = edit(questions, f"  - id: {first}\n", "  - id: removal_offence\n")
    error = failure(scratch, "ntp-kh")
    assert (str(error.path), error.line) == (
        "curriculum/courses/ntp/countries/kh/questions.yaml",
        line,
    )
    assert error.reason == "national question id 'removal_offence' must start with 'kh_'"


def test_a_form_that_is_not_a_or_b_is_refused_by_the_block_parser():
    from commit_training.knowledge_check.content import parse
    from commit_training.olx import ContentError

    with pytest.raises(ContentError, match="form 'C' must be A or B"):
        parse.__wrapped__('<question id="q" form="C"><prompt>?</prompt></question>')


# Places of the region a scenario stem sets its official in (a country's name counts).
PLACES = re.compile(
    r"Cambodia|China|Chinese|Lao|Myanmar|Thai|Viet Nam|Vietnam|Mekong|Phnom Penh|Poipet|"
    r"Siem Reap|Battambang|Sihanoukville|Koh Kong|Takeo|Kampong|Svay Rieng|Kampot|Kandal|"
    r"Prey Veng|Banteay Meanchey|Kunming|Yunnan|Ruili|Guangxi|Hekou|Mohan|Dongxing|"
    r"Pingxiang|Xishuangbanna|Vientiane|Savannakhet|Luang|Champasak|Boten|Bokeo|Huay Xai|"
    r"Houayxay|Yangon|Mandalay|Myawaddy|Tachileik|Muse|Kawthaung|Mawlamyine|Shan|Kachin|"
    r"Bangkok|Mae Sot|Chiang Mai|Chiang Rai|Ranong|Samut|Songkhla|Mae Sai|Nong Khai|"
    r"Ha Noi|Hanoi|Ho Chi Minh|Lao Cai|Mong Cai|Ha Giang|Lang Son|Quang Ninh|Nghe An|"
    r"Can Tho|Moc Bai|Tay Ninh|An Giang|Cao Bang|Dien Bien|Thanh Hoa|Hai Phong|Da Nang"
)
BANK_SIZE = {"rtp": 40, "tot": 30, "ntp": 40}


def _scenario(prompt: str) -> bool:
    """A stem that sets a situation in a place of the region, at some length: not a
    bare recall question."""
    return bool(PLACES.search(prompt)) and len(prompt.split()) >= 20


@pytest.mark.parametrize("name", COURSES)
def test_each_bank_is_big_enough_and_mostly_scenarios(built, name):
    (post,) = checks(built[name].course, "post")
    questions = list(post.iter("question"))
    assert len(questions) >= BANK_SIZE[name.partition("-")[0]], len(questions)
    prompts = ["".join(q.find("prompt").itertext()) for q in questions]
    scenarios = sum(_scenario(p) for p in prompts)
    assert scenarios >= 0.6 * len(prompts), f"{scenarios} of {len(prompts)} stems are scenarios"


def test_the_rtp_asks_for_policy_judgement(built):
    """Policy makers decide for institutions: the RTP bank holds the policy module's
    questions (budgets, retention, monitoring, referral and return agreements)."""
    (post,) = checks(built["rtp"].course, "post")
    policy = load_yaml(built["rtp"].objectives[0].source.path.parents[2] / "questions/policy.yaml")
    ids = {q.get("id") for q in post.iter("question")}
    assert len(ids & {q["id"] for q in policy["questions"]}) >= 8


def test_the_scenario_check_tells_a_scenario_from_recall():
    assert _scenario(
        "At the Poipet checkpoint, an immigration officer meets a woman of 19 who says a "
        "broker took her passport and that she owes him for the journey. What should he do?"
    )
    assert not _scenario("Which article of the Palermo Protocol defines trafficking in persons?")
