"""Bad sources stop the build with the file, the line and the reason, and write nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from curriculum_build import CurriculumError, build_archives, build_course


def edit(path: Path, old: str, new: str) -> int:
    """Replace ``old`` (which must occur once) and return the line it starts on."""
    text = path.read_text("utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), "utf-8")
    return text[: text.index(old)].count("\n") + 1


def failure(root: Path, course: str = "rtp") -> CurriculumError:
    with pytest.raises(CurriculumError) as caught:
        build_course(course, root=root)
    return caught.value


def test_a_missing_module(scratch):
    course = scratch / "courses" / "rtp" / "course.yaml"
    line = edit(course, "  - module: interviewing\n", "  - module: interviewin\n")
    error = failure(scratch)
    assert (str(error.path), error.line) == ("curriculum/courses/rtp/course.yaml", line)
    assert "module 'interviewin' does not exist" in error.reason


def test_a_broken_include(scratch):
    module = scratch / "modules" / "victim_identification.yaml"
    line = edit(module, "include: cases/plantation.yaml", "include: cases/plantations.yaml")
    error = failure(scratch)
    assert (str(error.path), error.line) == ("curriculum/modules/victim_identification.yaml", line)
    assert "'cases/plantations.yaml' does not exist" in error.reason


def test_an_unknown_block_kind(scratch):
    chapter = scratch / "courses" / "rtp" / "chapters" / "closing.yaml"
    line = edit(chapter, "block: course_evaluation", "block: course_survey")
    error = failure(scratch)
    assert (str(error.path), error.line) == ("curriculum/courses/rtp/chapters/closing.yaml", line)
    assert "unknown block 'course_survey'" in error.reason


def test_a_case_whose_stated_conclusion_disagrees_with_the_rule(scratch):
    case = scratch / "modules" / "cases" / "plantation.yaml"
    line = edit(
        case, "intended_conclusion: exploited_refer", "intended_conclusion: presumed_victim"
    )
    error = failure(scratch)
    assert (str(error.path), error.line) == ("curriculum/modules/cases/plantation.yaml", line)
    assert "the combination rule gives 'exploited_refer'" in error.reason
    assert "positive dimensions: EX" in error.reason


def test_a_case_indicator_not_in_the_catalogue(scratch):
    case = scratch / "modules" / "cases" / "karaoke_bar.yaml"
    line = edit(case, "  - id: cr_abduction\n", "  - id: cr_kidnap\n")
    error = failure(scratch)
    assert error.line == line
    assert "'cr_kidnap' is not in the adult_sexual list" in error.reason


def test_an_interview_choice_that_points_nowhere(scratch):
    sim = scratch / "modules" / "interviews" / "wants_to_stop.yaml"
    line = edit(sim, "goto: pressed\n", "goto: presed\n")
    error = failure(scratch)
    assert (str(error.path), error.line) == (
        "curriculum/modules/interviews/wants_to_stop.yaml",
        line,
    )
    assert "goto 'presed' names no node" in error.reason


def test_an_unreachable_interview_node(scratch):
    sim = scratch / "modules" / "interviews" / "wants_to_stop.yaml"
    edit(sim, "goto: threatened\n", "goto: respected\n")
    line = edit(sim, "  - id: threatened\n", "  - id: threatened\n")
    error = failure(scratch)
    assert error.line == line
    assert "node 'threatened' cannot be reached" in error.reason


LOOPING_SIM = """
block: interview_sim
url_name: sim_wants_to_stop
display_name: A loop
start: opening
scenario: Two officers keep asking the same questions.
nodes:
  - id: opening
    text: The interview begins.
    choices:
      - {id: fine, goto: good_end, upholds: [consent], text: Ask for consent, feedback: Right.}
      - {id: worse, goto: poor_end, breaks: [consent], text: Skip consent, feedback: Wrong.}
      - {id: circle, goto: again, breaks: [no_retraumatising], text: Repeat, feedback: Wrong.}
  - id: again
    text: The same question again.
    choices:
      - {id: round, goto: and_again, breaks: [no_retraumatising], text: Repeat, feedback: No.}
  - id: and_again
    text: And again.
    choices:
      - {id: back, goto: again, breaks: [no_retraumatising], text: Repeat, feedback: No.}
  - {id: good_end, end: true, outcome: good, text: Done well.}
  - {id: poor_end, end: true, outcome: poor, text: Done badly.}
