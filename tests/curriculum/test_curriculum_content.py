"""What the course team promised: the cases and interviews the brief asks for, each case's
conclusion as the rule gives it, every objective assessed and every item owned, the
required statements about indicators, and a references page in every course."""

from __future__ import annotations

import re

import pytest
from lxml import etree

from commit_training.curriculum_build import build_course
from commit_training.curriculum_build.build import SOURCE_ROOT
from commit_training.curriculum_build.sources import load_yaml
from commit_training.scoring import indicators as rule

COURSES = ["ntp", "rtp", "tot"]


@pytest.fixture(scope="module")
def built():
    return {name: build_course(name) for name in COURSES}


def blocks(course, tag):
    return [c.body[0] for c in course.components() if c.tag == tag]


def test_case_scenarios_cover_the_four_situations(built):
    cases = {c.get("url_name"): c for c in blocks(built["rtp"].course, "commit_case_scenario")}
    assert len(cases) >= 4
    lists = {c.get("indicator_list") for c in cases.values()}
    assert {"adult_labour", "adult_sexual", "child_labour"} <= lists
    expected = {name: _expected(case) for name, case in cases.items()}
    assert "exploited_refer" in expected.values()
    assert expected["case_fishing_boat"] == "presumed_victim"  # worked case A
    assert expected["case_domestic_worker"] == "presumed_victim"  # worked case B
    assert expected["case_begging_child"] == "presumed_victim"  # worked case C


@pytest.mark.parametrize(
    "case_file",
    sorted((SOURCE_ROOT / "modules" / "cases").glob("*.yaml")),
    ids=lambda p: p.stem,
)
def test_each_case_states_the_conclusion_the_rule_gives_from_its_olx(built, case_file):
    source = load_yaml(case_file)
    olx = next(
        c
        for c in blocks(built["rtp"].course, "commit_case_scenario")
        if c.get("url_name") == source["url_name"]
    )
    assert _expected(olx) == source["intended_conclusion"]
    present = [i for i in olx.iter("indicator") if i.get("present") == "true"]
    distractors = [i for i in olx.iter("indicator") if i.get("present") == "false"]
    assert present and distractors
    assert all(i.find("evidence") is not None for i in present)


def test_interview_simulations_cover_the_three_situations(built):
    sims = {s.get("url_name"): s for s in blocks(built["rtp"].course, "commit_interview_sim")}
    assert {"sim_adult_interpreter", "sim_child_guardian", "sim_wants_to_stop"} <= set(sims)
    for name, sim in sims.items():
        outcomes = {n.get("outcome") for n in sim.iter("node") if n.get("end") == "true"}
        assert outcomes == {"good", "poor"}, name
        choices = list(sim.iter("choice"))
        assert len(choices) >= 10, name
        assert all(c.find("feedback") is not None for c in choices), name
        assert any(c.get("breaks") for c in choices) and any(c.get("upholds") for c in choices)
    principles = " ".join(c.get("upholds") for s in sims.values() for c in s.iter("choice"))
    assert "interpreter" in principles and "child_best_interests" in principles
    assert "interviewer_gender" in principles and "consent" in principles


@pytest.mark.parametrize("name", COURSES)
def test_every_objective_is_assessed_and_every_item_serves_one(built, name):
    course, objectives = built[name].course, built[name].objectives
    items = {item.id for c in course.components() for item in c.items}
    assert items
    assert all(o.assessed_by and o.activities for o in objectives)
    assert {i for o in objectives for i in o.assessed_by} == items


@pytest.mark.parametrize("name", COURSES)
def test_pre_and_post_tests_share_one_bank(built, name):
    checks = blocks(built[name].course, "commit_knowledge_check")
    phases = sorted(c.get("phase") for c in checks)
    assert phases == ["post", "pre"]
    pre, post = sorted(checks, key=lambda c: c.get("phase"), reverse=True)
    assert pre.get("assessment_id") == post.get("assessment_id")
    assert etree.tostring(pre.find("question")) == etree.tostring(post.find("question"))
    assert len(blocks(built[name].course, "commit_course_evaluation")) == 1


@pytest.mark.parametrize("name", COURSES)
def test_every_course_opens_with_its_objectives_table_and_references(built, name):
    about = built[name].course.chapters[0]
    units = {u.id: u for s in about.sections for u in s.units}
    table = units[f"{name}_objectives"].components[0].body[1]
    assert table.tag == "table"
    assert len(table.find("tbody")) == len(built[name].objectives)
    references = units[f"{name}_references"].components[0].body[0]
    text = etree.tostring(references, encoding="unicode", method="text")
    assert "Palermo" in text and "ILO and European Commission (2009)" in text


def test_the_course_says_indicators_are_screening_tools_under_a_configurable_rule(built):
    for name in COURSES:
        text = " ".join(
            etree.tostring(e, encoding="unicode", method="text")
            for c in built[name].course.components()
            if c.tag == "html"
            for e in c.body
        )
        text = re.sub(r"\s+", " ", text)
        assert "screening tools, not legal findings" in text, name
        assert "configurable policy" in text, name


def test_national_placeholders_stay_visible_in_the_ntp(built):
    pages = [
        etree.tostring(e, encoding="unicode")
        for c in built["ntp"].course.components()
        for e in c.body
    ]
    assert any("[National team: give the hotline" in page for page in pages)
    assert not any("{{" in page for page in pages)


def _expected(case) -> str:
    """The conclusion the blocks will expect, computed from the case's OLX alone."""
    act = case.find("act")
    model = rule.Case(
        indicator_list=rule.IndicatorList(case.get("indicator_list")),
        indicators=tuple(
            rule.Indicator(
                id=i.get("id"),
                dimension=rule.Dimension(i.get("dimension")),
                strength=rule.Strength(i.get("strength")),
                present=i.get("present") == "true",
            )
            for i in case.iter("indicator")
        ),
        act_shown=act is not None and act.get("present") == "true",
        policy=rule.policy_named(case.get("policy")),
    )
    return model.expected_conclusion().value
