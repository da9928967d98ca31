"""What the course team promised: the cases and interviews the programme asks for, each
case's conclusion as the rule gives it (one fixture per case), every objective assessed
and every item owned, the errors a content review found kept out, the required
statements about indicators, and a references page in every course."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lxml import etree

from commit_training.scoring import indicators as rule
from curriculum_build import build_course, course_names

COURSES = course_names()
NATIONAL = ["ntp-cn", "ntp-kh", "ntp-la", "ntp-mm", "ntp-th", "ntp-vn"]
CASE_FIXTURES = Path(__file__).parent / "data" / "cases"
# Promises an officer cannot keep to a merely presumed victim.
PROMISE = re.compile(
    r"\byou (will not|won't|cannot|can't) be (punished|charged|prosecuted|arrested|jailed)"
    r"|\bno one will (punish|charge|prosecute) you",
    re.IGNORECASE,
)
WARNING = re.compile(r"\b(do not|don't|never|cannot|can't|avoid|instead of)\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def built():
    return {name: build_course(name) for name in COURSES}


def blocks(course, tag):
    return [c.body[0] for c in course.components() if c.tag == tag]


def library(built, tag) -> dict[str, etree._Element]:
    """Every block of a kind across the courses, once per url_name."""
    found: dict[str, etree._Element] = {}
    for result in built.values():
        for element in blocks(result.course, tag):
            found.setdefault(element.get("url_name"), element)
    return found


def text_of(element) -> str:
    return re.sub(r"\s+", " ", etree.tostring(element, encoding="unicode", method="text"))


def test_the_courses_are_the_rtp_the_tot_and_a_national_ntp_per_country():
    assert [*NATIONAL, "rtp", "tot"] == COURSES


def test_the_casebook_holds_the_forms_and_hard_calls_the_programme_needs(built):
    cases = library(built, "commit_case_scenario")
    assert len(cases) >= 16
    wanted = {
        "case_scam_compound_myawaddy",  # forced criminality, Myanmar
        "case_scam_compound_sihanoukville",  # forced criminality, Cambodia
        "case_bride_china",
        "case_child_sexual_exploitation",
        "case_online_exploitation_child",
        "case_male_sexual_abuse",
        "case_child_fishing_adult_name",
        "case_organ_removal",
        "case_armed_group_child",
        "case_smuggled_not_trafficked",
        "case_labour_dispute",
        "case_repatriation_reintegration",
    }
    assert wanted <= set(cases)
    lists = {c.get("indicator_list") for c in cases.values()}
    assert lists == {"adult_labour", "adult_sexual", "child_labour", "child_sexual"}
    conclusions = {_expected(c) for c in cases.values()}
    assert conclusions == {"presumed_victim", "exploited_refer", "no_conclusion"}


def test_every_case_has_a_fixture(built):
    cases = library(built, "commit_case_scenario")
    fixtures = {p.stem for p in CASE_FIXTURES.glob("*.json")}
    assert set(cases) == fixtures


@pytest.mark.parametrize("fixture", sorted(CASE_FIXTURES.glob("*.json")), ids=lambda p: p.stem)
def test_the_rule_scores_each_case_as_its_authors_intend(built, fixture):
    expected = json.loads(fixture.read_text("utf-8"))
    case = library(built, "commit_case_scenario")[fixture.stem]
    assert case.get("indicator_list") == expected["indicator_list"]
    model = _model(case)
    positive = rule.positive_dimensions([i for i in model.indicators if i.present], model.policy)
    assert sorted(d.value for d in positive) == expected["positive_dimensions"]
    assert model.expected_conclusion().value == expected["conclusion"]
    present = [i for i in case.iter("indicator") if i.get("present") == "true"]
    # Distractors: indicators the case could be misread to show, with the evidence why not.
    distractors = [
        i
        for i in case.iter("indicator")
        if i.get("present") == "false" and i.find("evidence") is not None
    ]
    assert len(present) + len(distractors) >= 10 and len(distractors) >= 4
    assert all(i.find("evidence") is not None for i in present)


def test_each_case_is_marked_from_the_whole_list_in_the_catalogues_order(built):
    from curriculum_build.build import SOURCE_ROOT
    from curriculum_build.indicator_catalogue import load_catalogue

    catalogue = load_catalogue(SOURCE_ROOT / "indicators.yaml")
    for name, case in library(built, "commit_case_scenario").items():
        listed = [i.get("id") for i in case.iter("indicator")]
        assert listed == list(catalogue.lists[case.get("indicator_list")]), name


def test_every_case_is_set_in_a_named_place_of_the_region(built):
    places = re.compile(
        r"Cambodia|China|Lao|Myanmar|Thailand|Viet Nam|Phnom Penh|Bangkok|Yunnan|Guangxi"
        r"|Poipet|Mae Sot|Myawaddy|Sihanoukville|Ranong|Songkhla|Savannakhet|Lao Cai"
        r"|Kachin|Shan|Nghe An|Prey Veng|Battambang|Kampong|Udon|Thanh Hoa|Henan|Oudomxay"
        r"|Chonburi|Nonthaburi|Mekong"
    )
    for name, case in library(built, "commit_case_scenario").items():
        stages = " ".join(text_of(s) for s in case.iter("stage"))
        assert places.search(stages), name


def test_the_fishing_case_scores_withheld_wages_as_coercion_at_destination(built):
    case = library(built, "commit_case_scenario")["case_fishing_boat"]
    withheld = case.find("indicator[@id='cd_wages_withheld']")
    assert withheld.get("present") == "true" and withheld.get("dimension") == "CD"
    assert "end of the season" in text_of(case)


def test_no_case_promises_a_presumed_victim_that_she_will_not_be_punished(built):
    for name, case in library(built, "commit_case_scenario").items():
        for sentence in re.split(r"(?<=[.!?])\s+", text_of(case)):
            # A debrief may quote the promise to warn against it.
            if PROMISE.search(sentence):
                assert WARNING.search(sentence), (name, sentence)


def test_an_interview_choice_that_promises_non_punishment_is_one_that_breaks_a_rule(built):
    for name, sim in library(built, "commit_interview_sim").items():
        for node in sim.iter("node"):
            assert not PROMISE.search(text_of(node.find("text"))), name
        for choice in sim.iter("choice"):
            if PROMISE.search(choice.text or ""):
                assert choice.get("breaks"), (name, choice.get("id"))


def test_interview_simulations_cover_the_situations_the_programme_asks_for(built):
    sims = library(built, "commit_interview_sim")
    assert len(sims) >= 8
    assert {
        "sim_adult_interpreter",  # the interpreter an hour away
        "sim_child_guardian",  # a guardian who may be the trafficker
        "sim_wants_to_stop",
        "sim_refuses_referral",  # with safety planning
        "sim_statement_tonight",
        "sim_male_survivor",
        "sim_scam_returnee",
        "sim_remote_interpreter",
    } <= set(sims)
    for name, sim in sims.items():
        outcomes = {n.get("outcome") for n in sim.iter("node") if n.get("end") == "true"}
        assert outcomes == {"good", "poor"}, name
        choices = list(sim.iter("choice"))
        assert len(choices) >= 10, name
        assert all(c.find("feedback") is not None for c in choices), name
        assert any(c.get("breaks") for c in choices) and any(c.get("upholds") for c in choices)
    principles = " ".join(c.get("upholds") for s in sims.values() for c in s.iter("choice"))
    for principle in ("interpreter", "child_best_interests", "interviewer_gender", "consent"):
        assert principle in principles


def test_a_good_ending_is_not_always_a_shelter(built):
    endings = [
        text_of(n.find("text"))
        for sim in library(built, "commit_interview_sim").values()
        for n in sim.iter("node")
        if n.get("outcome") == "good"
    ]
    without_shelter = [e for e in endings if "shelter" not in e.lower()]
    assert len(without_shelter) >= len(endings) // 2


def test_same_gender_interviewing_is_offered_to_men_and_boys_too(built):
    sims = library(built, "commit_interview_sim")
    assert "interviewer_gender" in " ".join(
        c.get("upholds") for c in sims["sim_male_survivor"].iter("choice")
    )
    pages = _pages(built["rtp"].course)
    gender = [p for p in pages if re.search(r"same[- ]gender|same sex", p, re.I)]
    assert gender and any(re.search(r"\b(men|boys?)\b", p) for p in gender)


def test_recording_a_childs_interview_is_a_decision_with_consent_and_a_legal_basis(built):
    sim = library(built, "commit_interview_sim")["sim_child_guardian"]
    recording = [c for c in sim.iter("choice") if re.search(r"record", c.text or "", re.I)]
    assert any(c.get("breaks") for c in recording)
    assert any("consent" in (c.get("upholds") or "") for c in recording)


def test_the_palermo_protocol_is_not_said_to_be_adopted_in_palermo(built):
    for name, result in built.items():
        for page in _pages(result.course):
            assert not re.search(r"adopted in Palermo", page), name
    history = " ".join(_pages(built["rtp"].course))
    assert "55/25" in history and "New York" in history


def test_the_smuggling_unit_defines_smuggling(built):
    unit = _unit(built["rtp"].course, "vi_smuggling_difference")
    assert "financial or other material benefit" in unit
    assert "illegal entry" in unit


def test_the_rtp_is_a_five_day_programme_in_five_modules(built):
    rtp = built["rtp"]
    assert len(rtp.plan.days) == 5
    assert all(300 <= day.teaching_minutes <= 480 for day in rtp.plan.days)
    chapters = [c.id for c in rtp.course.chapters]
    for module in ("legal_framework", "prevention", "protection", "prosecution", "rtp_policy"):
        assert module in chapters


def test_every_session_has_facilitator_notes_and_the_guide_is_hidden_from_learners(built):
    for name, result in built.items():
        guide = result.course.chapters[-1]
        assert guide.staff_only and guide.id.endswith("_facilitator_guide"), name
        for chapter in result.course.chapters[1:-1]:
            for section in chapter.sections:
                assert section.minutes >= 15 and section.method, (name, section.id)
                assert len(" ".join(text_of(e) for e in section.notes).split()) >= 40


def test_each_national_course_fills_every_placeholder_from_cited_facts(built):
    for name in NATIONAL:
        pages = [
            etree.tostring(e, encoding="unicode")
            for c in built[name].course.components()
            for e in c.body
        ]
        assert not any("{{" in page or "[National team" in page for page in pages), name
        law = _unit(built[name].course, "ntp_law_local")
        assert len(law.split()) > 150, name
        chapter_ids = [c.id for c in built[name].course.chapters]
        assert f"ntp_{name[-2:]}_national" in chapter_ids


def test_the_national_courses_differ_in_their_law(built):
    laws = {name: _unit(built[name].course, "ntp_law_local") for name in NATIONAL}
    assert len(set(laws.values())) == len(NATIONAL)
    assert "2008" in laws["ntp-kh"] and "240" in laws["ntp-cn"] and "2015" in laws["ntp-la"]


@pytest.mark.parametrize("name", COURSES)
def test_every_objective_is_assessed_and_every_item_serves_one(built, name):
    course, objectives = built[name].course, built[name].objectives
    items = {item.id for c in course.components() for item in c.items}
    assert items
    assert all(o.assessed_by and o.activities for o in objectives)
    assert {i for o in objectives for i in o.assessed_by} == items


@pytest.mark.parametrize("name", COURSES)
def test_pre_and_post_tests_share_one_bank(built, name):
    checks = {c.get("phase"): c for c in blocks(built[name].course, "commit_knowledge_check")}
    # The ToT adds its certification exam, with a bank of its own.
    assert sorted(checks) == (["exam", "post", "pre"] if name == "tot" else ["post", "pre"])
    pre, post = checks["pre"], checks["post"]
    assert pre.get("assessment_id") == post.get("assessment_id")
    assert [etree.tostring(q) for q in pre.iter("question")] == [
        etree.tostring(q) for q in post.iter("question")
    ]
    assert len(blocks(built[name].course, "commit_course_evaluation")) == 1


@pytest.mark.parametrize("name", COURSES)
def test_every_course_opens_with_its_objectives_table_and_references(built, name):
    about = built[name].course.chapters[0]
    units = {u.id: u for s in about.sections for u in s.units}
    prefix = built[name].course.id
    table = units[f"{prefix}_objectives"].components[0].body[1]
    assert table.tag == "table"
    assert len(table.find("tbody")) == len(built[name].objectives)
    references = units[f"{prefix}_references"].components[0].body[0]
    text = etree.tostring(references, encoding="unicode", method="text")
    assert "Palermo" in text and "ILO and European Commission (2009)" in text
    assert len(references) == len(built[name].references)


def test_every_unit_that_cites_lists_its_sources_under_it(built):
    course = built["rtp"].course
    for chapter in course.chapters:
        for section in chapter.sections:
            for unit in section.units:
                lines = [
                    e
                    for c in unit.components
                    if c.tag == "html"
                    for e in c.body
                    if e.get("class") == "commit-sources"
                ]
                assert len(lines) == (1 if unit.sources else 0), unit.id


def test_the_course_says_indicators_are_screening_tools_under_a_configurable_rule(built):
    for name in COURSES:
        text = re.sub(r"\s+", " ", " ".join(_pages(built[name].course)))
        assert "screening tools, not legal findings" in text, name
        assert "configurable policy" in text, name


def _pages(course) -> list[str]:
    return [" ".join(text_of(e) for e in c.body) for c in course.components() if c.tag == "html"]


def _unit(course, unit_id) -> str:
    for chapter in course.chapters:
        for section in chapter.sections:
            for unit in section.units:
                if unit.id == unit_id:
                    return " ".join(
                        text_of(e) for c in unit.components if c.tag == "html" for e in c.body
                    )
    raise AssertionError(f"no unit {unit_id}")


def _model(case) -> rule.Case:
    act = case.find("act")
    return rule.Case(
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


def _expected(case) -> str:
    """The conclusion the blocks will expect, computed from the case's OLX alone."""
    return _model(case).expected_conclusion().value