"""


def test_an_interview_loop_with_no_exit(scratch):
    (scratch / "modules" / "interviews" / "wants_to_stop.yaml").write_text(LOOPING_SIM, "utf-8")
    error = failure(scratch)
    assert error.path.name == "wants_to_stop.yaml"
    assert error.line == LOOPING_SIM.count("\n", 0, LOOPING_SIM.index("  - id: again")) + 1
    assert "node 'again' is in a loop with no way to an end" in error.reason


def test_a_choice_without_a_principle(scratch):
    sim = scratch / "modules" / "interviews" / "adult_interpreter.yaml"
    edit(sim, "        breaks: [basic_needs]\n", "")
    error = failure(scratch)
    assert error.path.name == "adult_interpreter.yaml"
    assert "must uphold or break at least one principle" in error.reason


def test_an_unknown_principle(scratch):
    sim = scratch / "modules" / "interviews" / "adult_interpreter.yaml"
    line = edit(sim, "upholds: [basic_needs, safety]", "upholds: [basic_needs, comfort]")
    error = failure(scratch)
    assert error.line == line
    assert "unknown principle 'comfort'" in error.reason


def test_a_single_choice_question_with_two_right_answers(scratch):
    bank = scratch / "courses" / "rtp" / "assessment.yaml"
    text = bank.read_text("utf-8")
    options_line = text[: text.index("options:", text.index("id: peace"))].count("\n") + 1
    edit(
        bank,
        "      - id: a\n        text: Plan the questions alone;",
        "      - id: a\n        correct: true\n        text: Plan the questions alone;",
    )
    error = failure(scratch)
    assert (error.path.name, error.line) == ("assessment.yaml", options_line)
    assert "question 'peace' is single choice but has 2 correct" in error.reason


def test_an_unknown_field_in_a_block(scratch):
    case = scratch / "modules" / "cases" / "fishing_boat.yaml"
    line = edit(case, "max_attempts: 2\n", "max_attempts: 2\nconclusion: presumed_victim\n")
    error = failure(scratch)
    assert error.line == line + 1
    assert "a case scenario has no field 'conclusion'" in error.reason


def test_invalid_yaml(scratch):
    module = scratch / "modules" / "ethics_human_rights.yaml"
    line = edit(module, "      - id: eth_ohchr\n", "      - id: eth_ohchr\n       title: [broken\n")
    error = failure(scratch)
    assert error.path.name == "ethics_human_rights.yaml"
    assert error.line is not None and error.line >= line
    assert "invalid YAML" in error.reason


def test_a_placeholder_the_course_does_not_fill(scratch):
    pack = scratch / "courses" / "ntp" / "countries" / "th.yaml"
    edit(pack, "  national_hotlines:", "  national_helplines:")
    error = failure(scratch, "ntp-th")
    assert error.path.suffix == ".yaml" and error.line is not None
    assert "{{national_hotlines}} has no value in this course" in error.reason


def test_an_objective_naming_an_item_the_course_lacks(scratch):
    course = scratch / "courses" / "rtp" / "course.yaml"
    line = edit(
        course,
        "assessed_by: [rtp-core/commit_mou, ",
        "assessed_by: [rtp-core/regional_plan, ",
    )
    error = failure(scratch)
    assert error.line == line
    assert "no assessment item 'rtp-core/regional_plan'" in error.reason


def test_an_objective_naming_an_activity_the_course_lacks(scratch):
    course = scratch / "courses" / "rtp" / "course.yaml"
    line = edit(
        course,
        "activities: [rc_commit, rc_cross_border, po_commit]",
        "activities: [rc_memorandum, rc_cross_border, po_commit]",
    )
    error = failure(scratch)
    assert error.line == line
    assert "no unit, section or block 'rc_memorandum'" in error.reason


ADULT_LEARNING_ITEMS = """\
    assessed_by:
      - tot-core/practice_activity
      - tot-core/tot_start_from_work
"""


def test_an_objective_with_no_assessment(scratch):
    course = scratch / "courses" / "tot" / "course.yaml"
    text = course.read_text("utf-8")
    start = text.index(ADULT_LEARNING_ITEMS)
    end = text.index("  - id: tot_experiential\n")
    line = text[:start].count("\n") + 1
    course.write_text(text[:start] + "    assessed_by: []\n" + text[end:], "utf-8")
    error = failure(scratch, "tot")
    assert error.line == line
    assert "objective 'tot_adult_learning' is not assessed" in error.reason


def test_an_assessment_item_that_serves_no_objective(scratch):
    course = scratch / "courses" / "tot" / "course.yaml"
    edit(
        course,
        ADULT_LEARNING_ITEMS,
        ADULT_LEARNING_ITEMS.replace("tot-core/practice_activity", "tot-core/kirkpatrick"),
    )
    error = failure(scratch, "tot")
    assert error.path.name == "course.yaml"
    assert "assessment item 'tot-core/practice_activity' serves no learning objective" in (
        error.reason
    )


def test_a_name_used_twice_in_one_course(scratch):
    chapter = scratch / "courses" / "rtp" / "chapters" / "regional_cooperation.yaml"
    edit(chapter, "      - id: rc_bilateral\n", "      - id: vi_palermo\n")
    error = failure(scratch)
    assert "the name 'vi_palermo' is used twice in this course" in error.reason


def test_nothing_is_written_when_one_course_is_bad(scratch, tmp_path):
    edit(
        scratch / "courses" / "tot" / "course.yaml",
        "  - module: interviewing\n",
        "  - module: nowhere\n",
    )
    out = tmp_path / "out"
    with pytest.raises(CurriculumError):
        build_archives(out, root=scratch)
    assert not out.exists()


def test_the_command_line_reports_file_line_and_reason(scratch, tmp_path):
    line = edit(
        scratch / "courses" / "rtp" / "course.yaml",
        "  - module: interviewing\n",
        "  - module: interviewin\n",
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "curriculum_build",
            "--source",
            str(scratch),
            "--out",
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert f"curriculum/courses/rtp/course.yaml:{line}: module 'interviewin' does not exist" in (
        result.stderr
    )


def test_an_unknown_indicator_policy(scratch):
    line = edit(scratch / "indicators.yaml", "policy: ilo_ec_2009\n", "policy: ilo_ec_2099\n")
    error = failure(scratch)
    assert (str(error.path), error.line) == ("curriculum/indicators.yaml", line)
    assert "unknown indicator policy 'ilo_ec_2099'" in error.reason


def test_a_pre_test_without_its_post_test(scratch):
    chapter = scratch / "courses" / "ntp" / "chapters" / "closing.yaml"
    edit(chapter, "            phase: post\n", "            phase: pre\n")
    course = scratch / "courses" / "ntp" / "course.yaml"
    line = course.read_text("utf-8").split("\n").index("chapters:") + 1
    with pytest.raises(CurriculumError) as caught:
        build_course("ntp-la", root=scratch)
    assert str(caught.value.path) == "curriculum/courses/ntp/course.yaml"
    assert caught.value.line == line
    assert "'ntp-core' needs one pre-test and one post-test" in caught.value.reason