def test_the_sub_regional_plans_are_dated_and_the_learner_told_what_to_check(built):
    pages = [p for p in _pages(built["rtp"].course) if "SPA IV" in p]
    assert pages
    for page in pages:
        assert re.search(r"as of 2018|in 2018", page), page[:200]
    assert any(re.search(r"\bcheck\b", p, re.IGNORECASE) for p in pages)


def test_the_content_summary_shows_programme_depth():
    from curriculum_build.summary import content_summary, summary_text

    summary = content_summary()
    assert summary.library_words >= 25_000
    assert len(summary.cases) >= 16 and len(summary.simulations) >= 8
    assert summary.unsourced == []
    by_course = {c.name: c for c in summary.courses}
    assert by_course["rtp"].days == 5
    for counts in summary.courses:
        assert counts.sessions == counts.sessions_with_notes > 0, counts.name
    text = summary_text(summary)
    assert f"Library: {summary.library_words} words of teaching text" in text
    assert "Units stating facts with no source: 0." in text


@pytest.mark.parametrize("name", COURSES)
def test_every_question_has_four_options_with_feedback_and_the_key_moves(built, name):
    post = next(
        c for c in blocks(built[name].course, "commit_knowledge_check") if c.get("phase") == "post"
    )
    questions = post.findall("question")
    assert len(questions) >= 18
    key_positions = set()
    longest_is_key = singles = 0
    for question in questions:
        options = question.findall("option")
        assert len(options) >= 4, question.get("id")
        assert all(o.find("feedback") is not None for o in options), question.get("id")
        correct = [i for i, o in enumerate(options) if o.get("correct") == "true"]
        if question.get("kind") == "single":
            assert len(correct) == 1, question.get("id")
            key_positions.add(correct[0])
            lengths = [len(o.text or "") for o in options]
            singles += 1
            longest_is_key += lengths[correct[0]] > max(
                n for i, n in enumerate(lengths) if i != correct[0]
            )
    # A learner cannot score by always choosing the same letter, or the longest option.
    assert len(key_positions) >= 3
    assert longest_is_key <= singles // 2, f"{longest_is_key} of {singles} keys are the longest"
